import Database from 'better-sqlite3';
import { join } from 'node:path';
import { tempDir } from '@pairtrail/testing';
import { EsdbEventStore } from './esdb/esdb-event-store';
import { storageProblem } from './storage-problems';

/** The error a real SQLite file throws when `work` runs on it. */
function thrownBy(work: (path: string) => void): unknown {
  const dir = tempDir();
  try {
    work(join(dir.path, 'events.db'));
  } catch (error) {
    return error;
  } finally {
    dir.remove();
  }
  throw new Error('the work did not fail');
}

describe('storageProblem', () => {
  it('names a full disk', () => {
    const full = thrownBy((path) => {
      const db = new Database(path);
      db.exec('CREATE TABLE t (x TEXT)');
      // A database held to a few pages fails as a full disk would.
      db.pragma('max_page_count = 3');
      const insert = db.prepare('INSERT INTO t VALUES (?)');
      try {
        for (let i = 0; i < 100; i += 1) insert.run('x'.repeat(4000));
      } finally {
        db.close();
      }
    });
    expect((full as { code: string }).code).toBe('SQLITE_FULL');
    expect(storageProblem(full)).toMatchObject({ message: expect.stringMatching(/^The disk holding Pairtrail's data is full, so nothing was changed\./) });
  });

  it('says to try again when the files are held by other work', () => {
    const busy = thrownBy((path) => {
      const holder = new Database(path);
      holder.exec('CREATE TABLE t (x TEXT)');
      holder.exec('BEGIN EXCLUSIVE');
      const other = new Database(path, { timeout: 0 });
      try {
        other.prepare('INSERT INTO t VALUES (1)').run();
      } finally {
        other.close();
        holder.close();
      }
    });
    expect((busy as { code: string }).code).toMatch(/^SQLITE_BUSY/);
    expect(storageProblem(busy)).toMatchObject({ message: expect.stringContaining('Try again in a moment'), retryAfterSeconds: 1 });
  });

  it('says the administrator must make read-only data writable', () => {
    const readOnly = thrownBy((path) => {
      new Database(path).exec('CREATE TABLE t (x TEXT)');
      const db = new Database(path, { readonly: true });
      try {
        db.prepare('INSERT INTO t VALUES (1)').run();
      } finally {
        db.close();
      }
    });
    expect((readOnly as { code: string }).code).toMatch(/^SQLITE_READONLY/);
    expect(storageProblem(readOnly)?.message).toContain('The administrator must make it writable');
  });

  it('leaves every other error alone', () => {
    const constraint = thrownBy((path) => {
      const db = new Database(path);
      db.exec('CREATE TABLE t (x TEXT PRIMARY KEY); INSERT INTO t VALUES (1)');
      try {
        db.exec('INSERT INTO t VALUES (1)');
      } finally {
        db.close();
      }
    });
    expect(storageProblem(constraint)).toBeUndefined();
    expect(storageProblem(new Error('plain'))).toBeUndefined();
    expect(storageProblem(undefined)).toBeUndefined();
  });

  it("names an EventStoreDB it cannot reach, whether its client fails with its own error or with gRPC's", async () => {
    // Nothing listens on port 1: the client fails at once, as with a server that is down.
    const store = new EsdbEventStore({ connectionString: 'esdb://127.0.0.1:1?tls=false' });
    const failures: unknown[] = [];
    const attempt = (work: Promise<unknown>) =>
      work.then(
        () => failures.push('succeeded'),
        (error: unknown) => failures.push(error),
      );
    try {
      await attempt(store.appendToStream('pair-x', [{ eventId: '00000000-0000-4000-8000-000000000001', type: 'X', data: {}, metadata: {} }]));
      await attempt(store.readStream('pair-x'));
      await attempt(store.stats());
    } finally {
      await store.close();
    }
    expect(failures).toHaveLength(3);
    for (const failure of failures)
      expect(storageProblem(failure)).toMatchObject({
        message: expect.stringMatching(/^The event store \(EventStoreDB\) could not be reached, so nothing was changed\. .*EVENTSTORE_CONNECTION_STRING/),
        retryAfterSeconds: 5,
      });
  });
});
