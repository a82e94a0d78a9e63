import type { PairtrailApplication, PairtrailConfig } from '@pairtrail/application';
import type { EventStore, KeyStore } from '@pairtrail/event-store';
import type { ProjectionEngine, ReadModelDb, ReadModels } from '@pairtrail/projections';
import type { IdentityCache } from './identity/identity.cache';
import type { Metrics } from './http/metrics';
import type { InFlightWrites } from './http/in-flight';

/** Everything the HTTP edge needs from the rest of Pairtrail, built once at start. */
export interface ApiRuntime {
  config: PairtrailConfig;
  store: EventStore;
  app: PairtrailApplication;
  identity: IdentityCache;
  metrics: Metrics;
  /** The writes being handled, which a stopping server waits for before it closes the store. */
  writes: InFlightWrites;
  projections: ProjectionEngine;
  reads: ReadModels;
  /** Closes what the runtime opened (projections, read-model database). */
  closeReadSide(): Promise<void>;
  keys: KeyStore;
  readModelDb: ReadModelDb;
  closeStore(): Promise<void>;
}

export const API_RUNTIME = Symbol('API_RUNTIME');
