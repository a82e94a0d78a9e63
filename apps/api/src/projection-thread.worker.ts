// The projections' thread: runs the projection engine on connections of its own (the log, the keys,
// the read models), so that their batches and commits never hold up the thread that answers requests.
// Started by `ProjectionThread` with `new Worker(path, { workerData })`.
import { noticeLogger, openStore, type PairtrailConfig } from '@pairtrail/application';
import { ALL_PROJECTIONS, ProjectionEngine, openReadModelDb } from '@pairtrail/projections';
import { parentPort, workerData } from 'node:worker_threads';

/** What the server's thread sends. */
export type ToProjectionThread =
  { type: 'appended' } | { type: 'rebuild'; name?: string } | { type: 'erase'; id: number; subjects: string[] } | { type: 'stop'; id: number };

/** What this thread answers: started once, then a reply to each `erase` and `stop`. */
export type FromProjectionThread = { type: 'started' } | { type: 'reply'; id: number; error?: string };

export interface ProjectionThreadData {
  config: PairtrailConfig;
  /** Per projection, in `ALL_PROJECTIONS` order: [changes, generation]. */
  shared: Int32Array;
  /** How long a swapped-out generation's tables stay for readers on the server's thread. */
  retireAfterMs: number;
}

if (parentPort && workerData && (workerData as Partial<ProjectionThreadData>).shared) {
  const port = parentPort;
  const { config: sent, shared, retireAfterMs } = workerData as ProjectionThreadData;
  // A Buffer arrives as a plain Uint8Array.
  const config: PairtrailConfig = { ...sent, masterKey: 'key' in sent.masterKey ? { key: Buffer.from(sent.masterKey.key) } : sent.masterKey };
  const opened = openStore(config);
  const db = openReadModelDb(config.readModelsPath);
  const index = new Map(ALL_PROJECTIONS.map((p, i) => [p.name, i]));
  const engine = new ProjectionEngine({
    store: opened.store,
    serializer: opened.serializer,
    db,
    projections: ALL_PROJECTIONS,
    retireAfterMs,
    onNotice: noticeLogger(config),
    // The generation first: a reader that sees the count move reads the tables it names.
    onChange: (name, generation) => {
      const i = index.get(name)!;
      Atomics.store(shared, i * 2 + 1, generation);
      Atomics.add(shared, i * 2, 1);
    },
  });
  engine.start();
  // The generations the projections started on, before any change says.
  for (const row of db.prepare('SELECT name, generation FROM projection_checkpoints').all() as { name: string; generation: number }[]) {
    const i = index.get(row.name);
    if (i !== undefined) Atomics.store(shared, i * 2 + 1, row.generation);
  }
  port.postMessage({ type: 'started' } satisfies FromProjectionThread);
  const reply = (id: number, work: () => Promise<void>) =>
    work().then(
      () => port.postMessage({ type: 'reply', id } satisfies FromProjectionThread),
      (error: unknown) => port.postMessage({ type: 'reply', id, error: error instanceof Error ? error.message : String(error) } satisfies FromProjectionThread),
    );
  port.on('message', (message: ToProjectionThread) => {
    switch (message.type) {
      case 'appended':
        opened.sqlite?.notifyAppended();
        break;
      case 'rebuild':
        engine.rebuild(message.name);
        break;
      case 'erase':
        // The erasure is pending, its key destroyed or about to be (by this server or a process beside
        // it): make sure it is gone, then rebuild the documents without the plaintext, drop the tables
        // that held it, and empty the WAL, so no readable copy remains.
        void reply(message.id, async () => {
          for (const subject of message.subjects) opened.keys.ensureDestroyed(subject);
          await engine.forgetErased();
        });
        break;
      case 'stop':
        void reply(message.id, async () => {
          await engine.stop();
          db.close();
          await opened.close();
        }).then(() => port.close());
        break;
    }
  });
}
