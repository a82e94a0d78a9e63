import type { Command } from 'commander';
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  PairtrailApplication,
  embeddedEvents,
  loadConfig,
  openStore,
  readMasterKeyFile,
  refuseMismatchedLog,
  takeDataDirAlone,
  type PairtrailConfig,
} from '@pairtrail/application';
import {
  DamagedDatabaseError,
  isDamage,
  SqliteEventStore,
  backupDatabase,
  deriveId,
  eventsOfType,
  backupSqliteFile,
  destroyedKeys,
  keyStoreOpensWith,
  rewrapKeyStore,
  requireWithinLog,
  verifyLog,
  type EventStore,
  type FileLock,
  type VerifyReport,
  makePrivateDirectory,
} from '@pairtrail/event-store';
import { CliError, checkOutDir, printJson, progress, say } from '../output';
import { openRuntime, type Runtime } from '../runtime';

/** How many events the event store at `path` holds: none if there is no such file. */

/** The participants a log records as erased, with when each erasure was recorded. */
async function erasedIn(store: EventStore): Promise<Map<string, string>> {
  const erased = new Map<string, string>();
  for await (const e of eventsOfType(store, 'ParticipantErased')) erased.set(e.stream.slice('participant-'.length), String(e.metadata.recordedAt ?? ''));
  return erased;
}

/**
 * Whom the log at `eventsPath` erased that `backup` still holds: restored as it is, the backup would bring
 * them back.
 */
async function erasedAfter(backup: EventStore, eventsPath: string): Promise<Map<string, string>> {
  const replaced = new SqliteEventStore({ path: eventsPath });
  try {
    const inBackup = await erasedIn(backup);
    return new Map([...(await erasedIn(replaced))].filter(([participantId]) => !inBackup.has(participantId)));
  } finally {
    await replaced.close();
  }
}

/**
 * Erases again, in the copy of a backup about to be restored (its log and keys at `paths`), the people
 * the log it replaces had erased since the backup was made: an erasure is recorded again (by the
 * system, saying why) and the person's key destroyed, so restoring an older backup brings no one back.
 * The server finishes the rest at its next start, as after any erasure: it ends their sign-ins and
 * leaves their plaintext out of the read models. People the restored log does not hold at all
 * (registered after it) have nothing to erase there, but their key goes all the same: on EventStoreDB
 * the keys are backed up after the log, and may hold it.
 */
async function eraseAgain(
  config: PairtrailConfig,
  paths: Pick<PairtrailConfig, 'eventsPath' | 'keysPath'>,
  masterKey: Buffer,
  erased: Map<string, string>,
): Promise<string[]> {
  const { store, serializer, keys, close } = openStore({ ...config, ...paths, masterKey: { key: masterKey } }, { onNotice: () => undefined });
  const app = new PairtrailApplication({ store, serializer, timeZone: config.timeZone });
  const done: string[] = [];
  try {
    for (const [participantId, recordedAt] of erased) {
      const subject = `participant-${participantId}`;
      const events = await store.readStream(subject);
      // Not in the log, or erased there already (it was restored from after the erasure): only the key is to go.
      if (events.length === 0 || events.some((e) => e.type === 'ParticipantErased')) {
        if (!keys.isDestroyed(subject)) keys.destroy(subject);
        if (events.length > 0) done.push(participantId);
        continue;
      }
      await app.execute(
        {
          type: 'EraseParticipant',
          data: { participantId, reason: `erased at ${recordedAt}, after the backup restored here was made; erased again on restoring it` },
        },
        { commandId: deriveId('erased-again-on-restore', participantId, recordedAt), actor: 'system', source: 'cli' },
      );
      if (!keys.isDestroyed(subject)) keys.destroy(subject);
      done.push(participantId);
    }
  } finally {
    await close();
  }
  return done;
}

/**
 * `restore` on EventStoreDB, once the log has been restored with EventStoreDB's own tools: puts back
 * the personal-data keys from a \`pairtrail backup\`, sealed with the master key to be used. Anyone
 * whose key this directory destroyed since the backup (an erasure) stays erased: their erasure is
 * recorded again in the restored log if it lacks it, and their key destroyed, in the copy, before it
 * takes the place of the directory's keys. The read models are rebuilt from the restored log.
 */
async function restoreKeysOnEsdb(dir: string, config: PairtrailConfig, force: boolean): Promise<void> {
  const backupKeys = join(dir, 'keys.db');
  if (!existsSync(backupKeys)) throw new CliError(`${dir} holds no keys.db; give a directory written by "pairtrail backup". ${ESDB_RESTORE}`);
  if (existsSync(config.keysPath) && !force) throw new CliError(`${config.keysPath} already holds keys; stop the server and pass --force to replace them.`);
  const { key: masterKey, sealedWith } = restoredMasterKey(config, backupKeys, join(dir, 'master.key'));
  // Destroyed here and not in the backup: erased since it was made.
  const destroyedThen = destroyedKeys(backupKeys);
  const erasedSince = new Map(
    [...destroyedKeys(config.keysPath)]
      .filter(([subject]) => subject.startsWith('participant-') && !destroyedThen.has(subject))
      .map(([subject, at]) => [subject.slice('participant-'.length), at]),
  );
  const alone = takeDataDirAlone(config);
  try {
    const staged = `${config.keysPath}.restoring`;
    for (const suffix of SIDE_FILES) rmSync(`${staged}${suffix}`, { force: true });
    await backupSqliteFile(backupKeys, staged);
    if (sealedWith) rewrapKeyStore(staged, sealedWith, masterKey!);
    const erasedAgain = erasedSince.size > 0 ? await eraseAgain(config, { eventsPath: config.eventsPath, keysPath: staged }, masterKey!, erasedSince) : [];
    replaceWith(staged, config.keysPath);
    for (const suffix of SIDE_FILES) rmSync(`${config.readModelsPath}${suffix}`, { force: true });
    if ('generateAt' in config.masterKey && existsSync(join(dir, 'master.key'))) copyPrivateFile(join(dir, 'master.key'), config.masterKey.generateAt);
    say(`restored the personal-data keys into ${config.keysPath}; read models will be rebuilt from EventStoreDB's log at the next start`);
    if (sealedWith) say("the backup's keys, sealed with its own master.key, are sealed again with the configured master key");
    if (erasedAgain.length > 0) {
      say(
        `kept erased ${erasedAgain.length === 1 ? 'participant' : 'participants'} ${erasedAgain.join(', ')}: ${config.keysPath} had destroyed their keys since this backup was made`,
      );
    }
    say(`The log itself is restored with ${ESDB_BACKUPS}: restore it before its keys, from no later than this backup.`);
  } finally {
    alone.release();
  }
}

/**
 * Refuses a backup of another log than the data directory's: restored with --force, it would replace
 * this programme with another, and the log it replaces is gone. A backup of the same programme starts
 * with the same event, however much later or earlier it ends.
 */
async function refuseAnotherProgramme(backup: EventStore, config: PairtrailConfig): Promise<void> {
  const here = new SqliteEventStore({ path: config.eventsPath });
  try {
    const [[theirs], [ours]] = await Promise.all([backup.readAll({ maxCount: 1 }), here.readAll({ maxCount: 1 })]);
    if (!theirs || !ours || theirs.eventId === ours.eventId) return;
    throw new CliError(
      `The backup is of another log than ${config.dataDir}'s: their first events differ (${theirs.type} in ${theirs.stream}, against ${ours.type} in ${ours.stream}). Restored, it would replace this programme with another, and this log would be gone. Check the backup's directory; to replace the programme all the same, move ${config.dataDir}'s files away first. Nothing was restored.`,
    );
  } finally {
    await here.close();
  }
}

/** What `read` gives, or 'damaged' where SQLite finds the file it reads is no database, or a damaged one. */
async function readableOrDamaged<T>(read: () => Promise<T>): Promise<T | 'damaged'> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof DamagedDatabaseError || isDamage(error)) return 'damaged';
    throw error;
  }
}

/** Puts a file written beside `to` in its place, with none of the old file's WAL left to be read into it. */
function replaceWith(staged: string, to: string): void {
  for (const suffix of SIDE_FILES) rmSync(`${to}${suffix}`, { force: true });
  renameSync(staged, to);
}

/** Checks the hash chains up to `upTo` (or the head), showing the position reached on a terminal. */
export async function verifyWithProgress(store: EventStore, label: string, upTo?: bigint): Promise<VerifyReport> {
  const head = upTo ?? (await store.headPosition());
  const bar = progress(label);
  const report = await verifyLog(store, { upTo, onProgress: ({ position }) => bar.update(Number(position < head ? position : head), Number(head)) });
  bar.done();
  return report;
}

/** Copies the event store's database through SQLite's online backup, showing pages copied on a terminal. */
async function copyWithProgress(store: SqliteEventStore, to: string, label: string): Promise<void> {
  const bar = progress(label);
  await backupDatabase(store.database, to, (copied, total) => bar.update(copied, total));
  bar.done();
}

/** Copies a file only its owner may read, such as a master key. */
function copyPrivateFile(from: string, to: string): void {
  copyFileSync(from, to);
  chmodSync(to, 0o600);
}

/**
 * The master key the restored directory will use: the one configured, else the backup's own development
 * key, else the directory's; undefined if there is none. `sealedWith` is the backup's own key, when its
 * keys are to be sealed again with the configured one. A backup's personal data must open with it:
 * refused before anything is replaced, since a restore with the wrong key would leave everyone's
 * personal data unreadable.
 */
function restoredMasterKey(config: PairtrailConfig, backupKeys: string, backupMasterKey: string): { key?: Buffer; sealedWith?: Buffer } {
  // A backup made before \`pairtrail keys rotate\` opens with its own master.key: its keys are sealed
  // again with the configured one as they are restored.
  if ('key' in config.masterKey && existsSync(backupKeys) && existsSync(backupMasterKey) && !keyStoreOpensWith(backupKeys, config.masterKey.key)) {
    const sealedWith = readMasterKeyFile(backupMasterKey);
    if (keyStoreOpensWith(backupKeys, sealedWith)) return { key: config.masterKey.key, sealedWith };
  }
  const candidate = (): { key?: Buffer; which: string } => {
    if ('key' in config.masterKey) return { key: config.masterKey.key, which: 'does not open with the configured master key (PAIRTRAIL_MASTER_KEY or _FILE)' };
    if (existsSync(backupMasterKey)) return { key: readMasterKeyFile(backupMasterKey), which: `does not open with the backup's ${backupMasterKey}` };
    const own = config.masterKey.generateAt;
    if (existsSync(own)) return { key: readMasterKeyFile(own), which: `does not open with ${own}` };
    return { which: `needs the master key it was made under: none is configured, and neither the backup nor ${config.dataDir} holds a master.key` };
  };
  const { key, which } = candidate();
  if (!existsSync(backupKeys) || (key && keyStoreOpensWith(backupKeys, key))) return { key };
  throw new CliError(
    `The backup's personal data (${backupKeys}) ${which}. Set PAIRTRAIL_MASTER_KEY to the master key the backup was made under, or put its master.key in the backup directory; nothing was restored.`,
  );
}

/** Opens the data directory, runs `work`, and closes it whatever happens. `create`: see `openRuntime`. */
export async function withRuntime<T>(dataDir: string | undefined, work: (runtime: Runtime) => Promise<T>, options: { create?: boolean } = {}): Promise<T> {
  const runtime = openRuntime({ dataDir, create: options.create });
  try {
    await refuseMismatchedLog(runtime.config, runtime);
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/** A `--position` flag's value: a log position. */
export const parsePosition = (value: string): bigint => {
  if (!/^\d+$/.test(value)) throw new CliError(`--position must be a whole number, not "${value}".`, 2);
  return BigInt(value);
};

const SIDE_FILES = ['', '-wal', '-shm'];

const ESDB_BACKUPS = "EventStoreDB's own backups (https://developers.eventstore.com/server/v24.10/operations.html#backup-and-restore)";
const ESDB_RESTORE = `On EventStoreDB, restore the log with ${ESDB_BACKUPS} first, then its keys with "pairtrail restore" from a backup taken after it.`;

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
        await requireWithinLog(store, upTo, '--position');
        const report = await verifyWithProgress(store, 'verifying, log position', upTo);
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
    .description('take a consistent copy of the event store and its keys (safe while the server runs); on EventStoreDB, of the keys')
    .requiredOption('--out <dir>', 'directory to write the backup into')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { out: string; dataDir?: string }) =>
      withRuntime(options.dataDir, async ({ store, sqlite, config }) => {
        checkOutDir(options.out);
        const out = resolve(options.out);
        if (existsSync(join(out, 'events.db')) || existsSync(join(out, 'keys.db')))
          throw new CliError(`${out} already holds a backup; choose an empty directory.`);
        makePrivateDirectory(out);
        if (sqlite) await copyWithProgress(sqlite, join(out, 'events.db'), 'copying the event store, pages');
        // The keys as SQLite's online backup copies them: a copy of the file alone, while the server
        // writes, can miss the keys still in its WAL, and with them those people's personal data.
        if (existsSync(config.keysPath)) await backupSqliteFile(config.keysPath, join(out, 'keys.db'));
        if (sqlite) {
          const stats = await store.stats();
          say(`backed up ${stats.events} events (up to position ${stats.lastPosition}) to ${out}`);
        } else {
          say(`backed up the personal-data keys (keys.db) to ${out}; the log itself is on EventStoreDB: back it up with ${ESDB_BACKUPS}.`);
          say(
            "Take this backup after EventStoreDB's: every person in that backup then has their key in this one (and anyone erased between the two stays erased).",
          );
        }
        if ('generateAt' in config.masterKey && existsSync(config.masterKey.generateAt)) {
          // The development key lives in the data directory; without it the backup's personal data is lost.
          copyPrivateFile(config.masterKey.generateAt, join(out, 'master.key'));
          say('with the development master key (master.key): keep the backup as safe as the data directory itself');
        } else {
          say('Personal data in it is sealed with your configured master key: keep that key safe, apart from the backup; a restore needs it.');
        }
      }),
    );

  program
    .command('restore')
    .description(
      'put a backup back into the data directory, erasing again anyone its own log erased since; read models are rebuilt from it. On EventStoreDB, the keys alone, after its own restore of the log',
    )
    .argument('<dir>', 'a directory written by "pairtrail backup"')
    .option('--force', 'replace a data directory that already holds events (on EventStoreDB, keys)')
    .option('--data-dir <dir>', 'data directory')
    .action(async (dir: string, options: { force?: boolean; dataDir?: string }) => {
      // The directory is looked at, not opened: its own keys play no part, and it may be what needs the restore.
      const config = loadConfig(process.env, { dataDir: options.dataDir });
      if (config.eventStore !== 'sqlite') return restoreKeysOnEsdb(resolve(dir), config, options.force === true);
      const source = join(resolve(dir), 'events.db');
      if (!existsSync(source) || !statSync(source).isFile()) throw new CliError(`${dir} holds no events.db; give a directory written by "pairtrail backup".`);
      const backup = new SqliteEventStore({ path: source });
      let alone: FileLock | undefined;
      try {
        const report = await verifyWithProgress(backup, 'verifying the backup, log position');
        if (!report.ok)
          throw new CliError(
            `The backup fails verification (stream ${report.failures[0]!.stream}, revision ${report.failures[0]!.revision}); nothing was restored.`,
          );
        const events = report.eventsChecked;
        makePrivateDirectory(config.dataDir);
        // What the directory's own log holds, and whom it erased since the backup. A log too damaged to
        // read (what a restore is often for), at its start or further in, can only be replaced: who it
        // erased since the backup cannot be read from it.
        const existing = await readableOrDamaged(async () => {
          const events = await embeddedEvents(config.eventsPath);
          if (events === 0) return { held: false, erasedSince: new Map<string, string>() };
          if (!options.force) throw new CliError(`${config.dataDir} already holds ${events} events; stop the server and pass --force to replace them.`);
          await refuseAnotherProgramme(backup, config);
          return { held: true, erasedSince: await erasedAfter(backup, config.eventsPath) };
        });
        if (existing === 'damaged' && !options.force)
          throw new CliError(
            `${config.eventsPath} is damaged and cannot be read; stop the server and pass --force to replace it with the backup. Nothing was restored.`,
          );
        const { held, erasedSince } = existing === 'damaged' ? { held: false, erasedSince: new Map<string, string>() } : existing;
        const backupMasterKey = join(resolve(dir), 'master.key');
        const backupKeys = join(resolve(dir), 'keys.db');
        const { key: masterKey, sealedWith } = restoredMasterKey(config, backupKeys, backupMasterKey);
        if (erasedSince.size > 0 && !masterKey)
          throw new CliError(
            `${config.dataDir} erased people after this backup was made, and they can be erased again in it only with the master key; set PAIRTRAIL_MASTER_KEY. Nothing was restored.`,
          );
        // A server would go on writing to the event store it has open, which the restore puts aside: its
        // writes would be lost. So nothing may use the directory meanwhile.
        alone = takeDataDirAlone(config);
        // The log and keys are made ready beside the directory's own, erasures made again in them, and only
        // then put in place: stopped at any point, no log there has forgotten an erasure.
        const staging = { eventsPath: `${config.eventsPath}.restoring`, keysPath: `${config.keysPath}.restoring` };
        for (const path of Object.values(staging)) for (const suffix of SIDE_FILES) rmSync(`${path}${suffix}`, { force: true });
        await copyWithProgress(backup, staging.eventsPath, 'restoring the event store, pages');
        const keysFromBackup = existsSync(backupKeys);
        if (keysFromBackup) await backupSqliteFile(backupKeys, staging.keysPath);
        if (keysFromBackup && sealedWith) rewrapKeyStore(staging.keysPath, sealedWith, masterKey!);
        const erasedAgain =
          erasedSince.size > 0
            ? await eraseAgain(
                config,
                { eventsPath: staging.eventsPath, keysPath: keysFromBackup ? staging.keysPath : config.keysPath },
                masterKey!,
                erasedSince,
              )
            : [];
        // The log first, then its keys: stopped between the two, the directory's own keys (newer than the
        // backup's) still open everyone in it.
        replaceWith(staging.eventsPath, config.eventsPath);
        for (const suffix of SIDE_FILES) rmSync(`${config.readModelsPath}${suffix}`, { force: true });
        if (keysFromBackup) replaceWith(staging.keysPath, config.keysPath);
        if ('generateAt' in config.masterKey && existsSync(backupMasterKey)) copyPrivateFile(backupMasterKey, config.masterKey.generateAt);
        say(`restored ${events} events into ${config.dataDir}; read models will be rebuilt from them at the next start`);
        if (sealedWith)
          say(
            "the backup's personal-data keys, sealed with its own master.key (from before pairtrail keys rotate), are sealed again with the configured master key",
          );
        if (erasedAgain.length > 0)
          say(
            `erased again ${erasedAgain.length === 1 ? 'participant' : 'participants'} ${erasedAgain.join(', ')}: the data directory's own log had erased them after this backup was made`,
          );
        else if (!held) {
          const lastPosition = await backup.headPosition();
          const last = lastPosition > 0n ? (await backup.readAll({ after: lastPosition - 1n, maxCount: 1 }))[0] : undefined;
          say(
            `If anyone was erased after this backup was made (its last event was recorded at ${String(last?.metadata.recordedAt ?? 'its start')}), erase them again: their personal data is readable in it.`,
          );
        }
      } finally {
        alone?.release();
        await backup.close();
      }
    });
}
