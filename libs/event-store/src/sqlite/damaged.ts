/** A database file SQLite finds is not a database, or is damaged: said with the file and what to do. */
export class DamagedDatabaseError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs a connection's first statements: where they find that the file is no database, or a damaged one,
 * closes the connection and throws what `damaged` says of it (given SQLite's own words), rather than the
 * failed disk every other storage error is taken for. Known by its code, not its class, since
 * better-sqlite3's errors may come from another realm.
 */
export function opening<T>(path: string, open: () => T, close: () => void, damaged: (cause: string) => string): T {
  try {
    return open();
  } catch (error) {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    if (code !== 'SQLITE_NOTADB' && !(typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))) throw error;
    close();
    throw new DamagedDatabaseError(path, damaged(String(message)));
  }
}

/** What to do about a damaged event log or key store: the backup is the only other copy. */
export const RESTORE_REMEDY = 'Restore the latest backup into this data directory (pairtrail restore BACKUP_DIR --force), then have the disk checked.';
