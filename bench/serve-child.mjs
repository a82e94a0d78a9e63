// Serves the read models of a data directory whose read models are built, as an evaluator would use
// them on a large programme, and prints the figures as JSON:
// - export: the whole audit trail streamed as JSON lines (GET /audit/export?format=jsonl) and read as
//   a client would: rows, megabytes, rows/s, this process's peak RSS (server and client), and its
//   memory by quarter of the stream (memory.mjs). Run with --expose-gc for the live heap;
// - evaluation: then the programme-wide evaluation (GET /evaluation/pairs) and monthly series
//   (GET /analytics/monthly), each asked twice: the first request since start, then a later one; and
//   a page of 1,000 pairs (GET /pairs), whole and as summaries (view=summary): its size and time; and
//   where a page of 1,000 pairs' case studies stands (GET /case-studies), first and later, once the
//   server has told every pair's in the background (caseStudiesToldMs: how long that took).
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
// The server tells every pair's case study in the background once its read models are live: waited
// for, and timed, so that the export and the evaluation below measure themselves alone.
const { reads } = server.runtime;
let pairCount = 0;
for (let cursor; ;) {
  const page = reads.pairs({ view: 'summary', limit: '1000', cursor }, undefined);
  pairCount += page.items.length;
  if (!page.next) break;
  cursor = page.next;
}
const tellingStarted = performance.now();
while (reads.caseStudiesTold < pairCount) {
  if (performance.now() - tellingStarted > 300_000)
    throw new Error(`${reads.caseStudiesTold} of ${pairCount} case studies told in the background after 5 minutes.`);
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const caseStudiesToldMs = performance.now() - tellingStarted;
const url = server.url.replace('localhost', '127.0.0.1');
const fetchOk = async (path) => {
  // Uncompressed, as the figures have always been measured (fetch asks for gzip and br by default): what
  // the server streams, not what zlib does with it.
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'identity' } });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  return response;
};
const get = async (path) => {
  const started = performance.now();
  const body = await (await fetchOk(path)).json();
  return { body, ms: performance.now() - started };
};
// Every event has an audit row, the administrator's bootstrap included.
const { events } = await server.runtime.store.stats();
let rows = 0;
let bytes = 0;
const memory = memoryByQuarter(() => rows / events);
const started = performance.now();
const response = await fetchOk('/audit/export?format=jsonl');
for await (const chunk of response.body) {
  bytes += chunk.length;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
}
const seconds = (performance.now() - started) / 1000;
const memoryFigures = memory.stop();
const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);

// After the export, so its peak RSS is its own; the export reads no pair, so these are still first.
const evaluation = await get('/evaluation/pairs?limit=1000');
const evaluationLater = await get('/evaluation/pairs?limit=1000');
const monthly = '/analytics/monthly?from=2020-01&to=2026-12';
const monthlyFirst = await get(monthly);
const monthlyLater = await get(monthly);
// A page of 1,000 pairs, whole and as summaries: what a list of pairs costs to send.
const pagesOfPairs = {};
for (const view of ['full', 'summary']) {
  const started = performance.now();
  const text = await (await fetchOk(`/pairs?limit=1000&view=${view}`)).text();
  pagesOfPairs[view] = { ms: performance.now() - started, mb: Buffer.byteLength(text) / 2 ** 20 };
}
// Where a page of 1,000 pairs' case studies stands (GET /case-studies), as the Case studies screen asks:
// told in the background since the start (caseStudiesToldMs, above), the first request finds them told,
// as a later one does, nothing having changed.
const caseStudiesFirst = await get('/case-studies?limit=1000');
const caseStudiesLater = await get('/case-studies?limit=1000');
const evaluationFigures = {
  pairsOnFirstPage: evaluation.body.items.length,
  firstMs: evaluation.ms,
  laterMs: evaluationLater.ms,
  monthlyFirstMs: monthlyFirst.ms,
  monthlyLaterMs: monthlyLater.ms,
  pairsPageMB: pagesOfPairs.full.mb,
  pairsPageMs: pagesOfPairs.full.ms,
  pairsSummaryPageMB: pagesOfPairs.summary.mb,
  pairsSummaryPageMs: pagesOfPairs.summary.ms,
  caseStudiesToldMs,
  caseStudiesPageFirstMs: caseStudiesFirst.ms,
  caseStudiesPageLaterMs: caseStudiesLater.ms,
  rssMB: Math.round(process.memoryUsage.rss() / 2 ** 20),
};
await server.stop();
if (rows !== events) throw new Error(`The export held ${rows} rows for ${events} events.`);
console.log(
  JSON.stringify({
    evaluation: evaluationFigures,
    rows,
    megabytes: bytes / 2 ** 20,
    rowsPerSec: rows / seconds,
    peakRssMB,
    ...memoryFigures,
  }),
);
