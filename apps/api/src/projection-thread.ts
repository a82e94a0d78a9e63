import type { PairtrailConfig } from '@pairtrail/application';
import type { EventStore, SqliteEventStore } from '@pairtrail/event-store';
import {
  ALL_PROJECTIONS,
  checkpointRow,
  isSettled,
  lowestCheckpoint,
  physicalTable,
  pollUntil,
  statusesFromRows,
  logHead,
  type ProjectionState,
  type ProjectionStatus,
  type Projections,
  type ReadModelDb,
} from '@pairtrail/projections';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromProjectionThread, ProjectionThreadData, ToProjectionThread } from './projection-thread.worker';

/** How long a generation swapped out by a rebuild keeps its tables for requests still reading them. */
const RETIRE_AFTER_MS = 5000;
/** The first wait before a stopped thread is started again; it doubles while starting fails, up to a minute. */
const RESTART_AFTER_MS = 500;
const RESTART_AT_MOST_MS = 60_000;

/**
 * The thread's script: beside this file once built; from a test run of the sources, the build of the
 * same sources (`npm test` builds first).
 */
function threadScript(): string {
  const script = [join(__dirname, 'projection-thread.worker.js'), join(__dirname, '..', 'dist', 'projection-thread.worker.js')].find((path) =>
    existsSync(path),
  );
  if (!script) throw new Error('The projections thread is not built: run npm run build, or set PAIRTRAIL_PROJECTIONS=inline.');
  return script;
}

/**
 * The projections, run on a thread of their own: their batches, commits and re-views of pairs no longer
 * take turns with requests. This side answers what the server asks of them from the read models' own
 * bookkeeping (checkpoints, state, generation) on the server's connection, and from two numbers a
 * projection that the thread moves: its count of changes, and its generation.
 */
export class ProjectionThread implements Projections {
  private readonly shared = new Int32Array(new SharedArrayBuffer(ALL_PROJECTIONS.length * 2 * 4));
  private readonly index = new Map(ALL_PROJECTIONS.map((p, i) => [p.name, i]));
  private worker?: Worker;
  private running = false;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private stopAppends?: () => void;
  private stopping = false;
  private restartAfterMs = RESTART_AFTER_MS;
  private restartTimer?: NodeJS.Timeout;

  constructor(private readonly options: { config: PairtrailConfig; db: ReadModelDb; store: EventStore; sqlite?: SqliteEventStore }) {}

  /** Starts the thread; resolves once its projections have made their tables. */
  async start(): Promise<void> {
    const data: ProjectionThreadData = { config: this.options.config, shared: this.shared, retireAfterMs: RETIRE_AFTER_MS };
    const worker = new Worker(threadScript(), { workerData: data });
    this.worker = worker;
    const started = new Promise<void>((resolve, reject) => {
      const exited = (code: number) => reject(new Error(`The projections thread stopped as it started (exit code ${code}).`));
      worker.once('error', reject);
      worker.once('exit', exited);
      worker.on('message', (message: FromProjectionThread) => {
        if (message.type === 'started') {
          worker.off('error', reject);
          worker.off('exit', exited);
          resolve();
        } else {
          const waiting = this.waiting.get(message.id);
          this.waiting.delete(message.id);
          if (message.error) waiting?.reject(new Error(message.error));
          else waiting?.resolve();
        }
      });
    });
    worker.on('error', (error) => this.stopped(error));
    worker.on('exit', (code) => this.stopped(new Error(`The projections thread stopped (exit code ${code}).`)));
    await started;
    this.running = true;
    this.restartAfterMs = RESTART_AFTER_MS;
    // Wake the thread's subscriptions at each append here, a turn's appends at once.
    let pending = false;
    this.stopAppends?.();
    this.stopAppends = this.options.sqlite?.onAppend(() => {
      if (pending) return;
      pending = true;
      setImmediate(() => {
        pending = false;
        this.send({ type: 'appended' });
      });
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.stopAppends?.();
    // A thread that failed as it started may still be there: it is ended, not asked.
    if (!this.running) return void (await this.worker?.terminate());
    try {
      await this.ask((id) => ({ type: 'stop', id }));
    } catch (error) {
      // Gone before its answer came back (its exit can overtake its reply): stopped, as asked.
      if (this.running) throw error;
    } finally {
      this.running = false;
    }
  }

  /**
   * After a person's key is destroyed: the thread forgets it, then rebuilds every projection that reads
   * personal data without their plaintext, drops the tables that held it and empties the WAL.
   */
  erase(subjects: string[]): Promise<void> {
    return this.ask((id) => ({ type: 'erase', id, subjects }));
  }

  table(projection: string, table: string): string {
    const i = this.requireIndex(projection);
    const generation = Atomics.load(this.shared, i * 2 + 1) || this.row(projection)?.generation || 1;
    return physicalTable(projection, generation, table);
  }

  changes(name: string): number | undefined {
    return this.running ? Atomics.load(this.shared, this.requireIndex(name) * 2) : undefined;
  }

  has(name: string): boolean {
    return this.index.has(name);
  }

  rebuild(name?: string): string[] {
    if (name !== undefined) this.requireIndex(name);
    this.send({ type: 'rebuild', name });
    return name === undefined ? ALL_PROJECTIONS.map((p) => p.name) : [name];
  }

  async status(): Promise<ProjectionStatus[]> {
    return this.statuses(await logHead(this.options.store));
  }

  async waitFor(position: bigint, timeoutMs = 5000): Promise<boolean> {
    return pollUntil(() => lowestCheckpoint(this.options.db, this.index.keys()) >= position, timeoutMs, 5);
  }

  async settled(pollMs = 50): Promise<void> {
    const head = await this.options.store.headPosition();
    await pollUntil(() => this.statuses(head).every((s) => isSettled(s, head)), Infinity, pollMs);
  }

  /** Each projection's status, from its checkpoint row as the thread last committed it. */
  private statuses(head: bigint | null): ProjectionStatus[] {
    return statusesFromRows(this.options.db, ALL_PROJECTIONS, head, (row) => (this.running ? ((row?.state ?? 'starting') as ProjectionState) : 'stopped'));
  }

  private row(name: string) {
    return checkpointRow(this.options.db, name);
  }

  private requireIndex(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`No projection ${name}`);
    return i;
  }

  private send(message: ToProjectionThread): void {
    if (this.running) this.worker!.postMessage(message);
  }

  /** Asks the thread and waits for its answer; while it is being started again, waits for it first. */
  private async ask(message: (id: number) => ToProjectionThread): Promise<void> {
    if (!this.running && !(await pollUntil(() => this.running || this.stopping, 15_000, 20))) {
      throw new Error('The projections thread is being started again and is not back yet; try again in a minute.');
    }
    if (!this.running) throw new Error('The projections thread has been stopped.');
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker!.postMessage(message(id));
    });
  }

  /**
   * The thread stopped without being asked: what waited on it fails, and it is started again, from
   * each projection's committed checkpoint, after a pause that doubles while starting fails.
   */
  private stopped(error: Error): void {
    if (!this.running) return;
    this.running = false;
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
    // Asked to stop, it exits: no failure, and nothing to start again.
    if (this.stopping) return;
    this.log(`${error.message} Starting it again in ${this.restartAfterMs} ms.`);
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.stopping) return;
    this.restartTimer = setTimeout(() => {
      this.start().catch((error: unknown) => {
        this.restartAfterMs = Math.min(this.restartAfterMs * 2, RESTART_AT_MOST_MS);
        this.log(`${(error as Error).message} Trying again in ${this.restartAfterMs} ms.`);
        this.scheduleRestart();
      });
    }, this.restartAfterMs);
    this.restartTimer.unref();
  }

  private log(message: string): void {
    if (this.options.config.logLevel === 'silent' || this.options.config.logLevel === 'fatal') return;
    process.stderr.write(`${JSON.stringify({ level: 'error', message: `projections: ${message}` })}\n`);
  }
}
