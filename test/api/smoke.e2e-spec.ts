import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ADMIN_TOKEN, ApiHarness } from '../support/api-harness';

describe('the whole AppModule with Swagger', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await ApiHarness.start();
  });
  afterAll(() => h.stop());

  it('serves /health, /openapi.json and /docs without a token', async () => {
    expect((await h.request('GET', '/health', { token: null })).body).toEqual({
      status: 'ok',
      eventStore: 'ok',
      readModels: 'ok',
      version: JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).version,
    });
    // Healthy, it answers 200 asked strictly too; a strictness it cannot read is named.
    expect((await h.request('GET', '/health?strict=true', { token: null })).status).toBe(200);
    expect((await h.request('GET', '/health?strict=yes', { token: null })).body).toMatchObject({ error: 'validation', details: [{ field: 'strict' }] });
    const docs = await h.request('GET', '/docs', { token: null });
    expect(docs.status).toBe(200);
    expect(docs.text).toMatch(/swagger/i);
    const spec = await h.request('GET', '/openapi.json', { token: null });
    expect(spec.status).toBe(200);
    expect(spec.body.components.securitySchemes.bearer).toBeDefined();
    // Above the routes, the conventions a client needs first, in the document itself: the project's
    // specification files it once pointed to are not served.
    const conventions = spec.body.info.description as string;
    for (const term of ['Authorization: Bearer', 'If-Match', 'Idempotency-Key', 'X-Min-Position', '?cursor=', 'asOf=', '{ error, message, details? }'])
      expect({ term, found: conventions.includes(term) }).toEqual({ term, found: true });
    // Nor does any route's or answer's description send its reader to one.
    expect(JSON.stringify(spec.body).match(/\b(?:api|domain|evaluation|architecture)\.md\b/g)).toBeNull();
  });

  it('serves the web app at / and its assets, without taking over the API’s paths or 404s', async () => {
    const page = await h.request('GET', '/', { token: null });
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toContain('text/html');
    expect(page.text).toContain('<div id="root"></div>');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)![1]!;
    expect((await h.request('GET', script, { token: null })).status).toBe(200);
    expect((await h.request('GET', '/assets/images/favicon.ico', { token: null })).status).toBe(200);
    expect((await h.request('GET', '/pairs', { token: null })).status).toBe(401);
    expect((await h.request('GET', `${script}.br`, { token: null })).status).toBe(404);
  });

  it("sends the web app's files compressed as the browser accepts, and its scripts and stylesheets to be kept", async () => {
    const page = await h.request('GET', '/', { token: null });
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)![1]!;
    const get = (url: string, encoding?: string) =>
      h.api
        .getHttpAdapter()
        .getInstance()
        .inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });
    const plain = await get(script);
    expect([plain.statusCode, plain.headers['content-encoding'], plain.headers['cache-control']]).toEqual([
      200,
      undefined,
      'public, max-age=31536000, immutable',
    ]);
    const decode = { br: brotliDecompressSync, gzip: gunzipSync };
    for (const [accepts, sent] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const reply = await get(script, accepts);
      expect([reply.headers['content-encoding'], reply.headers['content-type'], reply.headers.vary]).toEqual([
        sent,
        plain.headers['content-type'],
        expect.stringContaining('accept-encoding'),
      ]);
      expect(reply.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
      expect(Buffer.compare(decode[sent](reply.rawPayload), plain.rawPayload)).toBe(0);
    }
    // The page itself is asked for again each time, so a new build's files are found at once.
    const index = await get('/', 'br');
    expect([index.headers['content-encoding'], index.headers['cache-control']]).toEqual(['br', 'public, max-age=0']);
    expect(brotliDecompressSync(index.rawPayload).toString()).toBe(page.text);
    const missing = await h.request('GET', '/no-such-page', { token: null });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('not-found');
  });

  it('compresses answers of 1 KB or more as the client accepts, streamed ones too, and sends small ones as they are', async () => {
    const get = (url: string, encoding?: string) =>
      h.api
        .getHttpAdapter()
        .getInstance()
        .inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(encoding ? { 'accept-encoding': encoding } : {}) } });
    const decode = { br: brotliDecompressSync, gzip: gunzipSync };
    for (let i = 0; i < 5; i++) await h.user('coordinator');
    // The API's description, and the audit trail streamed out (as an export is).
    for (const url of ['/openapi.json', '/audit/export?format=jsonl']) {
      const plain = await get(url);
      expect([url, plain.statusCode, plain.headers['content-encoding']]).toEqual([url, 200, undefined]);
      expect(plain.rawPayload.length).toBeGreaterThan(1024);
      for (const [accepts, sent] of [
        ['gzip, deflate, br', 'br'],
        ['gzip', 'gzip'],
      ] as const) {
        const reply = await get(url, accepts);
        expect([url, reply.statusCode, reply.headers['content-encoding'], reply.headers['content-type']]).toEqual([
          url,
          200,
          sent,
          plain.headers['content-type'],
        ]);
        expect(reply.rawPayload.length).toBeLessThan(plain.rawPayload.length);
        expect(decode[sent](reply.rawPayload).toString()).toBe(plain.body);
      }
    }
    const small = await get('/me', 'br');
    expect([small.statusCode, small.headers['content-encoding']]).toEqual([200, undefined]);
    expect(JSON.parse(small.body)).toMatchObject({ role: 'admin' });
  });

  it('sends security headers with every answer, and keeps answers holding personal data out of caches', async () => {
    const coordinator = await h.user('coordinator');
    for (const [url, token] of [
      ['/', null],
      ['/participants', coordinator],
      ['/docs', null],
      ['/no-such-page', null],
    ] as const) {
      const { headers } = await h.request('GET', url, { token });
      expect({ url, csp: headers['content-security-policy'] }).toEqual({ url, csp: expect.stringContaining("default-src 'self'") });
      expect(headers['content-security-policy']).toContain("frame-ancestors 'self'");
      // Fonts and stylesheets from this origin only: the web app asks nothing of another.
      expect(headers['content-security-policy']).toContain("font-src 'self' data:");
      expect(String(headers['content-security-policy']).split(';')).toContain("style-src 'self' 'unsafe-inline'");
      // Served over plain HTTP by the demo: asking the browser to upgrade its requests would break it.
      expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'SAMEORIGIN' });
    }
    expect((await h.request('GET', '/participants', { token: coordinator })).headers['cache-control']).toBe('no-store');
    expect((await h.request('GET', '/participants', { token: null })).headers['cache-control']).toBe('no-store');
    // The web app's own files keep the caching @fastify/static gives them.
    expect((await h.request('GET', '/', { token: null })).headers['cache-control']).toBe('public, max-age=0');
  });

  it('tells a token who it belongs to (GET /me), for the web app to offer what the role may do', async () => {
    const coordinator = await h.user('coordinator');
    const me = await h.request('GET', '/me', { token: coordinator });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'coordinator', userId: expect.any(String), name: expect.any(String) });
    expect((await h.request('GET', '/me', { token: null })).status).toBe(401);
  });

  it('gives every operation a summary, and says first in its description who may call it', async () => {
    const { body: spec } = await h.request('GET', '/openapi.json', { token: null });
    const operations = Object.entries(spec.paths as Record<string, Record<string, { summary?: string; description?: string }>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ at: `${method.toUpperCase()} ${path}`, ...operation })),
    );
    expect(operations.length).toBeGreaterThan(50);
    // Each a phrase of its own in the list /docs shows, so begun with a capital.
    expect(operations.filter((o) => !/^[A-Z]/.test(o.summary ?? '')).map((o) => o.at)).toEqual([]);
    expect(operations.filter((o) => !o.description?.startsWith('Who may: ')).map((o) => o.at)).toEqual([]);
    const who = (at: string) => operations.find((o) => o.at === at)!.description!.split('\n')[0];
    // As api.md's tables give them.
    expect(who('POST /pairs/{id}/meetings')).toBe('Who may: coordinator, pair-member (only on a pair they are in).');
    expect(who('POST /participants/{id}/consents')).toBe('Who may: coordinator, pair-member (only for themself).');
    expect(who('GET /audit')).toBe('Who may: admin, evaluator.');
    expect(who('GET /health')).toBe('Who may: anyone; no token is needed.');
    expect(operations.find((o) => o.at === 'POST /participants/imports')!.description).toMatch(/^Who may: coordinator\.\n\nA header row/);
  });

  it('documents every write route of api.md, with its body schema, its headers and its errors', async () => {
    const { body: spec } = await h.request('GET', '/openapi.json', { token: null });
    // A date field offers /docs a real date to try, not a date of its own making.
    const schemas = spec.components.schemas as Record<string, { properties: Record<string, { format?: string; example?: unknown }> }>;
    const dates = Object.entries(schemas).flatMap(([name, s]) =>
      Object.entries(s.properties ?? {}).flatMap(([field, p]) => (p.format === 'date' ? [[`${name}.${field}`, p.example]] : [])),
    );
    expect(dates.length).toBeGreaterThan(15);
    expect(dates.filter(([, example]) => typeof example !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(example))).toEqual([]);
    const routes = [
      ['post', '/users'],
      ['post', '/users/{id}/tokens'],
      ['post', '/users/{id}/tokens/{tokenId}/revoke'],
      ['post', '/cohorts'],
      ['post', '/cohorts/{id}/close'],
      ['post', '/participants'],
      ['patch', '/participants/{id}'],
      ['post', '/participants/{id}/consents'],
      ['post', '/participants/{id}/consents/{scope}/withdraw'],
      ['post', '/pairs'],
      ['put', '/pairs/{id}/initiative'],
      ['post', '/pairs/{id}/meetings'],
      ['post', '/pairs/{id}/actions'],
      ['post', '/pairs/{id}/actions/{actionId}/complete'],
      ['post', '/pairs/{id}/actions/{actionId}/drop'],
      ['post', '/pairs/{id}/milestones'],
      ['post', '/pairs/{id}/outcomes'],
      ['post', '/pairs/{id}/reflections'],
      ['post', '/pairs/{id}/corrections'],
      ['post', '/pairs/{id}/retractions'],
      ['post', '/pairs/{id}/pause'],
      ['post', '/pairs/{id}/resume'],
      ['post', '/pairs/{id}/conclude'],
    ];
    for (const [method, path] of routes) {
      const operation = spec.paths[path!]?.[method!];
      expect(operation).toBeDefined();
      // Each takes Idempotency-Key and If-Match, and documents api.md's errors with their body.
      expect(operation.parameters.filter((p: { in: string }) => p.in === 'header').map((p: { name: string }) => p.name)).toEqual([
        'Idempotency-Key',
        'If-Match',
      ]);
      for (const status of ['401', '403', '409', '412', '422', '429', '503']) {
        expect([path, status, operation.responses[status]?.content?.['application/json']?.schema]).toEqual([
          path,
          status,
          { $ref: '#/components/schemas/ErrorBody' },
        ]);
      }
    }
    expect(spec.components.schemas.ErrorBody.required).toEqual(['error', 'message']);
    expect(spec.components.schemas.ErrorBody.properties.error.enum).toContain('rule-violated');
    const evaluation = spec.paths['/evaluation/pairs'].get;
    expect(Object.keys(evaluation.responses)).toEqual(['200', '400', '401', '403', '429', '503']);
    expect(evaluation.parameters.find((p: { name: string }) => p.name === 'X-Min-Position')).toMatchObject({ in: 'header', required: false });
    expect(Object.keys(spec.paths['/case-studies/{pairId}/versions/{contentHash}'].get.responses)).toContain('410');
    // One pair looked back at before it was formed is a 404; a list of its events then is empty.
    for (const path of ['/evaluation/pairs/{id}', '/case-studies/{pairId}']) {
      expect(spec.paths[path].get.responses['404'].description).toBe('not-found: no pair has that id, or it did not exist yet on asOf or at position');
    }
    expect(spec.paths['/pairs/{id}/timeline'].get.responses['404'].description).toBe('not-found: nothing has that id');
    expect(spec.paths['/case-studies/{pairId}'].get.responses['409'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorBody' });
    expect(Object.keys(spec.paths['/health'].get.responses)).toEqual(['200', '400', '503']);
    // Its 503, asked strictly, is its own answer, not an error.
    expect(spec.paths['/health'].get.responses['503'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Health' });
    expect(Object.keys(spec.components.schemas.MeetingDto.properties)).toEqual([
      'heldOn',
      'durationMinutes',
      'format',
      'attendeeIds',
      'topics',
      'notes',
      'approaches',
    ]);
    expect(spec.components.schemas.MeetingDto.properties.format.enum).toContain('in-person');
  });

  it('answers an unknown address with 404 in the error shape', async () => {
    expect(await h.request('GET', '/nowhere')).toMatchObject({
      status: 404,
      body: { error: 'not-found', message: 'There is nothing at this address; GET /docs lists the API.' },
    });
    // An address that is there, with a method it does not take, says which it takes.
    const id = '5b1c9a4e-8a43-4d3e-9d6f-0e1c2b3a4d5e';
    expect(await h.request('PUT', `/cohorts/${id}`, { body: { name: 'W', reason: 'r' } })).toMatchObject({
      status: 404,
      body: { error: 'not-found', message: `/cohorts/${id} does not take PUT; it takes PATCH, GET. GET /docs lists the API.` },
    });
    expect((await h.request('DELETE', '/cohorts')).body.message).toBe('/cohorts does not take DELETE; it takes POST, GET. GET /docs lists the API.');
  });

  it('says on /health when a read model has failed, so monitoring sees it', async () => {
    const metric = async (name: string, projection: string) =>
      Number(new RegExp(`^${name}\\{projection="${projection}"\\} (\\S+)$`, 'm').exec((await h.request('GET', '/metrics')).text)?.[1]);
    await h.runtime.projections.settled();
    expect(await metric('pairtrail_projection_failed', 'documents')).toBe(0);
    expect(await metric('pairtrail_projection_lag_events', 'audit')).toBe(0);
    // An event this version cannot read (written by a newer one, say) stops the projections at it.
    await h.runtime.store.appendToStream('pair-00000000-0000-4000-8000-000000000001', [
      { eventId: '00000000-0000-4000-8000-0000000000f1', type: 'PairPaused', data: {}, metadata: { schemaVersion: 99 } },
    ]);
    await h.runtime.projections.settled();
    const health = await h.request('GET', '/health', { token: null });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', eventStore: 'ok', readModels: 'failed' });
    // Asked strictly, as a healthcheck that reads only the status code asks: 503, the same body.
    const strict = await h.request('GET', '/health?strict=true', { token: null });
    expect([strict.status, strict.body]).toEqual([503, health.body]);
    expect((await h.request('GET', '/projections')).body.items[0].lastError.message).toMatch(/schema version 99/);
    // And on /metrics, for alerts: failed, and behind the log by the event it stopped at.
    expect(await metric('pairtrail_projection_failed', 'documents')).toBe(1);
    expect(await metric('pairtrail_projection_lag_events', 'audit')).toBe(1);
  });
});
