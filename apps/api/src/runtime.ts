import type { PairtrailApplication, PairtrailConfig } from '@pairtrail/application';
import type { EventStore, KeyStore } from '@pairtrail/event-store';
import type { Projections, ReadModelDb, ReadModels } from '@pairtrail/projections';
import type { IdentityCache } from './identity/identity.cache';
import type { Metrics } from './http/metrics';
import type { InFlightWrites } from './http/in-flight';
import type { Verifications } from './verifications';
import type { Reports } from './reports';

/** Everything the HTTP edge needs from the rest of Pairtrail, built once at start. */
export interface ApiRuntime {
  config: PairtrailConfig;
  store: EventStore;
  app: PairtrailApplication;
  identity: IdentityCache;
  metrics: Metrics;
  /** The writes being handled, which a stopping server waits for before it closes the store. */
  writes: InFlightWrites;
  projections: Projections;
  /**
   * After a person's key is destroyed (and the subject put on the pending list): has the read models
   * that held their plaintext rebuilt, the tables that held it dropped and the WAL emptied, so no
   * readable copy remains; by this process when it owns them, else by the one that does (waited for
   * a minute at most; it stays pending until done).
   */
  forgetErased(subject: string): Promise<void>;
  reads: ReadModels;
  /** Closes what the runtime opened (projections, read-model database). */
  closeReadSide(): Promise<void>;
  keys: KeyStore;
  readModelDb: ReadModelDb;
  /** Checks of the hash chains running in the background (`/audit/verifications`). */
  verifications: Verifications;
  /** Report packs being made, each waiting on its check of the record (`/reports`). */
  reports: Reports;
  /** Stops the verifications, then closes the store. */
  closeStore(): Promise<void>;
}

export const API_RUNTIME = Symbol('API_RUNTIME');
