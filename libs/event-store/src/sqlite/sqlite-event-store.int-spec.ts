import { once } from 'node:events';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { eventStoreContract, tempDir } from '@pairtrail/testing';
import { WrongExpectedVersionError, matchesFilter, type AllFilter } from '../event-store.port';
import { indexedCondition, migrate } from './migrations';
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

  describe('store contract, writing inline', () => {
    eventStoreContract({
      open: async () => {
        dir = tempDir();
        path = join(dir.path, 'events.db');
        return new SqliteEventStore({ path, pollIntervalMs: 20, writer: 'inline' });
      },
      openSecond: async () => new SqliteEventStore({ path, pollIntervalMs: 20, writer: 'inline' }),
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
      expect(reopened.database.pragma('user_version', { simple: true })).toBe(3);
      await reopened.close();
    });

    it('counts on from its last count, including what another connection appended since', async () => {
      const here = new SqliteEventStore({ path });
      const event = (n: number) => ({ eventId: `5d0f4a3e-1c1e-4a57-9d6b-0a4b5b0f0c${String(n).padStart(2, '0')}`, type: 'T', data: {}, metadata: {} });
      await here.appendToStream('thing-1', [event(1), event(2)]);
      expect(await here.stats()).toEqual({ events: 2, streams: 1, lastPosition: 2n });
      const there = new SqliteEventStore({ path, writer: 'inline' });
      await there.appendToStream('thing-2', [event(3), event(4), event(5)]);
      await there.close();
      await here.appendToStream('thing-1', [event(6)], { expectedRevision: 1n });
      expect(await here.stats()).toEqual({ events: 6, streams: 2, lastPosition: 6n });
      expect(await here.stats()).toEqual({ events: 6, streams: 2, lastPosition: 6n });
      await here.close();
    });

    it('upgrades a schema-1 store in place: every event kept at its position, and positions carry on from there', async () => {
      mkdirSync(dirname(path), { recursive: true });
      const old = new Database(path);
      // Schema 1 as released: event ids were unique across the log.
      old.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, category TEXT NOT NULL, revision INTEGER NOT NULL,
          event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream, revision));
        CREATE INDEX events_category ON events (category, position);
        CREATE TABLE streams (stream TEXT PRIMARY KEY, revision INTEGER NOT NULL) WITHOUT ROWID;`);
      const insert = old.prepare('INSERT INTO events (position, stream, category, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      insert.run(1, 'thing-a', 'thing', 0, 'e1', 'Made', '{"n":1}', '{}');
      insert.run(7, 'thing-a', 'thing', 1, 'e2', 'Made', '{"n":2}', '{}');
      old.prepare('INSERT INTO streams VALUES (?, ?)').run('thing-a', 1);
      old.pragma('user_version = 1');
      old.close();

      const notices: string[] = [];
      const store = new SqliteEventStore({ path, onNotice: (message) => notices.push(message) });
      expect(notices).toEqual([expect.stringMatching(/^Upgrading the event store's schema from version 1 to 3: .*stopping now loses no event/)]);
      expect(store.database.pragma('user_version', { simple: true })).toBe(3);
      expect(store.database.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'events_%' ORDER BY name").pluck().all()).toEqual([
        'events_category_user',
        'events_type_pair_formed',
        'events_type_participant_erased',
      ]);
      expect((await store.readStream('thing-a')).map((e) => [e.position, e.eventId, e.data.n])).toEqual([
        [1n, 'e1', 1],
        [7n, 'e2', 2],
      ]);
      const next = await store.appendToStream('thing-b', [{ eventId: 'e1', type: 'Made', data: {}, metadata: {} }], { expectedRevision: 'no_stream' });
      expect(next.position).toBe(8n);
      await store.close();
      // Nothing to say when there is nothing to upgrade, nor of a new store.
      await new SqliteEventStore({ path, onNotice: (message) => notices.push(message) }).close();
      await new SqliteEventStore({ path: join(dir.path, 'new', 'events.db'), onNotice: (message) => notices.push(message) }).close();
      expect(notices).toHaveLength(1);
    });

    it('leaves a migration another connection applied while it waited, as a CLI opening the store beside the server would', async () => {
      const store = new SqliteEventStore({ path, writer: 'inline' });
      await store.close();
      const setUp = new Database(path);
      setUp.exec('DROP INDEX events_category_user; DROP INDEX events_type_participant_erased; DROP INDEX events_type_pair_formed');
      setUp.pragma('user_version = 2');
      setUp.close();
      const first = new Database(path);
      const second = new Database(path);
      // The second read the schema's version before the first migrated.
      const pragma = second.pragma.bind(second);
      let stale = true;
      second.pragma = ((source: string, options?: Database.PragmaOptions) => {
        if (stale && source === 'user_version') {
          stale = false;
          return 2;
        }
        return pragma(source, options);
      }) as typeof second.pragma;
      migrate(first);
      expect(() => migrate(second)).not.toThrow();
      expect(pragma('user_version', { simple: true })).toBe(3);
      first.close();
      second.close();
    });

    it('reads the few rows some readers look for across the whole log through partial indexes of their own', async () => {
      const store = new SqliteEventStore({ path, writer: 'inline' });
      let n = 0;
      const events = (...types: string[]) =>
        types.map((type) => ({ eventId: `5d0f4a3e-1c1e-4a57-9d6b-0a4b5b0f0c${String(++n).padStart(2, '0')}`, type, data: {}, metadata: {} }));
      await store.appendToStream('pair-1', events('PairFormed', 'MeetingHeld', 'PairFormedAgain'));
      await store.appendToStream('user-1', events('UserCreated', 'TokenIssued'));
      await store.appendToStream('participant-1', events('ParticipantRegistered', 'ParticipantErased'));
      await store.appendToStream('users-1', events('UserCreated'));
      const all = await store.readAll({ maxCount: 100 });
      const filters: AllFilter[] = [
        { streamCategories: ['user'] },
        { eventTypePrefixes: ['ParticipantErased'] },
        { eventTypePrefixes: ['PairFormed'] },
        { streamCategories: ['pair'] },
        { streamCategories: ['user'], eventTypePrefixes: ['PairFormed'] },
      ];
      for (const filter of filters) {
        const read = await store.readAll({ maxCount: 100, filter });
        expect(read.map((e) => e.eventId)).toEqual(all.filter((e) => matchesFilter(e, filter)).map((e) => e.eventId));
        expect(read.length).toBeGreaterThan(0);
      }
      // SQLite reads through the index what its condition states, and the store states it for those filters alone.
      const plan = (categories: string[], prefixes: string[]) => {
        const condition = indexedCondition(categories, prefixes);
        if (condition === undefined) return undefined;
        const sql = `EXPLAIN QUERY PLAN SELECT * FROM events WHERE position > ? AND (${condition}) ORDER BY position LIMIT ?`;
        return (store.database.prepare(sql).all(0, 10) as { detail: string }[]).map((r) => r.detail).join(' ');
      };
      expect(plan(['user'], [])).toMatch(/USING INDEX events_category_user/);
      expect(plan([], ['ParticipantErased'])).toMatch(/USING INDEX events_type_participant_erased/);
      expect(plan([], ['PairFormed'])).toMatch(/USING INDEX events_type_pair_formed/);
      expect(plan(['pair'], [])).toBeUndefined();
      expect(plan(['user'], ['PairFormed'])).toBeUndefined();
      expect(plan([], ['Pair'])).toBeUndefined();
      await store.close();
    });

    it('commits concurrent appends together, each checked against its own expected revision', async () => {
      const store = new SqliteEventStore({ path });
      const event = (n: number) => ({ eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type: 'Counted', data: { n }, metadata: {} });
      await store.appendToStream('counter-0', [event(0)], { expectedRevision: 'no_stream' });
      const appends = Array.from({ length: 40 }, (_, i) => store.appendToStream(`counter-${i + 1}`, [event(i + 1)], { expectedRevision: 'no_stream' }));
      const stale = store.appendToStream('counter-0', [event(99)], { expectedRevision: 'no_stream' });
      const results = await Promise.allSettled([...appends, stale]);
      expect(results.slice(0, 40).every((r) => r.status === 'fulfilled')).toBe(true);
      expect(results[40]).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedVersionError) });
      const positions = results.slice(0, 40).map((r) => (r as PromiseFulfilledResult<{ position: bigint }>).value.position);
      expect(new Set(positions).size).toBe(40);
      // Written in the order they were made, though in several groups on the writer thread.
      expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
      expect((await store.stats()).events).toBe(41);
      expect((await store.readStream('counter-0')).map((e) => e.data.n)).toEqual([0]);
      await store.close();
    });

    it('commits what was queued before closing', async () => {
      const store = new SqliteEventStore({ path });
      const pending = store.appendToStream('thing-3', [{ eventId: '1f6c1b8e-8d39-4c59-9a51-3b0f8f0a2d10', type: 'Late', data: {}, metadata: {} }]);
      await store.close();
      await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 0n });
      await expect(
        store.appendToStream('thing-3', [{ eventId: '2f6c1b8e-8d39-4c59-9a51-3b0f8f0a2d10', type: 'Later', data: {}, metadata: {} }]),
      ).rejects.toThrow(/closed/);
      const reopened = new SqliteEventStore({ path });
      expect((await reopened.readStream('thing-3')).map((e) => e.type)).toEqual(['Late']);
      await reopened.close();
    });

    it("wakes a filtered subscription only for appends it would read, and every subscription for another connection's", async () => {
      // Polling once a minute: only a wake makes the subscription read the log again.
      const store = new SqliteEventStore({ path, pollIntervalMs: 60_000 });
      const event = (n: number) => ({ eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type: 'Counted', data: { n }, metadata: {} });
      const subscription = store.subscribeToAll({ filter: { streamCategories: ['user'] } });
      const pages: string[][] = [];
      const reading = (async () => {
        for await (const page of subscription.pages()) pages.push(page.map((e) => e.stream));
      })();
      const settle = () => new Promise((r) => setTimeout(r, 30));
      await settle();
      const read = pages.length;
      for (let n = 1; n <= 10; n++) await store.appendToStream(`pair-${n}`, [event(n)]);
      await Promise.all([store.appendToStream('pair-11', [event(11)]), store.appendToStream('pair-12', [event(12)])]);
      await settle();
      expect(pages.length).toBe(read);
      await store.appendToStream('user-1', [event(13)]);
      await settle();
      expect(pages.slice(read)).toEqual([['user-1'], []]);
      store.notifyAppended();
      await settle();
      expect(pages.slice(read)).toEqual([['user-1'], [], []]);
      await subscription.close();
      await reading;
      await store.close();
    });

    it('writes appends that come together on a writer thread of its own, a lone one here; all here when asked, and in memory', async () => {
      const event = (n: number) => ({ eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type: 'Counted', data: { n }, metadata: {} });
      const threaded = new SqliteEventStore({ path });
      await threaded.appendToStream('counter-1', [event(1)]);
      expect(threaded.writingOn).toBe('inline');
      await Promise.all([threaded.appendToStream('counter-1', [event(2)]), threaded.appendToStream('counter-2', [event(3)])]);
      expect(threaded.writingOn).toBe('thread');
      // Written by the thread's connection, read back through the store's own.
      expect((await threaded.readStream('counter-1')).map((e) => e.data.n)).toEqual([1, 2]);
      await threaded.close();
      const together = (store: SqliteEventStore, from: number) =>
        Promise.all([store.appendToStream('counter-1', [event(from)]), store.appendToStream('counter-2', [event(from + 1)])]);
      const inline = new SqliteEventStore({ path, writer: 'inline' });
      await together(inline, 4);
      expect(inline.writingOn).toBe('inline');
      expect((await inline.readStream('counter-1')).map((e) => e.data.n)).toEqual([1, 2, 4]);
      await inline.close();
      const memory = new SqliteEventStore({ path: ':memory:' });
      await together(memory, 6);
      expect(memory.writingOn).toBe('inline');
      await memory.close();
    });

    it('when its writer thread stops, fails only what was in flight there and writes on inline', async () => {
      const event = (n: number) => ({ eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type: 'Counted', data: { n }, metadata: {} });
      const store = new SqliteEventStore({ path });
      await Promise.all([store.appendToStream('counter-1', [event(1)]), store.appendToStream('counter-2', [event(2)])]);
      const thread = (store as unknown as { thread: Worker }).thread;
      // Stopped as the group is sent, before it reaches the thread: the appends fail, saying why, and
      // nothing was written. (Stopping it just after sending raced the thread, which could write first.)
      const stopped = once(thread, 'exit');
      thread.postMessage = () => void thread.terminate();
      const inFlight = [store.appendToStream('counter-1', [event(3)], { expectedRevision: 0n }), store.appendToStream('counter-2', [event(4)])];
      await stopped;
      for (const append of inFlight) await expect(append).rejects.toThrow(/writer thread stopped/);
      await Promise.all([store.appendToStream('counter-1', [event(5)], { expectedRevision: 0n }), store.appendToStream('counter-2', [event(6)])]);
      expect(store.writingOn).toBe('inline');
      expect((await store.readStream('counter-1')).map((e) => e.data.n)).toEqual([1, 5]);
      await store.close();
    });

    it('keeps acknowledged appends when the process ends on its own without closing the store', () => {
      const script = `
        const { SqliteEventStore } = require('@pairtrail/event-store');
        const store = new SqliteEventStore({ path: process.argv[1] });
        const append = (stream, id) => store.appendToStream(stream, [{ eventId: id, type: 'Last', data: {}, metadata: {} }]);
        Promise.all([append('thing-8', 'e8'), append('thing-9', 'e9')]).then((r) => console.log(store.writingOn, r.map((a) => String(a.position)).join(',')));
      `;
      const child = spawnSync(process.execPath, ['-e', script, path], { encoding: 'utf8', cwd: join(__dirname, '..', '..', '..', '..') });
      expect(child.stderr).toBe('');
      expect(child.stdout.trim()).toBe('thread 1,2');
      const reopened = new Database(path);
      expect(reopened.prepare('SELECT stream FROM events ORDER BY position').pluck().all()).toEqual(['thing-8', 'thing-9']);
      reopened.close();
    });

    it('refuses a store written by a newer schema, saying to upgrade', async () => {
      const db = new Database(path.replace('data/', ''));
      db.pragma('user_version = 99');
      db.close();
      expect(() => new SqliteEventStore({ path: path.replace('data/', '') })).toThrow(/newer Pairtrail.*Upgrade/);
    });

    it('writes a long append in order, and lets subscriptions following the log together share the pages they read, short ones too', async () => {
      const store = new SqliteEventStore({ path, pollIntervalMs: 10 });
      const event = (n: number) => ({ eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type: 'Counted', data: { n }, metadata: {} });
      await store.appendToStream(
        'counter-a',
        Array.from({ length: 1200 }, (_, n) => event(n)),
      );
      const take = async (subscription: ReturnType<SqliteEventStore['subscribeToAll']>, count: number) => {
        const seen = [];
        for await (const e of subscription) {
          seen.push(e);
          if (seen.length === count) break;
        }
        return seen;
      };
      const [first, second] = await Promise.all([take(store.subscribeToAll(), 1200), take(store.subscribeToAll(), 1200)]);
      expect(second.map((e) => e.data.n)).toEqual(first.map((e) => e.data.n));
      expect(first.map((e) => e.data.n)).toEqual(Array.from({ length: 1200 }, (_, n) => n));
      // One append of 1,200 events, written a hundred rows a statement: revisions and positions run on.
      expect(first.map((e) => Number(e.revision))).toEqual(Array.from({ length: 1200 }, (_, n) => n));
      expect(first.map((e) => Number(e.position - first[0]!.position))).toEqual(Array.from({ length: 1200 }, (_, n) => n));
      // Every page was read once and handed to both, the last, short one too (as live batches are).
      expect(second[0]).toBe(first[0]);
      expect(second[1199]).toBe(first[1199]);
      // A subscription given the kept short page reads on from its end, and sees what was appended since;
      // the empty read after it is never kept, so the append wakes it to a fresh read.
      const late = store.subscribeToAll({ fromPosition: first[999]!.position });
      const pending = take(late, 201);
      await store.appendToStream('counter-a', [event(1200)]);
      const seen = await pending;
      expect(seen[0]).toBe(first[1000]);
      expect(seen.map((e) => e.data.n)).toEqual(Array.from({ length: 201 }, (_, i) => 1000 + i));
      await store.close();
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
