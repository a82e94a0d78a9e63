import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@pairtrail/event-store';
import { tempDir } from '@pairtrail/testing';
import { openReadModelDb } from '../engine/read-model-db';
import { ReadModels, type LookBack } from './read-models';

describe('figures read reproducibly', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: Database.Database;
  let projector: Database.Database;
  let store: SqliteEventStore;
  let reads: ReadModels;
  const live: LookBack = { asOf: null, position: null, today: '2026-12-03' };
  const commit = (position: number) =>
    projector
      .prepare(
        `INSERT INTO projection_checkpoints (name, version, generation, position, state, updated_at) VALUES ('documents', 1, 1, ?, 'live', '')
         ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
      )
      .run(position);

  beforeEach(() => {
    dir = tempDir();
    db = openReadModelDb(join(dir.path, 'readmodels.db'), { checkpointer: false });
    // The projector's own connection, as on its thread or in apps/projector.
    projector = new Database(join(dir.path, 'readmodels.db'));
    store = new SqliteEventStore({ path: join(dir.path, 'events.db'), writer: 'inline' });
    reads = new ReadModels(db, { table: (_p, t) => t, changes: () => undefined }, store, 'Europe/London');
    commit(10);
  });
  afterEach(async () => {
    projector.close();
    db.close();
    await store.close();
    dir.remove();
  });

  it('says the position the read models stood at, and today, for figures read live', () => {
    expect(reads.reproducibly(live, () => 'figures')).toEqual({ result: 'figures', asOf: '2026-12-03', position: '10' });
    expect(reads.reproducibly({ ...live, asOf: '2026-11-01' }, () => 'figures')).toMatchObject({ asOf: '2026-11-01', position: '10' });
    expect(reads.reproducibly({ asOf: null, position: '7', today: '2026-10-01' }, () => 'figures')).toMatchObject({ asOf: '2026-10-01', position: '7' });
  });

  it('reads again in one state when a batch is committed while it reads, naming that state', () => {
    let reading = 0;
    const answer = reads.reproducibly(live, () => {
      reading += 1;
      const seen = () => db.prepare(`SELECT position FROM projection_checkpoints WHERE name = 'documents'`).pluck().get();
      const first = seen();
      // The projector commits a batch while the first read runs, and again while the second does:
      // the second, in its read transaction, goes on seeing the state it began in.
      commit(10 + reading * 5);
      return [first, seen()];
    });
    expect(reading).toBe(2);
    expect(answer).toEqual({ result: [15, 15], asOf: '2026-12-03', position: '15' });
  });
});
