import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@pairtrail/testing';
import { openReadModelDb, truncateWal } from './read-model-db';

const walOf = (path: string) => `${path}-wal`;
const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

/** Resolves once `check` holds, or rejects after `ms`. */
async function eventually(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('read-model database', () => {
  let dir: ReturnType<typeof tempDir>;
  let path: string;

  beforeEach(() => {
    dir = tempDir();
    path = join(dir.path, 'read-models.db');
  });
  afterEach(() => dir.remove());

  /** Writes 4 KB a row in one transaction: 200 rows are some 200 pages, far below any automatic checkpoint. */
  const write = (db: Database.Database, rows = 200) => {
    db.exec('CREATE TABLE IF NOT EXISTS filler (n INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO filler (text) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run('x'.repeat(4000));
    })();
  };

  it('has its WAL checkpointed by a thread of its own, not by the commits that write it', async () => {
    const db = openReadModelDb(path);
    try {
      // The projecting connection checkpoints by itself only when its checkpointer has fallen far behind.
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
      const before = sizeOf(path);
      write(db);
      expect(sizeOf(walOf(path))).toBeGreaterThan(800_000);
      // The commit left its pages in the WAL; the thread copies them into the database file.
      await eventually(() => sizeOf(path) > before + 800_000);
    } finally {
      db.close();
    }
  });

  it('stops its checkpointer before closing, so the database closes as a lone connection does', () => {
    const db = openReadModelDb(path);
    // Enough that whichever connection closes last spends a while checkpointing it.
    write(db, 5000);
    db.close();
    // The last connection to close checkpoints and removes the WAL; the thread's would otherwise be last.
    expect(existsSync(walOf(path))).toBe(false);
    const reopened = new Database(path, { readonly: true });
    expect(reopened.prepare('SELECT COUNT(*) FROM filler').pluck().get()).toBe(5000);
    reopened.close();
  });

  it('empties the WAL on demand, trying again while a reader keeps it busy, and says so if it stays busy', async () => {
    const db = openReadModelDb(path);
    // A connection that does not wait on a busy database: each attempt reports busy at once.
    const impatient = new Database(path);
    impatient.pragma('busy_timeout = 0');
    const reader = new Database(path);
    try {
      write(db);
      // A reader on a snapshot that the checkpoint must not overwrite.
      reader.exec('BEGIN');
      reader.prepare('SELECT COUNT(*) FROM filler').get();
      write(db);
      await expect(truncateWal(impatient, 3)).rejects.toThrow(/could not be emptied.*Try the erasure again/);
      const finished = truncateWal(impatient);
      setTimeout(() => reader.exec('COMMIT'), 100);
      await finished;
      expect(sizeOf(walOf(path))).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM filler').pluck().get()).toBe(400);
    } finally {
      if (reader.inTransaction) reader.exec('COMMIT');
      reader.close();
      impatient.close();
      db.close();
    }
  });
});
