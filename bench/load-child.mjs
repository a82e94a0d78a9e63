// The HTTP load generator, in a process of its own so it does not share the server's event loop (a load
// from a second process, as wrk or autocannon's CLI would be). Reads its job as JSON from argv[2]:
//   { url, connections, duration, warmup?, method, headers, requests: [{ path, body? }] }
// and cycles through `requests`. With `warmup` (seconds), the same load runs that long first, unmeasured:
// its figures are printed beside the measured ones, as `warmup…`. Prints the figures as one JSON line.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const job = JSON.parse(process.argv[2]);
let next = 0;
const result = await autocannon({
  url: job.url,
  connections: job.connections,
  duration: job.duration,
  ...(job.warmup ? { warmup: { connections: job.connections, duration: job.warmup } } : {}),
  requests: [
    {
      method: job.method,
      headers: job.headers,
      setupRequest: (request) => {
        const { path, body } = job.requests[next++ % job.requests.length];
        return { ...request, path, ...(body === undefined ? {} : { body }) };
      },
    },
  ],
});
const warmup = result.warmup;
const figures = {
  requestsPerSec: result.requests.average,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  non2xx: result.non2xx + (warmup?.non2xx ?? 0),
  errors: result.errors + (warmup?.errors ?? 0),
  ...(warmup ? { warmupRequestsPerSec: warmup.requests.average, warmupP99Ms: warmup.latency.p99 } : {}),
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
