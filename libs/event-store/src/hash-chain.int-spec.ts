import Database from 'better-sqlite3';
import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@pairtrail/testing';
import { handleCommand, newCommandId } from './command-handling';
import type { Decider, DomainEvent } from '@pairtrail/domain';
import { ChainVerifier, verifyLog } from './hash-chain';
import { deriveId, eventIdFor, PAIRTRAIL_NAMESPACE } from './envelope';
import { v5 as uuidv5 } from 'uuid';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { EventSerializer } from './serializer';

type Said = DomainEvent<'Said', { words: string }>;
const say: Decider<{ data: { words: string } }, Said, null> = {
  initialState: () => null,
  decide: (c) => [{ type: 'Said', data: { words: c.data.words } }],
  evolve: () => null,
};

describe('hash chains', () => {
  let dir: ReturnType<typeof tempDir>;
  let path: string;
  const serializer = new EventSerializer();

  beforeEach(async () => {
    dir = tempDir();
    path = join(dir.path, 'events.db');
    const store = new SqliteEventStore({ path });
    for (const [stream, words] of [
      ['talk-a', 'alpha'],
      ['talk-b', 'bravo'],
      ['talk-a', 'charlie'],
      ['talk-b', 'delta'],
    ]) {
      await handleCommand({ store, serializer }, say, stream!, { data: { words: words! } }, { commandId: newCommandId(), actor: 'system', source: 'cli' });
    }
    await store.close();
  });
  afterEach(() => dir.remove());

  const verify = async (upTo?: bigint) => {
    const store = new SqliteEventStore({ path });
    const verifier = new ChainVerifier();
    for (const e of await store.readAll({ maxCount: 1000 })) if (upTo === undefined || e.position <= upTo) verifier.add(e);
    await store.close();
    return verifier.report();
  };

  it('verifies intact chains and gives a stable head digest', async () => {
    const report = await verify();
    expect(report).toMatchObject({ ok: true, streamsChecked: 2, eventsChecked: 4, failures: [] });
    expect(report.headDigest).toMatch(/^[0-9a-f]{64}$/);
    expect((await verify()).headDigest).toBe(report.headDigest);
    expect((await verify(2n)).headDigest).not.toBe(report.headDigest);
  });

  /** The store with `streams` more streams of 100 unchained events each. */
  const withBulk = async (streams: number) => {
    const store = new SqliteEventStore({ path });
    for (let i = 0; i < streams; i++) {
      const events = Array.from({ length: 100 }, () => ({ eventId: newCommandId(), type: 'Bulk', data: {}, metadata: {} }));
      await store.appendToStream(`bulk-${i}`, events);
    }
    return store;
  };

  it('lets other work run between the batches of a long verification', async () => {
    const store = await withBulk(45);
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    const positions: bigint[] = [];
    const counts: number[] = [];
    const report = await verifyLog(store, {
      onProgress: ({ position, eventsChecked }) => {
        positions.push(position);
        counts.push(eventsChecked);
      },
    });
    clearInterval(timer);
    await store.close();
    // 4,504 events in batches of 2,000: three batches, and the timer ran between them.
    expect(positions).toEqual([2000n, 4000n, 4504n]);
    expect(counts).toEqual([2000, 4000, 4504]);
    expect(report.eventsChecked).toBe(4504);
    expect(turns).toBeGreaterThan(0);
  });

  it('stops between batches when its signal is aborted', async () => {
    const store = await withBulk(25);
    const abort = new AbortController();
    const seen: number[] = [];
    const verifying = verifyLog(store, {
      signal: abort.signal,
      onProgress: ({ eventsChecked }) => {
        seen.push(eventsChecked);
        abort.abort(new Error('the server is stopping'));
      },
    });
    await expect(verifying).rejects.toThrow('the server is stopping');
    await store.close();
    expect(seen).toEqual([2000]);
  });

  it('names the stream and revision where one byte of stored data was changed in the file', async () => {
    const bytes = readFileSync(path);
    const at = bytes.indexOf(Buffer.from('charlie'));
    expect(at).toBeGreaterThan(0);
    const fd = openSync(path, 'r+');
    const one = Buffer.alloc(1);
    readSync(fd, one, 0, 1, at);
    writeSync(fd, Buffer.from('C'), 0, 1, at);
    closeSync(fd);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.failures).toEqual([{ stream: 'talk-a', revision: '1', reason: expect.stringMatching(/changed after it was written/) }]);
  });

  it('notices a removed event and a changed envelope', async () => {
    const db = new Database(path);
    db.prepare("DELETE FROM events WHERE stream = 'talk-b' AND revision = 0").run();
    db.prepare("UPDATE events SET metadata = json_set(metadata, '$.actor', 'someone') WHERE stream = 'talk-a' AND revision = 0").run();
    db.close();
    const report = await verify();
    expect(report.failures).toEqual([
      { stream: 'talk-a', revision: '0', reason: expect.stringMatching(/changed/) },
      { stream: 'talk-b', revision: '1', reason: expect.stringMatching(/missing/) },
    ]);
  });
});

describe('derived ids', () => {
  it('stay what they always were, so a command retried after an upgrade is still recognised', () => {
    // Pinned: the event ids of commands already in logs derive from these exact bytes.
    expect(eventIdFor('2f1c6d0e-8b5a-4c7e-9d3f-1a2b3c4d5e6f', 0)).toBe(uuidv5('event\u00002f1c6d0e-8b5a-4c7e-9d3f-1a2b3c4d5e6f\u00000', PAIRTRAIL_NAMESPACE));
    expect(deriveId('pair', 'Zoë')).toBe(uuidv5('pair\u0000Zoë', PAIRTRAIL_NAMESPACE));
    expect(deriveId('pair', 'Zoë')).not.toBe(deriveId('pair', 'Zoe'));
  });
});
