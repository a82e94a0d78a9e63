import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { tempDir } from '@pairtrail/testing';
import { KeptStreams } from './kept-streams';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

describe('streams kept as read', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  const said = (n: number) => Array.from({ length: n }, (_, i) => ({ eventId: randomUUID(), type: 'Said', data: { i }, metadata: { schemaVersion: 1 } }));
  const append = (stream: string, n: number) => store.appendToStream(stream, said(n));
  /** The revision each read of the store started from: undefined for a whole stream. */
  const readsFrom = (spy: jest.SpyInstance) =>
    spy.mock.calls.map(([stream, options]) => [stream, (options as { fromRevision?: bigint } | undefined)?.fromRevision]);

  beforeEach(() => {
    dir = tempDir();
    store = new SqliteEventStore({ path: join(dir.path, 'events.db'), synchronous: 'NORMAL' });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await store.close();
    dir.remove();
  });

  it('are read again only from where they ended, and are the stream as the store has it', async () => {
    const kept = new KeptStreams(store);
    await append('talk-a', 3);
    const reads = jest.spyOn(store, 'readStream');
    const first = await kept.read('talk-a');
    expect(first).toEqual(await store.readStream('talk-a'));
    expect(await kept.read('talk-a')).toBe(first);

    await append('talk-a', 2);
    await append('talk-b', 1);
    const later = await kept.read('talk-a');
    expect(later.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(later).toEqual(await store.readStream('talk-a'));
    // What was read before is not changed by what was appended since.
    expect(first).toHaveLength(3);
    expect(readsFrom(reads).filter(([stream]) => stream === 'talk-a')).toEqual([
      ['talk-a', undefined],
      ['talk-a', undefined],
      ['talk-a', 3n],
      ['talk-a', 3n],
      ['talk-a', undefined],
    ]);
  });

  it('keep no stream that does not exist yet, and the least recently read go first', async () => {
    const kept = new KeptStreams(store, { maxEvents: 10 });
    expect(await kept.read('talk-none')).toEqual([]);
    await append('talk-none', 1);
    expect(await kept.read('talk-none')).toHaveLength(1);

    await append('talk-a', 4);
    await append('talk-b', 4);
    await kept.read('talk-a');
    await kept.read('talk-b');
    const reads = jest.spyOn(store, 'readStream');
    // talk-none (1 event), talk-a and talk-b (4 each) came to more than 10 with their keys: talk-none went.
    await kept.read('talk-none');
    await kept.read('talk-b');
    expect(readsFrom(reads)).toEqual([
      ['talk-none', undefined],
      ['talk-b', 4n],
    ]);
  });
});
