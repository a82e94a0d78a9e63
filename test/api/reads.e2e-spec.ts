import { demoId, runDemo } from '@pairtrail/application';
import { ApiHarness, meetingBody, seedPair } from '../support/api-harness';

describe('read routes', () => {
  let h: ApiHarness;
  let evaluator: string;
  let coordinator: string;
  let head: string;
  const cardiac = demoId('pairId', 'cardiac:formed');
  const vanguard = demoId('pairId', 'vanguard:formed');
  const neuro = demoId('pairId', 'neuro:formed');

  beforeAll(async () => {
    h = await ApiHarness.start();
    await runDemo(h.runtime.app);
    evaluator = await h.user('evaluator');
    coordinator = await h.user('coordinator');
    head = (await h.runtime.store.stats()).lastPosition.toString();
    await h.runtime.projections.waitFor(BigInt(head));
  });
  afterAll(() => h.stop());

  const get = (url: string, token = evaluator) => h.request('GET', url, { token, headers: { 'x-min-position': head } });

  it('lists cohorts, participants with their consents, and pairs with filters and paging', async () => {
    expect((await get('/cohorts')).body.items).toHaveLength(1);
    const participants = (await get('/participants')).body.items;
    expect(participants).toHaveLength(6);
    const david = participants.find((p: { name: string }) => p.name === 'David Okafor');
    expect(david.consents.map((c: { scope: string }) => c.scope).sort()).toEqual(['case-study', 'participation', 'quotes']);
    const pairs = await get('/pairs?limit=2');
    expect(pairs.body.items).toHaveLength(2);
    const rest = await get(`/pairs?limit=2&cursor=${pairs.body.next}`);
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.next).toBeNull();
    expect((await get('/pairs?status=concluded')).body.items.map((p: { pairId: string }) => p.pairId)).toEqual([cardiac]);
    expect((await get('/pairs?serviceArea=new-models-of-care')).body.items.map((p: { pairId: string }) => p.pairId)).toEqual([vanguard]);
    // As a coordinator would type it, the way the pair was formed with it.
    expect((await get('/pairs?serviceArea=New%20Models%20of%20Care')).body.items.map((p: { pairId: string }) => p.pairId)).toEqual([vanguard]);
    expect((await get('/pairs?needsAttention=true')).body.items).toHaveLength(2);
    expect((await get('/pairs?needsAttention=false')).body.items.map((p: { pairId: string }) => p.pairId)).toEqual([cardiac]);
    const attention = await get('/pairs?needsAttention=true&limit=1');
    const more = await get(`/pairs?needsAttention=true&limit=1&cursor=${attention.body.next}`);
    expect([...attention.body.items, ...more.body.items].map((p: { pairId: string }) => p.pairId).sort()).toEqual([vanguard, neuro].sort());
    expect(more.body.next).toBeNull();
    expect((await get('/pairs?limit=5000')).body).toMatchObject({ error: 'validation', details: [{ field: 'limit' }] });
    const one = await get(`/pairs/${cardiac}`);
    expect(one.body).toMatchObject({ pairId: cardiac, status: 'concluded', serviceArea: 'cardiac', revision: expect.any(String), attentionReasons: [] });
    // Why a pair needs attention, and the figures that say so, with the pair itself.
    const figures = (await get(`/evaluation/pairs/${vanguard}`)).body;
    expect(figures.attentionReasons.length).toBeGreaterThan(0);
    expect((await get(`/pairs/${vanguard}`)).body).toMatchObject({
      needsAttention: true,
      attentionReasons: figures.attentionReasons,
      daysSinceLastMeeting: figures.daysSinceLastMeeting,
      overdueActions: figures.overdueActions,
    });
    // Which actions those are: open, and due before today.
    const actions: { dueOn?: string; completed?: unknown; dropped?: unknown; overdue: boolean }[] = (await get(`/pairs/${vanguard}`)).body.actions;
    const overdue = actions.filter((a) => a.overdue);
    expect(overdue).toHaveLength(figures.overdueActions);
    for (const a of overdue) expect([a.completed, a.dropped, typeof a.dueOn]).toEqual([undefined, undefined, 'string']);
    // Today is the programme's, within a day of UTC's.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(actions.filter((a) => !a.overdue).every((a) => a.completed || a.dropped || !a.dueOn || a.dueOn >= yesterday)).toBe(true);
  });

  it('lists pairs as summaries, without their lists, on request', async () => {
    const full = (await get('/pairs')).body.items;
    const summaries = (await get('/pairs?view=summary')).body.items;
    const lists = ['meetings', 'actions', 'milestones', 'outcomes', 'reflections'];
    expect(full[0].meetings.length).toBeGreaterThan(0);
    expect(summaries).toEqual(full.map((pair: Record<string, unknown>) => Object.fromEntries(Object.entries(pair).filter(([key]) => !lists.includes(key)))));
    expect((await get('/pairs?view=summary&status=concluded')).body.items.map((p: { pairId: string }) => p.pairId)).toEqual([cardiac]);
    expect((await get('/pairs?view=short')).body).toMatchObject({ error: 'validation', details: [{ field: 'view' }] });
  });

  it("tells a pair's story in happened-at order, corrections applied and shown, retractions marked", async () => {
    const timeline = (await get(`/pairs/${cardiac}/timeline`)).body.items;
    const dates = timeline.map((e: { on: string }) => e.on);
    expect([...dates].sort()).toEqual(dates);
    const corrected = timeline.find((e: { corrections: unknown[] }) => e.corrections.length > 0);
    expect(corrected).toMatchObject({
      type: 'MeetingHeld',
      data: { durationMinutes: 100 },
      corrections: [{ reason: expect.any(String), replacement: { durationMinutes: 100 }, recordedAt: expect.any(String), actor: 'system' }],
    });
    expect(timeline.some((e: { type: string }) => e.type === 'EntryCorrected')).toBe(false);
    const retracted = (await get(`/pairs/${vanguard}/timeline`)).body.items.find((e: { retracted: unknown }) => e.retracted !== null);
    expect(retracted).toMatchObject({ type: 'OutcomeRecorded', retracted: { reason: expect.stringMatching(/Entered twice/) } });
    const early = await get(`/pairs/${cardiac}/timeline?asOf=2025-10-31`);
    expect(early.body.asOf).toBe('2025-10-31');
    expect(early.body.items.every((e: { on: string }) => e.on <= '2025-10-31')).toBe(true);
  });

  it('says when each person last took part, and in how many pairs going on, for a review of how long their data is kept', async () => {
    const taking = async (id: string, position = head) => {
      const p = (await h.request('GET', `/participants/${id}`, { token: evaluator, headers: { 'x-min-position': position } })).body;
      return [p.lastInvolvedOn, p.pairsGoingOn];
    };
    // The concluded cardiac pair's partners: its conclusion on 15 September 2026 is the last of their part.
    expect(await taking(demoId('participantId', 'person:samir'))).toEqual(['2026-09-15', 0]);
    // The vanguard pair goes on: its latest entry is its review meeting of 25 June 2026.
    expect(await taking(demoId('participantId', 'person:joan'))).toEqual(['2026-06-25', 1]);
    const listed = (await get('/participants')).body.items.find((p: { participantId: string }) => p.participantId === demoId('participantId', 'person:david'));
    expect([listed.lastInvolvedOn, listed.pairsGoingOn]).toEqual(['2026-07-08', 1]);
    // Someone in no pair: the day registered, or a later consent.
    const registered = await h.request('POST', '/participants', {
      token: coordinator,
      body: {
        name: 'Rita Newcomer',
        perspective: 'lived-experience',
        role: 'Carer',
        organisation: 'Carers forum',
        organisationType: 'patient-group',
        registeredOn: '2026-01-05',
      },
    });
    expect(await taking(registered.body.id, registered.body.position)).toEqual(['2026-01-05', 0]);
    const consent = await h.request('POST', `/participants/${registered.body.id}/consents`, {
      token: coordinator,
      body: { scope: 'participation', evidence: 'Signed form', on: '2026-02-11' },
    });
    expect(await taking(registered.body.id, consent.body.position)).toEqual(['2026-02-11', 0]);
  });

  it('gives the pairs as a spreadsheet, by title, filtered as the list is', async () => {
    const csv = async (query: string, token = coordinator) => {
      const r = await h.request('GET', `/pairs?format=csv${query}`, { token, headers: { 'x-min-position': head } });
      expect([r.status, r.headers['content-disposition']]).toEqual([200, 'attachment; filename="pairs.csv"']);
      const [header, ...rows] = r.text.trim().split('\r\n');
      return { header, rows };
    };
    const every = await csv('');
    expect(every.header).toBe(
      'title,cohort,livedExperiencePartner,professionalPartner,serviceArea,focus,status,formedOn,concludedOn,needsAttention,attentionReasons,daysSinceLastMeeting,overdueActions,meetingsWithoutApproach,pairId,cohortId,asOf,position',
    );
    const demo = every.rows.filter((r) => r.includes(',"Northfield collaborative pairs, wave 1",'));
    expect(demo.map((r) => r.split(',')[0])).toEqual([
      'Cardiac rehab that people actually start',
      'No gap after the ward',
      'Residents at the design table of the vanguard',
    ]);
    // The concluded pair, with its partners and dates; the neuro pair going on, and why it needs attention.
    expect(demo[0]).toMatch(
      /^Cardiac rehab that people actually start,"Northfield collaborative pairs, wave 1",Margaret Hughes,Dr Samir Patel,cardiac,[^,]+,concluded,2025-09-15,2026-09-15,false,,\d+,0,0,/,
    );
    expect(demo[1]).toMatch(
      /^No gap after the ward,"Northfield collaborative pairs, wave 1",David Okafor,Claire Bennett,neuro-rehabilitation,.*,active,2025-10-15,,true,no-recent-meeting; overdue-actions,/,
    );
    expect((await csv('&status=concluded')).rows.map((r) => r.split(',')[0])).toEqual(['Cardiac rehab that people actually start']);
    const david = await h.user('pair-member', demoId('participantId', 'person:david'));
    expect((await csv('', david)).rows.map((r) => r.split(',')[0])).toEqual(['No gap after the ward']);
    expect((await h.request('GET', '/pairs?format=csv&cohortId=00000000-0000-4000-8000-000000000000', { token: coordinator })).status).toBe(404);
  });

  it('gives the people as a spreadsheet, by name, as the caller may see them', async () => {
    const csv = async (token: string) => {
      const r = await h.request('GET', '/participants?format=csv', { token, headers: { 'x-min-position': head } });
      expect([r.status, r.headers['content-disposition']]).toEqual([200, 'attachment; filename="participants.csv"']);
      const [header, ...rows] = r.text.trim().split('\r\n');
      return { header, rows, position: r.headers['x-log-position'] };
    };
    const forCoordinator = await csv(coordinator);
    expect(forCoordinator.header).toBe(
      'name,email,perspective,role,organisation,organisationType,registeredOn,consents,consentsForOnePair,withdrawnForOnePair,pairs,pairsGoingOn,lastInvolvedOn,canSignIn,erased,participantId,asOf,position',
    );
    const margaret = demoId('participantId', 'person:margaret');
    expect(forCoordinator.rows.find((r) => r.startsWith('Margaret Hughes,'))).toMatch(
      new RegExp(
        `^Margaret Hughes,margaret\\.hughes@example\\.org,lived-experience,patient leader,Riverside Heart Support Group,patient-group,2025-09-05,participation; case-study; named; quotes,,,Cardiac rehab that people actually start,0,2026-09-15,no,false,${margaret},\\d{4}-\\d{2}-\\d{2},${forCoordinator.position}$`,
      ),
    );
    // By name, as the Participants screen lists them.
    const names = forCoordinator.rows.map((r) => r.split(',')[0]);
    expect(names.slice(0, 6)).toEqual(['Claire Bennett', 'David Okafor', 'Dr Aisha Rahman', 'Dr Samir Patel', 'Joan Whitaker', 'Margaret Hughes']);
    // An evaluator sees no email and no sign-ins; a pair member only themself and their partner.
    expect((await csv(evaluator)).rows.find((r) => r.startsWith('Margaret Hughes,'))).toMatch(
      /^Margaret Hughes,,lived-experience,.*,Cardiac rehab that people actually start,0,2026-09-15,,false,/,
    );
    const david = await h.user('pair-member', demoId('participantId', 'person:david'));
    expect((await csv(david)).rows.map((r) => r.split(',')[0])).toEqual(['Claire Bennett', 'David Okafor']);
    expect((await h.request('GET', '/participants?format=xlsx', { token: coordinator })).status).toBe(400);
  });

  it('shows those who give people sign-ins which people have one, and how many of its tokens still sign in', async () => {
    const joan = demoId('participantId', 'person:joan');
    const signInsOf = async (token: string) => (await get(`/participants/${joan}`, token)).body.signIns;
    expect(await signInsOf(coordinator)).toEqual([]);
    const created = await h.request('POST', '/users', { token: coordinator, body: { name: 'Joan', role: 'pair-member', participantId: joan } });
    const at = { headers: { 'x-min-position': created.body.position } };
    const seen = (await h.request('GET', `/participants/${joan}`, { token: coordinator, ...at })).body.signIns;
    expect(seen).toEqual([{ userId: created.body.id, liveTokens: 1, lastIssuedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    // In the list too, and to an administrator; not to an evaluator, nor to the person or their partner.
    const listed = (await h.request('GET', '/participants', { token: coordinator, ...at })).body.items.find(
      (p: { participantId: string }) => p.participantId === joan,
    );
    expect(listed.signIns).toEqual(seen);
    expect((await h.request('GET', `/participants/${joan}`, at)).body.signIns).toEqual(seen);
    expect(await signInsOf(evaluator)).toBeUndefined();
    expect((await get(`/participants/${joan}`, created.body.token)).body).not.toHaveProperty('signIns');
    // A token taken back no longer signs in: the sign-in stays, with none live.
    const revoked = await h.request('POST', `/users/${created.body.id}/tokens/${created.body.tokenId}/revoke`);
    const after = (await h.request('GET', `/participants/${joan}`, { token: coordinator, headers: { 'x-min-position': revoked.body.position } })).body.signIns;
    expect(after).toEqual([{ ...seen[0], liveTokens: 0, lastIssuedAt: null }]);
  });

  it('serves the raw stream with envelopes to evaluators, not to pair members', async () => {
    const events = await get(`/pairs/${cardiac}/events`);
    expect(events.body.items[0]).toMatchObject({ type: 'PairFormed', revision: '0', metadata: { hash: expect.any(String), commandId: expect.any(String) } });
    const member = await h.user('pair-member', demoId('participantId', 'person:margaret'));
    expect((await get(`/pairs/${cardiac}/events`, member)).status).toBe(403);
  });

  it('lets a pair member read only their own pairs, themself and their partners', async () => {
    const member = await h.user('pair-member', demoId('participantId', 'person:margaret'));
    expect((await get('/pairs', member)).body.items.map((p: { pairId: string }) => p.pairId)).toEqual([cardiac]);
    expect((await get(`/pairs/${vanguard}`, member)).status).toBe(403);
    expect((await get(`/pairs/${vanguard}/timeline`, member)).status).toBe(403);
    expect((await get(`/pairs/${cardiac}/timeline`, member)).status).toBe(200);
    expect((await get('/participants', member)).body.items.map((p: { name: string }) => p.name).sort()).toEqual(['Dr Samir Patel', 'Margaret Hughes']);
    expect((await get(`/participants/${demoId('participantId', 'person:joan')}`, member)).status).toBe(403);
    // The professional partner of the same pair sees the same pair and people.
    const professional = await h.user('pair-member', demoId('participantId', 'person:samir'));
    expect((await get('/pairs', professional)).body.items.map((p: { pairId: string }) => p.pairId)).toEqual([cardiac]);
    expect((await get('/participants', professional)).body.items.map((p: { name: string }) => p.name).sort()).toEqual(['Dr Samir Patel', 'Margaret Hughes']);
    expect((await get(`/participants/${demoId('participantId', 'person:margaret')}`, professional)).status).toBe(200);
    // A person's email is theirs, and for those who contact people: not for their partner, nor an evaluator.
    const seenBy = async (token: string) =>
      Object.fromEntries(((await get('/participants', token)).body.items as { name: string; email?: string }[]).map((p) => [p.name, p.email]));
    expect(await seenBy(member)).toEqual({ 'Margaret Hughes': 'margaret.hughes@example.org', 'Dr Samir Patel': undefined });
    expect(await seenBy(professional)).toEqual({ 'Margaret Hughes': undefined, 'Dr Samir Patel': 'samir.patel@example.nhs.uk' });
    const margaret = `/participants/${demoId('participantId', 'person:margaret')}`;
    expect((await get(margaret, professional)).body).not.toHaveProperty('email');
    expect((await get(margaret, evaluator)).body).toMatchObject({ name: 'Margaret Hughes' });
    expect((await get(margaret, evaluator)).body).not.toHaveProperty('email');
    expect((await get(margaret, coordinator)).body).toMatchObject({ email: 'margaret.hughes@example.org' });
    // Paged like anyone's list: one at a time, then nothing more.
    const first = (await get('/participants?limit=1', professional)).body;
    const second = (await get(`/participants?limit=1&cursor=${first.next}`, professional)).body;
    expect([...first.items, ...second.items].map((p: { name: string }) => p.name).sort()).toEqual(['Dr Samir Patel', 'Margaret Hughes']);
    expect(second.next).toBeNull();
    expect((await get('/cohorts', member)).status).toBe(403);
    expect((await get('/evaluation/pairs', member)).status).toBe(403);
    expect((await get('/audit', coordinator)).status).toBe(403);
  });

  it('answers position=N exactly as a store holding only the events up to N would', async () => {
    const n = Number(head) - 40;
    const other = await ApiHarness.start({}, { sharingKeysWith: h });
    try {
      for (const e of await h.runtime.store.readAll({ maxCount: n })) {
        await other.runtime.store.appendToStream(e.stream, [{ eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata }]);
      }
      const otherEvaluator = await other.user('evaluator');
      const cohortId = demoId('cohortId', 'cohort');
      const otherHead = (await other.runtime.store.stats()).lastPosition.toString();
      const truncated = await other.request('GET', `/evaluation/cohorts/${cohortId}?asOf=2026-11-22`, {
        token: otherEvaluator,
        headers: { 'x-min-position': otherHead },
      });
      const lookedBack = await get(`/evaluation/cohorts/${cohortId}?asOf=2026-11-22&position=${n}`);
      expect(lookedBack.body.position).toBe(String(n));
      const { position: _a, ...expected } = truncated.body;
      const { position: _b, ...actual } = lookedBack.body;
      expect(actual).toEqual(expected);
      expect(actual).not.toEqual((({ position: _p, ...rest }) => rest)((await get(`/evaluation/cohorts/${cohortId}?asOf=2026-11-22`)).body));
    } finally {
      await other.stop();
    }
  });

  it('rejects bad look-back parameters with 400', async () => {
    expect((await get(`/evaluation/pairs/${cardiac}?asOf=2026-02-30`)).body).toMatchObject({ error: 'validation', details: [{ field: 'asOf' }] });
    expect((await get(`/evaluation/pairs/${cardiac}?position=abc`)).body).toMatchObject({ error: 'validation', details: [{ field: 'position' }] });
    expect((await get('/analytics/monthly?from=2026-13&to=2026-01')).body).toMatchObject({ error: 'validation' });
    // Years before 0100 are no calendar dates here, and a series spans at most a hundred years: a 400
    // naming the field, where these were a 500 and a silently shortened series.
    expect((await get('/analytics/monthly?from=0001-01&to=2026-03')).body).toMatchObject({ error: 'validation', details: [{ field: 'from' }] });
    expect((await get('/analytics/monthly?from=2000-01&to=9999-12')).body).toMatchObject({
      error: 'validation',
      details: [{ field: 'to', message: expect.stringMatching(/at most 1200 months/) }],
    });
    const end = (await get('/analytics/monthly?from=9999-11&to=9999-12')).body;
    expect(end.months.map((m: { month: string }) => m.month)).toEqual(['9999-11', '9999-12']);
    expect((await get(`/evaluation/pairs/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it("filters pairs' figures by cohort, and says so when the cohort does not exist rather than listing none", async () => {
    const cohortId = demoId('cohortId', 'cohort');
    expect((await get(`/evaluation/pairs?cohortId=${cohortId}`)).body.items).toHaveLength(3);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await get(`/evaluation/service-areas?cohortId=${cohortId}`)).body.items).toEqual((await get('/evaluation/service-areas')).body.items);
    for (const path of ['/pairs', '/evaluation/pairs', '/evaluation/service-areas', '/analytics/funnel']) {
      expect(await get(`${path}?cohortId=${unknown}`)).toMatchObject({ status: 404, body: { error: 'not-found', message: `No cohort ${unknown}.` } });
    }
  });

  it('exports evaluation as CSV', async () => {
    const csv = await get('/evaluation/pairs?format=csv&asOf=2026-11-22');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^pairId,cohortId,serviceArea,status,daysToFirstMeeting,.*outcomesByCategory\.serviceChange.*relationship\.livedExperience\.change/,
    );
    // Cohorts and service areas likewise, each row with the date it is as of.
    const cohorts = await get('/evaluation/cohorts?format=csv&asOf=2026-11-22');
    expect(cohorts.headers['content-disposition']).toBe('attachment; filename="evaluation-cohorts.csv"');
    const [cohortHeader, ...cohortRows] = cohorts.text.trim().split('\r\n');
    expect(cohortHeader).toMatch(/^cohortId,name,pairs,pairsMet,pairsWithOutcome,pairsConcluded,.*,asOf,position$/);
    expect(cohortRows).toHaveLength(1);
    // With the position its figures were read at, which gives them again later.
    expect(cohortRows[0]).toMatch(/^[0-9a-f-]{36},"Northfield collaborative pairs, wave 1",3,3,.*,2026-11-22,\d+$/);
    const areas = (await get('/evaluation/service-areas?format=csv&asOf=2026-11-22')).text.trim().split('\r\n');
    expect(areas[0]).toBe(
      'serviceArea,pairs,meetingsHeld,outcomes,meanRelationshipChange,meanRelationshipChangeByPerspective.livedExperience,meanRelationshipChangeByPerspective.professional,asOf,position',
    );
    expect(areas.slice(1).map((row) => row.split(',')[0])).toEqual(['cardiac', 'neuro-rehabilitation', 'new-models-of-care']);
    expect((await get('/evaluation/cohorts?format=xlsx')).body).toMatchObject({ details: [{ field: 'format', message: 'must be json or csv' }] });
    // The charts' figures, for a report's own charts: a row a month, a row a stage.
    const monthly = await get('/analytics/monthly?from=2025-09&to=2025-11&asOf=2026-11-22&format=csv');
    expect(monthly.headers['content-disposition']).toBe('attachment; filename="analytics-monthly.csv"');
    const months = monthly.text.trim().split('\r\n');
    expect(months[0]).toBe('month,meetings,meetingMinutes,outcomes,reflections,activePairs,asOf,position');
    expect(months.slice(1).map((row: string) => row.split(',').slice(0, 6).join(','))).toEqual([
      '2025-09,1,90,0,0,1',
      '2025-10,2,120,0,2,3',
      '2025-11,3,235,0,4,3',
    ]);
    expect(months.slice(1).every((row: string) => /,2026-11-22,\d+$/.test(row))).toBe(true);
    const funnel = (await get('/analytics/funnel?asOf=2026-11-22&format=csv')).text.trim().split('\r\n');
    expect(funnel.map((row: string) => row.split(',').slice(0, 2).join(','))).toEqual([
      'stage,pairs',
      'formed,3',
      'initiativeDefined,3',
      'firstMeeting,3',
      'firstOutcome,3',
      'concluded,1',
    ]);
    expect((await get('/analytics/funnel?format=pdf')).body).toMatchObject({ details: [{ field: 'format', message: 'must be json or csv' }] });
    expect((await get('/analytics/monthly?from=2025-09&to=2025-11&format=pdf')).body).toMatchObject({ details: [{ field: 'format' }] });
  });

  it('pages and filters the audit trail', async () => {
    const page = await get('/audit?limit=50');
    expect(page.body.items).toHaveLength(50);
    const opened = (await get('/audit?type=CohortOpened')).body.items;
    expect(opened[0]).toEqual({
      position: expect.stringMatching(/^\d+$/),
      stream: expect.stringMatching(/^cohort-/),
      revision: '0',
      eventId: expect.any(String),
      type: 'CohortOpened',
      recordedAt: expect.any(String),
      actor: 'system',
      source: 'demo',
      correlationId: expect.any(String),
      causationId: expect.any(String),
      commandId: expect.any(String),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      summary: 'Cohort opened, starting 2025-09-01 and ending 2026-12-31',
    });
    const next = await get(`/audit?limit=50&cursor=${page.body.next}`);
    expect(next.body.items[0].position).toBe('51');
    const meetings = await get(`/audit?type=MeetingHeld&stream=pair-${cardiac}&limit=1000`);
    expect(meetings.body.items).toHaveLength(11);
    expect(JSON.stringify(meetings.body)).not.toContain('Margaret');
    expect((await get('/audit?after=100&limit=1000')).body.items[0].position).toBe('101');
    expect((await get('/audit?from=yesterday')).body).toMatchObject({ error: 'validation', details: [{ field: 'from' }] });
    // By how the events were recorded: the demo's, and none from a spreadsheet.
    const demo = (await get('/audit?source=demo&limit=1000')).body.items as { source: string }[];
    expect(demo.length).toBeGreaterThan(100);
    expect(new Set(demo.map((r) => r.source))).toEqual(new Set(['demo']));
    expect((await get('/audit?source=import')).body.items).toEqual([]);
    expect((await get('/audit?source=web')).body).toMatchObject({ details: [{ field: 'source', message: 'must be api, cli, import or demo' }] });
  });

  it('pages the audit trail newest first, and between two log positions', async () => {
    const positions = async (query: string) => {
      const seen: string[] = [];
      for (let cursor = ''; ;) {
        const page = await get(`/audit?${query}&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((r: { position: string }) => r.position));
        if (!page.body.next) return seen;
        cursor = page.body.next;
      }
    };
    const oldest = await positions('order=oldest');
    expect(oldest).toHaveLength(Number((await h.runtime.store.stats()).events));
    // Newest first, page after page, the same rows the other way round; so with a filter.
    expect(await positions('order=newest')).toEqual([...oldest].reverse());
    const meetings = `type=MeetingHeld&stream=pair-${cardiac}`;
    expect(await positions(`${meetings}&order=newest`)).toEqual((await positions(meetings)).reverse());
    // What a report quoting position 30 saw, and what has happened since it, newest first.
    expect(await positions('upTo=30&order=newest')).toEqual(oldest.slice(0, 30).reverse());
    expect(await positions('after=20&upTo=30')).toEqual(oldest.slice(20, 30));
    const exported = await get('/audit/export?format=jsonl&after=20&upTo=30');
    expect(
      exported.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).position),
    ).toEqual(oldest.slice(20, 30));
    // A cursor of one order given to the other would be read as a place it is not.
    const first = await get('/audit?limit=5');
    expect(await get(`/audit?limit=5&order=newest&cursor=${first.body.next}`)).toMatchObject({ status: 400, body: { details: [{ field: 'cursor' }] } });
    expect((await get('/audit?after=30&upTo=30')).body).toMatchObject({ details: [{ field: 'upTo', message: 'must be a later position than after' }] });
    expect((await get('/audit?order=sideways')).body).toMatchObject({ details: [{ field: 'order' }] });
    expect((await get('/audit?upTo=-1')).body).toMatchObject({ details: [{ field: 'upTo' }] });
    // A position past the log's end, quoted from another log, would show nothing recorded since it.
    const past = String(Number(oldest[oldest.length - 1]) + 1);
    expect(await positions(`after=${oldest[oldest.length - 1]}`)).toEqual([]);
    for (const url of [`/audit?after=${past}`, `/audit/export?format=csv&after=${past}`]) {
      expect(await get(url)).toMatchObject({
        status: 400,
        body: { details: [{ field: 'after', message: expect.stringMatching(/^is past the end of this log, which ends at position \d+/) }] },
      });
    }
    expect((await get(`/audit?after=${past}&upTo=99999999999&stream=pairs-1`)).body).toMatchObject({
      details: [{ field: 'stream' }, { field: 'after' }, { field: 'upTo' }],
    });
  });

  it("reads the audit trail's dates in the programme time zone, its instants as given, and refuses anything else", async () => {
    // Europe/London: in summer time a day begins at 23:00 UTC the day before; `to` takes in its whole day.
    expect(h.runtime.reads.auditFilter({ from: '2026-07-01', to: '2026-07-01' })).toMatchObject({
      from: '2026-06-30T23:00:00.000Z',
      to: '2026-07-01T23:00:00.000Z',
    });
    expect(h.runtime.reads.auditFilter({ from: '2026-01-15', to: '2026-01-15' })).toMatchObject({
      from: '2026-01-15T00:00:00.000Z',
      to: '2026-01-16T00:00:00.000Z',
    });
    const all = (await get('/audit?limit=1000')).body.items as { position: string; recordedAt: string }[];
    const at = all[10]!.recordedAt;
    const same = all.filter((r) => r.recordedAt === at).map((r) => r.position);
    const between = await get(`/audit?from=${encodeURIComponent(at)}&to=${encodeURIComponent(at)}&limit=1000`);
    expect(between.body.items.map((r: { position: string }) => r.position)).toEqual(same);
    const problems = await get('/audit?from=hello%202&to=2026-06-31&cursor=abc');
    expect(problems).toMatchObject({ status: 400, body: { error: 'validation', details: [{ field: 'from' }, { field: 'to' }] } });
    expect(await get('/audit?cursor=abc')).toMatchObject({
      status: 400,
      body: { details: [{ field: 'cursor', message: "is not a cursor this API gave out: pass a page's next as it came" }] },
    });
    expect((await get('/audit?from=1700000000')).body).toMatchObject({ details: [{ field: 'from' }] });
    expect((await get('/audit?from=2026-06-01&to=2026-01-01')).body).toMatchObject({ details: [{ field: 'to', message: 'must not be before from' }] });
    // The last day there is bounds nothing, where it gave an empty trail.
    for (const to of ['9999-12-31', '9999-12-31T23:59:59.999Z']) {
      expect((await get(`/audit?to=${to}&limit=1000`)).body.items).toHaveLength(all.length);
    }
    // A misspelt event type would match nothing, as if the trail had no such events.
    expect((await get('/audit?type=meetingheld')).body).toMatchObject({
      details: [{ field: 'type', message: 'is not a value this takes; did you mean MeetingHeld?' }],
    });
    expect((await get('/audit?type=Meeting')).body).toMatchObject({
      details: [{ field: 'type', message: expect.stringMatching(/^must be CohortOpened, CohortClosed, .* or CaseStudyVersionCarriedOver$/) }],
    });
    expect((await get('/audit?type=UserRoleChanged')).body).toEqual({ items: [], next: null });
    expect((await get('/audit?stream=pairs-123&actor=Dr%20Patel&from=soon')).body).toMatchObject({
      details: [
        { field: 'stream', message: 'must be a stream name: one of cohort, participant, pair, user, casestudy, a dash and an id' },
        { field: 'actor', message: 'must be a user id, or system' },
        { field: 'from' },
      ],
    });
    expect((await get('/audit?actor=system&limit=1')).body.items).toHaveLength(1);
    expect((await get(`/audit?stream=pair-${cardiac}&limit=1`)).body.items).toHaveLength(1);
  });

  it('streams the whole audit trail as CSV or JSONL', async () => {
    const jsonl = await get('/audit/export?format=jsonl');
    const rows = jsonl.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(Number((await h.runtime.store.stats()).events));
    const csv = await get('/audit/export?format=csv&type=MeetingHeld');
    expect(csv.text.trim().split('\r\n')).toHaveLength(1 + 28);
    expect((await get('/audit/export?format=xml')).status).toBe(400);
  });

  it('verifies the chains and gives the head digest, also as of a position', async () => {
    const all = await get('/audit/verify');
    expect(all.body).toMatchObject({
      ok: true,
      failures: [],
      streamsChecked: expect.any(Number),
      eventsChecked: expect.any(Number),
      headDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const early = await get('/audit/verify?position=10');
    expect(early.body).toMatchObject({ ok: true, eventsChecked: 10, position: '10' });
    expect(early.body.headDigest).not.toBe(all.body.headDigest);
    // A position past the log's end, as one quoted from another log: it was 'ok' of the log as it ends.
    const past = BigInt(all.body.position) + 1n;
    for (const asked of [
      get(`/audit/verify?position=${past}`),
      h.request('POST', '/audit/verifications', { token: evaluator, body: { position: String(past) } }),
    ]) {
      expect(await asked).toMatchObject({
        status: 400,
        body: {
          details: [{ field: 'position', message: expect.stringContaining(`is past the end of this log, which ends at position ${all.body.position}`) }],
        },
      });
    }
  });

  it('checks the chains in the background: 202 with the job, its progress, then the same report', async () => {
    const post = (body?: unknown, token = evaluator) => h.request('POST', '/audit/verifications', { token, ...(body === undefined ? {} : { body }) });
    const follow = async (location: string) => {
      for (;;) {
        const job = await get(location);
        expect(job.status).toBe(200);
        if (job.body.state !== 'running') return job.body;
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const started = await post();
    expect(started.status).toBe(202);
    expect(started.headers.location).toBe(`/audit/verifications/${started.body.id}`);
    expect(started.body).toMatchObject({ state: 'running', upTo: expect.stringMatching(/^\d+$/), report: null, error: null });
    const done = await follow(started.headers.location as string);
    const whole = (await get(`/audit/verify?position=${done.upTo}`)).body;
    expect(done).toMatchObject({ state: 'done', percent: 100, checkedTo: done.upTo, eventsChecked: whole.eventsChecked, error: null });
    expect(done.report).toEqual(whole);
    const early = await post({ position: '10' });
    expect((await follow(early.headers.location as string)).report).toMatchObject({ ok: true, eventsChecked: 10, position: '10' });
    expect(await post({ position: 'ten' })).toMatchObject({ status: 400, body: { error: 'validation', details: [{ field: 'position' }] } });
    // null is left out, as the head: it was a 500.
    const toHead = await post({ position: null });
    expect(toHead.status).toBe(202);
    expect((await follow(toHead.headers.location as string)).report).toMatchObject({ ok: true, position: done.upTo });
    expect((await get('/audit/verifications/no-such-job')).status).toBe(404);
    expect((await post(undefined, coordinator)).status).toBe(403);
  });

  it('reports projections and rebuilds one on request (202)', async () => {
    const admin = undefined;
    const status = await h.request('GET', '/projections', { token: admin });
    expect(status.body.items.map((p: { name: string }) => p.name)).toEqual(['audit', 'documents']);
    expect(status.body.items[0]).toMatchObject({ version: 2, state: 'live', lag: expect.any(String), lastError: null });
    const rebuild = await h.request('POST', '/projections/documents/rebuild', { token: admin });
    expect(rebuild).toMatchObject({ status: 202, body: { rebuilding: ['documents'] } });
    expect((await h.request('POST', '/projections/nothing/rebuild', { token: admin })).status).toBe(404);
    expect((await h.request('POST', '/projections/documents/rebuild', { token: evaluator })).status).toBe(403);
    await h.runtime.projections.settled();
    expect((await get(`/pairs/${cardiac}`)).body.pairId).toBe(cardiac);
  });

  it('says with figures read live the asOf and position that give them again, once the log has gone on', async () => {
    const now = await h.runtime.store.headPosition();
    const live = await get(`/evaluation/pairs/${neuro}`);
    const again = { asOf: live.headers['x-as-of'] as string, position: live.headers['x-log-position'] as string };
    // Where the read models stood: at the last event of the log they read, which is the log's end or just short of it.
    expect(again).toEqual({ asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), position: expect.stringMatching(/^\d+$/) });
    expect(BigInt(again.position) <= now && BigInt(again.position) >= BigInt(head)).toBe(true);
    for (const path of ['/evaluation/pairs', '/evaluation/cohorts', '/evaluation/service-areas', '/analytics/funnel']) {
      expect([path, (await get(path)).headers['x-log-position']]).toEqual([path, again.position]);
    }
    const csv = (await get(`/evaluation/pairs?format=csv`)).text.trim().split('\r\n');
    expect(csv[0]).toMatch(/,asOf,position$/);
    expect(csv.slice(1).every((row: string) => row.endsWith(`,${again.asOf},${again.position}`))).toBe(true);
    // The programme goes on: a meeting today. Live figures move; those asked for as the headers said do not.
    const partners = (await get(`/pairs/${neuro}`)).body;
    const met = await h.request('POST', `/pairs/${neuro}/meetings`, {
      token: coordinator,
      body: meetingBody([partners.livedExperiencePartnerId], { heldOn: again.asOf }),
    });
    expect(met.status).toBe(200);
    const moved = await h.request('GET', `/evaluation/pairs/${neuro}`, { token: evaluator, headers: { 'x-min-position': met.body.position } });
    expect(moved.headers['x-log-position']).toBe(met.body.position);
    expect(moved.body.meetingsHeld).toBe(live.body.meetingsHeld + 1);
    const reproduced = await get(`/evaluation/pairs/${neuro}?asOf=${again.asOf}&position=${again.position}`);
    const figures = ({ asOf: _a, position: _p, ...rest }: Record<string, unknown>) => rest;
    expect(figures(reproduced.body)).toEqual(figures(live.body));
    expect([reproduced.headers['x-as-of'], reproduced.headers['x-log-position']]).toEqual([again.asOf, again.position]);
  });

  it('makes a read wait for X-Min-Position, and answers 503 with Retry-After when it is not reached', async () => {
    const ids = await seedPair(h, coordinator);
    const write = await h.request('POST', `/pairs/${ids.pairId}/meetings`, { token: coordinator, body: meetingBody([ids.lep, ids.pro]) });
    const read = await h.request('GET', `/pairs/${ids.pairId}`, { token: coordinator, headers: { 'x-min-position': write.body.position } });
    expect(read.body.meetings).toHaveLength(1);
    // A position no write gave out: trying again would never help, so it is a 400 that says so.
    const head = (await h.runtime.store.stats()).lastPosition;
    const beyond = await h.request('GET', '/cohorts', { token: coordinator, headers: { 'x-min-position': String(head + 1000n) } });
    expect(beyond).toMatchObject({
      status: 400,
      body: {
        error: 'validation',
        details: [{ field: 'X-Min-Position', message: `names no event: the log ends at position ${head}; send the position a write answered with` }],
      },
    });
    // As a look-back, a position past the end is named as such, with where the log ends.
    expect(await h.request('GET', `/evaluation/cohorts?position=${head + 1000n}`, { token: coordinator })).toMatchObject({
      status: 400,
      body: { details: [{ field: 'position', message: expect.stringMatching(new RegExp(`^is past the end of this log, which ends at position ${head}: `)) }] },
    });
    // With a date too: such figures would change as the log grew up to that position, so they could not be given again.
    expect(await h.request('GET', `/evaluation/cohorts?asOf=2026-11-01&position=${head + 1000n}`, { token: coordinator })).toMatchObject({
      status: 400,
      body: { details: [{ field: 'position', message: expect.stringMatching(new RegExp(`^is past the end of this log, which ends at position ${head}: `)) }] },
    });
    // A write the read models have not processed (they are stopped): a 503, to be tried again.
    await h.runtime.projections.stop();
    const unread = await h.request('POST', `/pairs/${ids.pairId}/meetings`, { token: coordinator, body: meetingBody([ids.lep, ids.pro]) });
    const behind = await h.request('GET', '/cohorts', { token: coordinator, headers: { 'x-min-position': unread.body.position } });
    expect(behind).toMatchObject({ status: 503, body: { error: 'not-caught-up' } });
    expect(behind.headers['retry-after']).toBe('1');
  }, 20_000);
});

describe('list paging', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await ApiHarness.start();
    await runDemo(h.runtime.app);
    for (const role of ['evaluator', 'coordinator', 'evaluator']) await h.user(role);
    await h.runtime.projections.waitFor((await h.runtime.store.stats()).lastPosition);
  });
  afterAll(() => h.stop());

  it.each(['/participants', '/users', '/evaluation/pairs'])('pages %s with limit and cursor', async (url) => {
    const all = (await h.request('GET', `${url}?limit=1000`)).body.items;
    expect(all.length).toBeGreaterThan(2);
    const first = await h.request('GET', `${url}?limit=2`);
    expect(first.body.items).toEqual(all.slice(0, 2));
    const second = await h.request('GET', `${url}?limit=1000&cursor=${first.body.next}`);
    expect(second.body.items).toEqual(all.slice(2));
    expect(second.body.next).toBeNull();
  });

  it.each([
    ['/cohorts', 'cohortId'],
    ['/participants', 'participantId'],
    ['/pairs', 'pairId'],
    ['/users', 'id'],
    ['/evaluation/pairs', 'pairId'],
    ['/evaluation/cohorts', 'cohortId'],
  ])('refuses on %s a cursor it did not give out, rather than answering some other page', async (url, key) => {
    const first = await h.request('GET', `${url}?limit=1`);
    // The demo has one cohort, so no next page: its cursor is made as the API makes one.
    const given = first.body.next ?? Buffer.from(first.body.items[0][key]).toString('base64url');
    expect((await h.request('GET', `${url}?cursor=${given}`)).status).toBe(200);
    // Words that happen to decode as base64, and a cursor cut short in copying.
    for (const cursor of ['csv', 'true', given.slice(0, -3)]) {
      expect(await h.request('GET', `${url}?cursor=${cursor}`)).toMatchObject({ status: 400, body: { details: [{ field: 'cursor' }] } });
    }
  });

  it("gives a cohort's figures per service area", async () => {
    const coordinator = await h.user('coordinator');
    const empty = await h.request('POST', '/cohorts', { token: coordinator, body: { name: 'Wave 2', startsOn: '2026-09-01' } });
    const wait = { 'x-min-position': empty.body.position as string };
    expect((await h.request('GET', '/evaluation/service-areas', { headers: wait })).body.items).toHaveLength(3);
    expect((await h.request('GET', `/evaluation/service-areas?cohortId=${empty.body.id}`, { headers: wait })).body.items).toEqual([]);
  });

  it('pages pseudonymised figures by place, with a cursor that names no pair', async () => {
    const real = (await h.request('GET', '/evaluation/pairs?limit=1000')).body.items.map((p: { pairId: string }) => p.pairId);
    const first = await h.request('GET', '/evaluation/pairs?pseudonymise=true&limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(Buffer.from(first.body.next, 'base64url').toString()).not.toMatch(new RegExp(real.join('|')));
    const second = await h.request('GET', `/evaluation/pairs?pseudonymise=true&limit=2&cursor=${first.body.next}`);
    expect(second.body.items).toHaveLength(real.length - 2);
    const pseudonyms = [...first.body.items, ...second.body.items].map((p: { pairId: string }) => p.pairId);
    expect(pseudonyms.filter((p) => real.includes(p))).toEqual([]);
    // Each figure row once: the same meeting counts as in the real list, in the same order.
    const meetings = (items: { meetingsHeld: number }[]) => items.map((p) => p.meetingsHeld);
    expect(meetings([...first.body.items, ...second.body.items])).toEqual(meetings((await h.request('GET', '/evaluation/pairs?limit=1000')).body.items));
  });
});
