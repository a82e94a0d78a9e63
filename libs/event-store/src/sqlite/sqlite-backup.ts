import Database from 'better-sqlite3';
import { keepToOwner } from './owner-only';

/**
 * Copies a SQLite file consistently through SQLite's online backup, so it is safe while another process
 * writes to it. Used for the key store beside the event store.
 */
export async function backupSqliteFile(from: string, to: string): Promise<void> {
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(to);
    keepToOwner(to);
  } finally {
    source.close();
  }
}

/** Copies an open SQLite database through its online backup, telling `onProgress` the pages copied so far. */
export async function backupDatabase(database: Database.Database, to: string, onProgress?: (copied: number, total: number) => void): Promise<void> {
  await database.backup(to, {
    progress: ({ totalPages, remainingPages }) => {
      onProgress?.(totalPages - remainingPages, totalPages);
      return 1000;
    },
  });
  keepToOwner(to);
}
