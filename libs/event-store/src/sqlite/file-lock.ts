import Database from 'better-sqlite3';

/**
 * A lock between processes, held through a small SQLite file: `shared` by any number of holders at
 * once, or `exclusive` by one alone. It is SQLite's own file locking, so the operating system lets it go
 * when its holder exits, however it exits: a crash leaves no stale lock behind.
 */
export class FileLock {
  private constructor(private db: Database.Database | undefined) {}

  /** Takes the lock at `path` (made if need be), or answers undefined when another process holds it in a way that excludes this. */
  static tryTake(path: string, mode: 'shared' | 'exclusive'): FileLock | undefined {
    const db = new Database(path, { timeout: 0 });
    try {
      // Rollback-journal mode, where a reader holds a shared lock for as long as its transaction lasts.
      db.pragma('journal_mode = DELETE');
      db.exec('CREATE TABLE IF NOT EXISTS lock (held INTEGER)');
      if (mode === 'exclusive') db.exec('BEGIN EXCLUSIVE');
      else {
        db.exec('BEGIN');
        db.prepare('SELECT COUNT(*) FROM lock').get();
      }
      return new FileLock(db);
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY') || (error as { code?: string }).code === 'SQLITE_LOCKED') return undefined;
      throw error;
    }
  }

  /** Lets the lock go; a second call does nothing. */
  release(): void {
    if (!this.db) return;
    this.db.exec('ROLLBACK');
    this.db.close();
    this.db = undefined;
  }
}
