import 'reflect-metadata';
import { createServer as createNetServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  PairtrailApplication,
  ReadModelRequests,
  claimReadModels,
  erasedFromReadModels,
  refuseMismatchedLog,
  loadConfig,
  noticeLogger,
  openStore,
  pendingErasures,
  readModelsTaken,
  useDataDir,
  type PairtrailConfig,
} from '@pairtrail/application';
import { ALL_PROJECTIONS, ProjectionEngine, ReadModels, openReadModelDb, type Projections, type ReadModelDb } from '@pairtrail/projections';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { eventsOfType, type FileLock } from '@pairtrail/event-store';
import { InFlightWrites } from './http/in-flight';
import { Metrics } from './http/metrics';
import { bootstrapAdmin, type BootstrapResult } from './identity/bootstrap-admin';
import { IdentityCache } from './identity/identity.cache';
import type { ApiRuntime } from './runtime';
import { ProjectionThread } from './projection-thread';
import { ProjectionsElsewhere } from './projections-elsewhere';
import { Verifications } from './verifications';
import { Reports } from './reports';
import { createApi } from './server';
import { endSignInsOf, eraseEverywhere, forgetInReadModels } from './erasure';

/** The server cannot listen where it is told to (a port taken, a host not of this machine); the message says what to do. */
export class ListenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListenError';
  }
}

/** What to do about a failure to listen on `host`:`port`, or undefined for one that needs a stack trace. */
function listenProblem(code: string | undefined, host: string, port: number): string | undefined {
  switch (code) {
    case 'EADDRINUSE':
      return `Port ${port} is already in use, perhaps by another Pairtrail: choose another with --port or PORT.`;
    case 'EACCES':
      return `Port ${port} needs administrator rights on this machine: choose one above 1023 with --port or PORT.`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `HOST=${host} is not an address of this machine: use 0.0.0.0 to listen on every address, or 127.0.0.1 for this machine only.`;
    default:
      return undefined;
  }
}

/**
 * Why a server could not start here, said before anything is written: another process runs the data
 * directory's read models, or the port is not free. For a command that writes before it serves
 * (`demo --serve`), which would otherwise have made tokens for a server that never starts.
 */
export async function refuseToServe(config: PairtrailConfig, port = config.port): Promise<void> {
  if (config.projections) {
    const probe = claimReadModels(config);
    if (!probe) throw readModelsTaken(config);
    probe.release();
  }
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const problem = listenProblem(error.code, config.host, port);
      reject(problem ? new ListenError(problem) : error);
    });
    probe.listen(port, config.host, () => probe.close(() => resolve()));
  });
}

export interface RunningServer {
  url: string;
  runtime: ApiRuntime;
  api: NestFastifyApplication;
  bootstrap: BootstrapResult;
  stop(): Promise<void>;
}

/** Opens the configured store, builds everything the API needs, and returns it ready to serve. */
export async function openApiRuntime(config: PairtrailConfig): Promise<ApiRuntime> {
  // Held while this runs: a restore waits for it, and no other process writes the same read models.
  const inUse = useDataDir(config);
  const ownReadModels = config.projections ? claimReadModels(config) : undefined;
  if (config.projections && !ownReadModels) {
    inUse.release();
    throw readModelsTaken(config);
  }
  try {
    return await openWithin(config, { readModels: ownReadModels, dataDir: inUse });
  } catch (error) {
    ownReadModels?.release();
    inUse.release();
    throw error;
  }
}

/** How long an erasure waits for another process that owns the read models to rebuild them without the plaintext. */
const OWNER_ERASURE_WAIT_MS = 60_000;

/** The runtime, once the data directory is held; it lets each lock go as it closes what the lock guards. */
async function openWithin(config: PairtrailConfig, locks: { readModels?: FileLock; dataDir: FileLock }): Promise<ApiRuntime> {
  const opened = openStore(config);
  const { store, serializer, keys } = opened;
  const app = new PairtrailApplication({ store, serializer, timeZone: config.timeZone });
  const identity = new IdentityCache(store, serializer);
  let projections: Projections;
  let db: ReadModelDb;
  // Erasures and rebuilds asked of the read models through the data directory, by this process or one
  // beside it, carried out here when this process owns them.
  let requests: ReadModelRequests | undefined;
  // What is open so far, to be closed (the latest first) if opening the rest fails: left open, the
  // identity's subscription or the projections thread kept a server that had said why it could not
  // start running, serving nothing.
  const opens: (() => unknown)[] = [() => opened.close()];
  try {
    await refuseMismatchedLog(config, opened);
    await identity.start();
    opens.unshift(() => identity.stop());
    if (!config.projections) {
      // Another process (apps/projector, or a server with the projections on) owns the read models: it
      // rebuilds them, and this one waits for it, for a while.
      db = openReadModelDb(config.readModelsPath, { checkpointer: false });
      projections = new ProjectionsElsewhere({ dataDir: config.dataDir, db, store });
    } else if (config.projectionThread) {
      // This connection only reads; the thread's projects, and checkpoints.
      db = openReadModelDb(config.readModelsPath, { checkpointer: false });
      opens.unshift(() => db.close());
      const thread = new ProjectionThread({ config, db, store, sqlite: opened.sqlite });
      opens.unshift(() => thread.stop());
      await thread.start();
      projections = thread;
      requests = new ReadModelRequests(config.dataDir, { erase: (subjects) => thread.erase(subjects), rebuild: (name) => void thread.rebuild(name) });
    } else {
      db = openReadModelDb(config.readModelsPath);
      const engine = new ProjectionEngine({ store, serializer, db, projections: ALL_PROJECTIONS, onNotice: noticeLogger(config) });
      engine.start();
      projections = engine;
      requests = ReadModelRequests.forEngine(config.dataDir, keys, engine);
    }
  } catch (error) {
    for (const close of opens) await Promise.resolve(close()).catch(() => undefined);
    throw error;
  }
  requests?.start();
  const forgetErased: ApiRuntime['forgetErased'] = async (subject) => {
    if (requests) return requests.drain();
    if (await erasedFromReadModels(config.dataDir, subject, OWNER_ERASURE_WAIT_MS)) return;
    noticeLogger(config)(
      `The read models may hold the plaintext of ${subject}, erased just now, until the process that runs the projections (apps/projector, or a server with PAIRTRAIL_PROJECTIONS on) rebuilds them: it was not done within ${OWNER_ERASURE_WAIT_MS / 1000} s. It stays pending in ${config.dataDir}, and is done as soon as that process runs.`,
    );
  };
  const reads = new ReadModels(db, projections, store, config.timeZone);
  const verifications = new Verifications(store);
  const reports = new Reports(reads, verifications);
  const closeReadSide = async () => {
    await requests?.stop();
    await projections.stop();
    db.close();
    locks.readModels?.release();
  };
  return {
    config,
    store,
    app,
    identity,
    metrics: new Metrics(() => projections.status()),
    writes: new InFlightWrites(),
    projections,
    forgetErased,
    reads,
    closeReadSide,
    keys,
    verifications,
    reports,
    closeStore: async () => {
      // A verification reading the log stops first.
      await verifications.stop();
      await opened.close();
      locks.dataDir.release();
    },
    readModelDb: db,
  };
}

/**
 * Finishes erasures a crash interrupted: destroys the key of anyone erased whose key survived (a crash
 * between the event and the shredding), rebuilds the read models for anyone whose key went but whose
 * plaintext they may still hold (a crash, or a projection thread down, before the rebuild was done), and
 * ends any sign-in still held as someone erased.
 */
async function finishErasures(runtime: ApiRuntime): Promise<void> {
  // Without the read models (PAIRTRAIL_PROJECTIONS=off), the process that owns them finishes the
  // pending ones, whenever it runs: this one does not wait for it to start.
  const owner = runtime.config.projections;
  if (owner) for (const subject of pendingErasures(runtime.config.dataDir).list()) await forgetInReadModels(runtime, subject);
  for await (const e of eventsOfType(runtime.store, 'ParticipantErased')) {
    const participantId = e.stream.slice('participant-'.length);
    if (!runtime.keys.isDestroyed(`participant-${participantId}`)) await eraseEverywhere(runtime, participantId, { waitForReadModels: owner });
    await endSignInsOf(runtime, participantId, 'system');
  }
}

/**
 * Once the read models are live, tells every pair's case study in the background, so that the first
 * `GET /case-studies` after a start answers as quickly as later ones (`ReadModels.tellEveryCaseStudy`).
 * Ends as soon as `stopped` says so; a failure leaves the list to tell them as it is asked.
 */
async function tellCaseStudiesOnceLive(runtime: ApiRuntime, stopped: () => boolean): Promise<void> {
  try {
    for (;;) {
      if (stopped()) return;
      const states = (await runtime.projections.status()).map((p) => p.state);
      if (states.every((state) => state === 'live')) break;
      // A read model that failed or stopped serves no case study until someone sees to it.
      if (states.some((state) => state === 'failed' || state === 'stopped')) return;
      await sleep(200, undefined, { ref: false });
    }
    await runtime.reads.tellEveryCaseStudy(stopped);
  } catch (error) {
    if (stopped()) return;
    noticeLogger(runtime.config)(
      `Telling every pair's case study in the background stopped (${(error as Error).message}); GET /case-studies tells each as it is asked.`,
    );
  }
}

/**
 * Starts Pairtrail's HTTP server on the configured port. SIGTERM and SIGINT let in-flight requests
 * finish, then close the store cleanly.
 */
export async function startServer(options: { dataDir?: string; port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunningServer> {
  const config = loadConfig(options.env ?? process.env, { dataDir: options.dataDir });
  const runtime = await openApiRuntime(config);
  const closeRuntime = async () => {
    await runtime.closeReadSide();
    await runtime.identity.stop();
    await runtime.closeStore();
  };
  let api: Awaited<ReturnType<typeof createApi>> | undefined;
  let bootstrap: Awaited<ReturnType<typeof bootstrapAdmin>>;
  try {
    bootstrap = await bootstrapAdmin(runtime.app, runtime.identity, config.adminToken);
    await finishErasures(runtime);
    api = await createApi(runtime);
    await api.listen(options.port ?? config.port, config.host);
  } catch (error) {
    // Nothing served: close what was opened, so the data directory is free again and the process ends
    // (left open, a server that had said why it could not start kept running, serving nothing).
    await api?.close();
    await closeRuntime();
    const problem = api && listenProblem((error as { code?: string }).code, config.host, options.port ?? config.port);
    throw problem ? new ListenError(problem) : error;
  }
  const address = api.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let stopping: Promise<void> | undefined;
  const telling = tellCaseStudiesOnceLive(runtime, () => stopping !== undefined);
  const stop = () =>
    (stopping ??= (async () => {
      // Closing waits for every connection to end. A keep-alive connection whose request was in flight
      // would otherwise stay open, idle, until the client let it go: close each as soon as it is idle.
      const server = api.getHttpServer() as import('node:http').Server;
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      try {
        await api.close();
      } finally {
        clearInterval(sweep);
      }
      // A write whose client went away keeps running after its connection closed: let it end first.
      await runtime.writes.settled();
      await telling;
      await closeRuntime();
    })());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0));
    });
  }
  return { url: `http://localhost:${port}`, runtime, api, bootstrap, stop };
}

export { IdentityCache } from './identity/identity.cache';
export { auditFilterOf, pseudonymiserFor } from './queries/read-params';
export { createApi } from './server';
export { subjectAccess, type SubjectAccessRecord } from './subject-access';
export { subjectAccessDocument } from './subject-access-document';
export type { ApiRuntime } from './runtime';
