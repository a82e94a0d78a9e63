import Database from 'better-sqlite3';

/** The read-model database connection. */
export type ReadModelDb = Database.Database;
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Opens the read-model database (WAL, so readers never wait for the projector) with its bookkeeping table. */
export function openReadModelDb(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // Read models can always be rebuilt from the log, so they need no fsync per batch.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  // Deleted rows and dropped tables are overwritten, so an erased person's data leaves no readable copy.
  db.pragma('secure_delete = ON');
  db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    position INTEGER NOT NULL,
    building_generation INTEGER,
    building_version INTEGER,
    building_position INTEGER,
    state TEXT NOT NULL,
    error TEXT,
    error_position INTEGER,
    error_event_id TEXT,
    updated_at TEXT NOT NULL
  )`);
  return db;
}

/** Moves everything from the WAL into the database file and empties the WAL. */
export function truncateWal(db: ReadModelDb): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}

const safeNames = new Map<string, string>();

/**
 * The physical name of a projection's table in one generation. Asked for on every read and every event
 * projected, so a projection's name is made safe once, not by a regular expression each time.
 */
export function physicalTable(projection: string, generation: number, table: string): string {
  let safe = safeNames.get(projection);
  if (safe === undefined) safeNames.set(projection, (safe = projection.replace(/[^a-z0-9]/gi, '_')));
  return `p_${safe}_g${generation}_${table}`;
}

const statementCaches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * The connection's prepared statement for a SQL text, prepared once: preparing costs more than many a
 * query. Table names carry their generation, so a rebuild's swap brings new texts; old ones are dropped
 * when the cache grows past a few hundred.
 */
export function prepareCached(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCaches.get(db);
  if (!cache) statementCaches.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    if (cache.size >= 500) cache.clear();
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
