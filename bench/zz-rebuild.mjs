// Rebuilds every projection over a data directory's log into its read-model file, and prints the
// events/s, this process's peak RSS, and its memory by quarter of the log (memory.mjs) as JSON. Run with
// --expose-gc for the live heap. With `read-only` after the directory, it runs instead one projection that
// writes nothing, into a database in memory: what reading and decoding the log costs the engine alone.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { memoryByQuarter } from './memory.mjs';

const require = createRequire(import.meta.url);
const { loadConfig, openStore } = require('@pairtrail/application');
const { ALL_PROJECTIONS, ProjectionEngine, openReadModelDb } = require('@pairtrail/projections');

const config = loadConfig({ ...process.env, PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL' }, { dataDir: process.argv[2] });
const { store, serializer, close } = openStore(config);
const readOnly = process.argv[3] === 'read-only';
const db = openReadModelDb(readOnly ? ':memory:' : config.readModelsPath);
const { events, lastPosition } = await store.stats();
const projections = readOnly ? [{ name: 'read-only', version: 1, tables: {}, personalData: false, applyBatch() {} }] : ALL_PROJECTIONS;
const engine = new ProjectionEngine({ store, serializer, db, projections, batchSize: Number(process.env.BS ?? 1000) });
const memory = memoryByQuarter(() => Number(engine.position()) / Number(lastPosition));
const started = performance.now();
engine.start();
await new Promise((r) => setTimeout(r, 10));
await engine.settled(20);
const seconds = (performance.now() - started) / 1000;
const memoryFigures = memory.stop();
await engine.stop();
db.close();
await close();
console.log(JSON.stringify({ events, eventsPerSec: events / seconds, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), ...memoryFigures }));
