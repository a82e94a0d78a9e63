import { ApiHarness, meetingBody, seedPair, type Reply } from '../support/api-harness';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('write routes', () => {
  let h: ApiHarness;
  let coordinator: string;
  let ids: Awaited<ReturnType<typeof seedPair>>;
  const post = (url: string, body: unknown, token = coordinator, headers: Record<string, string> = {}) => h.request('POST', url, { token, body, headers });
  const expectWrite = (r: Reply, status = 200) => {
    expect(r.status).toBe(status);
    expect(r.body).toEqual({ id: expect.any(String), revision: expect.stringMatching(/^\d+$/), position: expect.stringMatching(/^\d+$/) });
    expect(r.headers.etag).toBe(`"${r.body.revision}"`);
  };

  beforeAll(async () => {
    h = await ApiHarness.start();
    coordinator = await h.user('coordinator');
    ids = await seedPair(h, coordinator);
  });
  afterAll(() => h.stop());

  describe('cohorts', () => {
    it('opens a cohort: 201, Location, ETag', async () => {
      const r = await post('/cohorts', { name: 'Wave 3', startsOn: '2026-02-01', endsOn: '2026-12-31' });
      expectWrite(r, 201);
      expect(r.headers.location).toBe(`/cohorts/${r.body.id}`);
      expect(r.body.revision).toBe('0');
      const read = await h.request('GET', `/cohorts/${r.body.id}`, { token: coordinator, headers: { 'x-min-position': r.body.position } });
      // The resource, not the decider's state: no internal flags, and whether the cohort is open said outright.
      expect(read.body).toEqual({ cohortId: r.body.id, name: 'Wave 3', startsOn: '2026-02-01', endsOn: '2026-12-31', status: 'open', revision: '0' });
    });
    it('closes a cohort once; 404 for an unknown one; 409 when closed; 400 for a bad date', async () => {
      const { body } = await post('/cohorts', { name: 'Short', startsOn: '2026-02-01' });
      const closed = await post(`/cohorts/${body.id}/close`, { closedOn: '2026-03-01' });
      expectWrite(closed);
      const read = await h.request('GET', `/cohorts/${body.id}`, { token: coordinator, headers: { 'x-min-position': closed.body.position } });
      expect(read.body).toMatchObject({ status: 'closed', closedOn: '2026-03-01', revision: '1' });
      expect((await post(`/cohorts/${body.id}/close`, {})).body.error).toBe('rule-violated');
      expect((await post(`/cohorts/${MISSING}/close`, {})).status).toBe(404);
      expect((await post('/cohorts/not-a-uuid/close', {})).status).toBe(404);
      expect((await post(`/cohorts/${body.id}/close`, { closedOn: '2026-13-01' })).status).toBe(400);
    });
  });

  describe('cohorts, corrected', () => {
    it("corrects a cohort's name and dates with a reason, as the resource then shows", async () => {
      const { body } = await post('/cohorts', { name: 'Wave 3 (draft)', startsOn: '2026-02-01', endsOn: '2026-12-31' });
      const patch = (b: unknown) => h.request('PATCH', `/cohorts/${body.id}`, { token: coordinator, body: b });
      const fixed = await patch({ name: 'Wave 3', endsOn: null, reason: 'Named in full; the end is not yet set' });
      expectWrite(fixed);
      const read = await h.request('GET', `/cohorts/${body.id}`, { token: coordinator, headers: { 'x-min-position': fixed.body.position } });
      expect(read.body).toEqual({ cohortId: body.id, name: 'Wave 3', startsOn: '2026-02-01', status: 'open', revision: '1' });
      expect((await patch({ name: 'Wave 3', reason: 'again' })).status).toBe(409);
      expect((await patch({ startsOn: '2026-03-01', endsOn: '2026-02-01', reason: 'x' })).body.details).toEqual([
        { field: 'endsOn', message: 'must be on or after startsOn' },
      ]);
      expect((await patch({ name: 'X' })).body.details).toEqual([{ field: 'reason', message: expect.any(String) }]);
      expect((await h.request('PATCH', `/cohorts/${MISSING}`, { token: coordinator, body: { name: 'X', reason: 'y' } })).status).toBe(404);
      const audit = await h.request('GET', `/audit?stream=cohort-${body.id}`, { headers: { 'x-min-position': fixed.body.position } });
      expect(audit.body.items.map((r: { summary: string }) => r.summary)).toContain('Cohort details corrected: name, endsOn');
    });
  });

  describe('participants', () => {
    const register = (name: string, email: string) =>
      post('/participants', { name, email, perspective: 'lived-experience', role: 'carer', organisation: 'Carers Group', organisationType: 'voluntary-group' });
    it('registers, corrects, gives and withdraws consent', async () => {
      const reg = await register('Sam Carer', 'sam@example.org');
      expectWrite(reg, 201);
      expect(reg.headers.location).toBe(`/participants/${reg.body.id}`);
      expectWrite(await h.request('PATCH', `/participants/${reg.body.id}`, { token: coordinator, body: { role: 'parent carer', reason: 'They asked' } }));
      expectWrite(await post(`/participants/${reg.body.id}/consents`, { scope: 'quotes', evidence: 'signed form' }));
      expectWrite(await post(`/participants/${reg.body.id}/consents/quotes/withdraw`, { reason: 'changed their mind' }));
      // Sent again, the withdrawal has nothing left to end, and the trail does not record it twice.
      expect((await post(`/participants/${reg.body.id}/consents/quotes/withdraw`, { reason: 'changed their mind' })).body).toEqual({
        error: 'rule-violated',
        message: 'This participant has no quotes consent to withdraw: it was never given, or is already withdrawn.',
      });
    });
    it('removes an email on request (email: null), and refuses a correction that changes nothing', async () => {
      const reg = await register('Robin Ash', 'robin@example.org');
      const patch = (body: unknown) => h.request('PATCH', `/participants/${reg.body.id}`, { token: coordinator, body });
      const removed = await patch({ email: null, reason: 'They asked us to hold no email' });
      expectWrite(removed);
      const read = await h.request('GET', `/participants/${reg.body.id}`, { token: coordinator, headers: { 'x-min-position': removed.body.position } });
      expect(read.body).toMatchObject({ name: 'Robin Ash', role: 'carer' });
      expect(read.body).not.toHaveProperty('email');
      expect((await patch({ email: null, reason: 'again' })).body).toMatchObject({
        error: 'rule-violated',
        message: expect.stringMatching(/would change nothing: email/),
      });
      expect((await patch({ name: 'Robin Ash', reason: 'same' })).status).toBe(409);
      expect((await patch({ email: '', reason: 'x' })).body.details).toEqual([{ field: 'email', message: 'must not be empty' }]);
    });
    it('corrects the day a person was registered, so a consent signed before they were entered keeps its true date', async () => {
      const reg = await register('Kit Early', 'kit@example.org');
      const signed = { scope: 'participation', evidence: 'form signed at the launch', on: '2026-01-05' };
      // Registered today, by default: the form signed at the launch, before, is refused, saying what to do.
      expect((await post(`/participants/${reg.body.id}/consents`, signed)).body.message).toMatch(/correct their registeredOn first\.$/);
      const fixed = await h.request('PATCH', `/participants/${reg.body.id}`, {
        token: coordinator,
        body: { registeredOn: '2026-01-05', reason: 'joined at the launch' },
      });
      expectWrite(fixed);
      expectWrite(await post(`/participants/${reg.body.id}/consents`, signed));
      const read = await h.request('GET', `/participants/${reg.body.id}`, { token: coordinator, headers: { 'x-min-position': fixed.body.position } });
      expect(read.body).toMatchObject({ registeredOn: '2026-01-05', email: 'kit@example.org' });
      // Not after the consent now recorded.
      expect(
        (await h.request('PATCH', `/participants/${reg.body.id}`, { token: coordinator, body: { registeredOn: '2026-02-01', reason: 'x' } })).body,
      ).toMatchObject({
        error: 'rule-violated',
        message: 'A consent of theirs is dated 2026-01-05, so they cannot have been registered on 2026-02-01; date it on or before 2026-01-05.',
      });
    });
    it('takes a consent for one pair only for a pair the person is in', async () => {
      expect((await post(`/participants/${ids.lep}/consents`, { scope: 'quotes', pairId: MISSING, evidence: 'form' })).body).toEqual({
        error: 'validation',
        message: `Invalid input: pairId names no pair (${MISSING})`,
        details: [{ field: 'pairId', message: `names no pair (${MISSING})` }],
      });
      const other = await seedPair(h, coordinator);
      const notTheirs = await post(`/participants/${ids.lep}/consents`, { scope: 'quotes', pairId: other.pairId, evidence: 'form' });
      expect(notTheirs.status).toBe(409);
      expect(notTheirs.body.message).toMatch(/not a partner in pair/);
      expect((await post(`/participants/${ids.lep}/consents/quotes/withdraw`, { pairId: other.pairId })).status).toBe(409);
      expectWrite(await post(`/participants/${ids.lep}/consents`, { scope: 'quotes', pairId: ids.pairId, evidence: 'form' }));
    });
    it('names nobody who withdrew from taking part in a pair in its new entries: not as an action owner, nor as a reflection author', async () => {
      const fresh = await seedPair(h, coordinator);
      expectWrite(await post(`/participants/${fresh.lep}/consents/participation/withdraw`, { pairId: fresh.pairId, reason: 'stepping back' }));
      const owned = await post(`/pairs/${fresh.pairId}/actions`, { description: 'Draft the leaflet', ownerId: fresh.lep });
      expect(owned).toMatchObject({ status: 409, body: { error: 'rule-violated', message: expect.stringMatching(/cannot be named as an action's owner/) } });
      const reflected = await post(`/pairs/${fresh.pairId}/reflections`, { participantId: fresh.lep, relationshipScore: 3, text: 'x', quotable: false });
      expect(reflected).toMatchObject({ status: 409, body: { message: expect.stringMatching(/a reflection of theirs cannot be recorded/) } });
      expectWrite(await post(`/pairs/${fresh.pairId}/actions`, { description: 'Draft the leaflet', ownerId: fresh.pro }));
    });
    it('says where a consent given for every pair was withdrawn for one pair', async () => {
      expectWrite(await post(`/participants/${ids.lep}/consents`, { scope: 'named', evidence: 'form' }));
      const withdrawn = await post(`/participants/${ids.lep}/consents/named/withdraw`, { pairId: ids.pairId });
      expectWrite(withdrawn);
      const read = await h.request('GET', `/participants/${ids.lep}`, { token: coordinator, headers: { 'x-min-position': withdrawn.body.position } });
      expect(read.body.consents).toContainEqual({ scope: 'named', pairId: null });
      expect(read.body.withdrawnFor).toEqual([{ scope: 'named', pairId: ids.pairId }]);
      // Given again for every pair, it is the person's latest word everywhere.
      const again = await post(`/participants/${ids.lep}/consents`, { scope: 'named', evidence: 'second form' });
      const after = await h.request('GET', `/participants/${ids.lep}`, { token: coordinator, headers: { 'x-min-position': again.body.position } });
      expect(after.body.withdrawnFor).toEqual([]);
    });
    it('answers 400 for a bad scope, 404 for an unknown participant, 409 for a consent before registration', async () => {
      expect((await post(`/participants/${ids.lep}/consents/everything/withdraw`, {})).body).toMatchObject({
        error: 'validation',
        details: [{ field: 'scope' }],
      });
      expect((await post(`/participants/${MISSING}/consents`, { scope: 'quotes', evidence: 'x' })).status).toBe(404);
      expect((await h.request('PATCH', `/participants/${MISSING}`, { token: coordinator, body: { name: 'x', reason: 'y' } })).status).toBe(404);
      expect((await post(`/participants/${ids.lep}/consents`, { scope: 'quotes', evidence: 'x', on: '2025-01-01' })).status).toBe(409);
    });
  });

  describe('pairs', () => {
    it('forms a pair: 201 with Location; 400 for an id that names nothing; 409 for a breached rule', async () => {
      expect(
        (await post('/pairs', { cohortId: ids.cohortId, livedExperiencePartnerId: MISSING, professionalPartnerId: ids.pro, focus: 'f', serviceArea: 's' }))
          .body,
      ).toMatchObject({
        error: 'validation',
        details: [{ field: 'livedExperiencePartnerId' }],
      });
      expect(
        (await post('/pairs', { cohortId: ids.cohortId, livedExperiencePartnerId: ids.pro, professionalPartnerId: ids.lep, focus: 'f', serviceArea: 's' }))
          .body,
      ).toMatchObject({
        error: 'rule-violated',
        message: expect.stringMatching(/perspective/),
      });
      const r = await post('/pairs', {
        cohortId: ids.cohortId,
        livedExperiencePartnerId: ids.lep,
        professionalPartnerId: ids.pro,
        focus: 'Another go',
        serviceArea: 'Stroke care',
      });
      expectWrite(r, 201);
      expect(r.headers.location).toBe(`/pairs/${r.body.id}`);
    });

    it('defines then revises the initiative', async () => {
      const initiative = { title: 'Shorter waits', aim: 'Halve them', context: 'Long', successMeasures: ['days'], on: '2026-01-15' };
      expectWrite(await h.request('PUT', `/pairs/${ids.pairId}/initiative`, { token: coordinator, body: initiative }));
      expect((await h.request('PUT', `/pairs/${ids.pairId}/initiative`, { token: coordinator, body: initiative })).body).toMatchObject({
        error: 'validation',
        details: [{ field: 'reason' }],
      });
      expectWrite(await h.request('PUT', `/pairs/${ids.pairId}/initiative`, { token: coordinator, body: { ...initiative, reason: 'Wider scope' } }));
    });

    it('records a meeting, whose id is the new meetingId; 404 for an unknown pair; 409 for a fact before formedOn', async () => {
      const r = await post(`/pairs/${ids.pairId}/meetings`, meetingBody([ids.lep, ids.pro]));
      expectWrite(r);
      expect(r.body.id).not.toBe(ids.pairId);
      expect((await post(`/pairs/${MISSING}/meetings`, meetingBody([ids.lep]))).status).toBe(404);
      expect((await post(`/pairs/${ids.pairId}/meetings`, meetingBody([ids.lep], { heldOn: '2026-01-01' }))).body.error).toBe('rule-violated');
      expect((await post(`/pairs/${ids.pairId}/meetings`, meetingBody([MISSING]))).body).toMatchObject({
        error: 'validation',
        details: [{ field: 'attendeeIds[0]' }],
      });
    });

    it("keeps each request's correlation id on what it records: the client's, or a UUID of the request's own", async () => {
      const evaluator = await h.user('evaluator');
      const correlationOf = async (headers: Record<string, string>) => {
        const r = await post(`/pairs/${ids.pairId}/milestones`, { description: 'Written up' }, coordinator, headers);
        const row = await h.request('GET', `/audit?after=${BigInt(r.body.position) - 1n}&upTo=${r.body.position}`, {
          token: evaluator,
          headers: { 'x-min-position': r.body.position },
        });
        return row.body.items[0].correlationId as string;
      };
      const [one, two] = [await correlationOf({}), await correlationOf({})];
      expect(one).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(two).not.toBe(one);
      expect(await correlationOf({ 'x-correlation-id': 'trace-42' })).toBe('trace-42');
      // One that is no tracing id (too long, or with spaces) is left out, not kept in every event.
      expect(await correlationOf({ 'x-correlation-id': 'x'.repeat(500) })).toMatch(/^[0-9a-f-]{36}$/);
      expect(await correlationOf({ 'x-correlation-id': 'two words' })).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('agrees, completes and drops actions', async () => {
      const a1 = await post(`/pairs/${ids.pairId}/actions`, { description: 'Write to GPs', ownerId: ids.pro, agreedOn: '2026-02-01', dueOn: '2026-03-01' });
      expectWrite(a1);
      expectWrite(await post(`/pairs/${ids.pairId}/actions/${a1.body.id}/complete`, { completedOn: '2026-02-20', note: 'Sent' }));
      expect((await post(`/pairs/${ids.pairId}/actions/${a1.body.id}/drop`, { reason: 'x' })).status).toBe(409);
      const a2 = await post(`/pairs/${ids.pairId}/actions`, { description: 'Survey', ownerId: ids.lep });
      expectWrite(await post(`/pairs/${ids.pairId}/actions/${a2.body.id}/drop`, { reason: 'No budget' }));
      expect((await post(`/pairs/${ids.pairId}/actions/${MISSING}/complete`, {})).status).toBe(404);
      expect((await post(`/pairs/${ids.pairId}/actions`, { description: 'x', ownerId: MISSING })).status).toBe(409);
    });

    it('records milestones, outcomes and reflections', async () => {
      expectWrite(await post(`/pairs/${ids.pairId}/milestones`, { description: 'Board said yes', reachedOn: '2026-03-01' }));
      expectWrite(
        await post(`/pairs/${ids.pairId}/outcomes`, {
          category: 'service-change',
          description: 'New clinic',
          evidence: 'audit',
          measure: { name: 'wait', unit: 'days', baseline: 40, value: 20 },
          spread: 'team',
        }),
      );
      expectWrite(await post(`/pairs/${ids.pairId}/reflections`, { participantId: ids.lep, relationshipScore: 4, text: 'Better', quotable: true }));
      expect((await post(`/pairs/${ids.pairId}/reflections`, { participantId: ids.lep, relationshipScore: 9, text: 'x', quotable: true })).body).toMatchObject({
        error: 'validation',
        details: [{ field: 'relationshipScore', message: 'must be at most 5' }],
      });
    });

    it('corrects and retracts entries, naming the new event', async () => {
      const meeting = await post(`/pairs/${ids.pairId}/meetings`, meetingBody([ids.lep, ids.pro], { heldOn: '2026-02-10' }));
      const events = await h.runtime.store.readStream(`pair-${ids.pairId}`);
      const target = events.find((e) => e.data.meetingId === meeting.body.id)!;
      const corrected = await post(`/pairs/${ids.pairId}/corrections`, {
        targetEventId: target.eventId,
        reason: 'Ran long',
        replacement: { durationMinutes: 90 },
      });
      expectWrite(corrected);
      const after = await h.runtime.store.readStream(`pair-${ids.pairId}`);
      expect(after[after.length - 1]).toMatchObject({ eventId: corrected.body.id, type: 'EntryCorrected' });
      expect(
        (await post(`/pairs/${ids.pairId}/corrections`, { targetEventId: target.eventId, reason: 'x', replacement: { meetingId: 'other' } })).body,
      ).toMatchObject({
        error: 'validation',
        details: [{ field: 'replacement.meetingId' }],
      });
      expectWrite(await post(`/pairs/${ids.pairId}/retractions`, { targetEventId: target.eventId, reason: 'Duplicate' }));
      expect((await post(`/pairs/${ids.pairId}/retractions`, { targetEventId: target.eventId, reason: 'again' })).status).toBe(409);
      expect((await post(`/pairs/${ids.pairId}/retractions`, { targetEventId: MISSING, reason: 'x' })).status).toBe(400);
    });

    it('pauses, resumes and concludes; a concluded pair takes nothing new', async () => {
      const other = await seedPair(h, coordinator);
      expectWrite(await post(`/pairs/${other.pairId}/pause`, { reason: 'Leave', on: '2026-02-01' }));
      expect((await post(`/pairs/${other.pairId}/pause`, { reason: 'Again' })).status).toBe(409);
      expectWrite(await post(`/pairs/${other.pairId}/resume`, {}));
      expectWrite(await h.request('POST', `/pairs/${other.pairId}/resume`.replace('resume', 'conclude'), { token: coordinator, body: { summary: 'Done' } }));
      const late = await post(`/pairs/${other.pairId}/meetings`, meetingBody([other.lep]));
      expect(late).toMatchObject({ status: 409, body: { error: 'rule-violated', message: expect.stringMatching(/concluded/) } });
    });

    it('accepts a bare POST for a route whose fields are all optional', async () => {
      const { body } = await post('/cohorts', { name: 'Bare', startsOn: '2026-01-01' });
      expectWrite(await h.request('POST', `/cohorts/${body.id}/close`, { token: coordinator }));
    });
  });
});
