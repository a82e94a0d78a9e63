// The read models' checkpointer thread: moves what the projections commit to the WAL into the database
// file, on a connection of its own, so that the thread projecting never stops for a checkpoint's copy
// and fsync. Started by `openReadModelDb` with `new Worker(path, { workerData })`; it sleeps on a shared
// flag, and stops (closing its connection) as soon as the flag is raised.
import Database from 'better-sqlite3';
import { workerData } from 'node:worker_threads';

export interface CheckpointerData {
  path: string;
  intervalMs: number;
  /** [0]: raised by the database's owner to stop; [1]: raised here once the connection is closed. */
  flags: Int32Array;
}

const STOP = 0;
const STOPPED = 1;

if (workerData && (workerData as Partial<CheckpointerData>).flags) {
  const { path, intervalMs, flags } = workerData as CheckpointerData;
  try {
    if (Atomics.load(flags, STOP) === 0) {
      const db = new Database(path);
      try {
        db.pragma('busy_timeout = 1000');
        while (Atomics.load(flags, STOP) === 0) {
          // PASSIVE: copies what no reader still needs and waits for nobody; what it leaves, the next does.
          db.pragma('wal_checkpoint(PASSIVE)');
          Atomics.wait(flags, STOP, 0, intervalMs);
        }
      } finally {
        db.close();
      }
    }
  } finally {
    Atomics.store(flags, STOPPED, 1);
    Atomics.notify(flags, STOPPED);
  }
}
