import { ApiHarness, meetingBody, seedPair } from '../support/api-harness';

describe('identity and access', () => {
  let h: ApiHarness;
  let coordinator: string;
  let evaluator: string;
  let ids: Awaited<ReturnType<typeof seedPair>>;
  let otherPair: Awaited<ReturnType<typeof seedPair>>;
  let memberLep: string;
  let memberPro: string;

  beforeAll(async () => {
    h = await ApiHarness.start();
    coordinator = await h.user('coordinator');
    evaluator = await h.user('evaluator');
    ids = await seedPair(h, coordinator);
    otherPair = await seedPair(h, coordinator);
    memberLep = await h.user('pair-member', ids.lep);
    memberPro = await h.user('pair-member', ids.pro);
  });
  afterAll(() => h.stop());

  it('answers 401 without a token, with an unknown one, and with a revoked one', async () => {
    expect(await h.request('POST', '/cohorts', { token: null, body: {} })).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
    expect((await h.request('POST', '/cohorts', { token: 'not-a-real-token', body: {} })).status).toBe(401);
    const created = await h.request('POST', '/users', { body: { name: 'Temp', role: 'evaluator' } });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/users/${created.body.id}`);
    expect(created.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const revoke = await h.request('POST', `/users/${created.body.id}/tokens/${created.body.tokenId}/revoke`);
    expect(revoke.status).toBe(200);
    expect((await h.request('GET', '/metrics', { token: created.body.token })).status).toBe(401);
  });

  it("changes a user's role, and never leaves no administrator who can sign in", async () => {
    const created = await h.request('POST', '/users', { body: { name: 'Sam Moves', role: 'evaluator' } });
    const changed = await h.request('PUT', `/users/${created.body.id}/role`, { body: { role: 'coordinator' } });
    expect(changed).toMatchObject({ status: 200, body: { id: created.body.id } });
    // The new role holds at once: a coordinator may open a cohort, which an evaluator may not.
    expect((await h.request('POST', '/cohorts', { token: created.body.token, body: { name: 'W', startsOn: '2026-01-01' } })).status).toBe(201);
    expect((await h.request('PUT', `/users/${created.body.id}/role`, { body: { role: 'coordinator' } })).body).toEqual({
      error: 'rule-violated',
      message: 'Sam Moves is already a coordinator.',
    });
    expect((await h.request('PUT', `/users/${created.body.id}/role`, { body: { role: 'pair-member' } })).body.details).toEqual([
      { field: 'participantId', message: 'is required for a pair-member' },
    ]);
    expect((await h.request('PUT', `/users/${created.body.id}/role`, { token: coordinator, body: { role: 'admin' } })).status).toBe(403);

    // The only administrator who can sign in cannot give up the role, nor their last token.
    const me = (await h.request('GET', '/me')).body;
    const admin = (await h.request('GET', '/users')).body.items.find((u: { id: string }) => u.id === me.userId);
    const demote = await h.request('PUT', `/users/${me.userId}/role`, { body: { role: 'evaluator' } });
    expect(demote.body).toMatchObject({ error: 'rule-violated', message: expect.stringMatching(/is the only administrator who can sign in/) });
    expect((await h.request('POST', `/users/${me.userId}/tokens/${admin.tokenIds[0]}/revoke`)).status).toBe(409);
    // Beside another administrator, an administrator may step down.
    expect((await h.request('PUT', `/users/${created.body.id}/role`, { body: { role: 'admin' } })).status).toBe(200);
    expect((await h.request('GET', '/users', { token: created.body.token })).status).toBe(200);
    expect((await h.request('PUT', `/users/${created.body.id}/role`, { token: created.body.token, body: { role: 'evaluator' } })).status).toBe(200);
    expect((await h.request('GET', '/users', { token: created.body.token })).status).toBe(403);
  });

  it('issues further tokens, shown once and stored only as a hash', async () => {
    const created = await h.request('POST', '/users', { body: { name: 'Two tokens', role: 'evaluator' } });
    const issued = await h.request('POST', `/users/${created.body.id}/tokens`);
    expect(issued.status).toBe(200);
    expect(issued.body.token).not.toBe(created.body.token);
    const stored = JSON.stringify(await h.runtime.store.readStream(`user-${created.body.id}`), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    expect(stored).not.toContain(created.body.token);
    expect(stored).not.toContain(issued.body.token);
    const list = await h.request('GET', '/users');
    const entry = list.body.items.find((u: { id: string }) => u.id === created.body.id);
    expect(entry.tokenIds).toHaveLength(2);
    // Each with when it was issued, so an administrator can tell which token to revoke.
    const [first, second] = (await h.runtime.store.readStream(`user-${created.body.id}`)).filter((e) => e.type === 'TokenIssued');
    expect(entry.tokens).toEqual([
      { tokenId: created.body.tokenId, issuedAt: first!.metadata.recordedAt },
      { tokenId: issued.body.tokenId, issuedAt: second!.metadata.recordedAt },
    ]);
    expect(JSON.stringify(list.body)).not.toContain(issued.body.token);
    expect((await h.request('POST', `/users/00000000-0000-4000-8000-000000000000/tokens`)).status).toBe(404);
    expect((await h.request('POST', `/users/${created.body.id}/tokens/00000000-0000-4000-8000-000000000000/revoke`)).status).toBe(404);
  });

  it('answers 403 to a role that may not do the thing', async () => {
    expect(await h.request('POST', '/cohorts', { token: evaluator, body: { name: 'x', startsOn: '2026-01-01' } })).toMatchObject({
      status: 403,
      body: {
        error: 'forbidden',
        message: 'Your role, an evaluator, may not do this: it is for a coordinator. Ask them to do it, or an administrator to change your role.',
      },
    });
    expect((await h.request('GET', '/audit', { token: coordinator })).body.message).toBe(
      'Your role, a coordinator, may not do this: it is for an administrator or an evaluator. Ask one of them to do it, or an administrator to change your role.',
    );
    expect((await h.request('POST', '/pairs', { token: memberLep, body: {} })).status).toBe(403);
    expect((await h.request('POST', `/pairs/${ids.pairId}/pause`, { token: memberLep, body: { reason: 'x' } })).status).toBe(403);
    expect((await h.request('GET', '/users', { token: coordinator })).status).toBe(403);
    expect((await h.request('POST', '/users', { token: coordinator, body: { name: 'Boss', role: 'admin' } })).status).toBe(403);
    expect((await h.request('POST', '/users', { token: coordinator, body: { name: 'Member', role: 'pair-member', participantId: ids.lep } })).status).toBe(201);
    expect((await h.request('POST', '/users', { body: { name: 'Member', role: 'pair-member' } })).body).toMatchObject({
      error: 'validation',
      details: [{ field: 'participantId' }],
    });
    expect((await h.request('GET', '/metrics', { token: coordinator })).status).toBe(403);
  });

  it('lets a pair member act on their own pair only', async () => {
    const own = await h.request('POST', `/pairs/${ids.pairId}/meetings`, { token: memberLep, body: meetingBody([ids.lep, ids.pro]) });
    expect(own.status).toBe(200);
    const events = await h.runtime.store.readStream(`pair-${ids.pairId}`);
    const last = events[events.length - 1]!;
    expect(last.metadata.actor).toMatchObject({ role: 'pair-member' });
    const other = await h.request('POST', `/pairs/${otherPair.pairId}/meetings`, { token: memberLep, body: meetingBody([otherPair.lep]) });
    expect(other).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await h.request('POST', `/pairs/00000000-0000-4000-8000-000000000000/meetings`, { token: memberLep, body: meetingBody([ids.lep]) })).status).toBe(
      404,
    );
  });

  it('lets a pair member give consent for themself only, and record only their own reflections', async () => {
    expect(
      (await h.request('POST', `/participants/${ids.lep}/consents`, { token: memberLep, body: { scope: 'quotes', evidence: 'online form' } })).status,
    ).toBe(200);
    expect(
      (await h.request('POST', `/participants/${ids.pro}/consents`, { token: memberLep, body: { scope: 'quotes', evidence: 'online form' } })).status,
    ).toBe(403);
    expect(
      (
        await h.request('POST', `/pairs/${ids.pairId}/reflections`, {
          token: memberLep,
          body: { participantId: ids.pro, relationshipScore: 3, text: 'x', quotable: false },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await h.request('POST', `/pairs/${ids.pairId}/reflections`, {
          token: memberLep,
          body: { participantId: ids.lep, relationshipScore: 3, text: 'x', quotable: false },
        })
      ).status,
    ).toBe(200);
  });

  it("lets only a reflection's author (or a coordinator) correct or retract it", async () => {
    const r = await h.request('POST', `/pairs/${ids.pairId}/reflections`, {
      token: memberLep,
      body: { participantId: ids.lep, relationshipScore: 2, text: 'First go', quotable: true },
    });
    const events = await h.runtime.store.readStream(`pair-${ids.pairId}`);
    const target = events.find((e) => e.data.reflectionId === r.body.id)!;
    const byPartner = await h.request('POST', `/pairs/${ids.pairId}/corrections`, {
      token: memberPro,
      body: { targetEventId: target.eventId, reason: 'x', replacement: { text: 'Edited' } },
    });
    expect(byPartner).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(
      (
        await h.request('POST', `/pairs/${ids.pairId}/corrections`, {
          token: memberLep,
          body: { targetEventId: target.eventId, reason: 'typo', replacement: { text: 'Edited' } },
        })
      ).status,
    ).toBe(200);
    expect(
      (await h.request('POST', `/pairs/${ids.pairId}/retractions`, { token: memberPro, body: { targetEventId: target.eventId, reason: 'x' } })).status,
    ).toBe(403);
    expect(
      (await h.request('POST', `/pairs/${ids.pairId}/retractions`, { token: coordinator, body: { targetEventId: target.eventId, reason: 'asked to' } })).status,
    ).toBe(200);
  });

  it('lets only a coordinator undo a pause or a conclusion, or correct how a pair was formed', async () => {
    const pair = await seedPair(h, coordinator);
    const member = await h.user('pair-member', pair.lep);
    expect((await h.request('POST', `/pairs/${pair.pairId}/pause`, { token: coordinator, body: { reason: 'Leave' } })).status).toBe(200);
    const events = await h.runtime.store.readStream(`pair-${pair.pairId}`);
    const [formed, paused] = [events.find((e) => e.type === 'PairFormed')!, events.find((e) => e.type === 'PairPaused')!];
    const undone = await h.request('POST', `/pairs/${pair.pairId}/retractions`, {
      token: member,
      body: { targetEventId: paused.eventId, reason: 'We are not pausing' },
    });
    expect(undone).toMatchObject({
      status: 403,
      body: { error: 'forbidden', message: expect.stringMatching(/^Only a coordinator may correct or retract PairPaused/) },
    });
    const refocused = await h.request('POST', `/pairs/${pair.pairId}/corrections`, {
      token: member,
      body: { targetEventId: formed.eventId, reason: 'x', replacement: { focus: 'Something else' } },
    });
    expect(refocused).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    // Nothing was recorded by either; the coordinator may.
    await expect(h.runtime.store.readStream(`pair-${pair.pairId}`)).resolves.toHaveLength(events.length);
    const resumed = await h.request('POST', `/pairs/${pair.pairId}/retractions`, {
      token: coordinator,
      body: { targetEventId: paused.eventId, reason: 'Paused in error' },
    });
    expect(resumed.status).toBe(200);
  });

  it('records who acted on every event: the authenticated user and role', async () => {
    const users = await h.request('GET', '/users');
    const coordinatorUser = users.body.items.find((u: { role: string }) => u.role === 'coordinator');
    const [formed] = await h.runtime.store.readStream(`pair-${ids.pairId}`);
    expect(formed!.metadata).toMatchObject({ actor: { userId: coordinatorUser.id, role: 'coordinator' }, source: 'api' });
  });

  it('serves Prometheus metrics to an admin', async () => {
    const metrics = await h.request('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/text\/plain/);
    expect(metrics.text).toMatch(/pairtrail_http_requests_total\{method="POST",route="\/pairs\/:id\/meetings",status="200"\} \d+/);
    expect(metrics.text).toMatch(/pairtrail_http_request_duration_seconds_bucket/);
    expect(metrics.text).toMatch(/pairtrail_events_appended_total\{type="MeetingHeld"\} \d+/);
  });
});

describe('rate limiting', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await ApiHarness.start({ PAIRTRAIL_RATE_LIMIT: '5', PAIRTRAIL_RATE_BURST: '10' });
  });
  afterAll(() => h.stop());

  it('answers 429 with Retry-After once a token exceeds its burst', async () => {
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 14; i++) {
      const r = await h.request('GET', '/users');
      statuses.push(r.status);
      if (r.status === 429) limited = r;
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses).toContain(429);
    expect(limited!.body).toMatchObject({ error: 'rate-limited' });
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await h.request('GET', '/health', { token: null })).status).toBe(200);
  });
});
