import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EncryptingCodec, EventSerializer, KeyStore, SqliteEventStore } from '@pairtrail/event-store';
import type { PairtrailConfig } from './config';

export interface OpenStore {
  store: SqliteEventStore;
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

/** Opens the configured event store with the personal-data codec over its key store. */
export function openStore(config: PairtrailConfig): OpenStore {
  const { key, generated } = masterKey(config);
  const keys = new KeyStore(config.keysPath, key);
  const store = new SqliteEventStore({ path: config.eventsPath, synchronous: config.synchronous });
  return {
    store,
    serializer: new EventSerializer(new EncryptingCodec(keys)),
    keys,
    generatedMasterKey: generated,
    close: async () => {
      await store.close();
      keys.close();
    },
  };
}
