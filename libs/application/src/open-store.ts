import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  EncryptingCodec,
  EsdbEventStore,
  EventSerializer,
  KeyStore,
  SqliteEventStore,
  sealedSubjects,
  storageProblem,
  type EsdbEventStoreOptions,
  type EventStore,
  makePrivateDirectory,
} from '@pairtrail/event-store';
import { ConfigError, type PairtrailConfig } from './config';
import { STREAM_CATEGORIES } from './streams';

export interface OpenStore {
  store: EventStore;
  /** The embedded store, when that is the one configured: for backups and restores, which only it has. */
  sqlite?: SqliteEventStore;
  serializer: EventSerializer;
  keys: KeyStore;
  /** True when a development master key was made in the data directory (say so: it is not for production). */
  generatedMasterKey: boolean;
  close(): Promise<void>;
}

/** A master key kept in a file, base64, as the development key is kept in the data directory. */
export const readMasterKeyFile = (path: string): Buffer => Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');

/** The master key: configured, or (outside production) made once and kept in the data directory. */
function masterKey(config: PairtrailConfig): { key: Buffer; generated: boolean } {
  if ('key' in config.masterKey) return { key: config.masterKey.key, generated: false };
  const path = config.masterKey.generateAt;
  if (existsSync(path)) {
    const key = readMasterKeyFile(path);
    if (key.length !== 32)
      throw new ConfigError([
        `${path} is not a master key: it must hold 32 bytes, base64-encoded, as Pairtrail wrote it; this one decodes to ${key.length}. Put back the master.key this data directory was made with (a backup made by "pairtrail backup" holds a copy), or set PAIRTRAIL_MASTER_KEY to it. Without it no one's personal data can be read; nothing was changed.`,
      ]);
    return { key, generated: false };
  }
  makePrivateDirectory(dirname(path));
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600 });
  return { key, generated: true };
}

/** Why the master key does not open the key store, and what to do about it. */
function wrongMasterKey(config: PairtrailConfig, generated: boolean): string {
  const keys = config.keysPath;
  const remedy = "Without it no one's personal data can be read; nothing was changed.";
  if ('key' in config.masterKey) {
    return `The configured master key (PAIRTRAIL_MASTER_KEY or PAIRTRAIL_MASTER_KEY_FILE) does not open ${keys}: its keys were sealed with another. Configure the master key this data was written with. ${remedy}`;
  }
  const file = config.masterKey.generateAt;
  return generated
    ? `${keys} holds keys sealed with a master key, but ${file} is missing. If "pairtrail keys rotate" sealed them with a new one, set PAIRTRAIL_MASTER_KEY_FILE (or PAIRTRAIL_MASTER_KEY) to it; otherwise put back the master.key this data directory was made with (a backup made by "pairtrail backup" holds a copy). ${remedy}`
    : `${file} does not open ${keys}: its keys were sealed with another master key. Put back the master.key this data directory was made with, or set PAIRTRAIL_MASTER_KEY to it. ${remedy}`;
}

/**
 * The EventStoreDB adapter on a connection string given by `setting`. One its client cannot read is a
 * setting to change: the client's own message quotes the string, and with it any password it holds, so
 * this one says only where it goes wrong.
 */
export function esdbStore(options: EsdbEventStoreOptions, setting = 'EVENTSTORE_CONNECTION_STRING'): EsdbEventStore {
  try {
    return new EsdbEventStore(options);
  } catch (error) {
    const { expected, location } = (error ?? {}) as { expected?: unknown; location?: unknown };
    if (typeof expected !== 'string' || !Array.isArray(location) || typeof location[0] !== 'number') throw error;
    throw new ConfigError([
      `${setting} cannot be read: at character ${location[0] + 1}, EventStoreDB's client expected ${expected}. It looks like esdb://localhost:2113?tls=false, or esdb://user:password@host:2113 for a secure server.`,
    ]);
  }
}

/**
 * Writes a notice as a JSON log line at warn, as the API's and the projector's other log lines are, and
 * like them leaves it out when PAIRTRAIL_LOG_LEVEL is quieter than warn.
 */
export function noticeLogger(config: Pick<PairtrailConfig, 'logLevel'>): (message: string) => void {
  const quiet = config.logLevel === 'silent' || config.logLevel === 'fatal' || config.logLevel === 'error';
  return (message) => {
    if (!quiet) process.stdout.write(`${JSON.stringify({ level: 'warn', message })}\n`);
  };
}

/** Opens the configured event store (embedded SQLite, or EventStoreDB) with the personal-data codec over its key store. */
export function openStore(config: PairtrailConfig, options: { onNotice?: (message: string) => void } = {}): OpenStore {
  const notice = options.onNotice ?? noticeLogger(config);
  const { key, generated } = masterKey(config);
  const keys = new KeyStore(config.keysPath, key);
  if (!keys.opensWithMasterKey()) {
    keys.close();
    // A key made just now, where the one the keys were sealed with is missing, must not stay to seal more.
    if (generated && 'generateAt' in config.masterKey) rmSync(config.masterKey.generateAt, { force: true });
    throw new ConfigError([wrongMasterKey(config, generated)]);
  }
  const sqlite =
    config.eventStore === 'sqlite' ? new SqliteEventStore({ path: config.eventsPath, synchronous: config.synchronous, onNotice: notice }) : undefined;
  let store: EventStore;
  try {
    store =
      sqlite ??
      esdbStore({
        connectionString: config.eventStoreConnectionString!,
        categories: STREAM_CATEGORIES,
        onResubscribe: ({ attempt, delayMs, error }) => {
          const said = resubscribeNotice(attempt, delayMs, error);
          if (said) notice(said);
        },
      });
  } catch (error) {
    keys.close();
    throw error;
  }
  return {
    store,
    sqlite,
    serializer: new EventSerializer(new EncryptingCodec(keys)),
    keys,
    generatedMasterKey: generated,
    close: async () => {
      await store.close();
      keys.close();
    },
  };
}

/**
 * What to say when an EventStoreDB subscription is lost and tried again: said at the first attempt and
 * then at the 2nd, 4th, 8th… so that an outage of an hour (a try every 5 s) says it a dozen times, not
 * seven hundred; undefined for the attempts in between.
 */
export function resubscribeNotice(attempt: number, delayMs: number, error: unknown): string | undefined {
  if ((attempt & (attempt - 1)) !== 0) return undefined;
  const message = error instanceof Error ? error.message : String(error);
  return `EventStoreDB subscription lost (${message}); resubscribing in ${delayMs} ms, attempt ${attempt}${attempt === 1 ? ' (said again at attempts 2, 4, 8… while it lasts)' : ''}`;
}

/** How many events the embedded store at `path` holds: 0 when there is none. */
export async function embeddedEvents(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  const store = new SqliteEventStore({ path });
  try {
    return (await store.stats()).events;
  } finally {
    await store.close();
  }
}

/**
 * Refuses to run on an EventStoreDB that holds none of Pairtrail's events while the data directory's
 * embedded store holds some: `pairtrail migrate` was forgotten. Run so, the server would show an empty
 * programme, make a new administrator, and write events that a migration afterwards could not be
 * verified beside. Said before anything is written. An EventStoreDB out of reach is left to the
 * writes, which say so.
 */
export async function refuseForgottenMigration(config: PairtrailConfig, store: EventStore): Promise<void> {
  if (config.eventStore !== 'esdb') return;
  const embedded = await embeddedEvents(config.eventsPath);
  if (embedded === 0) return;
  let onEsdb: bigint;
  try {
    // Where its log ends, rather than a count of it, which reads the whole log.
    onEsdb = await store.headPosition();
  } catch (error) {
    if (storageProblem(error)) return;
    throw error;
  }
  if (onEsdb > 0n) return;
  throw new ConfigError([
    `${config.dataDir} holds the embedded event store (events.db, ${embedded} events), but the EventStoreDB of EVENTSTORE_CONNECTION_STRING holds none of Pairtrail's events. Was "pairtrail migrate --from sqlite --to esdb" forgotten? Run it first. To start afresh on EventStoreDB instead, move events.db out of ${config.dataDir}; to stay on the embedded store, unset PAIRTRAIL_EVENT_STORE. Nothing was changed.`,
  ]);
}

/** Events read from the start of the log to find whose keys sealed its personal data. */
const EVENTS_CHECKED_FOR_KEYS = 200;

/**
 * Refuses to run with a keys.db that has never held the keys the log's personal data was sealed with:
 * a data directory made afresh beside an EventStoreDB that holds a programme (a lost volume, or a second
 * instance), or a keys.db swapped for another. Run so, no one's personal data could be read, and each
 * person written about would get a new key, sealing what is recorded next where the right keys.db
 * cannot open it. The start of the log is checked (the first people, users and pairs); an event store
 * out of reach is left to the reads, which say so.
 */
export async function refuseKeysOfAnotherLog(config: PairtrailConfig, store: EventStore, keys: KeyStore): Promise<void> {
  let events;
  try {
    events = await store.readAll({ maxCount: EVENTS_CHECKED_FOR_KEYS });
  } catch (error) {
    if (storageProblem(error)) return;
    throw error;
  }
  const sealed = new Set<string>();
  for (const event of events) sealedSubjects(event.data, sealed);
  const unknown = [...sealed].filter((subject) => !keys.holds(subject));
  if (unknown.length === 0) return;
  const where = config.eventStore === 'esdb' ? 'the EventStoreDB of EVENTSTORE_CONNECTION_STRING' : config.eventsPath;
  throw new ConfigError([
    `${config.keysPath} is not the keys.db of the log in ${where}: ${unknown.length} of the ${sealed.size} people, pairs and users whose personal data its first ${events.length} events seal have keys it has never held, so their data could not be read, and what is recorded next would be sealed with new keys the right keys.db cannot open. Put back the keys.db this log was recorded with, with its master key: from the data directory it was recorded in, or from a backup ("pairtrail restore BACKUP_DIR" puts a backup's keys back); every Pairtrail instance on one EventStoreDB needs the same keys.db and master key. Nothing was recorded.`,
  ]);
}

/** What every process checks before it serves, projects or runs a command: the data directory goes with the log. */
export async function refuseMismatchedLog(config: PairtrailConfig, { store, keys }: Pick<OpenStore, 'store' | 'keys'>): Promise<void> {
  await refuseForgottenMigration(config, store);
  await refuseKeysOfAnotherLog(config, store, keys);
}
