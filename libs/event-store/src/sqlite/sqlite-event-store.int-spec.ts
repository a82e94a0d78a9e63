import Database from 'better-sqlite3';
import { join } from 'node:path';
import { eventStoreContract, tempDir } from '@pairtrail/testing';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore', () => {
  let dir: ReturnType<typeof tempDir>;
  let path: string;

  describe('store contract', () => {
    eventStoreContract({
      open: async () => {
        dir = tempDir();
        path = join(dir.path, 'events.db');
        return new SqliteEventStore({ path, pollIntervalMs: 20 });
      },
      openSecond: async () => new SqliteEventStore({ path, pollIntervalMs: 20 }),
      cleanup: async () => dir.remove(),
    });
  });

  describe('on disk', () => {
    beforeEach(() => {
      dir = tempDir();
      path = join(dir.path, 'data', 'events.db');
    });
    afterEach(() => dir.remove());

    it('creates its directory, uses WAL, and is durable (synchronous=FULL) by default', async () => {
      const store = new SqliteEventStore({ path });
      expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.database.pragma('synchronous', { simple: true })).toBe(2);
      await store.close();
      const relaxed = new SqliteEventStore({ path, synchronous: 'NORMAL' });
      expect(relaxed.database.pragma('synchronous', { simple: true })).toBe(1);
      await relaxed.close();
    });

    it('keeps acknowledged appends across a reopen, and records its schema version', async () => {
      const store = new SqliteEventStore({ path });
      await store.appendToStream('thing-1', [{ eventId: '5d0f4a3e-1c1e-4a57-9d6b-0a4b5b0f0c11', type: 'T', data: {}, metadata: {} }]);
      await store.close();
      const reopened = new SqliteEventStore({ path });
      expect((await reopened.stats()).events).toBe(1);
      expect(reopened.database.pragma('user_version', { simple: true })).toBe(1);
      await reopened.close();
    });

    it('refuses a store written by a newer schema, saying to upgrade', async () => {
      const db = new Database(path.replace('data/', ''));
      db.pragma('user_version = 99');
      db.close();
      expect(() => new SqliteEventStore({ path: path.replace('data/', '') })).toThrow(/newer Pairtrail.*Upgrade/);
    });

    it('sees events appended by another connection (another process) in a live subscription', async () => {
      const reader = new SqliteEventStore({ path, pollIntervalMs: 10 });
      const writer = new SqliteEventStore({ path });
      const subscription = reader.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      const next = iterator.next();
      await writer.appendToStream('thing-2', [{ eventId: '9a7e0c52-0f0e-4a3f-8b9c-2d3e4f5a6b7c', type: 'FromElsewhere', data: {}, metadata: {} }]);
      expect((await next).value?.type).toBe('FromElsewhere');
      await subscription.close();
      await writer.close();
      await reader.close();
    });
  });
});
