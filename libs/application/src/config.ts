import { isTimeZone } from '@pairtrail/domain';
import { fileInTheWay } from '@pairtrail/event-store';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Pairtrail's settings, read from the environment and checked before anything starts. */
export interface PairtrailConfig {
  dataDir: string;
  eventsPath: string;
  readModelsPath: string;
  keysPath: string;
  timeZone: string;
  synchronous: 'FULL' | 'NORMAL';
  port: number;
  host: string;
  /** Requests a second per token, sustained; 0 turns the limit off. */
  rateLimit: number;
  rateBurst: number;
  adminToken?: string;
  eventStore: 'sqlite' | 'esdb';
  eventStoreConnectionString?: string;
  projections: boolean;
  /** Whether the projections run on a thread of their own (`on`) or on the server's (`inline`). */
  projectionThread: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** The master key that wraps every data key (32 bytes), or where to keep one made for development. */
  masterKey: { key: Buffer } | { generateAt: string };
}

/** One or more settings are wrong; each line names one. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads and checks the configuration. Every bad setting is reported at once, each on a line that names
 * it and says what it must be.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: { dataDir?: string } = {}): PairtrailConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}=${raw} is not valid: it must be a whole number from ${min} to ${max}.`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name}=${raw} is not valid: it must be one of ${allowed.join(', ')}.`);
      return fallback;
    }
    return raw as T;
  };

  const dataDir = resolve(overrides.dataDir ?? env.PAIRTRAIL_DATA_DIR ?? './data');
  const file = fileInTheWay(dataDir);
  if (file)
    problems.push(
      `The data directory ${dataDir} cannot be: ${file === dataDir ? 'it' : file} is a file. Give a directory (--data-dir or PAIRTRAIL_DATA_DIR), made if missing.`,
    );
  const timeZone = env.PAIRTRAIL_TIME_ZONE || 'Europe/London';
  if (!isTimeZone(timeZone)) problems.push(`PAIRTRAIL_TIME_ZONE=${timeZone} is not a time zone this system knows; use an IANA name such as Europe/London.`);
  const synchronous = oneOf('PAIRTRAIL_SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL');
  const port = integer('PORT', 3000, 0, 65535);
  const rateLimit = integer('PAIRTRAIL_RATE_LIMIT', 50, 0, 1_000_000);
  const rateBurst = integer('PAIRTRAIL_RATE_BURST', 200, 1, 10_000_000);
  const adminToken = env.PAIRTRAIL_ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && adminToken.length < 32) {
    problems.push('PAIRTRAIL_ADMIN_TOKEN is too short: it must be at least 32 characters (try: openssl rand -base64 32).');
  }
  const eventStore = oneOf('PAIRTRAIL_EVENT_STORE', ['sqlite', 'esdb'] as const, 'sqlite');
  const eventStoreConnectionString = env.EVENTSTORE_CONNECTION_STRING || undefined;
  if (eventStore === 'esdb' && !eventStoreConnectionString) {
    problems.push('PAIRTRAIL_EVENT_STORE=esdb needs EVENTSTORE_CONNECTION_STRING, such as esdb://localhost:2113?tls=false.');
  }
  const projectionsSetting = oneOf('PAIRTRAIL_PROJECTIONS', ['on', 'inline', 'off'] as const, 'on');
  const projections = projectionsSetting !== 'off';
  const projectionThread = projectionsSetting === 'on';
  const logLevel = oneOf('PAIRTRAIL_LOG_LEVEL', LOG_LEVELS, 'info');
  const host = env.HOST || '0.0.0.0';
  let masterKey: PairtrailConfig['masterKey'] = { generateAt: join(dataDir, 'master.key') };
  if (env.PAIRTRAIL_MASTER_KEY) {
    const key = Buffer.from(env.PAIRTRAIL_MASTER_KEY, 'base64');
    if (key.length !== 32) problems.push('PAIRTRAIL_MASTER_KEY must be 32 bytes, base64-encoded (try: openssl rand -base64 32).');
    masterKey = { key };
  } else if (env.PAIRTRAIL_MASTER_KEY_FILE) {
    try {
      const key = Buffer.from(readFileSync(env.PAIRTRAIL_MASTER_KEY_FILE, 'utf8').trim(), 'base64');
      if (key.length !== 32) problems.push(`PAIRTRAIL_MASTER_KEY_FILE=${env.PAIRTRAIL_MASTER_KEY_FILE} must hold 32 bytes, base64-encoded.`);
      masterKey = { key };
    } catch {
      problems.push(`PAIRTRAIL_MASTER_KEY_FILE=${env.PAIRTRAIL_MASTER_KEY_FILE} cannot be read.`);
    }
  } else if (env.NODE_ENV === 'production') {
    problems.push(
      'PAIRTRAIL_MASTER_KEY (or PAIRTRAIL_MASTER_KEY_FILE) is required when NODE_ENV=production: it protects personal data. Make one with: openssl rand -base64 32.',
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    dataDir,
    eventsPath: join(dataDir, 'events.db'),
    readModelsPath: join(dataDir, 'readmodels.db'),
    keysPath: join(dataDir, 'keys.db'),
    timeZone,
    synchronous,
    port,
    host,
    rateLimit,
    rateBurst,
    adminToken,
    eventStore,
    eventStoreConnectionString,
    projections,
    projectionThread,
    logLevel,
    masterKey,
  };
}
