import 'reflect-metadata';
import { PairtrailApplication, loadConfig, type PairtrailConfig } from '@pairtrail/application';
import { EventSerializer, SqliteEventStore } from '@pairtrail/event-store';
import { ALL_PROJECTIONS, ProjectionEngine, ReadModels, openReadModelDb } from '@pairtrail/projections';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Metrics } from './http/metrics';
import { bootstrapAdmin, type BootstrapResult } from './identity/bootstrap-admin';
import { IdentityCache } from './identity/identity.cache';
import type { ApiRuntime } from './runtime';
import { createApi } from './server';

export interface RunningServer {
  url: string;
  runtime: ApiRuntime;
  api: NestFastifyApplication;
  bootstrap: BootstrapResult;
  stop(): Promise<void>;
}

/** Opens the configured store, builds everything the API needs, and returns it ready to serve. */
export async function openApiRuntime(config: PairtrailConfig): Promise<ApiRuntime> {
  const store = new SqliteEventStore({ path: config.eventsPath, synchronous: config.synchronous });
  const serializer = new EventSerializer();
  const app = new PairtrailApplication({ store, serializer, timeZone: config.timeZone });
  const identity = new IdentityCache(store, serializer);
  await identity.start();
  const db = openReadModelDb(config.readModelsPath);
  const projections = new ProjectionEngine({ store, serializer, db, projections: ALL_PROJECTIONS });
  if (config.projections) projections.start();
  const reads = new ReadModels(db, projections, store, config.timeZone);
  const closeReadSide = async () => {
    await projections.stop();
    db.close();
  };
  return { config, store, app, identity, metrics: new Metrics(), projections, reads, closeReadSide };
}

/**
 * Starts Pairtrail's HTTP server on the configured port. SIGTERM and SIGINT let in-flight requests
 * finish, then close the store cleanly.
 */
export async function startServer(options: { dataDir?: string; port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunningServer> {
  const config = loadConfig(options.env ?? process.env, { dataDir: options.dataDir });
  const runtime = await openApiRuntime(config);
  const bootstrap = await bootstrapAdmin(runtime.app, runtime.identity, config.adminToken);
  const api = await createApi(runtime);
  await api.listen(options.port ?? config.port, config.host);
  const address = api.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await api.close();
      await runtime.closeReadSide();
      await runtime.identity.stop();
      await runtime.store.close();
    })());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0));
    });
  }
  return { url: `http://localhost:${port}`, runtime, api, bootstrap, stop };
}

export { IdentityCache } from './identity/identity.cache';
export { createApi } from './server';
export type { ApiRuntime } from './runtime';
