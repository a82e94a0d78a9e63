import type { Command } from 'commander';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { takeDataDirAlone } from '@pairtrail/application';
import { SqliteEventStore, backupSqliteFile, verifyLog, type FileLock } from '@pairtrail/event-store';
import { CliError, printJson, progress, say } from '../output';
import { openRuntime, type Runtime } from '../runtime';

/** Opens the data directory, runs `work`, and closes it whatever happens. `create`: see `openRuntime`. */
export async function withRuntime<T>(dataDir: string | undefined, work: (runtime: Runtime) => Promise<T>, options: { create?: boolean } = {}): Promise<T> {
  const runtime = openRuntime({ dataDir, create: options.create });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

const parsePosition = (value: string): bigint => {
  if (!/^\d+$/.test(value)) throw new CliError(`--position must be a whole number, not "${value}".`, 2);
  return BigInt(value);
};

const SIDE_FILES = ['', '-wal', '-shm'];

const ESDB_BACKUP =
  "backup and restore work on the embedded store; on EventStoreDB use the server's own backups (https://developers.eventstore.com/server/v24.10/operations.html#backup-and-restore), and back up keys.db beside them.";

/** `stats`, `events`, `verify`, `backup` and `restore`: the commands that work on the event store itself. */
export function registerStoreCommands(program: Command): void {
  program
    .command('stats')
    .description('count the events and streams in the store')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory (default: PAIRTRAIL_DATA_DIR or ./data)')
    .action(async (options: { json?: boolean; dataDir?: string }) =>
      withRuntime(options.dataDir, async ({ store }) => {
        const stats = await store.stats();
        if (options.json) printJson(stats);
        else say(`${stats.events} events in ${stats.streams} streams; last position ${stats.lastPosition}`);
      }),
    );

  program
    .command('events')
    .description('print one stream with its envelopes')
    .requiredOption('--stream <stream>', 'stream name, such as pair-<id>')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { stream: string; json?: boolean; dataDir?: string }) =>
      withRuntime(options.dataDir, async ({ store }) => {
        const events = await store.readStream(options.stream);
        if (events.length === 0) throw new CliError(`There is no stream ${options.stream}. "pairtrail stats" shows what the store holds.`);
        if (options.json) return printJson(events);
        for (const e of events) {
          const m = e.metadata as { recordedAt?: string; actor?: unknown; commandId?: string; hash?: string };
          const actor =
            typeof m.actor === 'object' && m.actor ? `${(m.actor as { userId: string }).userId} (${(m.actor as { role: string }).role})` : String(m.actor);
          say(`#${e.revision}  position ${e.position}  ${e.type}  ${m.recordedAt ?? ''}  by ${actor}`);
          say(`    eventId ${e.eventId}  command ${m.commandId ?? ''}  hash ${m.hash ?? ''}`);
          say(`    ${JSON.stringify(e.data)}`);
        }
      }),
    );

  program
    .command('verify')
    .description("check every stream's hash chain and print the head digest")
    .option('--position <P>', 'verify the log up to this position only')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { position?: string; json?: boolean; dataDir?: string }) => {
      const upTo = options.position === undefined ? undefined : parsePosition(options.position);
      await withRuntime(options.dataDir, async ({ store }) => {
        const head = upTo ?? (await store.stats()).lastPosition;
        const bar = progress('verifying, log position');
        const report = await verifyLog(store, { upTo, onProgress: ({ position }) => bar.update(Number(position < head ? position : head), Number(head)) });
        bar.done();
        if (options.json) printJson(report);
        else {
          say(`${report.ok ? 'ok' : 'FAILED'}: ${report.eventsChecked} events in ${report.streamsChecked} streams, up to position ${report.position}`);
          say(`head digest ${report.headDigest}`);
          for (const f of report.failures) say(`broken: stream ${f.stream} at revision ${f.revision}: ${f.reason}`);
        }
        if (!report.ok) {
          const first = report.failures[0]!;
          throw new CliError(`verification failed: stream ${first.stream}, revision ${first.revision}: ${first.reason}`);
        }
      });
    });

  program
    .command('backup')
    .description('take a consistent copy of the event store (safe while the server runs)')
    .requiredOption('--out <dir>', 'directory to write the backup into')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { out: string; dataDir?: string }) =>
      withRuntime(options.dataDir, async ({ store, sqlite, config }) => {
        if (!sqlite) throw new CliError(ESDB_BACKUP);
        const out = resolve(options.out);
        if (existsSync(join(out, 'events.db'))) throw new CliError(`${out} already holds a backup; choose an empty directory.`);
        mkdirSync(out, { recursive: true });
        await sqlite.database.backup(join(out, 'events.db'));
        if (existsSync(config.keysPath)) await backupSqliteFile(config.keysPath, join(out, 'keys.db'));
        const stats = await store.stats();
        say(`backed up ${stats.events} events (up to position ${stats.lastPosition}) to ${out}`);
      }),
    );

  program
    .command('restore')
    .description('put a backup back into the data directory; read models are rebuilt from it')
    .argument('<dir>', 'a directory written by "pairtrail backup"')
    .option('--force', 'replace a data directory that already holds events')
    .option('--data-dir <dir>', 'data directory')
    .action(async (dir: string, options: { force?: boolean; dataDir?: string }) => {
      const source = join(resolve(dir), 'events.db');
      if (!existsSync(source) || !statSync(source).isFile()) throw new CliError(`${dir} holds no events.db; give a directory written by "pairtrail backup".`);
      const backup = new SqliteEventStore({ path: source });
      let alone: FileLock | undefined;
      try {
        const report = await verifyLog(backup);
        if (!report.ok)
          throw new CliError(
            `The backup fails verification (stream ${report.failures[0]!.stream}, revision ${report.failures[0]!.revision}); nothing was restored.`,
          );
        const events = report.eventsChecked;
        const runtime = openRuntime({ dataDir: options.dataDir, create: true });
        const { config } = runtime;
        if (!runtime.sqlite) {
          await runtime.close();
          throw new CliError(ESDB_BACKUP);
        }
        const existing = (await runtime.store.stats()).events;
        await runtime.close();
        if (existing > 0 && !options.force)
          throw new CliError(`${config.dataDir} already holds ${existing} events; stop the server and pass --force to replace them.`);
        // A server would go on writing to the event store it has open, which the restore puts aside: its
        // writes would be lost. So nothing may use the directory meanwhile.
        alone = takeDataDirAlone(config);
        const staging = `${config.eventsPath}.restoring`;
        rmSync(staging, { force: true });
        await backup.database.backup(staging);
        for (const suffix of SIDE_FILES) rmSync(`${config.eventsPath}${suffix}`, { force: true });
        renameSync(staging, config.eventsPath);
        for (const suffix of SIDE_FILES) rmSync(`${config.readModelsPath}${suffix}`, { force: true });
        if (existsSync(join(resolve(dir), 'keys.db'))) {
          for (const suffix of SIDE_FILES) rmSync(`${config.keysPath}${suffix}`, { force: true });
          await backupSqliteFile(join(resolve(dir), 'keys.db'), config.keysPath);
        }
        say(`restored ${events} events into ${config.dataDir}; read models will be rebuilt from them at the next start`);
      } finally {
        alone?.release();
        await backup.close();
      }
    });
}
