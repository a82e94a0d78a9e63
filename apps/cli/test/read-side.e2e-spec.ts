import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CaseStudies, PairtrailApplication, demoId, loadConfig, openStore, pendingErasures } from '@pairtrail/application';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { damageTable, tempDir } from '@pairtrail/testing';
import { zipSync } from 'fflate';
import { readModelBytes } from '../../../test/support/read-model-snapshot';
import { REPORT_PACK_FILES, readDataPackage } from '../../../test/support/data-package';

const CLI = resolve(__dirname, '../dist/main.js');
const run = (data: string, ...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args, '--data-dir', data], { encoding: 'utf8', env: { ...process.env, PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL' } });

function tables(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const names = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'p\\_%' ESCAPE '\\' ORDER BY name").all() as { name: string }[]
    ).map((r) => r.name);
    // Compare by logical name: a rebuild writes a new generation of the same tables.
    return Object.fromEntries(names.map((n) => [n.replace(/_g\d+_/, '_'), db.prepare(`SELECT * FROM ${n} ORDER BY 1, 2`).all()]));
  } finally {
    db.close();
  }
}

describe('pairtrail read-side commands', () => {
  const dir = tempDir();
  const data = join(dir.path, 'data');
  beforeAll(() => {
    expect(run(data, 'demo').status).toBe(0);
  });
  afterAll(() => dir.remove());

  it('shows projection status as the read models stand, without bringing them up to date', () => {
    const status = () => {
      const r = run(data, 'projections', 'status', '--json');
      expect(r.status).toBe(0);
      return JSON.parse(r.stdout).map((s: { name: string; state: string; lag: string }) => [s.name, s.state, s.lag]);
    };
    const head = String(JSON.parse(run(data, 'stats', '--json').stdout).lastPosition);
    // The demo recorded events; nothing has built the read models yet, and asking twice does not.
    const unbuilt = [
      ['audit', 'stopped', head],
      ['documents', 'stopped', head],
    ];
    expect(status()).toEqual(unbuilt);
    expect(status()).toEqual(unbuilt);
    expect(run(data, 'evaluation', '--cohort', demoId('cohortId', 'cohort')).status).toBe(0);
    expect(status()).toEqual([
      ['audit', 'live', '0'],
      ['documents', 'live', '0'],
    ]);
  });

  it('says a rebuild left partway by a process that stopped, and finishes it at the next read', () => {
    // As a rebuild killed partway leaves it: the next generation's tables made, its first 40 events in
    // them, and its position there.
    const db = new Database(join(data, 'readmodels.db'));
    const { generation } = db.prepare("SELECT generation FROM projection_checkpoints WHERE name = 'audit'").get() as { generation: number };
    const [from, to] = [`p_audit_g${generation}_rows`, `p_audit_g${generation + 1}_rows`];
    const { sql } = db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(from) as { sql: string };
    db.exec(sql.replace(from, to));
    db.exec(`INSERT INTO ${to} SELECT * FROM ${from} WHERE position <= 40`);
    db.prepare(
      "UPDATE projection_checkpoints SET state = 'rebuilding', building_generation = ?, building_version = version, building_position = 40 WHERE name = 'audit'",
    ).run(generation + 1);
    db.close();
    const head = String(JSON.parse(run(data, 'stats', '--json').stdout).lastPosition);
    const partway = run(data, 'projections', 'status');
    expect(partway.status).toBe(0);
    expect(partway.stdout).toMatch(new RegExp(`^audit +v2 +rebuilding +checkpoint ${head} +lag 0 +rebuild at 40 of ${head}$`, 'm'));
    expect(partway.stdout).toMatch(/No server or projector is running on these read models: .* finish a rebuild where it stopped, when the server starts/);

    expect(run(data, 'evaluation', '--cohort', demoId('cohortId', 'cohort')).status).toBe(0);
    const finished = run(data, 'projections', 'status');
    expect(finished.stdout).toMatch(new RegExp(`^audit +v2 +live +checkpoint ${head} +lag 0$`, 'm'));
    expect(finished.stdout).not.toMatch(/No server or projector/);
  });

  it('rebuilds with progress (events/s, position of total) and produces identical tables', () => {
    const before = tables(join(data, 'readmodels.db'));
    const r = run(data, 'projections', 'rebuild');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/\d+\/\d+ \(100%\)\s+\d+ events\/s/);
    expect(r.stdout).toMatch(/rebuilt audit, documents from \d+ events/);
    expect(tables(join(data, 'readmodels.db'))).toEqual(before);
    expect(run(data, 'projections', 'rebuild', 'nonsense').stderr).toBe('pairtrail: There is no projection "nonsense"; choose one of audit, documents.\n');
  });

  it('exports the audit trail to a file', () => {
    const out = join(dir.path, 'audit.jsonl');
    const r = run(data, 'audit', 'export', '--format', 'jsonl', '--out', out);
    expect(r.status).toBe(0);
    const events = JSON.parse(run(data, 'stats', '--json').stdout).events as number;
    const rows = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(events);
    expect(rows.map((x) => Number(x.position))).toEqual(Array.from({ length: events }, (_, i) => i + 1));
    expect(run(data, 'audit', 'export', '--format', 'xml').status).toBe(2);
  });

  it('writes every event as stored, up to a position, which scripts/check-log.mjs checks to the head digest verify gives', () => {
    const checkLog = (file: string) =>
      spawnSync(process.execPath, [resolve(__dirname, '../../../scripts/check-log.mjs'), file], { encoding: 'utf8' }).stdout.split('\n');
    const out = join(dir.path, 'events.jsonl');
    const whole = run(data, 'audit', 'events', '--out', out);
    const events = JSON.parse(run(data, 'stats', '--json').stdout).events as number;
    expect(whole.stdout).toBe(`wrote ${events} events, up to position ${events}, to ${out}; check them with: node scripts/check-log.mjs ${out}\n`);
    const verified = JSON.parse(run(data, 'verify', '--json').stdout) as { headDigest: string; streamsChecked: number };
    expect(checkLog(out).slice(0, 2)).toEqual([
      `ok: ${events} events in ${verified.streamsChecked} streams, up to position ${events}`,
      `head digest ${verified.headDigest}`,
    ]);
    // To standard output, and up to a report's position: the same lines as far as it goes.
    const upTo20 = run(data, 'audit', 'events', '--position', '20');
    expect(upTo20.stdout).toBe(readFileSync(out, 'utf8').split('\n').slice(0, 20).join('\n') + '\n');
    writeFileSync(out, upTo20.stdout);
    expect(checkLog(out)[1]).toBe(`head digest ${(JSON.parse(run(data, 'verify', '--json', '--position', '20').stdout) as { headDigest: string }).headDigest}`);
    expect(run(data, 'audit', 'events', '--position', String(events + 5))).toMatchObject({
      status: 2,
      stderr: expect.stringContaining(`pairtrail: --position is past the end of this log, which ends at position ${events}`),
    });
  });

  it('exports part of the trail, filtered as the API filters it, and names a bad filter by its flag', () => {
    const stream = `pair-${demoId('pairId', 'cardiac:formed')}`;
    const meetings = run(data, 'audit', 'export', '--format', 'jsonl', '--stream', stream, '--type', 'MeetingHeld');
    expect(meetings.status).toBe(0);
    const rows = meetings.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { stream: string; type: string });
    expect(rows).toHaveLength(11);
    expect(new Set(rows.map((r) => `${r.stream} ${r.type}`))).toEqual(new Set([`${stream} MeetingHeld`]));
    // Recorded today, in the programme's time zone: nothing was recorded from tomorrow on.
    expect(run(data, 'audit', 'export', '--format', 'csv', '--from', '2099-01-01').stdout.trim().split('\r\n')).toHaveLength(1);
    const bad = run(data, 'audit', 'export', '--format', 'csv', '--type', 'meetingheld', '--actor', 'Dr Patel');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('pairtrail: --actor must be a user id, or system; --type is not an event type; did you mean MeetingHeld?\n');
    expect(bad.stdout).toBe('');
    // What happened between two log positions, as two reports quote them.
    const between = run(data, 'audit', 'export', '--format', 'jsonl', '--after', '20', '--up-to', '25');
    expect(
      between.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { position: string }).position),
    ).toEqual(['21', '22', '23', '24', '25']);
    expect(run(data, 'audit', 'export', '--format', 'jsonl', '--after', '25', '--up-to', '20')).toMatchObject({
      status: 2,
      stderr: 'pairtrail: --up-to must be a later position than after\n',
    });
    expect(run(data, 'audit', 'export', '--format', 'jsonl', '--after', '99999999')).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^pairtrail: --after is past the end of this log, which ends at position \d+/),
    });
  });

  it('pseudonymises an export as the API does: each person one pseudonym, no summaries, dates shifted on request', () => {
    const jsonl = (...flags: string[]) =>
      run(data, 'audit', 'export', '--format', 'jsonl', ...flags)
        .stdout.trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { stream: string; recordedAt: string; summary?: string });
    const plain = jsonl();
    const rows = jsonl('--pseudonymise');
    expect(rows).toHaveLength(plain.length);
    const margaret = `participant-${demoId('participantId', 'person:margaret')}`;
    expect(JSON.stringify(rows)).not.toContain(margaret.slice('participant-'.length));
    expect(rows.every((r) => r.summary === undefined)).toBe(true);
    const hers = new Set(rows.filter((_, i) => plain[i]!.stream === margaret).map((r) => r.stream));
    expect([...hers]).toEqual([expect.stringMatching(/^participant-[0-9a-f]{16}$/)]);
    const shifted = jsonl('--pseudonymise', '--shift-dates');
    expect(shifted.some((r, i) => r.recordedAt !== plain[i]!.recordedAt)).toBe(true);
    expect(run(data, 'audit', 'export', '--format', 'csv', '--shift-dates').stderr).toBe('pairtrail: --shift-dates goes with --pseudonymise.\n');
  });

  it("prints every pair's, cohort's or service area's figures, as the API's lists and downloads give them", () => {
    const pairs = JSON.parse(run(data, 'evaluation', '--every', 'pairs', '--as-of', '2026-11-22').stdout) as { pairId: string; meetingsHeld: number }[];
    expect(pairs.map((p) => p.pairId).sort()).toEqual(['cardiac', 'neuro', 'vanguard'].map((k) => demoId('pairId', `${k}:formed`)).sort());
    const neuro = JSON.parse(run(data, 'evaluation', '--pair', demoId('pairId', 'neuro:formed'), '--as-of', '2026-11-22').stdout);
    expect(pairs.find((p) => p.pairId === neuro.pairId)).toMatchObject({ meetingsHeld: neuro.meetingsHeld, overdueActions: neuro.overdueActions });
    const csv = run(data, 'evaluation', '--every', 'pairs', '--as-of', '2026-11-22', '--format', 'csv').stdout.trim().split('\r\n');
    expect(csv).toHaveLength(4);
    expect(csv[0]).toMatch(/^pairId,cohortId,serviceArea,status,.*relationship\.livedExperience\.change/);
    // Pseudonymised to take away, as the API's download: no pair's id in it, the figures the same.
    const hidden = JSON.parse(run(data, 'evaluation', '--every', 'pairs', '--as-of', '2026-11-22', '--pseudonymise').stdout) as {
      pairId: string;
      meetingsHeld: number;
    }[];
    expect(hidden.map((p) => p.meetingsHeld).sort()).toEqual(pairs.map((p) => p.meetingsHeld).sort());
    expect(hidden.filter((p) => pairs.some((q) => q.pairId === p.pairId))).toEqual([]);
    expect(run(data, 'evaluation', '--every', 'cohorts', '--pseudonymise').stderr).toBe('pairtrail: --pseudonymise goes with --every pairs.\n');
    const cohorts = JSON.parse(run(data, 'evaluation', '--every', 'cohorts').stdout);
    expect(cohorts).toEqual([expect.objectContaining({ cohortId: demoId('cohortId', 'cohort'), pairs: 3 })]);
    const areas = run(data, 'evaluation', '--every', 'service-areas', '--as-of', '2026-11-22', '--format', 'csv').stdout.trim().split('\r\n');
    expect(areas).toEqual([
      'serviceArea,pairs,meetingsHeld,outcomes,meanRelationshipChange,meanRelationshipChangeByPerspective.livedExperience,meanRelationshipChangeByPerspective.professional,asOf,position',
      expect.stringMatching(/^cardiac,1,\d+,\d+,[\d.]+,[\d.]+,[\d.]+,2026-11-22,\d+$/),
      expect.stringMatching(/^neuro-rehabilitation,1,/),
      expect.stringMatching(/^new-models-of-care,1,/),
    ]);
    // Each row, and beside JSON the command, says the asOf and position that give the figures again.
    const position = areas[1]!.split(',').pop()!;
    expect(csv.slice(1).every((row) => row.endsWith(`,2026-11-22,${position}`))).toBe(true);
    const live = run(data, 'evaluation', '--every', 'cohorts');
    const [, asOf] = /--as-of (\S+) --position (\d+)/.exec(live.stderr) ?? [];
    expect(live.stderr).toBe(`To give these figures again: --as-of ${asOf} --position ${position}\n`);
    const again = JSON.parse(run(data, 'evaluation', '--every', 'cohorts', '--as-of', asOf!, '--position', position).stdout);
    const figures = (rows: Record<string, unknown>[]) => rows.map(({ asOf: _a, position: _p, ...rest }) => rest);
    expect(figures(again)).toEqual(figures(cohorts));
  });

  it('prints evaluation figures for a pair or a cohort, as of a date, as JSON or CSV', () => {
    const pair = run(data, 'evaluation', '--pair', demoId('pairId', 'neuro:formed'), '--as-of', '2026-11-22');
    expect(JSON.parse(pair.stdout)).toMatchObject({ meetingsHeld: 8, overdueActions: 1, asOf: '2026-11-22' });
    const csv = run(data, 'evaluation', '--cohort', demoId('cohortId', 'cohort'), '--as-of', '2026-11-22', '--format', 'csv');
    const [header, values] = csv.stdout.trim().split('\r\n');
    expect(header).toMatch(/^cohortId,name,pairs,pairsMet/);
    expect(values).toMatch(/,3,3,/);
    expect(run(data, 'evaluation').stderr).toBe('pairtrail: Give exactly one of --pair ID, --cohort ID or --every pairs|cohorts|service-areas|approaches.\n');
    expect(run(data, 'evaluation', '--every', 'pair').stderr).toBe(
      'pairtrail: --every must be one of pairs, cohorts, service-areas, approaches, not "pair".\n',
    );
    // How the partnerships felt, month by month, as GET /analytics/relationship gives it.
    const felt = run(data, 'analytics', 'relationship', '--from', '2026-03', '--to', '2026-03', '--as-of', '2026-11-22', '--format', 'csv')
      .stdout.trim()
      .split('\r\n');
    expect(felt[1]).toMatch(/^2026-03,6,3\.5,3,/);
    // Each approach's figures, as GET /evaluation/approaches gives them.
    const approaches = run(data, 'evaluation', '--every', 'approaches', '--as-of', '2026-03-31', '--format', 'csv').stdout.trim().split('\r\n');
    expect(approaches).toHaveLength(6);
    expect(approaches[5]).toMatch(/^embedding,1,1,0,0,2,2,2,2,1,2,2,2026-03-31,\d+$/);
    expect(run(data, 'evaluation', '--pair', 'nope').stderr).toMatch(/No pair nope/);
  });

  it('writes a report: every figure read at one position, with the head digest there, given again byte for byte', () => {
    const out = join(dir.path, 'report');
    const written = run(data, 'report', '--out', out, '--as-of', '2026-11-22');
    expect(written.status).toBe(0);
    const [, position] = /as recorded up to log position (\d+); head digest there [0-9a-f]{64}\n/.exec(written.stdout) ?? [];
    expect(readdirSync(out).sort()).toEqual(REPORT_PACK_FILES);
    // Its figures in words, as `analytics summary` says them at the same date and position.
    const inWords = run(data, 'analytics', 'summary', '--as-of', '2026-11-22', '--position', position!);
    expect(inWords.stderr).toBe(`To give these figures again: --as-of 2026-11-22 --position ${position}\n`);
    expect(inWords.stdout).toMatch(/^## The pairs\n\n- 3 pairs formed: /);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain(inWords.stdout);
    const asJson = JSON.parse(run(data, 'analytics', 'summary', '--as-of', '2026-11-22', '--position', position!, '--format', 'json').stdout);
    expect(asJson).toMatchObject({ asOf: '2026-11-22', position, cohortId: null, sections: expect.any(Array) });
    expect(run(data, 'analytics', 'summary', '--format', 'csv')).toMatchObject({ status: 2, stderr: 'pairtrail: --format must be md or json, not "csv".\n' });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.sha256).sort()).toEqual(
      readdirSync(out)
        .filter((file) => file !== 'manifest.json')
        .sort(),
    );
    // The digest a verification up to that position gives, and the figures the evaluation commands give there.
    const verified = JSON.parse(run(data, 'verify', '--position', position!, '--json').stdout);
    expect(manifest).toMatchObject({ asOf: '2026-11-22', position, headDigest: verified.headDigest, cohortId: null, pseudonymised: false });
    const at = ['--as-of', '2026-11-22', '--position', position!, '--format', 'csv'];
    expect(readFileSync(join(out, 'pairs.csv'), 'utf8')).toBe(run(data, 'evaluation', '--every', 'pairs', ...at).stdout);
    expect(readFileSync(join(out, 'monthly.csv'), 'utf8')).toBe(run(data, 'analytics', 'monthly', ...at).stdout);
    expect(readFileSync(join(out, 'funnel.csv'), 'utf8').split('\r\n')[1]).toBe(`formed,3,2026-11-22,${position}`);
    // Each file's digest, so that one edited since shows.
    for (const file of Object.keys(manifest.files))
      expect([file, manifest.sha256[file]]).toEqual([
        file,
        createHash('sha256')
          .update(readFileSync(join(out, file)))
          .digest('hex'),
      ]);
    // Given again as it says, in another folder: the same bytes.
    const again = join(dir.path, 'report-again');
    expect(manifest.giveAgain).toBe(`pairtrail report --out DIR --as-of 2026-11-22 --position ${position}`);
    expect(manifest.check).toMatch(/^pairtrail check-report PACK /);
    // And how to check its digest without Pairtrail's code.
    expect(manifest.check).toContain(
      `scripts/check-log.mjs, which shares no code with Pairtrail, run on the events up to it as stored (pairtrail audit events --position ${position}`,
    );
    expect(run(data, 'report', '--out', again, '--as-of', '2026-11-22', '--position', position!).status).toBe(0);
    for (const file of readdirSync(out)) expect([file, readFileSync(join(again, file), 'utf8')]).toEqual([file, readFileSync(join(out, file), 'utf8')]);
    // To take away: no pair's id in it, not even in a cohort's list of pairs needing attention.
    const hidden = join(dir.path, 'report-hidden');
    expect(run(data, 'report', '--out', hidden, '--as-of', '2026-11-22', '--pseudonymise').status).toBe(0);
    const pairIds = ['cardiac', 'neuro', 'vanguard'].map((k) => demoId('pairId', `${k}:formed`));
    const taken = readdirSync(hidden).map((file) => readFileSync(join(hidden, file), 'utf8'));
    expect(pairIds.filter((id) => taken.some((text) => text.includes(id)))).toEqual([]);
    expect(readFileSync(join(hidden, 'cohorts.csv'), 'utf8')).toMatch(/"\[""[0-9a-f]{16}"",""[0-9a-f]{16}""\]"/);
    // A run that stops part way leaves no manifest beside figures it would not describe.
    rmSync(join(hidden, 'monthly.csv'));
    mkdirSync(join(hidden, 'monthly.csv'));
    const stopped = run(data, 'report', '--out', hidden);
    expect(stopped.status).toBe(1);
    expect(stopped.stderr).toBe(`pairtrail: cannot move a file to ${join(hidden, 'monthly.csv')}: that is a directory; give a file name.\n`);
    expect(existsSync(join(hidden, 'manifest.json'))).toBe(false);
    const nowhere = join(dir.path, 'report-nowhere');
    expect(run(data, 'report', '--out', nowhere, '--cohort', 'nope')).toMatchObject({
      status: 1,
      stderr: 'pairtrail: No cohort nope. "pairtrail evaluation --every cohorts" lists every cohort\'s id.\n',
    });
    expect(existsSync(nowhere)).toBe(false);
  });

  it("describes a report pack's columns as a Frictionless tabular data package, which the specification's own implementation reads whole", async () => {
    const described = async (...args: string[]) => {
      const out = join(dir.path, `report-described-${randomUUID()}`);
      expect(run(data, 'report', '--out', out, '--as-of', '2026-11-22', ...args).status).toBe(0);
      return { out, ...(await readDataPackage(out)) };
    };
    const whole = await described();
    expect([whole.errors, whole.problems]).toEqual([[], {}]);
    const counts = (rows: Record<string, unknown[]>) => Object.fromEntries(Object.entries(rows).map(([name, r]) => [name, r.length]));
    expect(counts(whole.rows)).toEqual({ pairs: 3, cohorts: 1, 'service-areas': 3, monthly: 15, funnel: 5, approaches: 5, relationship: 15 });
    // A month before anyone reflected has no mean score: an empty cell, read as none.
    expect(whole.rows.relationship![0]).toMatchObject({ partners: 0, meanScore: null, 'livedExperience.partners': 0 });
    // Every demo pair practised every approach: none met without it, whose rate and mean do not exist.
    expect(whole.rows.approaches![0]).toMatchObject({
      approach: 'finding-partner',
      'practiced.pairs': 3,
      'practiced.outcomeRate': 1,
      'notPracticed.pairs': 0,
      'notPracticed.outcomeRate': null,
    });
    // Each value read as its type: a rate a number, a reason a list, a month a month, the date a date.
    const neuro = whole.rows.pairs!.find((p) => p.pairId === demoId('pairId', 'neuro:formed'))!;
    expect(neuro).toMatchObject({ status: 'active', meetingsHeld: 8, bothPartnersPresentRate: 1, needsAttention: true, position: expect.any(Number) });
    expect(neuro.attentionReasons).toEqual(expect.arrayContaining(['overdue-actions']));
    expect(neuro.asOf).toEqual(new Date('2026-11-22T00:00:00Z'));
    expect(whole.rows.monthly![0]!.month).toEqual([2025, 9]);
    // A pair's cohort is the cohort of cohorts.csv with its id (a foreign key, resolved).
    expect(neuro.cohortId).toMatchObject({ cohortId: demoId('cohortId', 'cohort'), pairs: 3 });
    // Every column said in words, and the figures that may not exist said so.
    const descriptor = JSON.parse(readFileSync(join(whole.out, 'datapackage.json'), 'utf8'));
    const fields = descriptor.resources.flatMap((r: { schema: { fields: { name: string; description: string }[] } }) => r.schema.fields);
    expect(fields.filter((f: { description: string }) => !(f.description.length >= 10))).toEqual([]);
    expect(fields.find((f: { name: string }) => f.name === 'daysToFirstMeeting').description).toContain('empty if it has not met');
    expect(descriptor.title).toMatch(/^Pairtrail report: evaluation figures as of 2026-11-22, as recorded up to log position \d+$/);

    // One cohort's pack, and one to take away, read as whole.
    const cohort = await described('--cohort', demoId('cohortId', 'cohort'));
    expect([cohort.errors, cohort.problems, counts(cohort.rows)]).toEqual([[], {}, counts(whole.rows)]);
    const hidden = await described('--pseudonymise');
    expect([hidden.errors, hidden.problems]).toEqual([[], {}]);
    expect(JSON.parse(readFileSync(join(hidden.out, 'datapackage.json'), 'utf8')).description).toContain("Each pair's id is a pseudonym, new with this pack");

    // Figures that break what the pack says of them are found: a status that is none, a rate above 1.
    const pairsCsv = join(whole.out, 'pairs.csv');
    const figures = readFileSync(pairsCsv, 'utf8');
    writeFileSync(pairsCsv, figures.replace(',concluded,', ',finished,'));
    expect((await readDataPackage(whole.out)).problems.pairs).toMatch(/type and format mismatch/);
    const [header, first, ...rest] = figures.split('\r\n');
    const cells = first!.split(',');
    cells[header!.split(',').indexOf('bothPartnersPresentRate')] = '1.5';
    writeFileSync(pairsCsv, [header, cells.join(','), ...rest].join('\r\n'));
    expect((await readDataPackage(whole.out)).problems.pairs).toMatch(/type and format mismatch/);
  });

  it('checks a report pack, its folder or its ZIP, against the record: its head digest, its files as made, and its figures given again', () => {
    const out = join(dir.path, 'report-checked');
    expect(run(data, 'report', '--out', out, '--as-of', '2026-11-22').status).toBe(0);
    const check = (pack: string, ...args: string[]) => run(data, 'check-report', pack, ...args);
    const good = check(out);
    expect([good.status, good.stderr]).toEqual([0, '']);
    expect(good.stdout).toMatch(/^ok {6}the record up to log position \d+ gives the head digest the pack quotes, [0-9a-f]{64}$/m);
    expect(good.stdout).toContain('ok      pairs.csv: its SHA-256 is the one manifest.json gives, and its figures are what the record gives\n');
    expect(good.stdout).toContain(
      "ok      datapackage.json: its SHA-256 is the one manifest.json gives (it describes the files' columns and quotes no figure)\n",
    );
    expect(good.stdout.trim().split('\n').pop()).toBe('the pack is what the record gives');
    // As the Evaluation screen gives it: a ZIP.
    const zip = join(dir.path, 'report.zip');
    writeFileSync(zip, zipSync(Object.fromEntries(readdirSync(out).map((file) => [file, readFileSync(join(out, file))]))));
    expect(check(zip).status).toBe(0);

    const manifestPath = join(out, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const funnel = readFileSync(join(out, 'funnel.csv'), 'utf8');
    const changed = funnel.replace(/^formed,3,/m, 'formed,30,');
    expect(changed).not.toBe(funnel);
    // A figure edited after the pack was made...
    writeFileSync(join(out, 'funnel.csv'), changed);
    const edited = check(out);
    expect(edited.status).toBe(1);
    expect(edited.stdout).toContain('PROBLEM funnel.csv: changed after the pack was made: its SHA-256 is not the one manifest.json gives\n');
    expect(edited.stdout.trim().split('\n').pop()).toBe('the pack is not what the record gives: 1 problem above');
    // ...and with its digest made up to match: the record's own figures differ.
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, sha256: { ...manifest.sha256, 'funnel.csv': sha256(changed) } }));
    expect(check(out).stdout).toContain(
      `PROBLEM funnel.csv: not what the record gives at log position ${manifest.position}, as of 2026-11-22: its figures differ\n`,
    );
    writeFileSync(join(out, 'funnel.csv'), funnel);
    // A pack made before cohorts.csv gave each cohort's name: its figures are still what the record gives,
    // in the columns it has; a figure changed in it is still found.
    const cohortsCsv = readFileSync(join(out, 'cohorts.csv'), 'utf8');
    const nameless = cohortsCsv.replace(/^cohortId,name,/, 'cohortId,').replace(/^([0-9a-f-]{36}),"Northfield collaborative pairs, wave 1",/m, '$1,');
    expect(nameless).not.toMatch(/Northfield|,name,/);
    writeFileSync(join(out, 'cohorts.csv'), nameless);
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, sha256: { ...manifest.sha256, 'cohorts.csv': sha256(nameless) } }));
    expect(check(out)).toMatchObject({
      status: 0,
      stdout: expect.stringContaining(
        'ok      cohorts.csv: its SHA-256 is the one manifest.json gives, and its figures are what the record gives (the pack was made before the name column was added)\n',
      ),
    });
    const namelessChanged = nameless.replace(/^([0-9a-f-]{36}),3,/m, '$1,4,');
    expect(namelessChanged).not.toBe(nameless);
    writeFileSync(join(out, 'cohorts.csv'), namelessChanged);
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, sha256: { ...manifest.sha256, 'cohorts.csv': sha256(namelessChanged) } }));
    expect(check(out).stdout).toContain('PROBLEM cohorts.csv: not what the record gives at log position');
    writeFileSync(join(out, 'cohorts.csv'), cohortsCsv);
    // The figures in words: checked by their digest, and against the words the record's figures give again.
    expect(good.stdout).toContain("ok      summary.md: its SHA-256 is the one manifest.json gives, and its words are what the record's figures give\n");
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    const reworded = summary.replace(/^- 3 pairs formed:/m, '- 4 pairs formed:');
    expect(reworded).not.toBe(summary);
    writeFileSync(join(out, 'summary.md'), reworded);
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, sha256: { ...manifest.sha256, 'summary.md': sha256(reworded) } }));
    expect(check(out).stdout).toContain(
      `PROBLEM summary.md: not what the record gives at log position ${manifest.position}, as of 2026-11-22: its words differ\n`,
    );
    writeFileSync(join(out, 'summary.md'), summary);
    // The columns' description edited, and a pack made before packs held one (its manifest gives no digest of it).
    const description = readFileSync(join(out, 'datapackage.json'), 'utf8');
    writeFileSync(join(out, 'datapackage.json'), description.replace('meetings held', 'meetings planned'));
    writeFileSync(manifestPath, JSON.stringify(manifest));
    expect(check(out)).toMatchObject({
      status: 1,
      stdout: expect.stringContaining('PROBLEM datapackage.json: changed after the pack was made: its SHA-256 is not the one manifest.json gives\n'),
    });
    // One made before packs held approaches.csv is checked without it; one that should hold it, and does not, is not.
    const approaches = readFileSync(join(out, 'approaches.csv'), 'utf8');
    rmSync(join(out, 'approaches.csv'));
    expect(check(out)).toMatchObject({ status: 1, stdout: expect.stringContaining('PROBLEM approaches.csv: missing from the pack\n') });
    rmSync(join(out, 'datapackage.json'));
    rmSync(join(out, 'summary.md'));
    const { 'datapackage.json': _described, 'summary.md': _said, 'approaches.csv': _approaches, ...before } = manifest.sha256;
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, sha256: before }));
    const older = check(out);
    expect([older.status, ...['datapackage.json', 'summary.md', 'approaches.csv'].map((file) => older.stdout.includes(file))]).toEqual([
      0,
      false,
      false,
      false,
    ]);
    writeFileSync(join(out, 'datapackage.json'), description);
    writeFileSync(join(out, 'summary.md'), summary);
    writeFileSync(join(out, 'approaches.csv'), approaches);
    // A head digest that is not the record's.
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, headDigest: 'a'.repeat(64) }));
    const digest = check(out, '--json');
    expect(digest.status).toBe(1);
    expect(JSON.parse(digest.stdout)).toMatchObject({
      ok: false,
      position: manifest.position,
      record: {
        ok: false,
        message: expect.stringContaining(`not the pack's ${'a'.repeat(64)}: something recorded up to that position was changed or removed`),
      },
    });
    expect(JSON.parse(digest.stdout).files.every((f: { ok: boolean }) => f.ok)).toBe(true);
    // A position this programme's log does not reach: another programme's pack.
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, position: '999999' }));
    expect(check(out)).toMatchObject({
      status: 1,
      stderr: expect.stringContaining("log position 999999 is not in this programme's log: check the pack against the data directory"),
    });
    // No pack at all, or a manifest that is none.
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, headDigest: 'nope' }));
    expect(check(out)).toMatchObject({ status: 1, stderr: `pairtrail: ${out}: manifest.json headDigest must be a SHA-256 in hex\n` });
    rmSync(manifestPath);
    expect(check(out)).toMatchObject({ status: 1, stderr: expect.stringContaining('holds no manifest.json: it is no report pack') });
    expect(check(join(out, 'funnel.csv'))).toMatchObject({
      status: 1,
      stderr: expect.stringContaining("is neither a report's folder nor a report pack's ZIP"),
    });

    // A pseudonymised pack: its pairs and cohorts checked by their digests, the rest by the record too.
    const hidden = join(dir.path, 'report-checked-hidden');
    expect(run(data, 'report', '--out', hidden, '--as-of', '2026-11-22', '--pseudonymise').status).toBe(0);
    const pseudonymised = check(hidden);
    expect(pseudonymised.status).toBe(0);
    expect(pseudonymised.stdout).toContain("ok      pairs.csv: its SHA-256 is the one manifest.json gives (its pseudonyms are the pack's own)\n");
    expect(pseudonymised.stdout).toContain('ok      funnel.csv: its SHA-256 is the one manifest.json gives, and its figures are what the record gives\n');
  });

  it('says a damaged read-model database is to be deleted, since it is rebuilt from the log, and rebuilds it once it is', () => {
    const copy = join(dir.path, 'damaged-read-models');
    cpSync(data, copy, { recursive: true });
    for (const file of readdirSync(copy).filter((f) => f.startsWith('readmodels.db'))) rmSync(join(copy, file));
    writeFileSync(join(copy, 'readmodels.db'), randomBytes(20_000));
    const refused = run(copy, 'evaluation', '--every', 'pairs');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      `pairtrail: The read models' database ${join(copy, 'readmodels.db')} is damaged (file is not a database). The read models are built from the event log, which this does not touch: stop every Pairtrail process on this data directory, delete ${join(copy, 'readmodels.db')} (and its -wal and -shm files, if there are any), and start again; the read models are rebuilt from the log. Have the disk checked too.\n`,
    );
    // A server started on it says the same and ends, rather than staying up serving nothing; so with a
    // page damaged further in, which the projections meet as they start.
    const serve = () => {
      const served = spawnSync(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', copy], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, PAIRTRAIL_LOG_LEVEL: 'error' },
      });
      return { status: served.status, said: served.stderr.split('\n').find((line) => line.startsWith('pairtrail:')) };
    };
    expect(serve()).toEqual({ status: 1, said: refused.stderr.trimEnd() });
    rmSync(join(copy, 'readmodels.db'));
    expect(run(copy, 'projections', 'rebuild').status).toBe(0);
    damageTable(join(copy, 'readmodels.db'), 'projection_checkpoints');
    expect(serve()).toEqual({
      status: 1,
      said: expect.stringMatching(
        /^pairtrail: The read models' database .* is damaged \(.*page \d+.*\)\. The read models are built from the event log, which this does not touch: stop every Pairtrail process/,
      ),
    });
    // As it says: deleted, and made again from the log, with every pair's figures.
    rmSync(join(copy, 'readmodels.db'));
    const again = run(copy, 'evaluation', '--every', 'pairs');
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toHaveLength(3);
  });

  it('writes no report from a record that does not verify', () => {
    const copy = join(dir.path, 'tampered');
    cpSync(data, copy, { recursive: true });
    const db = new Database(join(copy, 'events.db'));
    db.prepare("UPDATE events SET metadata = json_set(metadata, '$.actor', 'someone') WHERE position = 3").run();
    db.close();
    const out = join(dir.path, 'report-tampered');
    const refused = run(copy, 'report', '--out', out);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^pairtrail: The record up to position \d+ does not verify \(stream \S+, revision \d+: .+\), so no report was written/);
    expect(existsSync(out)).toBe(false);
  });

  it('prints the actions still to do across pairs, as the API lists and downloads them, the most overdue first', () => {
    const listed = JSON.parse(run(data, 'actions').stdout) as {
      pairId: string;
      description: string;
      ownerName: string;
      overdue: boolean;
      daysOverdue: number;
    }[];
    // The demo leaves two open, long overdue, in its two pairs that have not concluded.
    expect(listed.map((a) => [a.pairId, a.description, a.ownerName, a.overdue])).toEqual([
      [demoId('pairId', 'neuro:formed'), 'Write the named-contact role with families', 'Claire Bennett', true],
      [demoId('pairId', 'vanguard:formed'), 'Write a Healthwatch report on the hub walk-through', 'Joan Whitaker', true],
    ]);
    expect(listed[0]!.daysOverdue).toBeGreaterThan(listed[1]!.daysOverdue);
    const [header, ...rows] = run(data, 'actions', '--overdue', '--format', 'csv').stdout.trim().split('\r\n');
    expect(header).toBe('pairId,cohortId,title,pairStatus,actionId,description,ownerId,ownerName,agreedOn,dueOn,meetingId,overdue,daysOverdue,asOf,position');
    expect(rows.map((row) => row.split(',')[5])).toEqual(listed.map((a) => a.description));
    expect(rows.every((row) => /,true,\d+,\d{4}-\d{2}-\d{2},\d+$/.test(row))).toBe(true);
    // Due by a day before either was due: none. The concluded pair closed every action it agreed.
    expect(JSON.parse(run(data, 'actions', '--due-by', '2026-05-14').stdout)).toEqual([]);
    expect(JSON.parse(run(data, 'actions', '--pair-status', 'concluded').stdout)).toEqual([]);
    expect(run(data, 'actions', '--owner', demoId('participantId', 'person:joan')).stdout).toContain('hub walk-through');
    // Each bad flag named, as the CLI names them.
    expect(run(data, 'actions', '--due-by', '2026-02-30').stderr).toBe('pairtrail: --due-by must be a real calendar date, YYYY-MM-DD\n');
    expect(run(data, 'actions', '--pair-status', 'done').stderr).toBe('pairtrail: --pair-status must be active, paused or concluded\n');
    expect(run(data, 'actions', '--format', 'xlsx').status).toBe(2);
    expect(run(data, 'actions', '--cohort', 'nope').stderr).toMatch(/^pairtrail: No cohort nope\./);
  });

  it("prints the programme's pairs as a register, by title, as the API downloads it", () => {
    const [header, ...rows] = run(data, 'pairs', '--format', 'csv').stdout.trim().split('\r\n');
    expect(header).toMatch(/^title,cohort,livedExperiencePartner,professionalPartner,serviceArea,focus,status,formedOn,concludedOn,needsAttention,/);
    expect(rows.map((r) => r.split(',')[0])).toEqual([
      'Cardiac rehab that people actually start',
      'No gap after the ward',
      'Residents at the design table of the vanguard',
    ]);
    const concluded = JSON.parse(run(data, 'pairs', '--status', 'concluded').stdout) as { title: string; livedExperiencePartner: string }[];
    expect(concluded.map((p) => [p.title, p.livedExperiencePartner])).toEqual([['Cardiac rehab that people actually start', 'Margaret Hughes']]);
    expect(JSON.parse(run(data, 'pairs', '--needs-attention').stdout)).toHaveLength(2);
    expect(run(data, 'pairs', '--status', 'done').stderr).toBe('pairtrail: --status must be one of active, paused, concluded\n');
  });

  it("prints the programme's people as a register, by name, as the API downloads it", () => {
    const [header, ...rows] = run(data, 'participants', '--format', 'csv').stdout.trim().split('\r\n');
    expect(header).toBe(
      'name,email,perspective,role,organisation,organisationType,registeredOn,consents,consentsForOnePair,withdrawnForOnePair,pairs,pairsGoingOn,lastInvolvedOn,canSignIn,erased,participantId,asOf,position',
    );
    expect(rows.map((r) => r.split(',')[0])).toEqual([
      'Claire Bennett',
      'David Okafor',
      'Dr Aisha Rahman',
      'Dr Samir Patel',
      'Joan Whitaker',
      'Margaret Hughes',
    ]);
    const listed = JSON.parse(run(data, 'participants').stdout) as { name: string; pairs: string; pairsGoingOn: number }[];
    expect(listed.find((p) => p.name === 'Joan Whitaker')).toMatchObject({ pairs: 'Residents at the design table of the vanguard', pairsGoingOn: 1 });
    expect(run(data, 'participants', '--format', 'xlsx').status).toBe(2);
  });

  it('prints what happened across the programme in a period, as the API gives it, newest first', () => {
    const listed = run(data, 'timeline', '--from', '2026-06-01', '--to', '2026-08-31');
    const period = JSON.parse(listed.stdout) as {
      from: string;
      to: string;
      counts: { type: string; entries: number }[];
      items: { on: string; type: string }[];
      position: string;
    };
    // As GET /timeline gives the demo's summer of 2026: five meetings, three outcomes, two milestones, five reflections.
    expect(period.items).toHaveLength(15);
    expect(period.items[0]).toMatchObject({ on: '2026-08-21', type: 'ReflectionRecorded' });
    expect(period.counts.filter((c) => c.entries > 0).map((c) => [c.type, c.entries])).toEqual([
      ['MeetingHeld', 5],
      ['OutcomeRecorded', 3],
      ['MilestoneReached', 2],
      ['ReflectionRecorded', 5],
    ]);
    expect(listed.stderr).toBe(`To give these entries again: --from 2026-06-01 --to 2026-08-31 --position ${period.position}\n`);
    const oldest = JSON.parse(run(data, 'timeline', '--from', '2026-06-01', '--to', '2026-08-31', '--oldest', '--kind', 'milestones').stdout);
    expect(oldest.items.map((e: { on: string; details: string[] }) => [e.on, e.details])).toEqual([
      ['2026-06-10', ['Trust board approved roll-out to every cardiac ward']],
      ['2026-06-17', ['Peer support group launched']],
    ]);
    const [header, ...rows] = run(data, 'timeline', '--from', '2026-06-01', '--to', '2026-08-31', '--kind', 'milestones', '--format', 'csv')
      .stdout.trim()
      .split('\r\n');
    expect(header).toBe('pairId,cohortId,title,eventId,type,on,recordedAt,summary,details,corrections,asOf,position');
    expect(rows).toHaveLength(2);
    const md = run(data, 'timeline', '--from', '2026-06-01', '--to', '2026-08-31', '--position', period.position, '--format', 'md').stdout;
    expect(md).toContain('# What happened, 1 June 2026 to 31 August 2026\n');
    expect(md).toContain('- 17 June 2026: Milestone reached\n  Peer support group launched\n');
    // One pair's story.
    const story = run(data, 'timeline', '--pair', demoId('pairId', 'neuro:formed'), '--from', '2026-06-01', '--to', '2026-08-31', '--format', 'md').stdout;
    expect(story).toContain('# What happened in No gap after the ward, 1 June 2026 to 31 August 2026\n');
    expect(story).not.toContain('Cardiac rehab');
    expect(run(data, 'timeline', '--pair', 'nope').stderr).toMatch(/^pairtrail: No pair nope\./);
    // Each bad flag named, as the CLI names them.
    expect(run(data, 'timeline', '--from', '2026-02-30').stderr).toBe('pairtrail: --from must be a real calendar date, YYYY-MM-DD\n');
    expect(run(data, 'timeline', '--kind', 'meeting').stderr).toBe(
      'pairtrail: --kind must be one of meetings, actions, outcomes, milestones, reflections, course\n',
    );
    expect(run(data, 'timeline', '--from', '2026-09-01', '--to', '2026-08-01').stderr).toBe(
      "pairtrail: --from must be on or before the period's last day (2026-08-01)\n",
    );
    expect(run(data, 'timeline', '--format', 'xlsx').status).toBe(2);
    expect(run(data, 'timeline', '--cohort', 'nope').stderr).toMatch(/^pairtrail: No cohort nope\./);
  });

  it('prints how the headline figures moved since an earlier report, as the API gives them', () => {
    const json = run(data, 'analytics', 'since', '--as-of', '2026-06-30');
    const since = JSON.parse(json.stdout);
    expect(since.then.asOf).toBe('2026-06-30');
    expect(since.figures.find((f: { figure: string }) => f.figure === 'meetingsHeld').change).toBe(2);
    expect(json.stderr).toMatch(/^Since 30 June 2026 \(log position \d+\): 2 meetings held, 1 pair concluded/);
    const [header, ...rows] = run(data, 'analytics', 'since', '--as-of', '2026-06-30', '--format', 'csv').stdout.trim().split('\r\n');
    expect(header).toBe('figure,label,then,now,change,thenAsOf,thenPosition,asOf,position');
    expect(rows).toHaveLength(14);
    expect(run(data, 'analytics', 'since').stderr).toBe(
      'pairtrail: --position is required, or the date: give the log position (and date) of the earlier report to compare with\n',
    );
    expect(run(data, 'analytics', 'since', '--as-of', '2026-13-01').stderr).toMatch(/^pairtrail: --as-of /);
  });

  it('prints the reflections due, the longest waiting first, as the API lists them', () => {
    const due = JSON.parse(run(data, 'reflections-due').stdout) as { name: string; lastReflectedOn: string }[];
    expect(due.length).toBeGreaterThan(0);
    expect(due[0]).toMatchObject({ name: 'Claire Bennett', lastReflectedOn: '2026-03-02' });
    const [header, ...rows] = run(data, 'reflections-due', '--format', 'csv').stdout.trim().split('\r\n');
    expect(header).toBe('pairId,cohortId,title,participantId,name,perspective,formedOn,lastReflectedOn,daysSince,asOf,position');
    expect(rows).toHaveLength(due.length);
    expect(run(data, 'reflections-due', '--cohort', 'nope').stderr).toMatch(/^pairtrail: No cohort nope\./);
  });

  it('prints what the record is missing that the figures need, as the API gives it', () => {
    const json = JSON.parse(run(data, 'gaps').stdout);
    expect(json.gaps.map((g: { gap: string }) => g.gap)).toEqual(['meetingsWithoutApproach', 'outcomesWithoutEvidence', 'outcomesWithoutMeasure']);
    expect(json.items).toHaveLength(3);
    const csv = run(data, 'gaps', '--cohort', demoId('cohortId', 'cohort'), '--format', 'csv');
    expect(csv.stdout.trim().split('\r\n')).toHaveLength(4);
    expect(csv.stderr).toContain("2 meetings in 2 pairs name no approach: no approach's figures count them.");
    expect(run(data, 'gaps', '--cohort', 'nope').stderr).toMatch(/^pairtrail: No cohort nope\./);
  });

  it("prints a pair's brief before its next meeting, as the API gives it", () => {
    const neuro = demoId('pairId', 'neuro:formed');
    const md = run(data, 'brief', neuro).stdout;
    expect(md).toContain('# Before the next meeting: No gap after the ward\n');
    expect(md).toContain('They last met on 8 July 2026');
    expect(md).toContain('- Write the named-contact role with families (Claire Bennett, due 15 May 2026): overdue by');
    const json = JSON.parse(run(data, 'brief', neuro, '--format', 'json').stdout);
    expect(json).toMatchObject({ title: 'No gap after the ward', lastMeeting: { on: '2026-07-08', attendees: ['David Okafor', 'Claire Bennett'] } });
    expect(json.position).toMatch(/^\d+$/);
    expect(run(data, 'brief', neuro, '--format', 'html').stdout).toContain('<h1>Before the next meeting: No gap after the ward</h1>');
    expect(run(data, 'brief', 'nope').stderr).toMatch(/^pairtrail: No pair nope\./);
    expect(run(data, 'brief', neuro, '--format', 'csv').status).toBe(2);
  });

  it("prints the monthly series and the funnel as the API gives them, the months from the first cohort's start by default", () => {
    const monthly = run(data, 'analytics', 'monthly', '--from', '2025-09', '--to', '2025-12', '--as-of', '2026-11-22');
    expect(JSON.parse(monthly.stdout)).toEqual({
      months: [
        { month: '2025-09', meetings: 1, meetingMinutes: 90, outcomes: 0, reflections: 0, activePairs: 1 },
        { month: '2025-10', meetings: 2, meetingMinutes: 120, outcomes: 0, reflections: 2, activePairs: 3 },
        { month: '2025-11', meetings: 3, meetingMinutes: 235, outcomes: 0, reflections: 4, activePairs: 3 },
        { month: '2025-12', meetings: 3, meetingMinutes: 210, outcomes: 0, reflections: 0, activePairs: 3 },
      ],
      asOf: '2026-11-22',
      position: null,
    });
    expect(monthly.stderr).toMatch(/^To give these figures again: --as-of 2026-11-22 --position \d+\n$/);
    // Without a range: from the month the cohort started (September 2025) to the month it is as of.
    const csv = run(data, 'analytics', 'monthly', '--as-of', '2026-02-10', '--cohort', demoId('cohortId', 'cohort'), '--format', 'csv')
      .stdout.trim()
      .split('\r\n');
    expect(csv[0]).toBe('month,meetings,meetingMinutes,outcomes,reflections,activePairs,asOf,position');
    expect(csv.slice(1).map((row) => row.split(',')[0])).toEqual(['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
    expect(csv.slice(1).every((row) => /,2026-02-10,\d+$/.test(row))).toBe(true);
    const [stagesHeader, ...stages] = run(data, 'analytics', 'funnel', '--as-of', '2026-11-22', '--format', 'csv').stdout.trim().split('\r\n');
    expect(stagesHeader).toBe('stage,pairs,asOf,position');
    expect(stages.map((row) => row.split(',')[1])).toEqual(['3', '3', '3', '3', '1']);
    // Each bad flag named, as the CLI names them; a --to left out is not blamed for a bad --from.
    expect(run(data, 'analytics', 'monthly', '--from', '2026-13').stderr).toBe('pairtrail: --from must be a month, YYYY-MM\n');
    expect(run(data, 'analytics', 'monthly', '--as-of', '2026-02-30').stderr).toMatch(/^pairtrail: --as-of /);
    expect(run(data, 'analytics', 'funnel', '--format', 'xlsx').stderr).toBe('pairtrail: --format must be json or csv, not "xlsx".\n');
    expect(run(data, 'analytics', 'funnel', '--cohort', 'nope').stderr).toBe(
      'pairtrail: No cohort nope. "pairtrail evaluation --every cohorts" lists every cohort\'s id.\n',
    );
  });
});

describe('pairtrail read-side commands, where no server or projector runs', () => {
  const dir = tempDir();
  const data = join(dir.path, 'data');
  afterAll(() => dir.remove());

  it('finish an erasure whose rebuild of the read models is pending before they read them', async () => {
    expect(run(data, 'demo').status).toBe(0);
    const cohort = demoId('cohortId', 'cohort');
    expect(run(data, 'evaluation', '--cohort', cohort).status).toBe(0);
    expect(readModelBytes(data)).toContain('Margaret Hughes');
    // As far as an erasure through a server got before it stopped: recorded, key destroyed, rebuild pending.
    const opened = openStore(loadConfig(process.env, { dataDir: data }));
    const margaret = demoId('participantId', 'person:margaret');
    await new PairtrailApplication({ store: opened.store, serializer: opened.serializer }).execute(
      { type: 'EraseParticipant', data: { participantId: margaret, reason: 'Asked to be forgotten' } },
      { commandId: randomUUID(), actor: 'system', source: 'cli' },
    );
    pendingErasures(data).add(`participant-${margaret}`);
    opened.keys.destroy(`participant-${margaret}`);
    await opened.close();

    expect(run(data, 'evaluation', '--cohort', cohort).status).toBe(0);
    expect(pendingErasures(data).list()).toEqual([]);
    expect(readModelBytes(data)).not.toContain('Margaret Hughes');
  });
});

describe('pairtrail case studies', () => {
  const dir = tempDir();
  const data = join(dir.path, 'data');
  beforeAll(() => {
    expect(run(data, 'demo').status).toBe(0);
  });
  afterAll(() => dir.remove());

  it('prints one case study in a format, as of a date', () => {
    const md = run(data, 'case-study', demoId('pairId', 'neuro:formed'));
    expect(md.status).toBe(0);
    expect(md.stdout).toMatch(/^# No gap after the ward/);
    expect(md.stdout).not.toContain('David Okafor');
    const early = run(data, 'case-study', demoId('pairId', 'neuro:formed'), '--as-of', '2025-12-31', '--format', 'json');
    expect(JSON.parse(early.stdout).asOf).toBe('2025-12-31');
    expect(run(data, 'case-study', demoId('pairId', 'neuro:formed'), '--format', 'pdf').status).toBe(2);
  });

  it('prints a published or approved version byte for byte as its partners approved it, or says why it cannot', () => {
    const [cardiac, neuro, vanguard] = ['cardiac', 'neuro', 'vanguard'].map((k) => demoId('pairId', `${k}:formed`)) as [string, string, string];
    // The demo published the cardiac pair's case study as it is told now, and David approved the neuro pair's.
    const told = run(data, 'case-study', cardiac, '--format', 'json').stdout;
    expect(run(data, 'case-study', cardiac, '--published', '--format', 'json')).toMatchObject({ status: 0, stdout: told });
    const approved = run(data, 'case-study', neuro, '--format', 'json').stdout;
    const { contentHash } = JSON.parse(approved).provenance as { contentHash: string };
    expect(run(data, 'case-study', neuro, '--approved', contentHash, '--format', 'json')).toMatchObject({ status: 0, stdout: approved });
    expect(run(data, 'case-study', vanguard, '--published')).toMatchObject({ status: 1, stderr: `pairtrail: Pair ${vanguard} has no published case study.\n` });
    expect(run(data, 'case-study', vanguard, '--approved', contentHash)).toMatchObject({
      status: 1,
      stderr: `pairtrail: Pair ${vanguard}'s case study has no approved version ${contentHash}.\n`,
    });
    expect(run(data, 'case-study', demoId('pairId', 'nobody:formed'), '--published').stderr).toMatch(/^pairtrail: No pair /);
    for (const extra of [
      ['--as-of', '2026-01-01'],
      ['--position', '10'],
      ['--rendering', '3'],
    ])
      expect(run(data, 'case-study', cardiac, '--published', ...extra)).toMatchObject({
        status: 2,
        stderr:
          'pairtrail: --published gives a version from the position and in the wording it was approved in; leave out --as-of, --position and --rendering.\n',
      });
    expect(run(data, 'case-study', cardiac, '--published', '--approved', contentHash)).toMatchObject({
      status: 2,
      stderr: 'pairtrail: Give --published or --approved, not both.\n',
    });
  });

  it('reproduces a case study and figures as recorded up to a log position', () => {
    const pair = demoId('pairId', 'neuro:formed');
    const now = JSON.parse(run(data, 'case-study', pair, '--format', 'json').stdout);
    // From the events up to the position it states, the same bytes again.
    const again = JSON.parse(run(data, 'case-study', pair, '--format', 'json', '--position', now.provenance.position).stdout);
    expect(again.provenance).toEqual(now.provenance);
    // Earlier in the log, fewer events told.
    const earlier = JSON.parse(run(data, 'case-study', pair, '--format', 'json', '--position', String(BigInt(now.provenance.position) - 20n)).stdout);
    expect(earlier.provenance.eventsUsed).toBeLessThan(now.provenance.eventsUsed);
    const figures = JSON.parse(run(data, 'evaluation', '--pair', pair, '--position', now.provenance.position).stdout);
    expect(figures).toMatchObject({ pairId: pair, position: now.provenance.position, asOf: null });
    expect(run(data, 'case-study', pair, '--position', 'soon').stderr).toBe('pairtrail: --position must be a whole number, not "soon".\n');
    // Past the log's end, as the API answers it: it told the story of the whole log.
    for (const command of [
      ['case-study', pair],
      ['evaluation', '--pair', pair],
    ]) {
      expect(run(data, ...command, '--position', '99999999').stderr).toMatch(/^pairtrail: --position is past the end of this log, which ends at position \d+/);
    }
    // In an earlier wording, as a version approved in it was: its own hash, and no rendering named.
    const first = JSON.parse(run(data, 'case-study', pair, '--format', 'json', '--rendering', '1').stdout);
    expect(now.provenance.rendering).toBe(4);
    expect(first.provenance).not.toHaveProperty('rendering');
    expect(first.provenance.contentHash).not.toBe(now.provenance.contentHash);
    expect(run(data, 'case-study', pair, '--rendering', '5').stderr).toBe('pairtrail: --rendering must be one of 1, 2, 3, 4, not "5".\n');
    expect(run(data, 'evaluation', '--pair', pair, '--as-of', '2026-02-30').stderr).toBe('pairtrail: --as-of must be a real calendar date, YYYY-MM-DD\n');
  });

  it('gathers the quotes the case studies offer, for a report, as a spreadsheet or a document', () => {
    const cardiac = demoId('pairId', 'cardiac:formed');
    const json = run(data, 'case-studies', 'quotes', '--format', 'json');
    expect(json.status).toBe(0);
    const { items } = JSON.parse(json.stdout) as { items: { pairId: string; text: string; by: string; published: boolean }[] };
    // The cardiac pair's are its case study's own, and that case study is the one published.
    const told = JSON.parse(run(data, 'case-study', cardiac, '--format', 'json').stdout);
    const theirs = told.sections.find((s: { key: string }) => s.key === 'in-their-words').quotes;
    expect(theirs.length).toBeGreaterThan(0);
    expect(items.filter((q) => q.pairId === cardiac).map(({ text, by, published }) => ({ text, by, published }))).toEqual(
      theirs.map((q: { text: string; by: string }) => ({ ...q, published: true })),
    );
    const csv = run(data, 'case-studies', 'quotes').stdout.trimEnd().split('\r\n');
    expect(csv[0]).toBe('pairId,title,text,by,contentHash,published');
    expect(csv).toHaveLength(items.length + 1);
    const published = run(data, 'case-studies', 'quotes', '--published', '--format', 'md', '--cohort', demoId('cohortId', 'cohort'));
    expect(published.stdout).toMatch(/^# In their words: quotes from the published case studies\n/);
    expect(published.stdout).toContain(theirs[0].text);
    expect(run(data, 'case-studies', 'quotes', '--format', 'pdf')).toMatchObject({
      status: 2,
      stderr: 'pairtrail: --format must be one of csv, json, md, html, not "pdf".\n',
    });
    expect(run(data, 'case-studies', 'quotes', '--cohort', 'nope')).toMatchObject({ status: 1, stderr: expect.stringMatching(/^pairtrail: No cohort nope\./) });
  });

  it('regenerates every case study with one command, listing them, saying which pairs it skipped and why', async () => {
    const out = join(dir.path, 'studies');
    const cardiac = demoId('pairId', 'cardiac:formed');
    const first = run(data, 'case-studies', 'regenerate', '--out', out);
    expect(first.stdout).toMatch(/wrote 3 case studies to .*, listed in index\.html/);
    const file = readFileSync(join(out, `${cardiac}.html`), 'utf8');
    expect(file).toMatch(/^<!DOCTYPE html>/);
    const title = /<h1>(.*)<\/h1>/.exec(file)![1]!;
    const hash = /Content hash: <code>(\w+)<\/code>/.exec(file)![1]!;
    // The index names each by its title, links its file, and says where it stands: the demo published the
    // cardiac pair's, one partner of the neuro pair approved theirs, and nobody has approved the vanguard's.
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toMatch(
      new RegExp(`<li><a href="${cardiac}.html">${title}</a>: published on \\d{4}-\\d{2}-\\d{2}\\. Content hash: <code>${hash}</code></li>`),
    );
    expect(index).toMatch(new RegExp(`<li><a href="${demoId('pairId', 'neuro:formed')}.html">[^<]+</a>: a draft approved by one partner\\.`));
    expect(index).toMatch(new RegExp(`<li><a href="${demoId('pairId', 'vanguard:formed')}.html">[^<]+</a>: a draft not yet approved\\.`));
    expect(index.match(/<li>/g)).toHaveLength(3);
    // It names the position the run read to, and the command that makes the same files again.
    const again = /To make these again: (pairtrail case-studies regenerate --position (\d+))\n/.exec(first.stdout)!;
    expect(index).toContain(`<p>To make these again: ${again[1]}</p>`);

    // Opened as the CLI opens it, with the keys: approving regenerates the case study, personal data and all.
    const opened = openStore(loadConfig(process.env, { dataDir: data }));
    const app = new PairtrailApplication({ store: opened.store, serializer: opened.serializer });
    const execute = (command: Parameters<typeof app.execute>[0]) => app.execute(command, { commandId: randomUUID(), actor: 'system', source: 'cli' });
    // An outcome of the cardiac pair, whose case study is published, has its evidence corrected.
    const outcome = (await opened.store.readStream(`pair-${cardiac}`)).find((e) => e.type === 'OutcomeRecorded' && e.data.evidence !== undefined)!;
    await execute({
      type: 'CorrectEntry',
      data: { pairId: cardiac, targetEventId: outcome.eventId, reason: 'Wrong source.', replacement: { evidence: 'Rehab uptake audited again' } },
    });
    // Given again at the first run's position, the same case studies, the one published still published.
    const pinned = join(dir.path, 'pinned');
    expect(run(data, 'case-studies', 'regenerate', '--out', pinned, '--position', again[2]!).status).toBe(0);
    expect(readFileSync(join(pinned, `${cardiac}.html`), 'utf8')).toBe(file);
    expect(readFileSync(join(pinned, 'index.html'), 'utf8')).toMatch(
      new RegExp(`${title}</a>: published on \\d{4}-\\d{2}-\\d{2}\\. Content hash: <code>${hash}<`),
    );
    // The current case study has the correction: a draft again, beside the version that is published.
    const now = run(data, 'case-studies', 'regenerate', '--out', join(dir.path, 'now'));
    expect(readFileSync(join(dir.path, 'now', `${cardiac}.html`), 'utf8')).toContain('Rehab uptake audited again');
    expect(readFileSync(join(dir.path, 'now', 'index.html'), 'utf8')).toContain(`${title}</a>: a draft not yet approved; another version is published.`);
    expect(now.stdout).not.toContain(`--position ${again[2]}\n`);
    // The published ones alone: that version, byte for byte as approved; the other pairs skipped.
    const published = join(dir.path, 'published');
    const onlyPublished = run(data, 'case-studies', 'regenerate', '--out', published, '--published');
    expect(onlyPublished.stdout).toMatch(/wrote 1 case study to .*, listed in index\.html/);
    expect(onlyPublished.stdout).toContain(
      `skipped ${demoId('pairId', 'vanguard:formed')}: Pair ${demoId('pairId', 'vanguard:formed')} has no published case study.`,
    );
    expect(readFileSync(join(published, `${cardiac}.html`), 'utf8')).toBe(file);
    expect(readFileSync(join(published, 'index.html'), 'utf8')).toContain('<h1>Published case studies</h1>');
    expect(run(data, 'case-studies', 'regenerate', '--out', published, '--published', '--as-of', '2026-01-01').stderr).toBe(
      'pairtrail: --published gives each version from the position it was approved at; leave out --as-of and --position.\n',
    );
    // A run that stops part way leaves no earlier index listing versions its files may no longer hold.
    const broken = join(dir.path, 'broken');
    expect(run(data, 'case-studies', 'regenerate', '--out', broken).status).toBe(0);
    rmSync(join(broken, `${cardiac}.html`));
    mkdirSync(join(broken, `${cardiac}.html`));
    expect(run(data, 'case-studies', 'regenerate', '--out', broken).stderr).toBe(
      `pairtrail: cannot move a file to ${join(broken, `${cardiac}.html`)}: that is a directory; give a file name.\n`,
    );
    expect(readdirSync(broken).filter((f) => f.startsWith('index'))).toEqual([]);

    // Both approve the version told now; then one more event changes the telling before it is published.
    const corrected = (await new CaseStudies(app).require(cardiac)).provenance.contentHash;
    for (const participantId of await new CaseStudies(app).partners(cardiac))
      await execute({ type: 'ApproveCaseStudy', data: { pairId: cardiac, participantId, contentHash: corrected } });
    await execute({
      type: 'CorrectEntry',
      data: { pairId: cardiac, targetEventId: outcome.eventId, reason: 'Named in full.', replacement: { evidence: 'Rehab uptake audited again in 2026' } },
    });
    run(data, 'case-studies', 'regenerate', '--out', join(dir.path, 'now'));
    expect(readFileSync(join(dir.path, 'now', 'index.html'), 'utf8')).toContain(
      `${title}</a>: a draft not yet approved; an earlier version both partners approved can be published; another version is published.`,
    );
    // Another pair's, published and then withdrawn, takes the approvals with it, and the index says so.
    const vanguard = demoId('pairId', 'vanguard:formed');
    const told = await new CaseStudies(app).require(vanguard);
    for (const participantId of await new CaseStudies(app).partners(vanguard))
      await execute({ type: 'ApproveCaseStudy', data: { pairId: vanguard, participantId, contentHash: told.provenance.contentHash } });
    await execute({ type: 'PublishCaseStudy', data: { pairId: vanguard, contentHash: told.provenance.contentHash } });
    await execute({ type: 'WithdrawCaseStudy', data: { pairId: vanguard, reason: 'Joan wants to read it again.' } });
    run(data, 'case-studies', 'regenerate', '--out', join(dir.path, 'now'));
    expect(readFileSync(join(dir.path, 'now', 'index.html'), 'utf8')).toContain(
      `${told.title}</a>: a draft not yet approved; withdrawn from publication, which took back the approvals given before.`,
    );

    // Withdraw one partner's case-study consent: that pair is skipped, and the reason given.
    await execute({ type: 'WithdrawConsent', data: { participantId: demoId('participantId', 'person:samir'), scope: 'case-study', reason: 'changed mind' } });
    await opened.close();
    // Into the same folder: the skipped pair's file from the first run goes, so it is not sent on; and
    // in the other format, so are the other pairs' files and the index of the first run.
    const second = run(data, 'case-studies', 'regenerate', '--out', out, '--format', 'md');
    expect(second.stdout).toMatch(/wrote 2 case studies/);
    expect(second.stdout).toContain(
      `skipped ${cardiac}: There is no case study without case-study consent from both partners: the professional partner (participant ${demoId('participantId', 'person:samir')}) has not given case-study consent.\n`,
    );
    expect(second.stdout).toContain(`  removed what an earlier run wrote for it: ${cardiac}.html\n`);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(3);
    expect(files).toContain('index.md');
    expect(files.filter((f) => f.startsWith(cardiac) || f.endsWith('.html'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(readFileSync(join(out, 'index.md'), 'utf8')).not.toContain(title);
    // A published version a withdrawn consent affects is no longer given.
    expect(run(data, 'case-studies', 'regenerate', '--out', published, '--published').stdout).toContain(
      `skipped ${cardiac}: Pair ${cardiac}'s published case study is no longer served: `,
    );
    expect(readdirSync(published)).toEqual(['index.html']);
  });

  it('regenerates every case study as things stood on a date, leaving out pairs formed after it', () => {
    const out = join(dir.path, 'early');
    const r = run(data, 'case-studies', 'regenerate', '--out', out, '--as-of', '2025-10-01', '--format', 'md');
    expect(r.status).toBe(0);
    const neuro = demoId('pairId', 'neuro:formed');
    expect(r.stdout).toContain(`skipped ${neuro}: Pair ${neuro} had not been formed by 2025-10-01.`);
    expect(r.stdout).toMatch(/To make these again: pairtrail case-studies regenerate --position \d+ --as-of 2025-10-01\n/);
    expect(readFileSync(join(out, 'index.md'), 'utf8')).toContain(', as things stood on 2025-10-01.');
    expect(run(data, 'case-studies', 'regenerate', '--out', out, '--as-of', '2025-13-01').stderr).toBe(
      'pairtrail: --as-of must be a real date, YYYY-MM-DD, not "2025-13-01".\n',
    );
    expect(run(data, 'case-studies', 'regenerate', '--out', out, '--position', '999999').stderr).toMatch(
      /^pairtrail: --position is past the end of this log, which ends at position \d+/,
    );
  });
});

describe('pairtrail read-side commands on a terminal', () => {
  /** Runs the CLI with a terminal (a pty from `script`) on its stdout and stderr, as a person at one would. */
  const onTerminal = (data: string, ...args: string[]) => {
    const command = [process.execPath, CLI, ...args, '--data-dir', data].map((word) => `'${word}'`).join(' ');
    return spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL' } });
  };

  it('shows how far bringing the read models up to date, and an export to a file, have got', () => {
    const dir = tempDir();
    try {
      const data = join(dir.path, 'data');
      expect(run(data, 'demo').status).toBe(0);
      const out = join(dir.path, 'audit.csv');
      const first = onTerminal(data, 'audit', 'export', '--format', 'csv', '--out', out);
      expect(first.status).toBe(0);
      expect(first.stdout).toMatch(/bringing the read models up to date/);
      expect(first.stdout).toMatch(/documents\s+\[#{20}\] (\d+)\/\1 \(100%\)/);
      expect(first.stdout).toMatch(/audit rows exported: (\d+)\/\1/);
      // Up to date now: nothing to bring up to date, and the export's progress still shows.
      const again = onTerminal(data, 'audit', 'export', '--format', 'csv', '--out', out);
      expect(again.stdout).not.toMatch(/bringing the read models up to date/);
      expect(again.stdout).toMatch(/audit rows exported: (\d+)\/\1/);
      // Not on a terminal, nothing but the rows.
      const piped = run(data, 'audit', 'export', '--format', 'csv');
      expect(piped.stderr).toBe('');
      expect(piped.stdout.split('\r\n')[0]).toMatch(/^position,stream,/);
    } finally {
      dir.remove();
    }
  });
});
