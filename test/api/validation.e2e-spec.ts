import { ApiHarness, meetingBody, seedPair } from '../support/api-harness';

describe('bad input', () => {
  let h: ApiHarness;
  let coordinator: string;
  let ids: Awaited<ReturnType<typeof seedPair>>;

  beforeAll(async () => {
    h = await ApiHarness.start();
    coordinator = await h.user('coordinator');
    ids = await seedPair(h, coordinator);
  });
  afterAll(() => h.stop());

  const meeting = (body: unknown, raw?: string) => h.request('POST', `/pairs/${ids.pairId}/meetings`, { token: coordinator, body, raw });
  const fields = (r: { body: { details?: { field: string }[] } }) => (r.body.details ?? []).map((d) => d.field);

  it('answers malformed JSON with 400', async () => {
    expect(await meeting(undefined, '{"heldOn": ')).toMatchObject({ status: 400, body: { error: 'validation', details: [{ field: 'body' }] } });
    expect(await meeting(undefined, '[1, 2]')).toMatchObject({ status: 400, body: { error: 'validation' } });
    expect(
      await h.request('POST', `/pairs/${ids.pairId}/meetings`, { token: coordinator, raw: 'hello', headers: { 'content-type': 'text/plain' } }),
    ).toMatchObject({
      status: 415,
      body: { error: 'validation', message: 'Send the body as JSON, with Content-Type: application/json.' },
    });
  });

  it('takes a body only as UTF-8, refusing one in another encoding rather than storing its accents as replacement characters', async () => {
    const cohort = (name: string, encoding: BufferEncoding, bom = '') =>
      h.request('POST', '/cohorts', { token: coordinator, raw: Buffer.from(`${bom}{"name":"${name}","startsOn":"2026-01-01"}`, encoding) });
    const before = (await h.runtime.store.stats()).lastPosition;
    // José in Latin-1, as an older tool sends it: the é is one byte that UTF-8 has no reading of.
    expect(await cohort('Jos\u00e9 wave', 'latin1')).toMatchObject({
      status: 400,
      body: { error: 'validation', details: [{ field: 'body', message: expect.stringMatching(/^is not UTF-8 text: send it encoded as UTF-8/) }] },
    });
    expect((await h.runtime.store.stats()).lastPosition).toBe(before);
    // In UTF-8 it is taken, with or without the byte order mark some Windows tools put first.
    for (const bom of ['', '\uFEFF']) {
      const made = await cohort('Jos\u00e9 wave', 'utf8', bom);
      expect(made.status).toBe(201);
      const read = await h.request('GET', `/cohorts/${made.body.id}`, { token: coordinator, headers: { 'x-min-position': made.body.position } });
      expect(read.body.name).toBe('Jos\u00e9 wave');
    }
  });

  it('answers an address with a broken %-escape with the API error body', async () => {
    expect(await h.request('GET', '/pairs/%E0%A4%A', { token: coordinator })).toMatchObject({
      status: 400,
      body: { error: 'validation', message: 'The address is not valid: a %-escape in it is broken.' },
    });
  });

  it('answers an id over 100 characters with 414, without repeating it', async () => {
    const long = await h.request('GET', `/pairs/${'x'.repeat(5000)}`, { token: coordinator });
    expect(long).toMatchObject({
      status: 414,
      body: { error: 'too-large', message: 'A part of the address is over 100 characters; an id is a UUID of 36.' },
    });
    expect(long.text).not.toContain('xxxx');
  });

  it('lists every missing field', async () => {
    const r = await meeting({});
    expect(r.status).toBe(400);
    expect(fields(r).sort()).toEqual(['approaches', 'attendeeIds', 'durationMinutes', 'format', 'notes', 'topics']);
  });

  it('lists every field of the wrong type, unknown value, or out of range, and every unknown field', async () => {
    const r = await meeting({
      ...meetingBody([ids.lep]),
      durationMinutes: 'an hour',
      format: 'zoom',
      topics: 'waits',
      approaches: ['vibes'],
      heldOn: '2026-02-30',
      colour: 'blue',
      attendeeIds: [ids.lep, 'someone'],
    });
    expect(r.status).toBe(400);
    expect(fields(r).sort()).toEqual(['approaches', 'attendeeIds', 'colour', 'durationMinutes', 'format', 'heldOn', 'topics']);
    expect(r.body.details.find((d: { field: string }) => d.field === 'colour').message).toBe('is not a field of this request');
    const range = await meeting({ ...meetingBody([ids.lep]), durationMinutes: 0 });
    expect(range.body.details).toEqual([{ field: 'durationMinutes', message: 'must be at least 1' }]);
    const nested = await h.request('POST', `/pairs/${ids.pairId}/outcomes`, {
      token: coordinator,
      body: { category: 'policy', description: 'd', spread: 'team', measure: { name: 'n', unit: 'u', baseline: 'x', value: 1, extra: 2 } },
    });
    expect(fields(nested).sort()).toEqual(['measure.baseline', 'measure.extra']);
  });

  it('answers a date later than tomorrow with 400 naming the field', async () => {
    const r = await meeting(meetingBody([ids.lep], { heldOn: '2099-01-01' }));
    expect(r).toMatchObject({
      status: 400,
      body: { error: 'validation', details: [{ field: 'heldOn', message: expect.stringMatching(/no later than tomorrow/) }] },
    });
  });

  it('lists the fields only the domain can judge together with those of the wrong type, in one answer', async () => {
    // A date later than tomorrow, a line break in a title, a blank name and an email's form are judged by
    // the domain; a wrong enum by the edge. api.md asks for every bad field at once.
    const r = await meeting({ ...meetingBody([ids.lep]), format: 'zoom', heldOn: '2099-01-01', topics: ['two\nlines'] });
    expect(r).toMatchObject({ status: 400, body: { error: 'validation' } });
    expect(r.body.details).toEqual([
      { field: 'format', message: expect.stringMatching(/^must be one of /) },
      { field: 'heldOn', message: expect.stringMatching(/^must be no later than tomorrow/) },
      { field: 'topics[0]', message: 'must be one line' },
    ]);
    const person = await h.request('POST', '/participants', {
      token: coordinator,
      body: {
        name: '  ',
        email: 'not-an-email',
        perspective: 'both',
        role: 'carer\u0000',
        organisation: 'Healthwatch',
        organisationType: 'community',
        registeredOn: '2099-01-01',
      },
    });
    expect(fields(person).sort()).toEqual(['email', 'name', 'organisationType', 'perspective', 'registeredOn', 'role']);
    // A field the route takes from its path is not blamed on the body.
    const withdrawal = await h.request('POST', `/participants/${ids.lep}/consents/case-study/withdraw`, {
      token: coordinator,
      body: { on: '2099-01-01', colour: 'blue' },
    });
    expect(fields(withdrawal).sort()).toEqual(['colour', 'on']);
  });

  it('refuses fields named like what every object inherits, which class-validator let through', async () => {
    const r = await meeting({ ...meetingBody([ids.lep]), constructor: { prototype: {} }, hasOwnProperty: 1 });
    expect(r).toMatchObject({
      status: 400,
      body: {
        details: [
          { field: 'constructor', message: 'is not a field of this request' },
          { field: 'hasOwnProperty', message: 'is not a field of this request' },
        ],
      },
    });
    const both = await meeting({ ...meetingBody([ids.lep]), format: 'zoom', isPrototypeOf: true });
    expect(fields(both)).toEqual(['format', 'isPrototypeOf']);
    const nested = await h.request('POST', `/pairs/${ids.pairId}/outcomes`, {
      token: coordinator,
      body: { category: 'policy', description: 'd', spread: 'team', measure: { name: 'n', unit: 'u', baseline: 1, value: 2, constructor: 1 } },
    });
    expect(nested).toMatchObject({ status: 400, body: { details: [{ field: 'measure.constructor' }] } });
  });

  it('answers a body over 256 KiB with 413', async () => {
    const r = await meeting(meetingBody([ids.lep], { notes: 'x'.repeat(300 * 1024) }));
    expect(r).toMatchObject({
      status: 413,
      body: { error: 'too-large', message: expect.stringMatching(/^The request body is larger than 256 KiB.* send less\.$/) },
    });
    // A people's file too big for one request says how to send it.
    const file = await h.request('POST', '/participants/imports', {
      token: coordinator,
      raw: `name,perspective,role,organisation,organisationType\n${'Ann Lee,lived-experience,carer,Healthwatch,healthwatch\n'.repeat(6000)}`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(file).toMatchObject({
      status: 413,
      body: {
        error: 'too-large',
        message: expect.stringMatching(
          /^The file is larger than 256 KiB, .* Send it in parts of under 256 KiB each \(some 1,500 rows of a typical file\), each starting with the header row/,
        ),
      },
    });
  });

  it('never answers bad input with a 5xx, and leaves nothing behind', async () => {
    const before = (await h.runtime.store.stats()).events;
    const bodies: unknown[] = [
      null,
      'text',
      42,
      [],
      { attendeeIds: null },
      { durationMinutes: 1e308 },
      { notes: { nested: true } },
      { approaches: [null] },
      { heldOn: 20260101 },
      { ...meetingBody([ids.lep]), attendeeIds: [ids.lep, ids.lep] },
      { ...meetingBody([]) },
      { ...meetingBody([ids.lep]), durationMinutes: 1.5 },
    ];
    for (const body of bodies) {
      const r = await h.request('POST', `/pairs/${ids.pairId}/meetings`, { token: coordinator, raw: JSON.stringify(body) });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.error).toBeDefined();
      expect(r.text).not.toMatch(/\bat \S+ \(/);
    }
    const corrections: unknown[] = [
      { targetEventId: ids.pairId, reason: 'x', replacement: [] },
      { targetEventId: 'x', reason: 'x', replacement: {} },
      { reason: 'x', replacement: { a: 1 } },
    ];
    for (const body of corrections) {
      const r = await h.request('POST', `/pairs/${ids.pairId}/corrections`, { token: coordinator, body });
      expect(r.status).toBe(400);
    }
    expect((await h.runtime.store.stats()).events).toBe(before);
  });

  it('refuses a number too large to hold (1e309 is read as Infinity), or nesting deeper than any request, naming its field, on every route', async () => {
    const made = await h.request('POST', '/users', { body: { name: 'A reader', role: 'evaluator' } });
    const before = (await h.runtime.store.stats()).events;
    const r = await meeting(undefined, `{"heldOn":"2026-01-20","durationMinutes":1e309,"attendeeIds":["${ids.lep}"],"topics":[-1e999]}`);
    expect(r).toMatchObject({
      status: 400,
      body: {
        error: 'validation',
        details: [{ field: 'durationMinutes', message: 'is a number too large to hold: send it within ±1.7e308' }, { field: 'topics[0]' }],
      },
    });
    // Nesting deeper than any request's is refused before any check walks it (5,000 levels overflowed one).
    const deep = `{"notes":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    expect(await meeting(undefined, deep)).toMatchObject({
      status: 400,
      body: { details: [{ field: `notes${'.a'.repeat(31)}`, message: 'is nested deeper than any request takes (32 levels)' }] },
    });
    // Sent to a route that takes no body, it was hashed for Idempotency-Key and answered 500.
    expect(await h.request('POST', `/users/${made.body.id}/tokens`, { raw: '{"n":1e309}' })).toMatchObject({
      status: 400,
      body: { details: [{ field: 'n' }] },
    });
    expect((await h.runtime.store.stats()).events).toBe(before);
  });

  it('refuses a field sent to a route that takes no body, as a route with a body refuses one it does not take', async () => {
    const made = await h.request('POST', '/users', { body: { name: 'A second reader', role: 'evaluator' } });
    const before = (await h.runtime.store.stats()).events;
    const notTaken = {
      status: 400,
      body: { error: 'validation', details: [{ field: 'role', message: 'is not a field of this request, which takes no body' }] },
    };
    expect(await h.request('POST', `/users/${made.body.id}/tokens`, { body: { role: 'admin' } })).toMatchObject(notTaken);
    expect(await h.request('POST', `/users/${made.body.id}/tokens/${made.body.tokenId ?? ids.pairId}/revoke`, { body: { role: 'admin' } })).toMatchObject(
      notTaken,
    );
    expect(await h.request('POST', '/projections/documents/rebuild', { body: { role: 'admin' } })).toMatchObject(notTaken);
    expect((await h.runtime.store.stats()).events).toBe(before);
    // Without one, or with an empty one, each is done.
    expect((await h.request('POST', `/users/${made.body.id}/tokens`, {})).status).toBe(200);
    expect((await h.request('POST', `/users/${made.body.id}/tokens`, { body: {} })).status).toBe(200);
  });

  describe('query parameters', () => {
    let evaluator: string;
    beforeAll(async () => {
      evaluator = await h.user('evaluator');
    });
    const get = (url: string, token: string | null = evaluator) => h.request('GET', url, { token });

    it('refuses a parameter the route does not take, naming it, rather than answering as if it were not sent', async () => {
      // Ignored, a misspelt asOf would give today's figures as that day's.
      expect(await get(`/evaluation/pairs/${ids.pairId}?asof=2026-01-31`)).toMatchObject({
        status: 400,
        body: { error: 'validation', details: [{ field: 'asof', message: 'is not a parameter of this request; did you mean asOf?' }] },
      });
      expect(await get('/audit?limit=5&colour=blue&size=2')).toMatchObject({
        status: 400,
        body: {
          details: [
            {
              field: 'colour',
              message: 'is not a parameter of this request, which takes actor, after, cursor, from, limit, order, source, stream, to, type, upTo',
            },
            { field: 'size', message: expect.stringMatching(/^is not a parameter of this request, which takes /) },
          ],
        },
      });
      expect(await get(`/case-studies/${ids.pairId}/versions?format=md`)).toMatchObject({
        status: 400,
        body: { details: [{ field: 'format', message: 'is not a parameter of this request, which takes none' }] },
      });
      expect(await h.request('POST', `/pairs/${ids.pairId}/meetings?dryRun=true`, { token: coordinator, body: meetingBody([ids.lep]) })).toMatchObject({
        status: 400,
        body: { details: [{ field: 'dryRun' }] },
      });
    });

    it('names every bad parameter in one answer, by what each route documents it takes', async () => {
      expect(await get(`/evaluation/pairs?limit=abc&asOf=2025-13-01&format=CSV&pseudonymise=yes`)).toMatchObject({
        status: 400,
        body: {
          error: 'validation',
          details: [
            { field: 'limit', message: 'must be a whole number from 1 to 1000' },
            { field: 'asOf', message: 'must be a real calendar date, YYYY-MM-DD' },
            { field: 'format', message: 'is not a value this takes; did you mean csv?' },
            { field: 'pseudonymise', message: 'must be true or false' },
          ],
        },
      });
      const pairs = await h.request('GET', '/pairs?status=done&view=short&limit=0&colour=blue', { token: coordinator });
      expect(pairs.body.details.map((d: { field: string }) => d.field)).toEqual(['status', 'view', 'limit', 'colour']);
      expect(pairs.body.details[0].message).toBe('must be active, paused or concluded');
      // A parameter given twice reached the route as a list: the audit trail's type filter answered 500.
      expect(await get('/audit?type=MeetingHeld&type=PairFormed&limit=1&limit=2')).toMatchObject({
        status: 400,
        body: {
          details: [
            { field: 'type', message: 'must be given once, not 2 times' },
            { field: 'limit', message: 'must be given once, not 2 times' },
          ],
        },
      });
      // The documentation says what each takes.
      const documented = (await get('/openapi.json')).body.paths['/evaluation/pairs'].get.parameters;
      expect(documented.find((p: { name: string }) => p.name === 'limit').schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000 });
      expect(documented.find((p: { name: string }) => p.name === 'asOf').schema).toMatchObject({ type: 'string', format: 'date' });
    });

    it('refuses an asOf after tomorrow: it looks back, and a mistyped year gave figures of days not yet lived', async () => {
      for (const url of [`/evaluation/pairs/${ids.pairId}`, `/pairs/${ids.pairId}/timeline`, `/case-studies/${ids.pairId}`, '/analytics/funnel']) {
        expect(await get(`${url}?asOf=2099-01-01`)).toMatchObject({
          status: 400,
          body: { details: [{ field: 'asOf', message: expect.stringMatching(/^must be no later than tomorrow \(\d{4}-\d{2}-\d{2}\)$/) }] },
        });
      }
    });

    it('takes every parameter the routes document, and asks for a token before looking at them', async () => {
      expect((await get(`/evaluation/pairs/${ids.pairId}?asOf=2026-01-31`)).status).toBe(200);
      expect((await get(`/analytics/funnel?cohortId=${ids.cohortId}`)).status).toBe(200);
      expect((await get(`/analytics/monthly?from=2026-01&to=2026-02&cohortId=${ids.cohortId}`)).status).toBe(200);
      expect((await get('/evaluation/pairs?pseudonymise=true&shiftDates=true&limit=5')).status).toBe(200);
      expect((await h.request('GET', '/users?limit=1')).status).toBe(200);
      expect((await get(`/evaluation/pairs/${ids.pairId}?asof=2026-01-31`, null)).status).toBe(401);
    });
  });
});
