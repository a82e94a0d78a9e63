import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoId, runDemo } from '@pairtrail/application';
import { keptPairStates } from '@pairtrail/projections';
import { EsdbEmulator } from '@pairtrail/testing';
import { ApiHarness, meetingBody, seedPair } from '../support/api-harness';

/** Every byte of every file in the data directory (databases, WAL and shared-memory files), as text. */
const rawFiles = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => readFileSync(join(dir, f.name)).toString('latin1'))
    .join('\n');

// Projections on their own thread (the default) and on the server's, where what they keep in memory can
// be seen from here.
describe.each([
  ['sqlite', 'on'],
  ['sqlite', 'inline'],
  ['esdb', 'on'],
] as const)('personal data on %s, projections %s', (storeKind, projections) => {
  let h: ApiHarness;
  let emulator: EsdbEmulator | undefined;
  let coordinator: string;
  let evaluator: string;
  const margaret = demoId('participantId', 'person:margaret');
  const cardiac = demoId('pairId', 'cardiac:formed');
  const SECRETS = [
    'Margaret Hughes',
    'margaret.hughes@example.org',
    'I came in expecting to be the token patient',
    'The workshop was the turning point',
    'We are equal partners now.',
  ];

  beforeAll(async () => {
    if (storeKind === 'esdb') emulator = await EsdbEmulator.start();
    h = await ApiHarness.start({
      PAIRTRAIL_PROJECTIONS: projections,
      ...(emulator ? { PAIRTRAIL_EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: emulator.connectionString } : {}),
    });
    // Margaret's approvals are the ones these tests give.
    await runDemo(h.runtime.app, { caseStudies: false });
    coordinator = await h.user('coordinator');
    evaluator = await h.user('evaluator');
  });
  afterAll(async () => {
    await h.stop();
    await emulator?.close();
  });

  /** Every byte the event store holds: the SQLite file, or every event's data and metadata on the EventStoreDB server. */
  const storeBytes = () =>
    emulator
      ? emulator.log.records.map((r) => Buffer.concat([r.data, r.customMetadata]).toString('latin1')).join('\n')
      : readdirSync(h.runtime.config.dataDir)
          .filter((f) => f.startsWith('events.db'))
          .map((f) => readFileSync(join(h.runtime.config.dataDir, f)).toString('latin1'))
          .join('\n');

  const head = async () => (await h.runtime.store.stats()).lastPosition.toString();
  const get = async (url: string, token?: string) => h.request('GET', url, { token, headers: { 'x-min-position': await head() } });

  it('keeps personal fields encrypted in the event store, and serves them decrypted', async () => {
    const ids = await seedPair(h, coordinator);
    await h.request('POST', `/pairs/${ids.pairId}/meetings`, {
      token: coordinator,
      body: meetingBody([ids.lep, ids.pro], { notes: 'Distinctive-notes-TANGERINE-77' }),
    });
    const [formed] = await h.runtime.store.readStream(`participant-${ids.lep}`);
    expect(formed!.data.name).toMatchObject({ $enc: 'aes-256-gcm', subject: `participant-${ids.lep}` });
    expect(storeBytes()).toContain(`participant-${ids.lep}`);
    expect(storeBytes()).not.toContain('TANGERINE');
    const timeline = await get(`/pairs/${ids.pairId}/timeline`, coordinator);
    expect(JSON.stringify(timeline.body)).toContain('Distinctive-notes-TANGERINE-77');
  });

  it('gives an admin everything held about a person (subject access)', async () => {
    // Margaret has a sign-in of her own, and approves her pair's case study with it.
    const hers = await h.user('pair-member', margaret);
    const hash = (await get(`/case-studies/${cardiac}`, coordinator)).body.provenance.contentHash;
    const approval = { participantId: margaret, contentHash: hash };
    expect((await h.request('POST', `/case-studies/${cardiac}/approvals`, { token: hers, body: approval })).status).toBe(200);
    const r = await get(`/participants/${margaret}/export`);
    expect(r.status).toBe(200);
    expect(r.body.participant).toMatchObject({ name: 'Margaret Hughes', consents: expect.arrayContaining([{ scope: 'quotes', pairId: null }]) });
    expect(r.body.events.map((e: { type: string }) => e.type)).toEqual([
      'ParticipantRegistered',
      'ConsentGiven',
      'ConsentGiven',
      'ConsentGiven',
      'ConsentGiven',
    ]);
    expect(r.body.pairs).toHaveLength(1);
    expect(r.body.pairs[0]).toMatchObject({
      pairId: cardiac,
      perspective: 'lived-experience',
      reflections: expect.arrayContaining([expect.objectContaining({ text: 'We are equal partners now. I present at the board with Samir, not after him.' })]),
    });
    expect(r.body.pairs[0].caseStudy.provenance.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // The approvals she gave, her sign-in's own events, and what she recorded with it.
    expect(r.body.pairs[0].caseStudyApprovals).toEqual([expect.objectContaining({ type: 'CaseStudyApproved', data: expect.objectContaining(approval) })]);
    expect(r.body.users).toEqual([
      {
        userId: expect.any(String),
        events: [expect.objectContaining({ type: 'UserCreated' }), expect.objectContaining({ type: 'TokenIssued' })],
        recorded: [expect.objectContaining({ type: 'CaseStudyApproved', stream: `casestudy-${cardiac}` })],
      },
    ]);
    expect(r.body.users[0].events[0].data).toMatchObject({ role: 'pair-member', participantId: margaret });
    expect((await get(`/participants/${margaret}/export`, coordinator)).status).toBe(403);
  });

  it('gives the same in words, to send the person: a printable page, or Markdown, addressed to them', async () => {
    const record = (await get(`/participants/${margaret}/export`)).body;
    expect(record.position).toMatch(/^\d+$/);
    expect(record.pairs[0]).toMatchObject({ title: 'Cardiac rehab that people actually start', status: 'concluded', concludedOn: '2026-09-15' });
    expect(record.pairs[0].meetingsAttended.length).toBeGreaterThan(0);
    expect(record.pairs[0].actionsOwned.every((a: { ownerId: string }) => a.ownerId === margaret)).toBe(true);
    const page = await get(`/participants/${margaret}/export?format=html`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
    const text = page.text.replace(/<[^>]+>/g, ' ').replace(/&(amp|lt|gt|quot|#39);/g, (e) => entities[e]!);
    for (const said of [
      'What Pairtrail holds about Margaret Hughes',
      'Email: margaret.hughes@example.org',
      'You gave consent for your reflections to be quoted, for every pair you are in. Evidence: ',
      'You were paired on 15 September 2025, as the lived experience partner, to get more heart patients',
      'The pair concluded its work on 15 September 2026.',
      `${record.pairs[0].meetingsAttended.length} meetings you attended, ${record.pairs[0].actionsOwned.length} actions of yours, 3 reflections you wrote`,
      '“We are equal partners now. I present at the board with Samir, not after him.”',
      'You approved a version of its case study on ',
      'A sign-in was made for you on ',
      'With it, 1 entry was recorded',
      `Made from Pairtrail's event log up to position ${record.position}`,
    ])
      expect(text).toContain(said);
    const md = await get(`/participants/${margaret}/export?format=md`);
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md.text).toMatch(/^# What Pairtrail holds about Margaret Hughes\n\n## About this record\n/);
    expect((await get(`/participants/${margaret}/export?format=pdf`)).body.details).toEqual([{ field: 'format', message: 'must be json, md or html' }]);
    expect((await get(`/participants/${margaret}/export?format=html`, coordinator)).status).toBe(403);
  });

  it('erases a person: their name and words appear nowhere, figures and chains are unchanged', async () => {
    const figuresBefore = (await get('/evaluation/pairs?asOf=2026-11-22', evaluator)).body.items;
    // Her pair's open actions, listed and so kept, whatever they say of her.
    expect((await get('/actions?pairStatus=concluded', evaluator)).status).toBe(200);
    expect(h.runtime.reads.kept).toBeGreaterThan(0);
    const inline = projections === 'inline';
    if (inline) expect(keptPairStates(h.runtime.readModelDb)).toBeGreaterThan(0);
    const hers = await h.user('pair-member', margaret);
    expect((await get('/me', hers)).status).toBe(200);
    const erased = await h.request('POST', `/participants/${margaret}/erase`, { body: { reason: 'Asked to be forgotten' } });
    expect(erased.status).toBe(200);
    // Her own sign-in ends with the erasure: nothing more is recorded under her name, her user's name (hers
    // too) reads as erased, and she cannot be given a new token.
    expect((await get('/me', hers)).status).toBe(401);
    const herUser = ((await get('/users')).body.items as { id: string; name: string; participantId: string | null }[]).find(
      (u) => u.participantId === margaret,
    )!;
    expect(herUser.name).toBe('[erased]');
    expect((await h.request('POST', `/users/${herUser.id}/tokens`)).body).toEqual({
      error: 'rule-violated',
      message: `Participant ${margaret} has been erased: they cannot be given a sign-in.`,
    });
    // Nothing read or folded before the erasure stays in memory: it held the plaintext.
    expect(h.runtime.reads.kept).toBe(0);
    if (inline) expect(keptPairStates(h.runtime.readModelDb)).toBe(0);

    const responses = [
      await get(`/participants/${margaret}`, evaluator),
      await get('/participants', evaluator),
      await get(`/pairs/${cardiac}`, evaluator),
      await get(`/pairs/${cardiac}/timeline`, evaluator),
      await get(`/pairs/${cardiac}/events`, evaluator),
      await get('/audit/export?format=jsonl', evaluator),
      await get(`/case-studies/${cardiac}?format=html`, evaluator),
      await get(`/participants/${margaret}/export`),
      await get(`/participants/${margaret}/export?format=md`),
    ];
    for (const r of responses) for (const secret of SECRETS) expect(r.text).not.toContain(secret);
    expect(responses[8]!.text).toContain('# What Pairtrail holds about an erased participant\n');
    expect(responses[8]!.text).toContain('Your personal data was erased: your name, contact details, and the words you wrote');
    expect(responses[0]!.body).toMatchObject({ participantId: margaret, erased: true });
    expect(responses[0]!.body.name).toBeUndefined();
    expect(responses[6]!.status).toBe(409);
    expect(JSON.stringify(responses[3]!.body)).toContain('[erased]');

    expect((await get('/evaluation/pairs?asOf=2026-11-22', evaluator)).body.items).toEqual(figuresBefore);
    expect((await get('/audit/verify', evaluator)).body).toMatchObject({ ok: true, failures: [] });
    const files = rawFiles(h.runtime.config.dataDir) + storeBytes();
    for (const secret of SECRETS) expect(files).not.toContain(secret);
  });

  it('stays erased after a full rebuild of the read models', async () => {
    expect((await h.request('POST', '/projections/documents/rebuild')).status).toBe(202);
    await new Promise((r) => setTimeout(r, 20));
    await h.runtime.projections.settled();
    const after = [await get(`/pairs/${cardiac}/timeline`, evaluator), await get('/participants', evaluator)];
    for (const r of after) for (const secret of SECRETS) expect(r.text).not.toContain(secret);
    expect(rawFiles(h.runtime.config.dataDir)).not.toContain('Margaret Hughes');
  });

  it('refuses anything new about an erased person', async () => {
    const r = await h.request('POST', `/participants/${margaret}/consents`, { token: coordinator, body: { scope: 'quotes', evidence: 'form' } });
    expect(r).toMatchObject({ status: 409, body: { error: 'rule-violated' } });
    expect((await h.request('POST', `/participants/${margaret}/erase`, { body: { reason: 'again' } })).status).toBe(409);
    expect((await h.request('POST', '/users', { body: { name: 'Again', role: 'pair-member', participantId: margaret } })).body).toEqual({
      error: 'rule-violated',
      message: `Participant ${margaret} has been erased: they cannot be given a sign-in.`,
    });
  });
});

describe('pseudonymised exports', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await ApiHarness.start();
    await runDemo(h.runtime.app);
    await h.runtime.projections.waitFor((await h.runtime.store.stats()).lastPosition);
  });
  afterAll(() => h.stop());

  const jsonl = async (query: string) =>
    (await h.request('GET', `/audit/export?format=jsonl&${query}`)).text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));

  it('gives each person a stable pseudonym within an export, and drops free text', async () => {
    const plain = await jsonl('');
    const rows = await jsonl('pseudonymise=true');
    expect(rows).toHaveLength(plain.length);
    const margaret = demoId('participantId', 'person:margaret');
    expect(JSON.stringify(rows)).not.toContain(margaret);
    expect(rows.every((r) => r.summary === undefined)).toBe(true);
    const hers = plain.map((r, i) => [r, rows[i]]).filter(([r]) => r.stream === `participant-${margaret}`);
    expect(new Set(hers.map(([, p]) => p.stream)).size).toBe(1);
    expect(hers[0]![1].stream).toMatch(/^participant-[0-9a-f]{16}$/);
    // A new export gives new pseudonyms, so exports cannot be joined on them.
    const again = await jsonl('pseudonymise=true');
    expect(again.find((r) => r.position === hers[0]![0].position)!.stream).not.toBe(hers[0]![1].stream);
    expect(rows.map((r) => r.recordedAt)).toEqual(plain.map((r) => r.recordedAt));
  });

  it("with shiftDates, moves each participant's dates by one offset, consistently", async () => {
    const plain = await jsonl('');
    const shifted = await jsonl('pseudonymise=true&shiftDates=true');
    const offsets = new Map<string, Set<number>>();
    plain.forEach((r, i) => {
      if (!r.stream.startsWith('participant-')) return;
      const delta = Math.round((Date.parse(shifted[i]!.recordedAt) - Date.parse(r.recordedAt)) / 86_400_000);
      offsets.set(shifted[i]!.stream, (offsets.get(shifted[i]!.stream) ?? new Set()).add(delta));
    });
    expect(offsets.size).toBe(6);
    for (const deltas of offsets.values()) expect(deltas.size).toBe(1);
    expect([...offsets.values()].some((d) => [...d][0] !== 0)).toBe(true);
    expect((await h.request('GET', '/audit/export?format=jsonl&shiftDates=true')).status).toBe(400);
  });

  it('pseudonymises the evaluation export', async () => {
    const csv = await h.request('GET', '/evaluation/pairs?format=csv&pseudonymise=true');
    expect(csv.text).not.toContain(demoId('pairId', 'cardiac:formed'));
    expect(csv.text.trim().split('\r\n')).toHaveLength(4);
  });
});
