import type Database from 'better-sqlite3';
import {
  findDamagedFile,
  isDamage,
  matchesFilter,
  storageProblem,
  type EventSerializer,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@pairtrail/event-store';
import type { Projection, ProjectedEvent, ProjectionContext } from './projection';
import { setImmediate as yieldTurn } from 'node:timers/promises';
import { physicalTable, prepareCached, truncateWal } from './read-model-db';

/** Where a projection is: catching up with the log, live, rebuilding into fresh tables, failed (it tries again), or stopped. */
export type ProjectionState = 'starting' | 'catching-up' | 'live' | 'rebuilding' | 'failed' | 'stopped';

/** A projection as `GET /projections` shows it. */
export interface ProjectionStatus {
  name: string;
  version: number;
  /** Where the tables being read stand. */
  checkpoint: string;
  /** Events in the log past the checkpoint; null while the log's head cannot be read (EventStoreDB out of reach). */
  lag: string | null;
  state: ProjectionState;
  /** While it rebuilds into fresh tables: which generation, and how far the rebuild has read. */
  rebuilding: null | { generation: number; position: string };
  /** The last event it failed on, and why; null once it has got past it. */
  lastError: null | { message: string; position: string; eventId: string };
}

/** A projection's row in `projection_checkpoints`. */
export interface CheckpointRow {
  name: string;
  version: number;
  generation: number;
  position: number;
  building_generation: number | null;
  building_version: number | null;
  building_position: number | null;
  state: string;
  error: string | null;
  error_position: number | null;
  error_event_id: string | null;
}

export interface EngineOptions {
  store: EventStore;
  serializer: EventSerializer;
  db: Database.Database;
  projections: Projection[];
  batchSize?: number;
  /** Called after each committed batch, for progress displays. */
  onBatch?: (name: string, position: bigint) => void;
  /**
   * Called once a projection's tables have changed and the change is committed (a batch, a settle, a
   * swap), with the generation readers should now use: for readers on another thread, which cannot ask
   * `changes` and `table` here.
   */
  onChange?: (name: string, generation: number) => void;
  /**
   * How long a generation swapped out by a rebuild keeps its tables before they are dropped: readers on
   * another thread may still be using them. 0 (the default) drops them at the swap.
   */
  retireAfterMs?: number;
  /**
   * How long a failed projection waits before it tries again from its checkpoint; each failure in a row
   * doubles it, up to ten minutes. A failure the disk caused (full, or busy) then mends itself once the
   * disk does, with no restart. 10 s by default.
   */
  retryAfterMs?: number;
  /** Told what an administrator should know, such as read models being built again from the start. */
  onNotice?: (message: string) => void;
}

/**
 * Makes sure the read models count positions of a log of the store's kind, and records it. A data
 * directory moved from the embedded store to EventStoreDB (\`pairtrail migrate\`) keeps read models
 * whose checkpoints count the embedded store's positions. Taken as EventStoreDB's byte offsets, they
 * would have every projection take most of the log a second time: each audit row and timeline entry
 * twice. Such read models are dropped, tables and checkpoints, to be built again from the start of this
 * log; the kind they were built from is returned, or undefined when they are this log's.
 */
export function checkReadModelsLog(db: Database.Database, kind: EventStore['kind']): string | undefined {
  return db.transaction(() => {
    const recorded = (db.prepare('SELECT kind FROM read_model_log WHERE id = 1').get() as { kind: string } | undefined)?.kind;
    db.prepare('INSERT INTO read_model_log (id, kind) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET kind = excluded.kind').run(kind);
    // Read models made before their log was recorded were made from the store configured then: this one.
    if (recorded === undefined || recorded === kind) return undefined;
    // Every projection's tables, of every generation (see `physicalTable`), and every checkpoint.
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'p\\_%' ESCAPE '\\'").pluck().all() as string[];
    for (const table of tables) db.exec(`DROP TABLE ${table}`);
    db.exec('DELETE FROM projection_checkpoints');
    return recorded;
  })();
}

/** The longest a failed projection waits before it tries again. */
const LONGEST_RETRY_MS = 10 * 60_000;

/**
 * What the HTTP edge and the readers ask of the running projections, whether they run on this thread
 * (`ProjectionEngine`) or on another.
 */
export interface Projections {
  /** The physical name of a projection's table as readers should use it now. */
  table(projection: string, table: string): string;
  /** A count that moves whenever a projection's tables change; undefined when that cannot be known here. */
  changes(name: string): number | undefined;
  has(name: string): boolean;
  status(): Promise<ProjectionStatus[]>;
  /** Resolves true once every projection has processed `position`, false after `timeoutMs`. */
  waitFor(position: bigint, timeoutMs?: number): Promise<boolean>;
  /** Rebuilds a projection (or all) into fresh tables, swapping them in when caught up. */
  rebuild(name?: string): string[];
  /** Resolves when no projection is rebuilding or catching up. */
  settled(pollMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A projection's row in `projection_checkpoints`, or undefined before it first starts. */
export function checkpointRow(db: Database.Database, name: string): CheckpointRow | undefined {
  return prepareCached(db, 'SELECT * FROM projection_checkpoints WHERE name = ?').get(name) as CheckpointRow | undefined;
}

/** The lowest checkpoint of the named projections: the position every one of them has processed. */
export function lowestCheckpoint(db: Database.Database, names: Iterable<string>): bigint {
  let lowest: bigint | undefined;
  for (const name of names) {
    const position = BigInt(checkpointRow(db, name)?.position ?? 0);
    if (lowest === undefined || position < lowest) lowest = position;
  }
  return lowest ?? 0n;
}

/**
 * Where the log ends, for the projections' lag; null while the event store cannot be read. The read
 * models are served from their own tables all the while, so what they hold is still worth showing: an
 * administrator looks at them just when something is wrong.
 */
export async function logHead(store: Pick<EventStore, 'headPosition'>): Promise<bigint | null> {
  try {
    return await store.headPosition();
  } catch (error) {
    if (storageProblem(error)) return null;
    throw error;
  }
}

/** A projection's status from its checkpoint row, the log's head (null if unknown) and what its runner is doing. */
export function statusOf(projection: Projection, row: CheckpointRow | undefined, head: bigint | null, state: ProjectionState): ProjectionStatus {
  const position = BigInt(row?.position ?? 0);
  return {
    name: projection.name,
    version: row?.version ?? projection.version,
    checkpoint: position.toString(),
    lag: head === null ? null : (head > position ? head - position : 0n).toString(),
    state,
    rebuilding: row?.building_generation ? { generation: row.building_generation, position: String(row.building_position ?? 0) } : null,
    lastError: row?.error ? { message: row.error, position: String(row.error_position), eventId: row.error_event_id ?? '' } : null,
  };
}

/**
 * Each projection's status as its checkpoint row stands, for a reader of read models that another thread
 * or process runs; `stateOf` says what that runner is doing, given the row it last committed.
 */
export function statusesFromRows(
  db: Database.Database,
  projections: readonly Projection[],
  head: bigint | null,
  stateOf: (row: CheckpointRow | undefined) => ProjectionState,
): ProjectionStatus[] {
  return projections.map((projection) => {
    const row = checkpointRow(db, projection.name);
    return statusOf(projection, row, head, stateOf(row));
  });
}

/**
 * Whether a projection has nothing left to do: failed, stopped, or live at the head with no rebuild.
 * Live as well as at the head: the checkpoint reaches the head a turn before the runner sees that
 * nothing more is waiting and says so.
 */
export const isSettled = (s: ProjectionStatus, head: bigint): boolean =>
  s.state === 'failed' || s.state === 'stopped' || (s.state === 'live' && s.rebuilding === null && BigInt(s.checkpoint) >= head);

/** Resolves true once `reached` holds, asking every `pollMs`; false after `timeoutMs`. */
export async function pollUntil(reached: () => boolean, timeoutMs: number, pollMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!reached()) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return true;
}

const now = () => new Date().toISOString();

/**
 * Runs projections from the store's global log. Each projection has its own catch-up subscription and
 * checkpoint; a batch's read-model writes and its checkpoint commit in one SQLite transaction, and events
 * at or below the checkpoint are skipped. An event a projection fails on stops that projection alone,
 * and is reported; it is retried on the next start.
 */
export class ProjectionEngine implements Projections {
  private readonly runners = new Map<string, Runner>();
  private readonly batchSize: number;

  constructor(private readonly options: EngineOptions) {
    this.batchSize = options.batchSize ?? 500;
    for (const projection of options.projections) this.runners.set(projection.name, new Runner(projection, options, this.batchSize));
  }

  /**
   * Starts every projection; a projection whose version changed starts rebuilding into fresh tables, and
   * read models built from another kind of log start again from nothing (`checkReadModelsLog`).
   */
  start(): void {
    const { db, store, onNotice } = this.options;
    const builtFrom = checkReadModelsLog(db, store.kind);
    if (builtFrom !== undefined) {
      onNotice?.(
        `The read models were built from the ${builtFrom === 'esdb' ? 'EventStoreDB' : 'embedded'} store's log, whose positions are not this one's: building them again from the start of this log. Until they catch up, figures and lists are partial (GET /projections, or pairtrail projections status, shows how far they are).`,
      );
    }
    for (const runner of this.runners.values()) runner.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
  }

  /** The physical name of a projection's table as readers should use it now. */
  table(projection: string, table: string): string {
    const runner = this.runners.get(projection);
    if (!runner) throw new Error(`No projection ${projection}`);
    return physicalTable(projection, runner.activeGeneration(), table);
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await logHead(this.options.store);
    return [...this.runners.values()].map((r) => r.status(head));
  }

  /** The lowest checkpoint among projections that are not failed. */
  position(): bigint {
    return lowestCheckpoint(this.options.db, this.runners.keys());
  }

  /** Resolves true once every projection has processed `position`, false after `timeoutMs`. */
  async waitFor(position: bigint, timeoutMs = 5000): Promise<boolean> {
    return pollUntil(() => this.position() >= position, timeoutMs, 10);
  }

  /** Rebuilds a projection (or all) into fresh tables, swapping them in when caught up. */
  rebuild(name?: string): string[] {
    const targets = name ? [this.requireRunner(name)] : [...this.runners.values()];
    for (const r of targets) r.requestRebuild();
    return targets.map((r) => r.projection.name);
  }

  /**
   * After a person's key is destroyed: rebuilds every projection that reads personal data without it,
   * drops the tables that held their plaintext (kept ones too), and empties the WAL, so no readable copy
   * remains.
   */
  async forgetErased(): Promise<void> {
    for (const runner of this.runners.values()) if (runner.projection.personalData !== false) runner.requestRebuild();
    await new Promise((r) => setTimeout(r, 10));
    await this.settled();
    this.dropRetired();
    await truncateWal(this.options.db);
  }

  /** Drops now the tables of generations swapped out and still kept for readers (`retireAfterMs`). */
  dropRetired(): void {
    for (const runner of this.runners.values()) runner.dropRetired();
  }

  /** Resolves when no projection is rebuilding or catching up (used by the CLI's rebuild). */
  async settled(pollMs = 50): Promise<void> {
    const head = await this.options.store.headPosition();
    await pollUntil(() => [...this.runners.values()].every((r) => isSettled(r.status(head), head)), Infinity, pollMs);
  }

  /**
   * A count that moves whenever this process changes a projection's tables (a batch, a settle, a swap),
   * so a reader may keep what it read until it moves. Undefined while the projection is not running
   * here, when another process may be changing them.
   */
  changes(name: string): number | undefined {
    return this.requireRunner(name).changes();
  }

  has(name: string): boolean {
    return this.runners.has(name);
  }

  private requireRunner(name: string): Runner {
    const runner = this.runners.get(name);
    if (!runner) throw new Error(`No projection ${name}`);
    return runner;
  }
}

class Runner {
  private subscription?: Subscription;
  private loop?: Promise<void>;
  private state: ProjectionState = 'stopped';
  private restartRequested = false;
  private stopped = false;
  /** The active generation, known while this runner runs (and so is the only one to swap it). */
  private generation?: number;
  /** How many times this runner has written to its tables. */
  private writes = 0;
  /** Generations swapped out whose tables are kept a while for readers on other threads. */
  private readonly retired = new Map<number, NodeJS.Timeout>();
  /** The next try of a failed projection, and how many tries in a row have failed. */
  private retry?: NodeJS.Timeout;
  private failuresInARow = 0;

  constructor(
    readonly projection: Projection,
    private readonly options: EngineOptions,
    private readonly batchSize: number,
  ) {}

  private get db() {
    return this.options.db;
  }

  private row(): CheckpointRow {
    return checkpointRow(this.db, this.projection.name)!;
  }

  activeGeneration(): number {
    // Asked on every read of a read model. While this runner runs, every swap is its own, so it knows;
    // otherwise (another process projects) the database says.
    if (this.generation !== undefined) return this.generation;
    const generation = prepareCached(this.db, 'SELECT generation FROM projection_checkpoints WHERE name = ?').pluck().get(this.projection.name) as
      number | undefined;
    return generation ?? 1;
  }

  changes(): number | undefined {
    return this.generation === undefined ? undefined : this.writes;
  }

  status(head: bigint | null): ProjectionStatus {
    return statusOf(this.projection, checkpointRow(this.db, this.projection.name), head, this.state);
  }

  start(): void {
    this.stopped = false;
    // Another process may have written while this runner was stopped: nothing read before counts.
    this.writes += 1;
    const existing = this.row();
    if (!existing) {
      prepareCached(
        this.db,
        "INSERT INTO projection_checkpoints (name, version, generation, position, state, updated_at) VALUES (?, ?, 1, 0, 'starting', ?)",
      ).run(this.projection.name, this.projection.version, now());
      this.createTables(1);
      this.generation = 1;
    } else {
      this.generation = existing.generation;
      this.createTables(existing.generation);
      if (existing.version !== this.projection.version && existing.building_generation === null) this.beginBuilding(existing.generation + 1);
      // A failed projection is retried from its checkpoint at every start.
      this.clearError();
    }
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.generation = undefined;
    await this.subscription?.close();
    await this.loop;
    this.dropRetired();
    this.state = 'stopped';
  }

  dropRetired(): void {
    for (const [generation, timer] of this.retired) {
      clearTimeout(timer);
      this.dropTables(generation);
    }
    this.retired.clear();
  }

  /** Tells `onChange` that what was just committed changed the tables readers should use. */
  private changed(): void {
    if (this.generation !== undefined) this.options.onChange?.(this.projection.name, this.generation);
  }

  requestRebuild(): void {
    const row = this.row();
    if (row.building_generation !== null) return;
    this.beginBuilding(row.generation + 1);
    this.restartRequested = true;
    void this.subscription?.close();
    clearTimeout(this.retry);
    if (this.state === 'failed' || this.state === 'stopped') this.loop = this.run();
  }

  private beginBuilding(generation: number): void {
    this.dropTables(generation);
    this.createTables(generation);
    prepareCached(
      this.db,
      'UPDATE projection_checkpoints SET building_generation = ?, building_version = ?, building_position = 0, updated_at = ? WHERE name = ?',
    ).run(generation, this.projection.version, now(), this.projection.name);
  }

  /** Makes a generation's tables, without their indexes: see `createIndexes`. */
  private createTables(generation: number): void {
    for (const [table, columns] of Object.entries(this.projection.tables)) {
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${physicalTable(this.projection.name, generation, table)} ${columns}`);
    }
  }

  /**
   * Makes a generation's indexes, once it has caught up (they may exist already). A catch-up from the
   * start of the log, a rebuild's or a first start's, writes its rows without them: the audit trail's
   * four indexes, kept in step row by row, made its inserts 3.5 times as slow as one index build over
   * the whole table at the end. Until then, readers of a first start's tables read them unindexed; a
   * rebuild's are read only once swapped in, after this.
   */
  private createIndexes(generation: number): void {
    if (this.indexed.has(generation)) return;
    for (const index of this.projection.indexes ?? []) {
      this.db.exec(index.replace(/\{(\w+)\}/g, (_m, t: string) => physicalTable(this.projection.name, generation, t)));
    }
    this.indexed.add(generation);
  }

  /** Generations this runner has made the indexes of. */
  private readonly indexed = new Set<number>();

  private dropTables(generation: number): void {
    for (const table of Object.keys(this.projection.tables)) this.db.exec(`DROP TABLE IF EXISTS ${physicalTable(this.projection.name, generation, table)}`);
  }

  private async run(): Promise<void> {
    do {
      this.restartRequested = false;
      const row = this.row();
      const building = row.building_generation !== null;
      const from = BigInt(building ? (row.building_position ?? 0) : row.position);
      this.state = building ? 'rebuilding' : 'catching-up';
      this.setState(this.state);
      const ok = await this.consume(from);
      if (!ok) return this.tryAgainLater();
      this.failuresInARow = 0;
    } while (this.restartRequested && !this.stopped);
  }

  /**
   * After a failure, tries again from the checkpoint in a while, as a restart would: the error stays
   * reported until then, and is cleared as the try begins. An event the projection cannot take fails
   * again, a little less often each time; a full or busy disk, once mended, lets it go on.
   */
  private tryAgainLater(): void {
    if (this.stopped) return;
    const delay = Math.min((this.options.retryAfterMs ?? 10_000) * 2 ** this.failuresInARow, LONGEST_RETRY_MS);
    this.failuresInARow += 1;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (this.stopped || this.state !== 'failed') return;
      this.clearError();
      this.loop = this.run();
    }, delay);
    this.retry.unref();
  }

  private clearError(): void {
    prepareCached(this.db, 'UPDATE projection_checkpoints SET error = NULL, error_position = NULL, error_event_id = NULL WHERE name = ?').run(
      this.projection.name,
    );
  }

  /** Follows the log from `from`; returns false when it stopped because of a failure. */
  private async consume(from: bigint): Promise<boolean> {
    // Unfiltered, so the checkpoint moves past events this projection ignores: readers waiting for a
    // position (X-Min-Position) are then answered, and a rebuild knows when it has caught up.
    if ((await this.options.store.headPosition()) <= from && !(await this.onCaughtUp())) return false;
    const subscription = this.options.store.subscribeToAll({ fromPosition: from });
    this.subscription = subscription;
    try {
      // Events at hand, not yet committed: pages are gathered into batches of up to batchSize.
      let held: RecordedEvent[] = [];
      // Whether the last empty page found nothing since the one before: an idle subscription gives
      // one at every poll, and settling then would count a change each time, and readers would drop
      // what they keep.
      let caughtUp = false;
      for await (const page of subscription.pages()) {
        if (this.stopped) break;
        if (page.length > 0) caughtUp = false;
        held = held.length === 0 ? [...page] : held.concat(page);
        while (held.length >= this.batchSize) {
          // A full batch means more may be waiting: the projection may leave work for `settle`.
          if (!this.commit(held.slice(0, this.batchSize), true)) return false;
          held = held.slice(this.batchSize);
          // Give the event loop a turn after every batch. A catch-up whose events are all at hand would
          // otherwise run in microtasks from start to end, with requests unanswered.
          await yieldTurn();
          if (this.stopped) return true;
        }
        if (page.length > 0) continue;
        // An empty page: nothing more is waiting in the log, so what is held is committed, and the
        // projection has caught up.
        if (held.length > 0 && !this.commit(held)) return false;
        held = [];
        if (caughtUp) continue;
        if (!(await this.onCaughtUp())) return false;
        caughtUp = true;
      }
      return true;
    } finally {
      await subscription.close();
    }
  }

  /** Applies a batch with its checkpoint in one transaction; on failure, finds and reports the event. */
  private commit(batch: RecordedEvent[], catchingUp = false): boolean {
    // A rebuild was asked for while this batch was read: it belongs to the old run, and the new run
    // re-reads from its own checkpoint.
    if (this.restartRequested) return true;
    const row = this.row();
    const building = row.building_generation !== null;
    const generation = building ? row.building_generation! : row.generation;
    const checkpoint = BigInt(building ? (row.building_position ?? 0) : row.position);
    const fresh = batch.filter((e) => e.position > checkpoint);
    if (fresh.length === 0) return true;
    const relevant = (events: RecordedEvent[]) => events.filter((e) => matchesFilter(e, this.projection.filter));
    const context: ProjectionContext = { db: this.db, table: (t) => physicalTable(this.projection.name, generation, t), catchingUp };
    const personalData = this.projection.personalData !== false;
    const column = building ? 'building_position' : 'position';
    const save = prepareCached(this.db, `UPDATE projection_checkpoints SET ${column} = ?, updated_at = ? WHERE name = ?`);
    const apply = (events: RecordedEvent[]) =>
      this.db.transaction(() => {
        const projected: ProjectedEvent[] = relevant(events).map((recorded) => ({
          recorded,
          event: this.options.serializer.deserialize(recorded, { personalData }),
        }));
        if (projected.length > 0) this.projection.applyBatch(context, projected);
        save.run(events[events.length - 1]!.position, now(), this.projection.name);
      })();
    this.writes += 1;
    try {
      apply(fresh);
    } catch {
      // Find the event it fails on: apply one at a time, keeping what succeeds.
      for (const event of fresh) {
        try {
          apply([event]);
        } catch (error) {
          // Damage in a data file is said with the file and what to do, on the Read models screen too.
          const message = (isDamage(error) && findDamagedFile()?.message) || (error instanceof Error ? error.message : String(error));
          prepareCached(
            this.db,
            "UPDATE projection_checkpoints SET state = 'failed', error = ?, error_position = ?, error_event_id = ?, updated_at = ? WHERE name = ?",
          ).run(message, event.position, event.eventId, now(), this.projection.name);
          this.state = 'failed';
          // The events before it were committed one by one.
          this.changed();
          return false;
        }
      }
    }
    // A live projection handed a full batch is catching up again, and may have left work for `settle`
    // (the documents defer re-viewing pairs): it is not settled, even with its checkpoint at the head,
    // until the next caught-up turn has done that work and says live again.
    if (catchingUp && this.state === 'live') this.setState('catching-up');
    this.changed();
    this.options.onBatch?.(this.projection.name, fresh[fresh.length - 1]!.position);
    return true;
  }

  /** Settles, swaps a finished rebuild in, and goes live; false if settling failed. */
  private async onCaughtUp(): Promise<boolean> {
    if (this.restartRequested) return true;
    // Nothing more was waiting, but a subscription fed over the network (EventStoreDB) can pause short of
    // the head: a rebuild is swapped in only once it has reached the head, never half built.
    const head = this.row().building_generation !== null ? await this.options.store.headPosition() : 0n;
    if (this.restartRequested || this.stopped) return true;
    const row = this.row();
    if (row.building_generation !== null && BigInt(row.building_position ?? 0) < head) return true;
    this.writes += 1;
    this.createIndexes(row.building_generation ?? row.generation);
    if (!this.settle(row.building_generation ?? row.generation)) return false;
    if (row.building_generation !== null) {
      const old = row.generation;
      this.db.transaction(() => {
        prepareCached(
          this.db,
          'UPDATE projection_checkpoints SET generation = building_generation, version = building_version, position = building_position, building_generation = NULL, building_version = NULL, building_position = NULL, updated_at = ? WHERE name = ?',
        ).run(now(), this.projection.name);
      })();
      this.generation = row.building_generation;
      this.projection.forget?.(this.db);
      this.changed();
      const keepFor = this.options.retireAfterMs ?? 0;
      if (keepFor > 0) {
        const timer = setTimeout(() => {
          this.retired.delete(old);
          this.dropTables(old);
        }, keepFor);
        timer.unref();
        this.retired.set(old, timer);
      } else this.dropTables(old);
    } else this.changed();
    if (this.state !== 'live') this.setState('live');
    return true;
  }

  /** Lets the projection finish, in `generation`, what its batches deferred; false (and failed) if that fails. */
  private settle(generation: number): boolean {
    const settle = this.projection.settle;
    if (!settle) return true;
    try {
      this.db.transaction(() => settle({ db: this.db, table: (t) => physicalTable(this.projection.name, generation, t) }))();
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      prepareCached(this.db, "UPDATE projection_checkpoints SET state = 'failed', error = ?, updated_at = ? WHERE name = ?").run(
        `while settling: ${message}`,
        now(),
        this.projection.name,
      );
      this.state = 'failed';
      return false;
    }
  }

  private setState(state: ProjectionState): void {
    this.state = state;
    prepareCached(this.db, 'UPDATE projection_checkpoints SET state = ?, updated_at = ? WHERE name = ?').run(state, now(), this.projection.name);
  }
}
