#!/usr/bin/env node
import {
  ConfigError,
  ReadModelRequests,
  claimReadModels,
  loadConfig,
  noticeLogger,
  openStore,
  refuseMismatchedLog,
  readModelsTaken,
  useDataDir,
} from '@pairtrail/application';
import { ALL_PROJECTIONS, ProjectionEngine, openReadModelDb } from '@pairtrail/projections';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** How often a projector started before its server looks for the embedded store the server makes. */
const WAIT_FOR_STORE_MS = 1_000;

/**
 * Runs the projections as a process of its own, beside an API started with PAIRTRAIL_PROJECTIONS=off
 * on the same host. It follows the log, commits each batch with its checkpoint, carries out the
 * erasures and rebuilds the API asks for through the data directory, and stops cleanly on SIGTERM or
 * SIGINT; killed outright, it resumes from the last committed checkpoint.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const batchSize = Number(process.env.PAIRTRAIL_PROJECTION_BATCH ?? 500);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new ConfigError([`PAIRTRAIL_PROJECTION_BATCH=${process.env.PAIRTRAIL_PROJECTION_BATCH} must be a whole number of at least 1.`]);
  // The server makes the embedded store; started first, or on a mistyped directory, the projector waits
  // for it, saying so, rather than make an empty programme (and a master key) of its own there.
  if (config.eventStore === 'sqlite' && !existsSync(config.eventsPath)) {
    noticeLogger(config)(
      `${config.dataDir} holds no event store (events.db) yet: waiting for the server to make it. If the server uses another directory, set PAIRTRAIL_DATA_DIR to it.`,
    );
    while (!existsSync(config.eventsPath)) await sleep(WAIT_FOR_STORE_MS);
  }
  const inUse = useDataDir(config);
  const ownReadModels = claimReadModels(config);
  if (!ownReadModels) throw readModelsTaken(config);
  const opened = openStore(config);
  const { store, serializer, close } = opened;
  await refuseMismatchedLog(config, opened).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  const db = openReadModelDb(config.readModelsPath);
  const engine = new ProjectionEngine({ store, serializer, db, projections: ALL_PROJECTIONS, batchSize, onNotice: noticeLogger(config) });
  engine.start();
  // Erasures and rebuilds the API beside it asks for through the data directory.
  const requests = ReadModelRequests.forEngine(config.dataDir, opened.keys, engine);
  requests.start();
  process.stdout.write(
    `${JSON.stringify({ level: 'info', message: 'projector started', dataDir: config.dataDir, projections: ALL_PROJECTIONS.map((p) => p.name) })}\n`,
  );
  const stop = async () => {
    await requests.stop();
    await engine.stop();
    db.close();
    await close();
    ownReadModels.release();
    inUse.release();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`pairtrail projector: ${error instanceof ConfigError ? error.problems.join('\n') : (error as Error).message}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
