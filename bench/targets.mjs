// The targets, each read from the figures of one run: what was measured, what is asked, and
// whether it holds, so that a run says by itself which targets it met and by how much it missed the others.

const percent = (fraction) => `${Math.max(1, Math.round(fraction * 100))}%`;
const below = (limit) => ({ holds: (value) => value <= limit, says: `at most ${limit}`, misses: (value) => `${percent(value / limit - 1)} over` });
const above = (limit) => ({ holds: (value) => value >= limit, says: `at least ${limit}`, misses: (value) => `${percent(1 - value / limit)} short` });
/** Memory by quarter, "a / b / c / d" in MB: level when no later quarter holds more than the second's 1.25 times plus 8 MB. */
const level = {
  holds: (quarters) => {
    const [, second, ...later] = quarters;
    return later.every((mb) => mb <= second * 1.25 + 8);
  },
  says: 'level from the second quarter on',
  misses: (quarters) => `grew to ${Math.max(...quarters)}`,
};

/** Each target: its words, the scenario whose figures it reads (a label's start), the figure, and its bound. */
export const TARGETS = [
  { target: 'batched append, of the floor (FULL)', scenario: 'appends, batched 100/append (FULL)', figure: 'ofFloor', bound: above(0.6) },
  { target: "batched append, times Emmett's (FULL)", scenario: 'appends, batched 100/append (FULL)', figure: 'timesEmmett', bound: above(4) },
  { target: 'single-event append, of the floor (FULL)', scenario: 'appends, single event (FULL)', figure: 'ofFloor', bound: above(0.5) },
  { target: "single-event append, times Emmett's (FULL)", scenario: 'appends, single event (FULL)', figure: 'timesEmmett', bound: above(10) },
  { target: 'RecordMeeting commands/s (FULL)', scenario: 'RecordMeeting pipeline, 1,000 pairs (FULL)', figure: 'commandsPerSec', bound: above(2500) },
  { target: 'rebuild of all projections, of the floor', scenario: 'projection rebuild, all projections', figure: 'ofFloor', bound: above(0.5) },
  { target: 'rebuild peak RSS, MB', scenario: 'projection rebuild, all projections', figure: 'peakRssMB', bound: below(400) },
  { target: 'rebuild live heap by quarter, MB', scenario: 'projection rebuild, all projections', figure: 'liveHeapByQuarterMB', bound: level },
  { target: 'audit export live heap by quarter, MB', scenario: 'audit export, all rows as jsonl over HTTP', figure: 'liveHeapByQuarterMB', bound: level },
  { target: 'case study p99, ms', scenario: 'case study, pair of', figure: 'p99Ms', bound: below(20) },
  { target: 'case study as of a date (from raw events) p99, ms', scenario: 'case study, pair of', figure: 'asOfP99Ms', bound: below(20) },
  { target: 'GET /evaluation/pairs/:id requests/s', scenario: 'HTTP GET /evaluation/pairs/:id', figure: 'requestsPerSec', bound: above(5000) },
  { target: 'GET /evaluation/pairs/:id p99, ms', scenario: 'HTTP GET /evaluation/pairs/:id', figure: 'p99Ms', bound: below(30) },
  { target: 'POST /pairs/:id/meetings requests/s', scenario: 'HTTP POST /pairs/:id/meetings, across', figure: 'requestsPerSec', bound: above(1500) },
  { target: 'POST /pairs/:id/meetings p99, ms', scenario: 'HTTP POST /pairs/:id/meetings, across', figure: 'p99Ms', bound: below(30) },
];

const shown = (value) => (typeof value === 'number' ? String(Math.round(value * 100) / 100) : String(value));

/**
 * The targets read from a run's results (`{ scenario, ...figures }` rows): each with the figure measured,
 * the bound, `met` (true, false, or null when the run did not measure it, or the scenario failed) and,
 * when missed, by how much.
 */
export function targetsOf(results) {
  return TARGETS.map(({ target, scenario, figure, bound }) => {
    const row = results.find((r) => r.scenario.startsWith(scenario));
    const raw = row?.[figure];
    const value = typeof raw === 'string' && figure.endsWith('ByQuarterMB') ? raw.split(' / ').map(Number) : raw;
    const measured = typeof value === 'number' || (Array.isArray(value) && value.length === 4 && value.every(Number.isFinite));
    return {
      target,
      figure: measured ? (Array.isArray(value) ? value.join(' / ') : shown(value)) : '-',
      bound: bound.says,
      met: measured ? bound.holds(value) : null,
      ...(measured && !bound.holds(value) ? { by: bound.misses(value) } : {}),
    };
  });
}

/** The targets as a Markdown table: what a run met, what it missed, and what it did not measure. */
export function targetsTable(targets) {
  const word = (t) => (t.met === null ? 'not measured' : t.met ? 'yes' : `**no**, ${t.by}`);
  return ['| target | figure | asked | met |', '| --- | --- | --- | --- |', ...targets.map((t) => `| ${t.target} | ${t.figure} | ${t.bound} | ${word(t)} |`)];
}
