// Pairtrail benchmarks: each scenario prints its figures, and the whole run is written to
// bench/results/latest.json and latest.md. Ratios measured in the same run are the targets, because
// absolute figures drift on a shared machine. Never a timed test: nothing here can fail the build.
import { createRequire } from 'node:module';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { targetsOf, targetsTable } from './targets.mjs';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const Database = require('better-sqlite3');
const { SqliteEventStore } = require('@pairtrail/event-store');
const { PairtrailApplication, loadConfig, CaseStudies } = require('@pairtrail/application');

const args = process.argv.slice(2);
const FULL = args.includes('--full');
const only = args.find((a) => !a.startsWith('--'));
const results = [];
const report = (scenario, figures) => {
  results.push({ scenario, ...figures });
  console.log(
    `${scenario.padEnd(44)} ${Object.entries(figures)
      .map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v * 100) / 100 : v}`)
      .join('  ')}`,
  );
};
const scratch = () => mkdtempSync(join(tmpdir(), 'pairtrail-bench-'));
const payload = (i) => ({
  meetingId: `m-${i}`,
  heldOn: '2026-01-01',
  durationMinutes: 60,
  format: 'video',
  attendeeIds: ['a1b2c3d4-0000-4000-8000-000000000001', 'a1b2c3d4-0000-4000-8000-000000000002'],
  topics: ['referral data', 'discharge letter'],
  notes: 'x'.repeat(60),
  approaches: ['finding-partner'],
});
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

// The floor: a bare better-sqlite3 insert loop into a minimal events table, the same JSON payload, WAL,
// one transaction per batch; and one-insert transactions.
function floor({ synchronous, streams, perAppend, batches, singles }) {
  const json = JSON.stringify(payload(0));
  const dir = scratch();
  const db = new Database(join(dir, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(
    'CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL, UNIQUE(stream, revision))',
  );
  const insert = db.prepare('INSERT INTO events (stream, revision, data) VALUES (?, ?, ?)');
  const revisions = new Array(streams).fill(0);
  const batch = db.transaction((s) => {
    for (let i = 0; i < perAppend; i++) insert.run(`s-${s}`, revisions[s]++, json);
  });
  let t = performance.now();
  for (let b = 0; b < batches; b++) batch(b % streams);
  const batched = (batches * perAppend) / ((performance.now() - t) / 1000);
  const one = db.transaction((s) => insert.run(`single-${s}`, revisions[s % streams]++ + 1_000_000, json));
  t = performance.now();
  for (let i = 0; i < singles; i++) one(i);
  const single = singles / ((performance.now() - t) / 1000);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { batched, single };
}

// ---- 1. Store appends: Pairtrail against the bare floor and against Emmett -------------------------
/**
 * The appends' events, made before the clock starts: ten appends' worth, used in turn. Made for every
 * append of the run, 100,000 events stayed live to its end, a heap the floor does not have: each
 * collection walked them, and the store's rate measured a quarter lower. A server holds an append's
 * events only while it writes them.
 */
const eventsInTurn = (make) => {
  const made = Array.from({ length: 10 }, make);
  return (n) => made[n % made.length];
};

async function appends(synchronous) {
  const streams = 1000;
  const perAppend = 100;
  const batches = FULL ? 1000 : 300;
  const singles = FULL ? 5000 : 1500;

  const pairtrail = async () => {
    const dir = scratch();
    const store = new SqliteEventStore({ path: join(dir, 'events.db'), synchronous });
    const revisions = new Array(streams).fill(-1n);
    const events = (n) => Array.from({ length: n }, () => ({ eventId: randomUUID(), type: 'MeetingHeld', data: payload(0), metadata: { schemaVersion: 2 } }));
    // The events are made before the clock starts, as the floor's payload is: this measures the store.
    const batchesOfEvents = eventsInTurn(() => events(perAppend));
    const singleEvents = eventsInTurn(() => events(1));
    let t = performance.now();
    for (let b = 0; b < batches; b++) {
      const s = b % streams;
      const r = await store.appendToStream(`pair-${s}`, batchesOfEvents(b), { expectedRevision: revisions[s] < 0n ? 'no_stream' : revisions[s] });
      revisions[s] = r.nextExpectedRevision;
    }
    const batched = (batches * perAppend) / ((performance.now() - t) / 1000);
    t = performance.now();
    for (let i = 0; i < singles; i++) {
      const s = i % streams;
      const r = await store.appendToStream(`pair-${s}`, singleEvents(i), { expectedRevision: revisions[s] });
      revisions[s] = r.nextExpectedRevision;
    }
    const single = singles / ((performance.now() - t) / 1000);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    return { batched, single };
  };

  const emmett = async () => {
    let getSQLiteEventStore;
    try {
      ({ getSQLiteEventStore } = require('@event-driven-io/emmett-sqlite'));
    } catch (error) {
      return { error: `emmett-sqlite unavailable: ${error.message.split('\n')[0]}` };
    }
    const dir = scratch();
    const store = getSQLiteEventStore({ fileName: join(dir, 'emmett.db'), schema: { autoMigration: 'CreateOrUpdate' } });
    const emmettBatches = Math.max(20, Math.floor(batches / 10));
    const emmettSingles = Math.max(100, Math.floor(singles / 10));
    const events = (n) => Array.from({ length: n }, () => ({ type: 'MeetingHeld', data: payload(0) }));
    const batchesOfEvents = eventsInTurn(() => events(perAppend));
    const singleEvents = eventsInTurn(() => events(1));
    let t = performance.now();
    for (let b = 0; b < emmettBatches; b++) await store.appendToStream(`pair-${b % streams}`, batchesOfEvents(b));
    const batched = (emmettBatches * perAppend) / ((performance.now() - t) / 1000);
    t = performance.now();
    for (let i = 0; i < emmettSingles; i++) await store.appendToStream(`pair-${i % streams}`, singleEvents(i));
    const single = emmettSingles / ((performance.now() - t) / 1000);
    rmSync(dir, { recursive: true, force: true });
    return { batched, single };
  };

  // Floor and Pairtrail take turns, three rounds each, and the medians are compared: a shared machine's
  // speed drifts by more than the margins the targets care about.
  const rounds = { floor: [], pairtrail: [] };
  for (let round = 0; round < 3; round++) {
    rounds.floor.push(floor({ synchronous, streams, perAppend, batches, singles }));
    rounds.pairtrail.push(await pairtrail());
  }
  const median = (list, key) => list.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const f = { batched: median(rounds.floor, 'batched'), single: median(rounds.floor, 'single') };
  const p = { batched: median(rounds.pairtrail, 'batched'), single: median(rounds.pairtrail, 'single') };
  const e = await emmett();
  report(`appends, batched 100/append (${synchronous})`, {
    pairtrailEventsPerSec: p.batched,
    floorEventsPerSec: f.batched,
    ofFloor: p.batched / f.batched,
    ...(e.error ? { emmett: e.error } : { emmettEventsPerSec: e.batched, timesEmmett: p.batched / e.batched }),
  });
  report(`appends, single event (${synchronous})`, {
    pairtrailAppendsPerSec: p.single,
    floorAppendsPerSec: f.single,
    ofFloor: p.single / f.single,
    ...(e.error ? {} : { emmettAppendsPerSec: e.single, timesEmmett: p.single / e.single }),
  });
}

// ---- a generated programme, cached per size and seed ---------------------------------------------
async function programme(pairs, months, seed = 1) {
  const dir = join(root, 'bench', '.cache', `programme-${pairs}x${months}-s${seed}`);
  if (!existsSync(join(dir, 'done'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const started = performance.now();
    execFileSync(
      process.execPath,
      [join(root, 'apps/cli/dist/main.js'), 'generate', '--pairs', String(pairs), '--months', String(months), '--seed', String(seed), '--data-dir', dir],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL' },
      },
    );
    writeFileSync(join(dir, 'done'), String((performance.now() - started) / 1000));
  }
  return dir;
}

function openApp(dir, synchronous = 'FULL') {
  const { openStore } = require('@pairtrail/application');
  const config = loadConfig({ ...process.env, PAIRTRAIL_SQLITE_SYNCHRONOUS: synchronous }, { dataDir: dir });
  const opened = openStore(config);
  return { ...opened, app: new PairtrailApplication({ store: opened.store, serializer: opened.serializer }) };
}

// ---- 2. Command pipeline ---------------------------------------------------------------------------
async function pipeline() {
  const source = await programme(1000, 6);
  for (const synchronous of ['FULL', 'NORMAL']) {
    const dir = scratch();
    cpSync(source, dir, { recursive: true });
    const { app, store, close } = openApp(dir, synchronous);
    const pairs = (await store.readAll({ maxCount: 1_000_000, filter: { eventTypePrefixes: ['PairFormed'] } })).map((e) => ({
      pairId: e.data.pairId,
      lep: e.data.livedExperiencePartnerId,
    }));
    // Ten commands a pair, in both sizes: the first command for a pair reads and folds its stream, three
    // times the work of a later one, and at three a pair (as the quick run had) the figure was mostly that.
    const commands = 10_000;
    const concurrency = 16;
    let next = 0;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < commands) {
          const i = next++;
          const pair = pairs[i % pairs.length];
          await app.execute(
            {
              type: 'RecordMeeting',
              data: {
                pairId: pair.pairId,
                heldOn: '2024-12-01',
                durationMinutes: 45,
                format: 'video',
                attendeeIds: [pair.lep],
                topics: ['bench'],
                notes: 'bench notes',
                approaches: [],
              },
            },
            { commandId: randomUUID(), actor: 'system', source: 'import' },
          );
        }
      }),
    );
    const perSec = commands / ((performance.now() - t) / 1000);
    report(`RecordMeeting pipeline, 1,000 pairs (${synchronous})`, {
      commandsPerSec: perSec,
      target: 2500,
      met: synchronous === 'FULL' ? perSec >= 2500 : '-',
    });
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- 3. Projection rebuild, then the audit export and evaluation on it (child processes, for RSS) ----
async function rebuild() {
  const [pairs, months] = FULL ? [2000, 120] : [1000, 12];
  const source = await programme(pairs, months);
  // A copy, since the rebuild writes the read models beside the log and the server appends its administrator.
  const dir = scratch();
  cpSync(source, dir, { recursive: true });
  try {
    const child = (script, ...args) => {
      const run = spawnSync(process.execPath, ['--expose-gc', join(root, 'bench', script), dir, ...args], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(run.stderr.trim().split('\n').pop());
      return JSON.parse(run.stdout.trim().split('\n').pop());
    };
    // Memory by quarter of the job (memory.mjs): the live heap should stay level as the log goes by.
    const byQuarter = (m) => ({ rssByQuarterMB: m.rssMB.join(' / '), liveHeapByQuarterMB: m.liveHeapMB.join(' / ') });
    const r = child('rebuild-child.mjs');
    // The floor's batched rate, measured now, under the same durability as the appends' target (FULL).
    const f = floor({ synchronous: 'FULL', streams: 1000, perAppend: 100, batches: 300, singles: 1 });
    report(`projection rebuild, all projections`, {
      events: r.events,
      eventsPerSec: r.eventsPerSec,
      floorEventsPerSec: f.batched,
      ofFloor: r.eventsPerSec / f.batched,
      targetOfFloor: 0.5,
      peakRssMB: r.peakRssMB,
      rssTargetMB: 400,
      ...byQuarter(r),
    });
    // What reading the log costs before any projection writes: the engine with one projection that
    // writes nothing, against the same floor.
    const n = child('rebuild-child.mjs', 'read-only');
    report('projection rebuild, reading the log only', { eventsPerSec: n.eventsPerSec, ofFloor: n.eventsPerSec / f.batched });
    // Streaming the whole trail out must not hold it in memory either.
    const e = child('serve-child.mjs');
    report('audit export, all rows as jsonl over HTTP', {
      rows: e.rows,
      megabytes: e.megabytes,
      rowsPerSec: e.rowsPerSec,
      peakRssMB: e.peakRssMB,
      ...byQuarter(e),
    });
    report(`evaluation of every pair, ${r.events} events`, e.evaluation);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- 4. Case study generation --------------------------------------------------------------------
// The live case study is generated from the read model's copies (as GET /case-studies/:pairId does); an
// as-of one is regenerated from the raw events, decrypted (as ?asOf= does), with the pair's streams
// kept as read by the one before (the application's KeptStreams), and as the first since start, with
// nothing kept. Raw-event live generation is printed beside them.
async function caseStudy() {
  const source = await programme(1, 330);
  const { app, store, serializer, close } = openApp(source, 'NORMAL');
  const { ALL_PROJECTIONS, ProjectionEngine, openReadModelDb, ReadModels } = require('@pairtrail/projections');
  const dir = scratch();
  const db = openReadModelDb(join(dir, 'readmodels.db'));
  const engine = new ProjectionEngine({ store, serializer, db, projections: ALL_PROJECTIONS, batchSize: 1000 });
  engine.start();
  await new Promise((r) => setTimeout(r, 10));
  await engine.settled(20);
  const reads = new ReadModels(db, engine, store, 'Europe/London');
  const [formed] = await store.readAll({ maxCount: 10, filter: { eventTypePrefixes: ['PairFormed'] } });
  const pairId = formed.data.pairId;
  const events = (await store.readStream(`pair-${pairId}`)).length;
  const cs = new CaseStudies(app);
  const time = async (generate) => {
    const samples = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      const generated = await generate();
      if (!generated?.ok) throw new Error(`no case study: ${generated?.reason}`);
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
  };
  const live = await time(() => reads.caseStudy(pairId));
  const asOf = await time(() => cs.generate(pairId, { asOf: '2025-06-30' }));
  const raw = await time(() => cs.generate(pairId, {}));
  // As a pair's first regeneration since start finds it: nothing of its streams kept from an earlier one.
  const asOfCold = await time(() => new CaseStudies({ store, serializer }).generate(pairId, { asOf: '2025-06-30' }));
  report(`case study, pair of ${events} events`, {
    p50Ms: live.p50,
    p99Ms: live.p99,
    targetP99Ms: 20,
    asOfP50Ms: asOf.p50,
    asOfP99Ms: asOf.p99,
    asOfFirstP50Ms: asOfCold.p50,
    asOfFirstP99Ms: asOfCold.p99,
    rawLiveP50Ms: raw.p50,
    rawLiveP99Ms: raw.p99,
  });
  await engine.stop();
  db.close();
  await close();
  rmSync(dir, { recursive: true, force: true });
}

// ---- 5. HTTP --------------------------------------------------------------------------------------
/** Seconds of each HTTP load run before it is measured. */
const WARMUP_S = 2;
async function http() {
  const source = await programme(200, 6);
  const dir = scratch();
  cpSync(source, dir, { recursive: true });
  const token = 'bench-admin-token-0123456789-abcdefghijklmnop';
  const { startServer } = require('@pairtrail/api');
  const server = await startServer({
    dataDir: dir,
    port: 0,
    env: { ...process.env, PAIRTRAIL_RATE_LIMIT: '0', PAIRTRAIL_ADMIN_TOKEN: token, PAIRTRAIL_LOG_LEVEL: 'error', HOST: '127.0.0.1' },
  });
  await server.runtime.projections.settled();
  const { app } = server.runtime;
  const coordinator = await app.execute(
    { type: 'CreateUser', data: { name: 'Bench', role: 'coordinator' } },
    { commandId: randomUUID(), actor: 'system', source: 'cli' },
  );
  await server.runtime.identity.waitFor(coordinator.position);
  const [formed] = await server.runtime.store.readAll({ maxCount: 10, filter: { eventTypePrefixes: ['PairFormed'] } });
  const pairId = formed.data.pairId;
  const url = server.url.replace('localhost', '127.0.0.1');
  const probe = await fetch(`${url}/evaluation/pairs/${pairId}`, { headers: { authorization: `Bearer ${token}` } });
  if (probe.status !== 200) throw new Error(`GET /evaluation/pairs/:id answered ${probe.status}: ${(await probe.text()).slice(0, 200)}`);
  // The load runs in a child process: sharing this process's event loop with the server would halve
  // what the server can serve, and measure the load generator as much as Pairtrail. Each load runs for
  // WARMUP_S first, unmeasured, as a server that has been up a while would meet it: a server just
  // started is slower for its first seconds under load (each pair's first command reads and folds its
  // stream, and the rest of the server warms to the load), and those seconds made the POST p99. Its
  // figures are reported beside the measured ones (warmup…).
  const load = async (job) => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(root, 'bench', 'load-child.mjs'), JSON.stringify({ url, connections: 16, duration: FULL ? 10 : 5, warmup: WARMUP_S, ...job })],
      {
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return JSON.parse(stdout.trim().split('\n').pop());
  };
  const get = await load({ method: 'GET', headers: { authorization: `Bearer ${token}` }, requests: [{ path: `/evaluation/pairs/${pairId}` }] });
  report('HTTP GET /evaluation/pairs/:id', { ...get, targetRps: 5000 });
  // For scale: the same server answering who the token belongs to, which reads nothing but the token.
  const me = await load({ method: 'GET', headers: { authorization: `Bearer ${token}` }, requests: [{ path: '/me' }] });
  report('HTTP GET /me (the framework, for scale)', me);
  // Meetings recorded across every pair of the programme, as a programme's coordinators would; then all
  // on one pair, where every write contends for the same stream.
  const pairs = await server.runtime.store.readAll({ maxCount: 100_000, filter: { eventTypePrefixes: ['PairFormed'] } });
  const meeting = (pair) => ({
    path: `/pairs/${pair.data.pairId}/meetings`,
    body: JSON.stringify({
      heldOn: '2024-12-01',
      durationMinutes: 30,
      format: 'video',
      attendeeIds: [pair.data.livedExperiencePartnerId],
      topics: ['bench'],
      notes: 'n',
      approaches: [],
    }),
  });
  const headers = { authorization: `Bearer ${coordinator.token}`, 'content-type': 'application/json' };
  const spread = await load({ method: 'POST', headers, requests: pairs.map(meeting) });
  report(`HTTP POST /pairs/:id/meetings, across ${pairs.length} pairs`, { ...spread, targetRps: 1500 });
  const hot = await load({ method: 'POST', headers, requests: [meeting(formed)] });
  report('HTTP POST /pairs/:id/meetings, all on one pair', hot);
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

const scenarios = {
  appends: async () => {
    await appends('FULL');
    await appends('NORMAL');
  },
  pipeline,
  caseStudy,
  http,
  // Last: at full size it copies and writes gigabytes, and the kernel is still writing them back for a
  // while after; a scenario run next measured that (the case study's p99 went from 13 ms to 21 ms).
  rebuild,
};
console.log(`Pairtrail benchmarks${FULL ? ' (full size)' : ''} on ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
for (const [name, scenario] of Object.entries(scenarios)) {
  if (only && only !== name) continue;
  try {
    await scenario();
  } catch (error) {
    report(name, { error: error.message.split('\n')[0] });
  }
}
const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  date: new Date().toISOString(),
  full: FULL,
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
if (only && existsSync(join(root, 'bench', 'results', 'latest.json'))) {
  // One scenario was run: keep the other scenarios' latest figures beside its new ones.
  const previous = JSON.parse(readFileSync(join(root, 'bench', 'results', 'latest.json'), 'utf8'));
  // Kept rows say when they were measured, since the heading's date is this run's.
  const earlier = (previous.results ?? []).map((r) => ({ measuredAt: previous.machine?.date, ...r }));
  const fresh = new Set(results.map((r) => r.scenario));
  const scenarioOf = (label) => label.split(',')[0].split(' (')[0];
  const freshScenarios = new Set([...fresh].map(scenarioOf));
  results.unshift(...earlier.filter((r) => !fresh.has(r.scenario) && !freshScenarios.has(scenarioOf(r.scenario))));
}
const targets = targetsOf(results);
writeFileSync(join(root, 'bench', 'results', 'latest.json'), `${JSON.stringify({ machine, results, targets }, null, 2)}\n`);
const sizes = FULL ? [] : ['', 'A quick run: the rebuild and the export read 60,000 events, where the targets are for 1M (`--full`).'];
const md = [
  `# Pairtrail benchmarks`,
  '',
  `${machine.date} — ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}${FULL ? ', full size' : ''}`,
  '',
  '| scenario | figures |',
  '| --- | --- |',
  ...results.map(
    ({ scenario, ...f }) =>
      `| ${scenario} | ${Object.entries(f)
        .map(([k, v]) => `${k}: ${typeof v === 'number' ? Math.round(v * 100) / 100 : v}`)
        .join(', ')} |`,
  ),
  '',
  '## Targets',
  '',
  ...targetsTable(targets),
  ...sizes,
  '',
].join('\n');
writeFileSync(join(root, 'bench', 'results', 'latest.md'), md);
console.log(`\n${targetsTable(targets).join('\n')}`);
console.log('\nwrote bench/results/latest.json and latest.md');
process.exit(0);
