import { ApiHarness, meetingBody, seedPair } from '../support/api-harness';

describe('idempotency, optimistic concurrency and concurrent writers', () => {
  let h: ApiHarness;
  let coordinator: string;
  let ids: Awaited<ReturnType<typeof seedPair>>;

  beforeAll(async () => {
    h = await ApiHarness.start();
    coordinator = await h.user('coordinator');
    ids = await seedPair(h, coordinator);
  });
  afterAll(() => h.stop());

  const eventCount = async () => (await h.runtime.store.stats()).events;

  it('replays a repeated create with the same key: same status, body, Location and ETag, nothing appended', async () => {
    const body = { name: 'Idempotent wave', startsOn: '2026-01-01' };
    const first = await h.request('POST', '/cohorts', { token: coordinator, body, headers: { 'idempotency-key': 'wave-1' } });
    const before = await eventCount();
    const again = await h.request('POST', '/cohorts', { token: coordinator, body, headers: { 'idempotency-key': 'wave-1' } });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(await eventCount()).toBe(before);
  });

  it('replays a repeated meeting with the same key, even after other writes to the pair', async () => {
    const body = meetingBody([ids.lep, ids.pro]);
    const first = await h.request('POST', `/pairs/${ids.pairId}/meetings`, { token: coordinator, body, headers: { 'idempotency-key': 'meeting-feb' } });
    await h.request('POST', `/pairs/${ids.pairId}/milestones`, { token: coordinator, body: { description: 'Something else' } });
    const before = await eventCount();
    const again = await h.request('POST', `/pairs/${ids.pairId}/meetings`, { token: coordinator, body, headers: { 'idempotency-key': 'meeting-feb' } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await eventCount()).toBe(before);
  });

  it('answers 422 when a key comes back with a different body, and appends nothing', async () => {
    await h.request('POST', '/cohorts', { token: coordinator, body: { name: 'A', startsOn: '2026-01-01' }, headers: { 'idempotency-key': 'k-422' } });
    const before = await eventCount();
    const reused = await h.request('POST', '/cohorts', {
      token: coordinator,
      body: { name: 'B', startsOn: '2026-01-01' },
      headers: { 'idempotency-key': 'k-422' },
    });
    expect(reused).toMatchObject({ status: 422, body: { error: 'idempotency-key-reused' } });
    expect(await eventCount()).toBe(before);
  });

  it('refuses a key sent twice, which Node would join into one ("a, b") and take as a key of its own', async () => {
    const before = await eventCount();
    const twice = await h.request('POST', '/cohorts', {
      token: coordinator,
      body: { name: 'C', startsOn: '2026-01-01' },
      headers: { 'idempotency-key': ['k-a', 'k-b'] as unknown as string },
    });
    expect(twice).toMatchObject({ status: 400, body: { error: 'validation', details: [{ field: 'Idempotency-Key' }] } });
    expect(await eventCount()).toBe(before);
  });

  it('checks the key before If-Match, so a replay with a now-stale If-Match still gets the original answer', async () => {
    const { body: pair } = await h.request('GET', `/health`, { token: null });
    expect(pair.status).toBe('ok');
    const etag = (await h.request('POST', `/pairs/${ids.pairId}/milestones`, { token: coordinator, body: { description: 'Base' } })).headers.etag as string;
    const first = await h.request('POST', `/pairs/${ids.pairId}/milestones`, {
      token: coordinator,
      body: { description: 'Keyed' },
      headers: { 'idempotency-key': 'ms-1', 'if-match': etag },
    });
    expect(first.status).toBe(200);
    const again = await h.request('POST', `/pairs/${ids.pairId}/milestones`, {
      token: coordinator,
      body: { description: 'Keyed' },
      headers: { 'idempotency-key': 'ms-1', 'if-match': etag },
    });
    expect(again).toMatchObject({ status: 200, body: first.body });
  });

  it('answers 412 to a stale If-Match, and accepts a current one', async () => {
    const first = await h.request('POST', `/pairs/${ids.pairId}/milestones`, { token: coordinator, body: { description: 'One' } });
    const etag = first.headers.etag as string;
    await h.request('POST', `/pairs/${ids.pairId}/milestones`, { token: coordinator, body: { description: 'Two' } });
    const before = await eventCount();
    const stale = await h.request('POST', `/pairs/${ids.pairId}/milestones`, {
      token: coordinator,
      body: { description: 'Three' },
      headers: { 'if-match': etag },
    });
    expect(stale).toMatchObject({ status: 412, body: { error: 'revision-mismatch' } });
    expect(await eventCount()).toBe(before);
    const current = `"${BigInt(JSON.parse(etag)) + 1n}"`;
    expect(
      (await h.request('POST', `/pairs/${ids.pairId}/milestones`, { token: coordinator, body: { description: 'Three' }, headers: { 'if-match': current } }))
        .status,
    ).toBe(200);
    expect(
      (await h.request('POST', `/pairs/${ids.pairId}/milestones`, { token: coordinator, body: { description: 'Four' }, headers: { 'if-match': 'soon' } })).body,
    ).toMatchObject({
      error: 'validation',
      details: [{ field: 'If-Match' }],
    });
  });

  it('gives a cohort, a participant and a pair their revision as ETag, which a write takes as If-Match', async () => {
    const cases: { read: string; change: (n: number) => [string, string, object] }[] = [
      { read: `/cohorts/${ids.cohortId}`, change: (n) => ['PATCH', `/cohorts/${ids.cohortId}`, { name: `Wave ${n}`, reason: 'Its proper name' }] },
      { read: `/participants/${ids.lep}`, change: (n) => ['PATCH', `/participants/${ids.lep}`, { role: `carer ${n}`, reason: 'Said wrongly' }] },
      { read: `/pairs/${ids.pairId}`, change: (n) => ['POST', `/pairs/${ids.pairId}/milestones`, { description: `Milestone ${n}` }] },
    ];
    for (const { read, change } of cases) {
      const send = (n: number, etag?: string) => {
        const [method, url, body] = change(n);
        return h.request(method, url, { token: coordinator, body, headers: etag ? { 'if-match': etag } : {} });
      };
      const shown = await h.request('GET', read, { token: coordinator });
      expect(shown.headers.etag).toBe(`"${shown.body.revision}"`);
      // Someone else changes it meanwhile: a change based on what was shown is refused, and records nothing.
      const meanwhile = await send(1);
      expect(meanwhile.status).toBe(200);
      expect(await send(2, shown.headers.etag as string)).toMatchObject({ status: 412, body: { error: 'revision-mismatch' } });
      // Read again, it shows the change made meanwhile, and a change based on it is taken.
      const again = await h.request('GET', read, { token: coordinator, headers: { 'x-min-position': meanwhile.body.position } });
      expect(again.headers.etag).toBe(meanwhile.headers.etag);
      expect((await send(2, again.headers.etag as string)).status).toBe(200);
    }
  });

  it('records all of 20 concurrent meetings sent without If-Match', async () => {
    const fresh = await seedPair(h, coordinator);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.request('POST', `/pairs/${fresh.pairId}/meetings`, { token: coordinator, body: meetingBody([fresh.lep, fresh.pro], { notes: `meeting ${i}` }) }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((r) => r.body.revision)).size).toBe(20);
    const stored = (await h.runtime.store.readStream(`pair-${fresh.pairId}`)).filter((e) => e.type === 'MeetingHeld');
    expect(
      stored
        .map((e) => h.runtime.app.serializer.deserialize(e).data as { notes: string })
        .map((d) => d.notes)
        .sort(),
    ).toEqual(Array.from({ length: 20 }, (_, i) => `meeting ${i}`).sort());
  });
});
