import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { keepToOwner, makePrivateDirectory, opening } from '@pairtrail/event-store';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CheckpointerData } from './read-model-checkpointer.worker';

/** The read-model database connection. */
export type ReadModelDb = Database.Database;

/** How often the checkpointer thread moves the read models' WAL into the database file. */
const CHECKPOINT_INTERVAL_MS = 100;
/**
 * The WAL's size, in pages, at which the projecting connection checkpoints by itself after all: only
 * when the checkpointer thread has fallen that far behind (or is not there: SQLite's default, 1,000).
 */
const FALLBACK_AUTOCHECKPOINT = 10_000;

/**
 * The checkpointer thread's script: beside this file once built; from a test run of the sources, the
 * build of the same sources (`npm test` builds first). Undefined when neither is there.
 */
function checkpointerScript(): string | undefined {
  return [join(__dirname, 'read-model-checkpointer.worker.js'), join(__dirname, '..', '..', 'dist', 'engine', 'read-model-checkpointer.worker.js')].find(
    (path) => existsSync(path),
  );
}

/**
 * A read-model database whose WAL a thread of its own checkpoints. SQLite's automatic checkpoint runs
 * inside a commit: one in every few live batches copied a thousand pages and synced the file on the
 * thread that answers requests, a pause of tens of milliseconds. Closing stops the thread first, and
 * waits for it to close its connection, so the database is closed as before when `close` returns.
 */
class CheckpointedDb extends Database {
  private readonly flags = new Int32Array(new SharedArrayBuffer(8));
  private thread?: Worker;

  startCheckpointer(script: string): void {
    this.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT}`);
    const data: CheckpointerData = { path: this.name, intervalMs: CHECKPOINT_INTERVAL_MS, flags: this.flags };
    const thread = new Worker(script, { workerData: data });
    thread.unref();
    // Without the thread, this connection checkpoints as SQLite does by default.
    const fallBack = () => {
      if (this.thread === thread && this.open) this.pragma('wal_autocheckpoint = 1000');
      this.thread = undefined;
    };
    thread.on('error', fallBack);
    thread.on('exit', fallBack);
    this.thread = thread;
  }

  override close(): this {
    if (this.thread) {
      this.thread = undefined;
      Atomics.store(this.flags, 0, 1);
      Atomics.notify(this.flags, 0);
      // A checkpoint in progress ends within its own time; a thread not yet started stops at once.
      Atomics.wait(this.flags, 1, 0, 5000);
    }
    return super.close();
  }
}

/**
 * Opens the read-model database (WAL, so readers never wait for the projector) with its bookkeeping
 * table. A connection that only reads, beside one that projects, needs no `checkpointer` of its own.
 */
export function openReadModelDb(path: string, options: { checkpointer?: boolean } = {}): Database.Database {
  if (path !== ':memory:') makePrivateDirectory(dirname(path));
  const db = new CheckpointedDb(path);
  opening(
    path,
    "the read models' database",
    () => prepareReadModelDb(db, path),
    () => db.close(),
    (cause) =>
      `The read models' database ${path} is damaged (${cause}). The read models are built from the event log, which this does not touch: stop every Pairtrail process on this data directory, delete ${path} (and its -wal and -shm files, if there are any), and start again; the read models are rebuilt from the log. Have the disk checked too.`,
  );
  const script = path === ':memory:' || options.checkpointer === false ? undefined : checkpointerScript();
  if (script) db.startCheckpointer(script);
  return db;
}

/** WAL, so readers never wait for the projector, and the bookkeeping tables. */
function prepareReadModelDb(db: Database.Database, path: string): void {
  db.pragma('journal_mode = WAL');
  keepToOwner(path);
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
  // Which kind of log the checkpoints count positions of (see `checkReadModelsLog`).
  db.exec('CREATE TABLE IF NOT EXISTS read_model_log (id INTEGER PRIMARY KEY CHECK (id = 1), kind TEXT NOT NULL)');
}

/**
 * Records which kind of log the read models were built from, unless that is recorded already: read
 * models made before it was recorded say nothing of it (see `checkReadModelsLog`).
 */
export function presumeReadModelsLog(db: Database.Database, kind: 'sqlite' | 'esdb'): void {
  db.prepare('INSERT INTO read_model_log (id, kind) VALUES (1, ?) ON CONFLICT (id) DO NOTHING').run(kind);
}

/**
 * Moves everything from the WAL into the database file and empties the WAL. A checkpoint running on
 * the checkpointer thread, or a reader still on an older snapshot, makes SQLite answer "busy" rather
 * than wait: it is tried again until it succeeds, and an error says so if it never does.
 */
export async function truncateWal(db: ReadModelDb, attempts = 100): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    if (result && result.busy === 0) return;
    if (attempt >= attempts) throw new Error("The read models' WAL could not be emptied: a reader or checkpoint kept it busy. Try the erasure again.");
    await sleep(20);
  }
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
    statement = prepareRead(db, sql);
    cache.set(sql, statement);
  }
  return statement;
}

/**
 * A read of read models that no process has built yet: a server with PAIRTRAIL_PROJECTIONS=off started
 * before the process that builds them (apps/projector) made their tables. Nothing is wrong with the
 * request; it can be answered once they are built.
 */
export class ReadModelsNotBuiltError extends Error {
  constructor() {
    super(
      'The read models have not been built yet, so there is nothing to read: the process that builds them (apps/projector, or a server with PAIRTRAIL_PROJECTIONS on) has not made them. If it is starting, try again shortly; if none runs, start one.',
    );
  }
}

function prepareRead(db: Database.Database, sql: string): Database.Statement {
  try {
    return db.prepare(sql);
  } catch (error) {
    // A projection's table (p_<projection>_g<generation>_<table>) that is not there yet. Known by its
    // message, not its class: better-sqlite3's error may come from another realm (jest's, for one).
    const message = (error as { message?: unknown } | null)?.message;
    if (typeof message === 'string' && /^no such table: p_\w+_g\d+_/.test(message)) throw new ReadModelsNotBuiltError();
    throw error;
  }
}
