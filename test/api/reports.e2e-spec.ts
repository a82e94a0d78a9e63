import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8, strToU8, zipSync } from 'fflate';
import { demoId, generateProgramme, runDemo } from '@pairtrail/application';
import { flatten } from '@pairtrail/projections';
import { tempDir } from '@pairtrail/testing';
import { Reports } from '../../apps/api/src/reports';
import { ApiHarness, type Reply } from '../support/api-harness';
import { REPORT_PACK_FILES, readDataPackage } from '../support/data-package';

/** Fastify's inject gives a body as text; a ZIP is read from its raw bytes. */
const filesOf = (reply: { rawPayload: Buffer }) =>
  Object.fromEntries(Object.entries(unzipSync(new Uint8Array(reply.rawPayload))).map(([name, bytes]) => [name, strFromU8(bytes)]));

/** A pack's files, unpacked into a folder and read as the Frictionless tabular data package they say they are. */
async function unpackedAndRead(files: Record<string, string>) {
  const unpacked = tempDir();
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(unpacked.path, name), text);
    return await readDataPackage(unpacked.path);
  } finally {
    unpacked.remove();
  }
}

describe('report packs (POST /reports)', () => {
  let h: ApiHarness;
  let evaluator: string;
  let coordinator: string;
  const pairIds = ['cardiac', 'neuro', 'vanguard'].map((k) => demoId('pairId', `${k}:formed`));

  beforeAll(async () => {
    h = await ApiHarness.start();
    await runDemo(h.runtime.app);
    evaluator = await h.user('evaluator');
    coordinator = await h.user('coordinator');
    await h.runtime.projections.waitFor(await h.runtime.store.headPosition());
  });
  afterAll(() => h.stop());

  const get = (url: string, token = evaluator) => h.request('GET', url, { token });
  const post = (body?: unknown, token = evaluator) => h.request('POST', '/reports', { token, ...(body === undefined ? {} : { body }) });
  /** The report once its check of the record has ended. */
  const follow = async (started: Reply) => {
    expect(started.status).toBe(202);
    for (;;) {
      const report = await get(started.headers.location as string);
      expect(report.status).toBe(200);
      if (report.body.state !== 'running') return report.body;
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  /** The pack's files, by name, as text. */
  const download = async (pack: string) => {
    const reply = await h.api
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: pack, headers: { authorization: `Bearer ${evaluator}` } });
    expect([reply.statusCode, reply.headers['content-type']]).toEqual([200, 'application/zip']);
    return { files: filesOf(reply), bytes: reply.rawPayload, disposition: reply.headers['content-disposition'] };
  };

  it("packs every figure at one position with the record's head digest there, and gives the same bytes again", async () => {
    const started = await post({ asOf: '2026-11-22' });
    expect(started.headers.location).toBe(`/reports/${started.body.id}`);
    expect(started.body).toMatchObject({ state: 'running', asOf: '2026-11-22', position: expect.stringMatching(/^\d+$/), pack: null, headDigest: null });
    const report = await follow(started);
    const { position } = report;
    const verified = (await get(`/audit/verify?position=${position}`)).body;
    expect(report).toMatchObject({ state: 'done', percent: 100, headDigest: verified.headDigest, pack: `/reports/${report.id}/pack`, error: null });

    const { files, bytes, disposition } = await download(report.pack);
    expect(disposition).toBe(`attachment; filename="pairtrail-report-2026-11-22-at-${position}.zip"`);
    expect(Object.keys(files).sort()).toEqual(REPORT_PACK_FILES);
    // What each column means, as the specification's own implementation reads it with the files.
    const described = await unpackedAndRead(files);
    expect([described.errors, described.problems, described.rows.pairs?.length]).toEqual([[], {}, 3]);
    // The figures the evaluation routes give at that date and position, and a manifest that says so.
    const at = `asOf=2026-11-22&position=${position}&format=csv`;
    expect(files['pairs.csv']).toBe((await get(`/evaluation/pairs?${at}`)).text);
    expect(files['service-areas.csv']).toBe((await get(`/evaluation/service-areas?${at}`)).text);
    expect(files['funnel.csv']).toBe((await get(`/analytics/funnel?${at}`)).text);
    expect(files['approaches.csv']).toBe((await get(`/evaluation/approaches?${at}`)).text);
    expect(files['relationship.csv']).toBe((await get(`/analytics/relationship?from=2025-09&to=2026-11&${at}`)).text);
    // Its figures in words are what GET /evaluation/summary says at that date and position, sentence for sentence.
    const inWords = await get(`/evaluation/summary?asOf=2026-11-22&position=${position}`);
    expect([inWords.headers['x-as-of'], inWords.headers['x-log-position']]).toEqual(['2026-11-22', position]);
    expect(inWords.body).toMatchObject({ asOf: '2026-11-22', position, cohortId: null });
    expect(inWords.body.sections.map((s: { title: string }) => s.title)).toEqual([
      'The pairs',
      'Meetings and actions',
      'Outcomes',
      'The relationship',
      'How far the pairs have come',
    ]);
    const said = inWords.body.sections.flatMap((s: { title: string; sentences: string[] }) => [`## ${s.title}`, '', ...s.sentences.map((l) => `- ${l}`), '']);
    expect(files['summary.md']).toContain(said.join('\n'));
    expect(files['summary.md']).toContain('\n- 3 pairs formed: 3 have met, 3 have recorded an outcome, and 1 has concluded.\n');
    const ofCohort = await get(`/evaluation/summary?cohortId=${demoId('cohortId', 'cohort')}`);
    expect([ofCohort.status, ofCohort.body.cohortId]).toEqual([200, demoId('cohortId', 'cohort')]);
    expect((await get('/evaluation/summary?cohortId=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const member = await h.user('pair-member', demoId('participantId', 'person:margaret'));
    expect((await get('/evaluation/summary', member)).status).toBe(403);
    const manifest = JSON.parse(files['manifest.json']!);
    expect(manifest).toMatchObject({ asOf: '2026-11-22', position, headDigest: verified.headDigest, cohortId: null, pseudonymised: false });
    expect(manifest.giveAgainOverHttp).toBe(`POST /reports {"asOf":"2026-11-22","position":"${position}"}`);
    expect(Object.keys(manifest.sha256).sort()).toEqual(
      Object.keys(files)
        .filter((file) => file !== 'manifest.json')
        .sort(),
    );
    for (const [file, digest] of Object.entries(manifest.sha256))
      expect([file, digest]).toEqual([file, createHash('sha256').update(files[file]!).digest('hex')]);

    // Given again as the manifest says: the same bytes, though the programme has gone on since.
    const later = await h.request('POST', `/pairs/${pairIds[1]}/milestones`, { token: coordinator, body: { description: 'Board agreed the pilot' } });
    expect(later.status).toBe(200);
    // Nor do a cohort opened since and a cohort's name and start corrected since (the monthly series runs from the earliest start).
    const opened = await h.request('POST', '/cohorts', { token: coordinator, body: { name: 'Wave 0', startsOn: '2025-01-01' } });
    expect(opened.status).toBe(201);
    const corrected = await h.request('PATCH', `/cohorts/${demoId('cohortId', 'cohort')}`, {
      token: coordinator,
      body: { name: 'Wave 1 of Northfield', startsOn: '2025-06-01', reason: 'The first wave began earlier than recorded, and is called so now.' },
    });
    expect(corrected.status).toBe(200);
    await h.runtime.projections.waitFor(BigInt(corrected.body.position));
    const cohortsThen = await get(`/evaluation/cohorts?asOf=2026-11-22&position=${position}`);
    expect(cohortsThen.body.items.map((c: { cohortId: string; name: string }) => [c.cohortId, c.name])).toEqual([
      [demoId('cohortId', 'cohort'), 'Northfield collaborative pairs, wave 1'],
    ]);
    expect((await get('/evaluation/cohorts')).body.items).toHaveLength(2);
    // A cohort opened since is no cohort of the record as it was there: its figures there are not found, not zeros.
    const notYet = `Cohort ${opened.body.id} was opened after log position ${position}: as recorded up to there, it was not yet a cohort.`;
    expect(await get(`/evaluation/cohorts/${opened.body.id}?position=${position}`)).toMatchObject({ status: 404, body: { message: notYet } });
    expect(await get(`/analytics/funnel?cohortId=${opened.body.id}&position=${position}`)).toMatchObject({ status: 404, body: { message: notYet } });
    expect(await post({ cohortId: opened.body.id, position })).toMatchObject({ status: 404, body: { message: notYet } });
    expect((await get(`/evaluation/cohorts/${opened.body.id}`)).status).toBe(200);
    const again = await follow(await post({ asOf: '2026-11-22', position }));
    expect(Buffer.compare((await download(again.pack)).bytes, bytes)).toBe(0);
  });

  it("packs one cohort's figures, or every pair's id a pseudonym, to take away", async () => {
    const cohortId = demoId('cohortId', 'cohort');
    const one = await follow(await post({ cohortId, pseudonymise: true }));
    expect(one).toMatchObject({ state: 'done', cohortId, pseudonymised: true });
    const { files, disposition } = await download(one.pack);
    // Named so, beside the programme's own: the cohort (by its name now, renamed in the first test), and that it is pseudonymised.
    expect(disposition).toBe(`attachment; filename="pairtrail-report-wave-1-of-northfield-${one.asOf}-at-${one.position}-pseudonymised.zip"`);
    expect(one.file).toBe(`pairtrail-report-wave-1-of-northfield-${one.asOf}-at-${one.position}-pseudonymised.zip`);
    expect(pairIds.filter((id) => Object.values(files).some((text) => text.includes(id)))).toEqual([]);
    expect(JSON.parse(files['manifest.json']!)).toMatchObject({ cohortId, pseudonymised: true });
    expect(files['cohorts.csv']!.trim().split('\r\n')).toHaveLength(2);
  });

  it('gives a cohort of no pairs yet files with their columns, as those of a cohort with pairs', async () => {
    const whole = (await download((await follow(await post({}))).pack)).files;
    const wave = await h.request('POST', '/cohorts', { token: coordinator, body: { name: 'Wave 2', startsOn: '2026-09-01' } });
    await h.runtime.projections.waitFor(BigInt(wave.body.position));
    const empty = (await download((await follow(await post({ cohortId: wave.body.id }))).pack)).files;
    const header = (csv: string) => csv.split('\r\n')[0];
    for (const file of ['pairs.csv', 'service-areas.csv']) {
      expect([file, empty[file]]).toEqual([file, `${header(whole[file]!)}\r\n`]);
      expect(header(whole[file]!)).toMatch(/,asOf,position$/);
    }
    expect(header(empty['cohorts.csv']!)).toBe(header(whole['cohorts.csv']!));
    const described = await unpackedAndRead(empty);
    expect([described.errors, described.problems, described.rows.pairs, described.rows.cohorts?.length]).toEqual([[], {}, [], 1]);
    // And the downloads of the Evaluation screen, likewise.
    const pairs = await get(`/evaluation/pairs?format=csv&cohortId=${wave.body.id}`);
    expect(pairs.text).toBe(`${header(whole['pairs.csv']!)}\r\n`);
  });

  it('says what each figure means (GET /evaluation/definitions), as every pack says it of its own figures', async () => {
    const defined = await get('/evaluation/definitions');
    expect(defined.status).toBe(200);
    const { files } = await download((await follow(await post({}))).pack);
    const pack = JSON.parse(files['datapackage.json']!);
    expect(defined.body.resources).toEqual(pack.resources);
    expect(defined.body.title).toBe("Pairtrail's evaluation figures: what each one means");
    // Every figure of the JSON answers defined under its name, dotted where it is nested, in order.
    const fieldsOf = (resource: string): string[] =>
      defined.body.resources.find((r: { name: string }) => r.name === resource).schema.fields.map((f: { name: string }) => f.name);
    const figures = (await get(`/evaluation/pairs/${pairIds[1]}`)).body;
    expect(Object.keys(flatten(figures))).toEqual(fieldsOf('pairs'));
    const cohort = (await get(`/evaluation/cohorts/${demoId('cohortId', 'cohort')}`)).body;
    expect(Object.keys(flatten(cohort))).toEqual(fieldsOf('cohorts'));
    // Said to those who read the figures, and to no one else.
    expect((await get('/evaluation/definitions', coordinator)).status).toBe(200);
    const member = await h.user('pair-member', demoId('participantId', 'person:david'));
    expect((await get('/evaluation/definitions', member)).status).toBe(403);
  });

  it('checks a pack against the record (POST /reports/checks): as made, as changed by hand, and as no pack at all', async () => {
    const made = await follow(await post({ asOf: '2026-11-22', cohortId: demoId('cohortId', 'cohort') }));
    const { bytes, files } = await download(made.pack);
    const check = async (zip: Uint8Array | Buffer, token = evaluator) =>
      h.api
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: 'POST',
          url: '/reports/checks',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/zip' },
          payload: Buffer.from(zip),
        });
    const findings = async (zip: Uint8Array | Buffer) => {
      const started = await check(zip);
      expect(started.statusCode).toBe(202);
      const checked = await follow({ status: 202, headers: started.headers, body: JSON.parse(started.body), text: started.body });
      expect(checked).toMatchObject({ state: 'done', asOf: '2026-11-22', position: made.position, cohortId: made.cohortId });
      return checked;
    };
    const good = await findings(bytes);
    expect(good).toMatchObject({ ok: true, record: { ok: true, message: expect.stringContaining(made.headDigest) } });
    expect(good.files.map((f: { file: string; ok: boolean }) => [f.file, f.ok])).toEqual(
      [
        'pairs.csv',
        'cohorts.csv',
        'service-areas.csv',
        'monthly.csv',
        'funnel.csv',
        'approaches.csv',
        'relationship.csv',
        'datapackage.json',
        'summary.md',
      ].map((file) => [file, true]),
    );
    // A figure changed by hand after the pack was made.
    const edited = { ...files, 'funnel.csv': files['funnel.csv']!.replace(/^formed,\d+,/m, 'formed,99,') };
    expect(edited['funnel.csv']).not.toBe(files['funnel.csv']);
    const changed = await findings(zipSync(Object.fromEntries(Object.entries(edited).map(([name, text]) => [name, strToU8(text)]))));
    expect(changed).toMatchObject({ ok: false, record: { ok: true } });
    expect(changed.files.filter((f: { ok: boolean }) => !f.ok)).toEqual([
      { file: 'funnel.csv', ok: false, message: 'changed after the pack was made: its SHA-256 is not the one manifest.json gives' },
    ]);
    // No pack: not a ZIP, a ZIP without a manifest, another content type, another role; an unknown check.
    expect(JSON.parse((await check(Buffer.from('not a zip'))).body)).toMatchObject({
      error: 'validation',
      details: [{ field: 'body', message: expect.stringContaining('must be a report pack') }],
    });
    expect(JSON.parse((await check(zipSync({ 'pairs.csv': strToU8('a') }))).body)).toMatchObject({
      details: [{ field: 'body', message: 'holds no manifest.json: it is no report pack' }],
    });
    const wrongManifest = zipSync({ 'manifest.json': strToU8(JSON.stringify({ ...JSON.parse(files['manifest.json']!), position: 'soon' })) });
    expect(JSON.parse((await check(wrongManifest)).body)).toMatchObject({ details: [{ field: 'manifest.json position', message: 'must be a log position' }] });
    expect((await h.request('POST', '/reports/checks', { token: evaluator, body: {} })).status).toBe(400);
    expect((await check(bytes, coordinator)).statusCode).toBe(403);
    expect((await get('/reports/checks/00000000-0000-4000-8000-000000000000')).body.message).toContain('POST /reports/checks starts one');
    // A pack too large for a request is sent to the CLI.
    const large = await check(Buffer.alloc(300 * 1024));
    expect([large.statusCode, JSON.parse(large.body)]).toEqual([413, { error: 'too-large', message: expect.stringContaining('pairtrail check-report PACK') }]);
    // A ZIP is taken only where a pack is.
    expect((await h.request('POST', '/reports', { token: evaluator, raw: Buffer.from(bytes), headers: { 'content-type': 'application/zip' } })).status).toBe(
      415,
    );
  });

  it('names each bad field, refuses other roles, and says when a report is unknown', async () => {
    expect(await post({ asOf: '2026-02-30', position: 'ten', cohortId: 'nope', pseudonymise: 'yes', extra: 1 })).toMatchObject({
      status: 400,
      body: { error: 'validation' },
    });
    const fields = (await post({ asOf: '2026-02-30', position: 'ten', cohortId: 'nope', pseudonymise: 'yes' })).body.details.map(
      (d: { field: string }) => d.field,
    );
    expect(fields.sort()).toEqual(['asOf', 'cohortId', 'position', 'pseudonymise']);
    const tomorrowButOne = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    expect((await post({ asOf: tomorrowButOne })).body.details).toEqual([{ field: 'asOf', message: expect.any(String) }]);
    const noCohort = '00000000-0000-4000-8000-000000000000';
    expect(await post({ cohortId: noCohort })).toMatchObject({
      status: 400,
      body: { details: [{ field: 'cohortId', message: `names no cohort of this programme (${noCohort})` }] },
    });
    const head = await h.runtime.store.headPosition();
    expect((await post({ position: String(head + 1n) })).body.details).toEqual([
      { field: 'position', message: expect.stringContaining('past the end of this log') },
    ]);
    expect((await post({}, coordinator)).status).toBe(403);
    expect((await get('/reports/no-such-report')).status).toBe(404);
    expect((await get('/reports/no-such-report/pack')).status).toBe(404);
  });

  it('gives no pack from a record that does not verify, and says why', async () => {
    const db = new Database(join(h.runtime.config.dataDir, 'events.db'));
    db.prepare("UPDATE events SET metadata = json_set(metadata, '$.actor', 'someone') WHERE position = 3").run();
    db.close();
    const report = await follow(await post());
    expect(report).toMatchObject({ state: 'failed', pack: null, headDigest: null });
    expect(report.error).toMatch(/^The record up to position \d+ does not verify \(stream \S+, revision \d+: .+\), so no report was written/);
    expect(await get(`/reports/${report.id}/pack`)).toMatchObject({
      status: 409,
      body: { error: 'rule-violated', message: expect.stringContaining('does not verify') },
    });
  });
});

describe('report packs waiting on one check of the record', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await ApiHarness.start();
    // Some 2,400 events: a check of the record does its first batch of 2,000 as it starts, and the rest
    // on a later turn of the event loop, which the reports below, asked for one after another, do not give it.
    await generateProgramme(h.runtime.app, { pairs: 40, months: 12, seed: 7 });
    await h.runtime.projections.waitFor(await h.runtime.store.headPosition());
  }, 60_000);
  afterAll(() => h.stop());

  it('answers the same report asked again with the one being made, and refuses more than it keeps waiting', async () => {
    const reports = new Reports(h.runtime.reads, h.runtime.verifications, 2);
    const look = (asOf: string) => h.runtime.reads.lookBack({ asOf });
    const first = await reports.start(await look('2026-11-01'), {});
    const again = await reports.start(await look('2026-11-01'), {});
    const other = await reports.start(await look('2026-11-02'), {});
    expect(again.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
    const refused = reports.start(await look('2026-11-03'), {});
    // All while the one check they wait on runs: else this test shows nothing.
    expect(reports.get(first.id)!.state).toBe('running');
    await expect(refused).rejects.toThrow(
      /^2 reports are waiting for the check of the record up to position \d+ \(\d+% done\); follow yours at its Location, and ask for more when it ends\.$/,
    );
    // Once the check has ended, each is done, and more may be asked for.
    for (;;) {
      if (reports.get(first.id)!.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect([reports.get(first.id)!.state, reports.get(other.id)!.state]).toEqual(['done', 'done']);
    expect((await reports.start(await look('2026-11-03'), {})).state).toBe('running');
  }, 60_000);
});
