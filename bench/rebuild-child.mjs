// Rebuilds every projection over a data directory's log into a fresh read-model file, and prints the
// events/s and this process's peak RSS as JSON.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { loadConfig, openStore } = require('@pairtrail/application');
const { ALL_PROJECTIONS, ProjectionEngine, openReadModelDb } = require('@pairtrail/projections');

const config = loadConfig({ ...process.env, PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL' }, { dataDir: process.argv[2] });
const { store, serializer, close } = openStore(config);
const scratch = mkdtempSync(join(tmpdir(), 'pairtrail-rebuild-'));
const db = openReadModelDb(join(scratch, 'readmodels.db'));
const events = (await store.stats()).events;
const engine = new ProjectionEngine({ store, serializer, db, projections: ALL_PROJECTIONS, batchSize: 1000 });
const started = performance.now();
engine.start();
await new Promise((r) => setTimeout(r, 10));
await engine.settled(20);
const seconds = (performance.now() - started) / 1000;
await engine.stop();
db.close();
await close();
rmSync(scratch, { recursive: true, force: true });
console.log(JSON.stringify({ events, eventsPerSec: events / seconds, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
