import { PairtrailApplication, loadConfig, openStore, type PairtrailConfig } from '@pairtrail/application';
import type { EventStore, KeyStore, SqliteEventStore } from '@pairtrail/event-store';

/** An open data directory: its configuration, store and application. Close it when done. */
export interface Runtime {
  config: PairtrailConfig;
  store: EventStore;
  /** The embedded store, when it is the one configured (backup and restore need it). */
  sqlite?: SqliteEventStore;
  app: PairtrailApplication;
  keys: KeyStore;
  close(): Promise<void>;
}

/** Opens the event store of the configured data directory (`--data-dir` wins over PAIRTRAIL_DATA_DIR). */
export function openRuntime(options: { dataDir?: string } = {}): Runtime {
  const config = loadConfig(process.env, options);
  // Notices go to stderr, as plain text: stdout carries what a command prints, JSON included.
  const opened = openStore(config, { onNotice: (message) => process.stderr.write(`${message}\n`) });
  const app = new PairtrailApplication({ store: opened.store, serializer: opened.serializer, timeZone: config.timeZone });
  return { config, store: opened.store, sqlite: opened.sqlite, app, keys: opened.keys, close: () => opened.close() };
}
