// The writer thread of a SQLite event store: commits the groups of appends the store sends, on a
// connection of its own, so that the store's thread decides the next commands while a group is written
// and synced. Loaded by `SqliteEventStore` with `new Worker(path, { workerData })`.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteAppender, type AppendOutcome, type AppendRequest } from './sqlite-appender';

/** What the store sends: a group to commit, or `close` once nothing is in flight. */
export type WriterRequest = { id: number; group: AppendRequest[] } | { close: true };

/** What the writer answers for a group: its outcomes, or why the group as a whole failed. */
export type WriterReply = { id: number; outcomes: AppendOutcome[] } | { id: number; error: { message: string; code?: string } };

export interface WriterData {
  path: string;
  synchronous: 'FULL' | 'NORMAL';
}

if (parentPort) {
  const port = parentPort;
  const { path, synchronous } = workerData as WriterData;
  const db = new Database(path);
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 10000');
  const appender = new SqliteAppender(db);
  port.on('message', (request: WriterRequest) => {
    if ('close' in request) {
      db.close();
      port.close();
      return;
    }
    let reply: WriterReply;
    try {
      reply = { id: request.id, outcomes: appender.commit(request.group) };
    } catch (error) {
      const { message, code } = error as { message: string; code?: string };
      reply = { id: request.id, error: { message, code } };
    }
    port.postMessage(reply);
  });
}
