import type Database from 'better-sqlite3';
import type { StoredEvent } from '@pairtrail/domain';
import type { AllFilter, RecordedEvent } from '@pairtrail/event-store';

/** An event as a projection receives it: as stored (envelope and position), and as the domain reads it. */
export interface ProjectedEvent {
  recorded: RecordedEvent;
  event: StoredEvent;
}

/** Where a projection writes: the connection, inside the batch's transaction, and its own table names. */
export interface ProjectionContext {
  db: Database.Database;
  /** The physical name of one of the projection's tables in the generation being written. */
  table(name: string): string;
  /**
   * True when more events were waiting after this batch (a catch-up or rebuild): work cheaper done
   * once may wait for `settle`, which the engine calls before it reports the projection live.
   */
  catchingUp?: boolean;
}

/**
 * A projection: a name, a version, the events it handles, its tables, and how a batch of events changes
 * them. Bumping `version` rebuilds it into fresh tables, then swaps them in. `applyBatch` runs inside one
 * transaction together with the checkpoint, so a replay is harmless.
 */
export interface Projection {
  name: string;
  version: number;
  filter?: AllFilter;
  /** Logical table name → column definitions, such as `(id TEXT PRIMARY KEY, doc TEXT NOT NULL)`. */
  tables: Record<string, string>;
  /**
   * Index definitions; `{table}` placeholders such as `{rows}` become physical names. They are made once
   * the projection has caught up, so a rebuild writes its rows unindexed.
   */
  indexes?: string[];
  applyBatch(context: ProjectionContext, events: ProjectedEvent[]): void;
  /** Finishes what batches left for later while catching up; in the same kind of transaction. */
  settle?(context: ProjectionContext): void;
  /**
   * Drops what the projection keeps in memory for a connection's tables, once a rebuilt generation has
   * replaced them: such as the plaintext a person's erasure removed from the tables.
   */
  forget?(db: Database.Database): void;
  /**
   * False when `applyBatch` never reads personal fields: they then reach it still sealed, and nothing
   * is decrypted for it (faster, and it never holds the plaintext).
   */
  personalData?: boolean;
}
