import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

/** A database file SQLite finds is not a database, or is damaged: said with the file and what to do. */
export class DamagedDatabaseError extends Error {
  constructor(
    readonly path: string,
    message: string,
    /** What the file holds, for someone who cannot see the server's files: "the event log". */
    readonly what = 'a data file',
  ) {
    super(message);
  }
}

/**
 * Whether an error is SQLite finding a file no database, or a damaged one. Known by its code, not its
 * class, since better-sqlite3's errors may come from another realm.
 */
export function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'));
}

/** The database files this process has opened, with what each holds and how its damage is said. */
const opened = new Map<string, { what: string; damaged: (cause: string) => string }>();

/**
 * Runs a connection's first statements: where they find that the file is no database, or a damaged one,
 * closes the connection and throws what `damaged` says of it (given SQLite's own words), rather than the
 * failed disk every other storage error is taken for. The file is remembered, so that damage SQLite
 * meets later, in the middle of the file, can be traced back to it (`findDamagedFile`).
 */
export function opening<T>(path: string, what: string, open: () => T, close: () => void, damaged: (cause: string) => string): T {
  if (path !== ':memory:') opened.set(path, { what, damaged });
  try {
    return open();
  } catch (error) {
    if (!isDamage(error)) throw error;
    close();
    throw new DamagedDatabaseError(path, damaged(String((error as { message?: unknown }).message)), what);
  }
}

/**
 * After SQLite has found damage at work (a page in the middle of a file, which opening it does not
 * read), which of the files this process opened is damaged, said as at start with what to do; undefined
 * if none is now (the disk itself may have failed). Each file is read whole (`PRAGMA quick_check`, about
 * a second a gigabyte), on a read-only connection of its own.
 */
export function findDamagedFile(): DamagedDatabaseError | undefined {
  for (const [path, { what, damaged }] of opened) {
    if (!existsSync(path)) continue;
    let db: Database.Database | undefined;
    let cause: string;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
      const found = String(db.pragma('quick_check(1)', { simple: true }));
      if (found === 'ok') continue;
      // "*** in database main ***\nTree 8 page 21: …" on one line.
      cause = found.replace(/^\*\*\* in database \w+ \*\*\*\s*/u, '').replace(/\s*\n\s*/gu, '; ');
    } catch (error) {
      // A file it cannot open for other reasons (moved, or its permissions changed) is not damage.
      if (!isDamage(error)) continue;
      cause = String((error as { message?: unknown }).message);
    } finally {
      db?.close();
    }
    return new DamagedDatabaseError(path, damaged(cause), what);
  }
  return undefined;
}

/** What to do about a damaged event log or key store: the backup is the only other copy. */
export const RESTORE_REMEDY = 'Restore the latest backup into this data directory (pairtrail restore BACKUP_DIR --force), then have the disk checked.';
