// Streams the whole audit trail as JSON lines (GET /audit/export?format=jsonl) from a server on a data
// directory whose read models are built, reading the response as a client would. Prints the rows, the
// megabytes, rows/s, this process's peak RSS (server and client), and its memory by quarter of the
// stream (memory.mjs) as JSON. Run with --expose-gc for the live heap.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { memoryByQuarter } from './memory.mjs';

const require = createRequire(import.meta.url);
const { startServer } = require('@pairtrail/api');

const token = 'bench-admin-token-0123456789-abcdefghijklmnop';
const server = await startServer({
  dataDir: process.argv[2],
  port: 0,
  env: { ...process.env, PAIRTRAIL_RATE_LIMIT: '0', PAIRTRAIL_ADMIN_TOKEN: token, PAIRTRAIL_LOG_LEVEL: 'error', HOST: '127.0.0.1' },
});
await server.runtime.projections.settled();
// Every event has an audit row, the administrator's bootstrap included.
const { events } = await server.runtime.store.stats();
let rows = 0;
let bytes = 0;
const memory = memoryByQuarter(() => rows / events);
const started = performance.now();
const response = await fetch(`${server.url.replace('localhost', '127.0.0.1')}/audit/export?format=jsonl`, { headers: { authorization: `Bearer ${token}` } });
if (response.status !== 200) throw new Error(`GET /audit/export answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
for await (const chunk of response.body) {
  bytes += chunk.length;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
}
const seconds = (performance.now() - started) / 1000;
const memoryFigures = memory.stop();
await server.stop();
if (rows !== events) throw new Error(`The export held ${rows} rows for ${events} events.`);
console.log(
  JSON.stringify({
    rows,
    megabytes: bytes / 2 ** 20,
    rowsPerSec: rows / seconds,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    ...memoryFigures,
  }),
);
