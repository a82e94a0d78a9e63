import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Makes a directory with any parents missing, one level at a time. Node's own recursive mkdir spins for
 * ever at full CPU where the kernel answers ENOENT for a child of a parent that exists (under /proc or
 * /sys): a mistyped --out or data directory there hung the command. Made so, it fails at once, naming the
 * directory it could not make.
 */
export function makeDirectory(path: string, mode?: number): void {
  const missing: string[] = [];
  for (let at = resolve(path); !existsSync(at); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir, { mode });
    } catch (error) {
      // Made meanwhile by another process: as good as made here.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(dir).isDirectory()) throw error;
    }
  }
}

/**
 * The file that stands where `path`, a directory to be, or one of its parents would go (`path` itself,
 * or a parent); undefined when it is a directory or can be made one.
 */
export function fileInTheWay(path: string): string | undefined {
  let at = resolve(path);
  while (!existsSync(at)) {
    const up = dirname(at);
    if (up === at) return undefined;
    at = up;
  }
  return statSync(at).isDirectory() ? undefined : at;
}

/** Makes a directory for Pairtrail's files (with any parents missing) that only its owner may enter. */
export function makePrivateDirectory(path: string): void {
  makeDirectory(path, 0o700);
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
