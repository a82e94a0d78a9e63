import { join } from 'node:path';
import { PairtrailApplication, runDemo } from '@pairtrail/application';
import { EsdbEventStore, EventSerializer } from '@pairtrail/event-store';
import { EsdbEmulator, tempDir } from '@pairtrail/testing';
import { ALL_PROJECTIONS } from '../index';
import { ProjectionEngine } from './projection-engine';
import { openReadModelDb } from './read-model-db';

// A subscription over the network delivers the log in bursts, with pauses that look like the head.
describe('projection engine on EventStoreDB (wire emulator)', () => {
  let emulator: EsdbEmulator;
  let store: EsdbEventStore;
  let dir: ReturnType<typeof tempDir>;
  const serializer = new EventSerializer();

  beforeAll(async () => {
    emulator = await EsdbEmulator.start({ batchAppend: true });
    store = new EsdbEventStore({ connectionString: emulator.connectionString, resubscribe: { firstDelayMs: 20 } });
    dir = tempDir();
    await runDemo(new PairtrailApplication({ store, serializer, clock: () => new Date('2026-11-22T10:00:00Z') }));
  });
  afterAll(async () => {
    await store.close();
    await emulator.close();
    dir.remove();
  });

  it('swaps a rebuild in only once it has reached the head: readers never see a half-built generation', async () => {
    const db = openReadModelDb(join(dir.path, 'readmodels.db'));
    const engine = new ProjectionEngine({ store, serializer, db, projections: ALL_PROJECTIONS, batchSize: 7 });
    engine.start();
    await engine.settled();
    const pairsNow = () => (db.prepare(`SELECT COUNT(*) AS n FROM ${engine.table('documents', 'pairs')}`).get() as { n: number }).n;
    const eventsNow = () => (db.prepare(`SELECT COUNT(*) AS n FROM ${engine.table('documents', 'pair_events')}`).get() as { n: number }).n;
    const [pairs, events] = [pairsNow(), eventsNow()];
    expect(pairs).toBe(3);

    const before = engine.table('documents', 'pairs');
    engine.rebuild('documents');
    const seen = new Set<string>();
    let settled = false;
    const done = engine.settled(5).then(() => (settled = true));
    while (!settled) {
      seen.add(`${pairsNow()}/${eventsNow()}`);
      await new Promise((r) => setTimeout(r, 1));
    }
    await done;
    expect(engine.table('documents', 'pairs')).not.toBe(before);
    expect([...seen]).toEqual([`${pairs}/${events}`]);
    await engine.stop();
    db.close();
  });
});
