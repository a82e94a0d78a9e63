import { chmodSync, mkdirSync, statSync } from 'node:fs';

/** Makes a directory for Pairtrail's files (with any parents missing) that only its owner may enter. */
export function makePrivateDirectory(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
}

/**
 * Lets only its owner read a SQLite database, its WAL and its shared memory: they hold personal data
 * (the read models in plain text), and SQLite makes them as the umask allows, commonly readable by every
 * user of the machine. SQLite gives a new WAL the database's own mode, so it stays so. A file that is
 * not Pairtrail's to change (another user's, on a read-only mount) is left as it is.
 */
export function keepToOwner(databasePath: string): void {
  if (databasePath === ':memory:') return;
  for (const path of [databasePath, `${databasePath}-wal`, `${databasePath}-shm`]) {
    try {
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    } catch {
      // Not there (no WAL yet), or not ours to change.
    }
  }
}
