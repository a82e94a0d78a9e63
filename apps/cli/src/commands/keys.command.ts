import type { Command } from 'commander';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadConfig, readMasterKeyFile, takeDataDirAlone } from '@pairtrail/application';
import { keyStoreOpensWith, rewrapKeyStore } from '@pairtrail/event-store';
import { CliError, describeFileError, say } from '../output';

/**
 * `keys rotate --new-key-file F`: seals every personal-data key with a new master key. For a master key
 * that may have been seen by someone who should not have it, and to move a data directory from the
 * development key (`master.key` beside the data) to one configured apart from it, as production needs.
 */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('the master key that seals every personal-data key');
  keys
    .command('rotate')
    .description('seal every personal-data key with a new master key (stop the server first); the old one then opens nothing')
    .requiredOption('--new-key-file <file>', 'the new master key: 32 bytes, base64 (make one with: openssl rand -base64 32 > FILE)')
    .option('--data-dir <dir>', 'data directory')
    .action((options: { newKeyFile: string; dataDir?: string }) => {
      const config = loadConfig(process.env, { dataDir: options.dataDir });
      if (!existsSync(config.keysPath)) throw new CliError(`${config.dataDir} holds no keys.db: there is no personal data to seal. Check --data-dir.`, 2);
      const fromFile = 'generateAt' in config.masterKey ? config.masterKey.generateAt : undefined;
      if (fromFile !== undefined && !existsSync(fromFile)) {
        throw new CliError(`${fromFile} is missing: set PAIRTRAIL_MASTER_KEY (or PAIRTRAIL_MASTER_KEY_FILE) to the master key keys.db is sealed with now.`, 2);
      }
      const current = fromFile === undefined ? (config.masterKey as { key: Buffer }).key : readMasterKeyFile(fromFile);
      const next = newKey(options.newKeyFile);
      if (next.equals(current))
        throw new CliError(`--new-key-file ${options.newKeyFile} holds the master key in use now; make a new one with: openssl rand -base64 32`, 2);
      if (!keyStoreOpensWith(config.keysPath, current)) {
        throw new CliError(
          `The master key in use (${fromFile ?? 'PAIRTRAIL_MASTER_KEY or PAIRTRAIL_MASTER_KEY_FILE'}) does not open ${config.keysPath}; configure the one it is sealed with. Nothing was changed.`,
        );
      }
      // A server holds the keys it has read in memory, sealed with the old key on disk: it must be stopped.
      const alone = takeDataDirAlone(config, 'rotating the master key');
      let sealed: number;
      try {
        sealed = rewrapKeyStore(config.keysPath, current, next);
        // The development key opens nothing now; left beside the data it would only mislead.
        if (fromFile !== undefined) rmSync(fromFile, { force: true });
      } finally {
        alone.release();
      }
      say(`sealed ${sealed} personal-data key${sealed === 1 ? '' : 's'} in ${config.keysPath} with the new master key; the old one opens nothing now`);
      say(
        `Start Pairtrail with PAIRTRAIL_MASTER_KEY_FILE=${options.newKeyFile} (or PAIRTRAIL_MASTER_KEY set to its contents), and keep that file apart from the data.`,
      );
      say('Backups made before now still open only with the old master key: keep it with them, or take a new backup with "pairtrail backup".');
    });
}

/** The new master key from its file, or an error naming the file and what is wrong with it. */
function newKey(path: string): Buffer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`--new-key-file: ${describeFileError(error) ?? `cannot read ${path}.`}`, 2);
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32 || key.toString('base64') !== text.trim()) {
    throw new CliError(`--new-key-file ${path} must hold 32 bytes, base64-encoded; make one with: openssl rand -base64 32 > ${path}`, 2);
  }
  return key;
}
