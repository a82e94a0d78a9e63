import { join } from 'node:path';
import { PairtrailApplication, runDemo } from '@pairtrail/application';
import { EsdbEventStore, EventSerializer, SqliteEventStore, copyLog } from '@pairtrail/event-store';
import { EsdbEmulator, tempDir } from '@pairtrail/testing';
import { ALL_PROJECTIONS } from '../index';
import { ProjectionEngine, checkpointRow } from './projection-engine';
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

  it("builds again from the start read models that count the embedded store's positions, when the data directory moves to EventStoreDB", async () => {
    // The embedded store and its read models, as a data directory holds them before `pairtrail migrate`.
    const sqlite = new SqliteEventStore({ path: join(dir.path, 'moving', 'events.db'), synchronous: 'NORMAL' });
    await copyLog(store, sqlite);
    const db = openReadModelDb(join(dir.path, 'moving', 'readmodels.db'));
    const count = (engine: ProjectionEngine, projection: string, table: string) =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${engine.table(projection, table)}`).get() as { n: number }).n;
    const onSqlite = new ProjectionEngine({ store: sqlite, serializer, db, projections: ALL_PROJECTIONS });
    onSqlite.start();
    await onSqlite.settled();
    const { events } = await sqlite.stats();
    const pairEvents = count(onSqlite, 'documents', 'pair_events');
    expect(count(onSqlite, 'audit', 'rows')).toBe(events);
    await onSqlite.stop();
    await sqlite.close();

    // The same read models, now following EventStoreDB's log of the same events.
    const notices: string[] = [];
    const onEsdb = new ProjectionEngine({ store, serializer, db, projections: ALL_PROJECTIONS, onNotice: (m) => notices.push(m) });
    onEsdb.start();
    await onEsdb.settled();
    // Each event once, at EventStoreDB's positions: not the old rows and most of the log again.
    expect(count(onEsdb, 'audit', 'rows')).toBe(events);
    expect(count(onEsdb, 'documents', 'pair_events')).toBe(pairEvents);
    const positions = db.prepare(`SELECT position FROM ${onEsdb.table('audit', 'rows')} ORDER BY position`).all() as { position: number }[];
    const onTheLog = (await store.readAll({ maxCount: events + 1 })).map((e) => Number(e.position));
    expect(positions.map((p) => p.position)).toEqual(onTheLog);
    expect(notices).toEqual([expect.stringContaining("built from the embedded store's log")]);
    await onEsdb.stop();

    // Started again on the same log, they carry on from their checkpoints, and say nothing.
    const checkpoint = checkpointRow(db, 'audit')!.position;
    const again = new ProjectionEngine({ store, serializer, db, projections: ALL_PROJECTIONS, onNotice: (m) => notices.push(m) });
    again.start();
    await again.settled();
    expect(checkpointRow(db, 'audit')!.position).toBe(checkpoint);
    expect(count(again, 'audit', 'rows')).toBe(events);
    expect(notices).toHaveLength(1);
    await again.stop();
    db.close();
  });
});
