import { existsSync } from 'node:fs';
import { PairtrailApplication, loadConfig, openStore, otherProgrammeIn, type PairtrailConfig } from '@pairtrail/application';
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

/**
 * Refuses to record a made-up programme (`what`, whose first cohort is `cohortId`) into a data
 * directory that holds another: events are never removed, so it would stay there for good.
 */
export async function refuseOtherProgramme({ store, config }: Pick<Runtime, 'store' | 'config'>, cohortId: string, what: string): Promise<void> {
  const events = await otherProgrammeIn(store, cohortId);
  if (events === undefined) return;
  throw new CliError(
    `${config.dataDir} holds ${events} events of another programme. ${what} is made up, and events are never removed: recorded there, its people, pairs and figures would stay in that programme's evaluation and audit trail for good. Give an empty --data-dir (npm run demo uses ./data/demo). Nothing was recorded.`,
  );
}
