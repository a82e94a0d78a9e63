import type { Command } from 'commander';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PairtrailApplication, STREAM_CATEGORIES, carryOverCaseStudyVersions, esdbStore, loadConfig } from '@pairtrail/application';
import { CopyConflictError, EventSerializer, SqliteEventStore, copyLog, copyOf, sha256, verifyLog, type EventStore } from '@pairtrail/event-store';
import { openReadModelDb, presumeReadModelsLog } from '@pairtrail/projections';
import { CliError, say } from '../output';

interface Checkpoint {
  /** A digest of the connection string (which may hold a password): a checkpoint only counts for the same target. */
  target: string;
  position: string;
  copied: number;
}

const STORES = ['sqlite', 'esdb'] as const;

/** `migrate --from sqlite --to esdb`: copies the embedded log into EventStoreDB, resumably, then verifies it there. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('copy every stream of the embedded store into EventStoreDB in log order, keeping event ids, envelopes and hash chains')
    .requiredOption('--from <store>', 'the store to copy from: sqlite')
    .requiredOption('--to <store>', 'the store to copy into: esdb')
    .option('--connection-string <cs>', 'the EventStoreDB to copy into (default: EVENTSTORE_CONNECTION_STRING)')
    .option('--data-dir <dir>', 'data directory of the embedded store (default: PAIRTRAIL_DATA_DIR or ./data)')
    .action(async (options: { from: string; to: string; connectionString?: string; dataDir?: string }) => {
      for (const [name, value] of [
        ['--from', options.from],
        ['--to', options.to],
      ] as const) {
        if (!(STORES as readonly string[]).includes(value)) throw new CliError(`${name} must be one of ${STORES.join(', ')}, not "${value}".`, 2);
      }
      if (options.from !== 'sqlite' || options.to !== 'esdb')
        throw new CliError('Only --from sqlite --to esdb is supported: it moves a deployment onto EventStoreDB.', 2);
      const connectionString = options.connectionString ?? process.env.EVENTSTORE_CONNECTION_STRING;
      if (!connectionString)
        throw new CliError('Say which EventStoreDB to copy into: --connection-string esdb://host:2113?tls=false, or EVENTSTORE_CONNECTION_STRING.', 2);
      const config = loadConfig({ ...process.env, PAIRTRAIL_EVENT_STORE: 'sqlite' }, { dataDir: options.dataDir });
      if (!existsSync(config.eventsPath)) throw new CliError(`${config.dataDir} holds no events.db to migrate; give --data-dir.`, 2);
      // The read models here were built from the embedded store, whose positions are not EventStoreDB's:
      // said so in them, older ones (which do not say) are built again at the first start on EventStoreDB.
      if (existsSync(config.readModelsPath)) {
        const db = openReadModelDb(config.readModelsPath, { checkpointer: false });
        try {
          presumeReadModelsLog(db, 'sqlite');
        } finally {
          db.close();
        }
      }
      await migrate(config.dataDir, config.eventsPath, connectionString);
    });
}

async function migrate(dataDir: string, eventsPath: string, connectionString: string): Promise<void> {
  const checkpointPath = join(dataDir, 'migrate-to-esdb.json');
  const previous = readCheckpoint(checkpointPath, connectionString);
  const source = new SqliteEventStore({ path: eventsPath });
  const target = esdbStore({ connectionString, categories: STREAM_CATEGORIES }, '--connection-string');
  try {
    await refuseAnotherLog(source, target);
    if (previous) say(`resuming: ${previous.copied} events were copied before, up to position ${previous.position}`);
    const result = await copyLog(source, target, {
      after: previous ? BigInt(previous.position) : 0n,
      copiedBefore: previous?.copied ?? 0,
      onProgress: ({ copied, total, position }) => {
        writeCheckpoint(checkpointPath, { target: sha256(connectionString), position: position.toString(), copied });
        say(`copied ${copied} of ${total} events (${total === 0 ? 100 : Math.floor((copied / total) * 100)}%)`);
      },
    });
    say(`copied ${result.copied} events; verifying the hash chains on EventStoreDB…`);
    // Up to where the copy ends there: what this command writes after it (below) is checked on its own.
    const [before, after] = await Promise.all([verifyLog(source), verifyLog(target, { upTo: await copiedUpTo(source, target) })]);
    if (!after.ok) {
      const first = after.failures[0]!;
      throw new CliError(`verification on EventStoreDB failed: stream ${first.stream}, revision ${first.revision}: ${first.reason}`);
    }
    if (after.headDigest !== before.headDigest || after.eventsChecked !== before.eventsChecked) {
      throw new CliError(
        `EventStoreDB holds ${after.eventsChecked} events with head digest ${after.headDigest}, but the embedded store ${before.eventsChecked} with ${before.headDigest}; was something else written to it?`,
      );
    }
    say(
      `ok: ${after.eventsChecked} events in ${after.streamsChecked} streams verify on EventStoreDB; head digest ${after.headDigest}, as on the embedded store`,
    );
    const carried = await carryOverCaseStudyVersions(source, target, new PairtrailApplication({ store: target, serializer: new EventSerializer() }));
    if (carried > 0) {
      say(
        `${carried} approved case-study version${carried === 1 ? '' : 's'} carried over: each regenerates on EventStoreDB as approved, from where its position stands there`,
      );
    }
    say(
      "Now start Pairtrail with PAIRTRAIL_EVENT_STORE=esdb and EVENTSTORE_CONNECTION_STRING set. At its first start it builds the read models again from EventStoreDB's log, whose positions differ from the embedded store's.",
    );
  } catch (error) {
    if (error instanceof CopyConflictError) throw new CliError(error.message);
    throw error;
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}

/**
 * Refuses a target that holds another log: copied into it, this log's events would stay there for good,
 * mixed with that programme's, before verification could say anything. A target that holds this log's
 * start (an earlier run of this copy, complete or not) is this log's.
 */
async function refuseAnotherLog(source: EventStore, target: EventStore): Promise<void> {
  const [theirs] = await target.readAll({ maxCount: 1 });
  if (!theirs) return;
  const [ours] = await source.readAll({ maxCount: 1 });
  if (ours?.eventId === theirs.eventId) return;
  const { events } = await target.stats();
  throw new CliError(
    `The EventStoreDB to copy into already holds ${events} events of another log (its first, ${theirs.type} in ${theirs.stream}, is not this store's first). Copy into an empty EventStoreDB: copied there, this programme's events would stay mixed with that one's for good. Nothing was copied.`,
  );
}

/** Where the copy of the source's last event stands on the target (0 for an empty log). */
async function copiedUpTo(source: EventStore, target: EventStore): Promise<bigint> {
  return (await copyOf(source, target, await source.headPosition()))?.position ?? 0n;
}

/** The checkpoint of an earlier run into the same EventStoreDB, if there was one. */
function readCheckpoint(path: string, target: string): Checkpoint | undefined {
  if (!existsSync(path)) return undefined;
  const checkpoint = JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
  return checkpoint.target === sha256(target) ? checkpoint : undefined;
}

/** Written beside and renamed over, so a crash leaves the old checkpoint or the new one, never half of one. */
function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(checkpoint)}\n`);
  renameSync(`${path}.tmp`, path);
}
