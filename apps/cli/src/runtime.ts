import { PairtrailApplication, loadConfig, openStore, type PairtrailConfig } from '@pairtrail/application';
import { ChainVerifier, type EventStore, type KeyStore, type SqliteEventStore, type VerifyReport } from '@pairtrail/event-store';

/** An open data directory: its configuration, store and application. Close it when done. */
export interface Runtime {
  config: PairtrailConfig;
  store: SqliteEventStore;
  app: PairtrailApplication;
  keys: KeyStore;
  close(): Promise<void>;
}

/** Opens the event store of the configured data directory (`--data-dir` wins over PAIRTRAIL_DATA_DIR). */
export function openRuntime(options: { dataDir?: string } = {}): Runtime {
  const config = loadConfig(process.env, options);
  const opened = openStore(config);
  const app = new PairtrailApplication({ store: opened.store, serializer: opened.serializer, timeZone: config.timeZone });
  return { config, store: opened.store, app, keys: opened.keys, close: () => opened.close() };
}

/** Verifies every hash chain up to a position (the whole log by default), reading in batches. */
export async function verifyStore(store: EventStore, upTo?: bigint, onProgress?: (position: bigint) => void): Promise<VerifyReport> {
  const verifier = new ChainVerifier();
  let after = 0n;
  for (;;) {
    const batch = await store.readAll({ after, maxCount: 2000 });
    if (batch.length === 0) break;
    for (const event of batch) {
      if (upTo !== undefined && event.position > upTo) return verifier.report();
      verifier.add(event);
    }
    after = batch[batch.length - 1]!.position;
    onProgress?.(after);
  }
  return verifier.report();
}
