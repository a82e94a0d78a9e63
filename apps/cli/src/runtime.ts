import { existsSync } from 'node:fs';
import { PairtrailApplication, loadConfig, openStore, type PairtrailConfig } from '@pairtrail/application';
import type { EventSerializer, EventStore, KeyStore, SqliteEventStore } from '@pairtrail/event-store';
import { CliError } from './output';

/** An open data directory: its configuration, store and application. Close it when done. */
export interface Runtime {
  config: PairtrailConfig;
  store: EventStore;
  /** Reads events with their personal fields opened (keys permitting). */
  serializer: EventSerializer;
  /** The embedded store, when it is the one configured (backup and restore need it). */
  sqlite?: SqliteEventStore;
  app: PairtrailApplication;
  keys: KeyStore;
  close(): Promise<void>;
}

/**
 * Opens the event store of the configured data directory (`--data-dir` wins over PAIRTRAIL_DATA_DIR).
 * Only commands that record (`create`) may start a new store: any other, given a directory that holds
 * none, says so, rather than making an empty store there and reporting that it holds nothing.
 */
export function openRuntime(options: { dataDir?: string; create?: boolean } = {}): Runtime {
  const config = loadConfig(process.env, { dataDir: options.dataDir });
  if (!options.create && config.eventStore === 'sqlite' && !existsSync(config.eventsPath))
    throw new CliError(
      `${config.dataDir} holds no Pairtrail data (no events.db). Check --data-dir or PAIRTRAIL_DATA_DIR; "pairtrail demo --data-dir DIR" records a demo programme.`,
    );
  // Notices go to stderr, as plain text: stdout carries what a command prints, JSON included.
  const opened = openStore(config, { onNotice: (message) => process.stderr.write(`${message}\n`) });
  const app = new PairtrailApplication({ store: opened.store, serializer: opened.serializer, timeZone: config.timeZone });
  return { config, store: opened.store, serializer: opened.serializer, sqlite: opened.sqlite, app, keys: opened.keys, close: () => opened.close() };
}
