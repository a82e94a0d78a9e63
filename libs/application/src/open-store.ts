import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EncryptingCodec, EsdbEventStore, EventSerializer, KeyStore, SqliteEventStore, type EventStore } from '@pairtrail/event-store';
import type { PairtrailConfig } from './config';
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

/** The master key: configured, or (outside production) made once and kept in the data directory. */
function masterKey(config: PairtrailConfig): { key: Buffer; generated: boolean } {
  if ('key' in config.masterKey) return { key: config.masterKey.key, generated: false };
  const path = config.masterKey.generateAt;
  if (existsSync(path)) return { key: Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'), generated: false };
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600 });
  return { key, generated: true };
}

/** Opens the configured event store (embedded SQLite, or EventStoreDB) with the personal-data codec over its key store. */
export function openStore(config: PairtrailConfig, options: { onNotice?: (message: string) => void } = {}): OpenStore {
  // By default a notice is a JSON log line, as the API's and the projector's other log lines are.
  const notice = options.onNotice ?? ((message: string) => process.stdout.write(`${JSON.stringify({ level: 'warn', message })}\n`));
  const { key, generated } = masterKey(config);
  const keys = new KeyStore(config.keysPath, key);
  const sqlite =
    config.eventStore === 'sqlite' ? new SqliteEventStore({ path: config.eventsPath, synchronous: config.synchronous, onNotice: notice }) : undefined;
  const store =
    sqlite ??
    new EsdbEventStore({
      connectionString: config.eventStoreConnectionString!,
      categories: STREAM_CATEGORIES,
      onResubscribe: ({ attempt, delayMs, error }) =>
        notice(`EventStoreDB subscription lost (${(error as Error).message}); resubscribing in ${delayMs} ms, attempt ${attempt}`),
    });
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
