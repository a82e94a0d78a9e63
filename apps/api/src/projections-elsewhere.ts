import { readModelsOwnerAlive, requestedRebuilds } from '@pairtrail/application';
import type { EventStore } from '@pairtrail/event-store';
import {
  ALL_PROJECTIONS,
  checkpointRow,
  isSettled,
  logHead,
  lowestCheckpoint,
  physicalTable,
  pollUntil,
  statusesFromRows,
  type ProjectionState,
  type ProjectionStatus,
  type Projections,
  type ReadModelDb,
} from '@pairtrail/projections';

/**
 * The projections of a server started with PAIRTRAIL_PROJECTIONS=off, which another process runs
 * (apps/projector, or a server with them on): their tables, states and checkpoints are read as that
 * process commits them, and a rebuild is asked of it through the data directory. Nothing is projected
 * here: batches from two processes would interleave in the same tables.
 */
export class ProjectionsElsewhere implements Projections {
  private readonly names = new Set(ALL_PROJECTIONS.map((p) => p.name));

  constructor(private readonly options: { dataDir: string; db: ReadModelDb; store: EventStore }) {}

  table(projection: string, table: string): string {
    this.require(projection);
    return physicalTable(projection, checkpointRow(this.options.db, projection)?.generation ?? 1, table);
  }

  changes(): undefined {
    return undefined;
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  async status(): Promise<ProjectionStatus[]> {
    return this.statuses(await logHead(this.options.store));
  }

  async waitFor(position: bigint, timeoutMs = 5000): Promise<boolean> {
    return pollUntil(() => lowestCheckpoint(this.options.db, this.names) >= position, timeoutMs, 10);
  }

  rebuild(name?: string): string[] {
    if (name !== undefined) this.require(name);
    const names = name === undefined ? [...this.names] : [name];
    for (const n of names) requestedRebuilds(this.options.dataDir).add(n);
    return names;
  }

  async settled(pollMs = 50): Promise<void> {
    const head = await this.options.store.headPosition();
    await pollUntil(() => this.statuses(head).every((s) => isSettled(s, head)), Infinity, pollMs);
  }

  async stop(): Promise<void> {}

  /**
   * Each projection's status as the process running it last committed it; stopped when no such process
   * is at work (the states it committed last stay "live" after it is killed).
   */
  private statuses(head: bigint | null): ProjectionStatus[] {
    const running = readModelsOwnerAlive(this.options.dataDir);
    return statusesFromRows(this.options.db, ALL_PROJECTIONS, head, (row) => (running ? ((row?.state ?? 'starting') as ProjectionState) : 'stopped'));
  }

  private require(name: string): void {
    if (!this.names.has(name)) throw new Error(`No projection ${name}`);
  }
}
