import Ajv, { type ValidateFunction } from 'ajv';
import { DEMO_COHORT_ID, runDemo } from '@pairtrail/application';
import { RESPONSE_SCHEMAS } from '../../apps/api/src/http/responses.schema';
import { ADMIN_TOKEN, ApiHarness, type Reply } from '../support/api-harness';

/**
 * Every JSON answer of the API against the schema /openapi.json gives for it: the schemas are generated
 * from the handlers' return types (scripts/api-schemas.mjs), and this shows that what is served is what
 * they say, field for field, with nothing undeclared, over the demo programme's data.
 */
describe("the API's answers, against the schemas /openapi.json gives them", () => {
  let h: ApiHarness;
  let doc: {
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: object }>; headers?: Record<string, unknown> }> }>>;
    components: object;
  };
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const covered = new Set<string>();
  let head = '';
  let pairId = '';
  let activePairId = '';
  let coordinator = '';
  let participantId = '';
  let pairMember = '';

  /** The validator of `template`'s answer to `method` with `status`: the schema the document gives it. */
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (method: string, template: string, status: string): ValidateFunction => {
    const key = `${method} ${template} ${status}`;
    const known = validators.get(key);
    if (known) return known;
    const schema = doc.paths[template]?.[method]?.responses[status]?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`/openapi.json gives ${method.toUpperCase()} ${template} no JSON schema for ${status}`);
    const validate = ajv.compile({ ...schema, components: doc.components });
    validators.set(key, validate);
    return validate;
  };

  /** Asks, and checks the answer against its schema; `template` is the path as the document writes it. */
  const answer = async (
    method: string,
    url: string,
    template: string,
    options: { token?: string | null; body?: unknown; status?: number } = {},
  ): Promise<Reply> => {
    const reply = await h.request(method.toUpperCase(), url, { token: options.token, body: options.body, headers: { 'x-min-position': head } });
    const status = options.status ?? 200;
    if (reply.status !== status) throw new Error(`${method.toUpperCase()} ${url} answered ${reply.status}: ${reply.text}`);
    conforms(method, template, status, reply.body, url);
    // The headers the document gives the answer (a read's or a write's ETag, a create's Location) are sent.
    const documented = Object.keys(doc.paths[template]![method]!.responses[String(status)]!.headers ?? {});
    expect(documented.filter((name) => reply.headers[name.toLowerCase()] === undefined)).toEqual([]);
    return reply;
  };

  /** Checks `body` against the schema of `template`'s answer, saying each field at fault if it is not as described. */
  const conforms = (method: string, template: string, status: number, body: unknown, url = template) => {
    const validate = validatorFor(method, template, String(status));
    if (!validate(body)) throw new Error(`${method.toUpperCase()} ${url}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
    covered.add(`${method} ${template}`);
  };

  beforeAll(async () => {
    h = await ApiHarness.start();
    await runDemo(h.runtime.app);
    head = String(await h.runtime.store.headPosition());
    doc = (await h.request('GET', '/openapi.json', { token: null })).body;
    const pairs = await answer('get', '/pairs', '/pairs');
    // The demo's pair with a published case study, and one of its partners.
    const published = (await answer('get', '/case-studies', '/case-studies')).body.items.find((s: { state: string }) => s.state === 'published');
    pairId = published.pairId;
    participantId = pairs.body.items.find((p: { pairId: string }) => p.pairId === pairId).livedExperiencePartnerId;
    pairMember = await h.user('pair-member', participantId);
    coordinator = await h.user('coordinator');
    activePairId = pairs.body.items.find((p: { status: string }) => p.status === 'active').pairId;
  }, 120_000);
  afterAll(() => h.stop());

  it('are as described for the operations, the programme and its people', async () => {
    // Without a token, as a load balancer asks.
    await answer('get', '/health', '/health', { token: null });
    await answer('get', '/me', '/me');
    await answer('get', '/me', '/me', { token: pairMember });
    await answer('get', '/users', '/users');
    await answer('get', '/cohorts', '/cohorts');
    await answer('get', `/cohorts/${DEMO_COHORT_ID}`, '/cohorts/{id}');
    await answer('get', '/participants', '/participants');
    await answer('get', '/participants', '/participants', { token: pairMember });
    await answer('get', `/participants/${participantId}`, '/participants/{id}');
    await answer('get', `/participants/${participantId}/export`, '/participants/{id}/export');
  });

  it('are as described for pairs, their timelines and events, now and looking back', async () => {
    await answer('get', '/pairs?view=summary', '/pairs');
    await answer('get', '/pairs', '/pairs', { token: pairMember });
    await answer('get', `/pairs/${pairId}`, '/pairs/{id}');
    // Open actions across pairs: the demo's are overdue (daysOverdue a number) and named.
    // Reflections due across pairs: the demo's partners last reflected months ago.
    const dueReflections = await answer('get', '/reflections/due', '/reflections/due');
    expect(dueReflections.body.items.length).toBeGreaterThan(0);
    const actions = await answer('get', '/actions', '/actions');
    expect(actions.body.items.some((a: { daysOverdue: number | null }) => a.daysOverdue !== null)).toBe(true);
    // What happened across pairs in a period: the demo's whole story, corrected entries among it, and a pair member's own.
    const happened = await answer('get', '/timeline?from=2025-01-01&to=2026-12-31', '/timeline');
    expect(happened.body.items.some((e: { corrections: number }) => e.corrections > 0)).toBe(true);
    await answer('get', '/timeline?kind=meetings&order=oldest', '/timeline', { token: pairMember });
    const timeline = await answer('get', `/pairs/${pairId}/timeline`, '/pairs/{id}/timeline');
    // The demo corrects and retracts: the entries that show them are checked too.
    const entries = timeline.body.items as { corrections: unknown[]; retracted: unknown }[];
    expect(entries.some((e) => e.corrections.length > 0) || entries.some((e) => e.retracted !== null)).toBe(true);
    await answer('get', `/pairs/${pairId}/timeline?asOf=2026-01-31&position=40`, '/pairs/{id}/timeline');
    await answer('get', `/pairs/${pairId}/events`, '/pairs/{id}/events');
    // A pair before its next meeting: its last meeting, what was agreed there and is open, whose reflection is due.
    const brief = await answer('get', `/pairs/${pairId}/brief`, '/pairs/{id}/brief');
    expect(brief.body.lastMeeting).not.toBeNull();
    await answer('get', `/pairs/${pairId}/brief`, '/pairs/{id}/brief', { token: pairMember });
  });

  it('are as described for the evaluation figures and analytics, pseudonymised too', async () => {
    await answer('get', '/evaluation/pairs', '/evaluation/pairs');
    await answer('get', '/evaluation/pairs?pseudonymise=true', '/evaluation/pairs');
    await answer('get', `/evaluation/pairs/${pairId}?asOf=2026-03-01`, '/evaluation/pairs/{id}');
    await answer('get', '/evaluation/cohorts', '/evaluation/cohorts');
    await answer('get', `/evaluation/cohorts/${DEMO_COHORT_ID}`, '/evaluation/cohorts/{id}');
    await answer('get', '/evaluation/service-areas', '/evaluation/service-areas');
    await answer('get', '/evaluation/approaches', '/evaluation/approaches');
    await answer('get', '/analytics/relationship?from=2025-09&to=2026-11', '/analytics/relationship');
    await answer('get', '/analytics/monthly?from=2025-09&to=2026-09', '/analytics/monthly');
    await answer('get', '/analytics/funnel', '/analytics/funnel');
    await answer('get', '/evaluation/definitions', '/evaluation/definitions');
    await answer('get', '/evaluation/summary', '/evaluation/summary');
    // What the record is missing that the figures need: the demo's meetings naming no approach, outcomes without evidence or measure.
    // How the headline figures moved since an earlier report: then, now, and the change.
    const since = await answer('get', '/evaluation/since?asOf=2026-06-30', '/evaluation/since');
    expect(since.body.figures.some((f: { change: number | null }) => f.change !== null && f.change > 0)).toBe(true);
    const gaps = await answer('get', '/evaluation/gaps', '/evaluation/gaps');
    expect(gaps.body.items.length).toBeGreaterThan(0);
  });

  it('are as described for the audit trail, its checks and the read models', async () => {
    await answer('get', '/audit?limit=1000', '/audit');
    await answer('get', '/audit/verify', '/audit/verify');
    const started = await answer('post', '/audit/verifications', '/audit/verifications', { body: {}, status: 202 });
    await waitUntil(async () => (await h.request('GET', `/audit/verifications/${started.body.id}`)).body.state !== 'running');
    await answer('get', `/audit/verifications/${started.body.id}`, '/audit/verifications/{id}');
    await answer('get', '/projections', '/projections');
  });

  it('are as described for case studies: their standing, versions, the published collection and the quotes', async () => {
    await answer('get', '/case-studies', '/case-studies', { token: pairMember });
    await answer('get', '/case-studies/published', '/case-studies/published');
    const quotes = await answer('get', '/case-studies/quotes', '/case-studies/quotes');
    expect(quotes.body.items.length).toBeGreaterThan(0);
    const cs = await answer('get', `/case-studies/${pairId}`, '/case-studies/{pairId}');
    const versions = await answer('get', `/case-studies/${pairId}/versions`, '/case-studies/{pairId}/versions');
    expect(versions.body.items.length).toBeGreaterThan(0);
    await answer('get', `/case-studies/${pairId}/versions/${versions.body.items[0].contentHash}`, '/case-studies/{pairId}/versions/{contentHash}');
    expect(cs.body.provenance.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('are as described for a report and the check of its pack', async () => {
    const report = await answer('post', '/reports', '/reports', { body: {}, status: 202 });
    await waitUntil(async () => (await h.request('GET', `/reports/${report.body.id}`)).body.state !== 'running');
    const done = await answer('get', `/reports/${report.body.id}`, '/reports/{id}');
    expect(done.body.state).toBe('done');
    const pack = await h.api
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: `/reports/${report.body.id}/pack`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const check = await h.api
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/reports/checks',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/zip' },
        payload: pack.rawPayload,
      });
    expect(check.statusCode).toBe(202);
    const checkId = JSON.parse(check.body).id as string;
    await waitUntil(async () => (await h.request('GET', `/reports/checks/${checkId}`)).body.state !== 'running');
    const checked = await answer('get', `/reports/checks/${checkId}`, '/reports/checks/{id}');
    expect(checked.body.ok).toBe(true);
    conforms('post', '/reports/checks', 202, JSON.parse(check.body));
  }, 60_000);

  it('are as described for an erased person, and for a rebuild asked for', async () => {
    const erased = (await h.request('GET', '/participants?limit=1000')).body.items.find((p: { participantId: string }) => p.participantId !== participantId)
      .participantId as string;
    const erasing = await h.request('POST', `/participants/${erased}/erase`, { body: { reason: 'They asked us to.' } });
    expect(erasing.status).toBe(200);
    head = erasing.body.position;
    const shown = await answer('get', `/participants/${erased}`, '/participants/{id}');
    expect(shown.body.erased).toBe(true);
    await answer('get', `/participants/${erased}/export`, '/participants/{id}/export');
    await answer('post', '/projections/audit/rebuild', '/projections/{name}/rebuild', { status: 202 });
  }, 60_000);

  it('are as described for writes: a user and a token made, an entry recorded, people, meetings, actions, outcomes and reflections imported, an import undone', async () => {
    const made = await answer('post', '/users', '/users', { body: { name: 'Ann Admin', role: 'admin' }, status: 201 });
    expect(made.body.token).toEqual(expect.any(String));
    const again = await answer('post', `/users/${made.body.id}/tokens`, '/users/{id}/tokens');
    expect(again.body.token).toEqual(expect.any(String));
    await answer('post', `/pairs/${activePairId}/milestones`, '/pairs/{id}/milestones', {
      token: coordinator,
      body: { description: 'Written up for the board' },
    });
    await answer('post', '/cohorts', '/cohorts', { token: coordinator, body: { name: 'Wave 2', startsOn: '2026-10-01' }, status: 201 });
    const imported = await h.request('POST', '/participants/imports?dryRun=true', {
      token: coordinator,
      raw: 'name,perspective,role,organisation,organisationType\nAnn Other,lived-experience,carer,Carers Centre,voluntary-group\n',
      headers: { 'content-type': 'text/csv' },
    });
    conforms('post', '/participants/imports', 200, imported.body);
    const meetings = await h.request('POST', '/pairs/meetings/imports?dryRun=true', {
      token: coordinator,
      raw: `pair,heldOn,durationMinutes,format\n${activePairId},${h.runtime.app.today()},30,video\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(meetings.status).toBe(200);
    conforms('post', '/pairs/meetings/imports', 200, meetings.body);
    const actions = await h.request('POST', '/pairs/actions/imports?dryRun=true', {
      token: coordinator,
      raw: `pair,description,owner,agreedOn\n${activePairId},Ask the ward,${(await h.request('GET', `/pairs/${activePairId}`, { token: coordinator })).body.livedExperiencePartnerId},${h.runtime.app.today()}\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(actions.body).toMatchObject({ dryRun: true });
    conforms('post', '/pairs/actions/imports', 200, actions.body);
    const reflections = await h.request('POST', '/pairs/reflections/imports?dryRun=true', {
      token: coordinator,
      raw: `pair,author,recordedOn,relationshipScore,text\n${activePairId},${(await h.request('GET', `/pairs/${activePairId}`, { token: coordinator })).body.livedExperiencePartnerId},${h.runtime.app.today()},4,Better\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(reflections.body).toMatchObject({ dryRun: true });
    conforms('post', '/pairs/reflections/imports', 200, reflections.body);
    const outcomes = await h.request('POST', '/pairs/outcomes/imports?dryRun=true', {
      token: coordinator,
      raw: `pair,category,description,recordedOn,spread\n${activePairId},policy,A new policy,${h.runtime.app.today()},team\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(outcomes.body).toMatchObject({ dryRun: true });
    conforms('post', '/pairs/outcomes/imports', 200, outcomes.body);
    const milestones = await h.request('POST', '/pairs/milestones/imports?dryRun=true', {
      token: coordinator,
      raw: `pair,description,reachedOn\n${activePairId},Launched,${h.runtime.app.today()}\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(milestones.body).toMatchObject({ dryRun: true, recorded: 1 });
    conforms('post', '/pairs/milestones/imports', 200, milestones.body);
    const recorded = await h.request('POST', '/pairs/outcomes/imports', {
      token: coordinator,
      raw: `pair,category,description,recordedOn,spread\n${activePairId},policy,A new policy,${h.runtime.app.today()},team\n`,
      headers: { 'content-type': 'text/csv' },
    });
    conforms('post', '/pairs/outcomes/imports', 200, recorded.body);
    const undone = await h.request('POST', '/pairs/imports/undo', { token: coordinator, body: { importId: recorded.body.importId, reason: 'Not this one' } });
    expect(undone.body).toMatchObject({ retracted: 1 });
    conforms('post', '/pairs/imports/undo', 200, undone.body);
  });

  it('show each error answer with an example of its body, of the code its status stands for', () => {
    const codeOf: Record<string, string[]> = {
      '400': ['validation'],
      '401': ['unauthenticated'],
      '403': ['forbidden'],
      '404': ['not-found'],
      '409': ['rule-violated'],
      '410': ['gone'],
      '412': ['revision-mismatch'],
      '413': ['too-large'],
      '422': ['idempotency-key-reused'],
      '429': ['rate-limited'],
      '503': ['unavailable', 'not-caught-up'],
    };
    const errorBody = ajv.compile({ $ref: '#/components/schemas/ErrorBody', components: doc.components });
    const wrong = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, op]) =>
        Object.entries(op.responses)
          .filter(([status]) => /^[45]/.test(status))
          .filter(([status, r]) => {
            const json = r.content?.['application/json'] as { example?: { error?: string }; schema?: { $ref?: string } } | undefined;
            const example = json?.example;
            // An answer of its own given with an error's status (/health?strict=true: 503), its example of that answer.
            const own = json?.schema?.$ref && json.schema.$ref !== '#/components/schemas/ErrorBody' ? json.schema.$ref : undefined;
            if (own) return !example || !ajv.compile({ $ref: own, components: doc.components })(example);
            return !example || !errorBody(example) || !codeOf[status]?.includes(example.error ?? '');
          })
          .map(([status]) => `${method} ${path} ${status}`),
      ),
    );
    expect(wrong).toEqual([]);
  });

  it('are asked for with parameters whose every one has a type', () => {
    const operations = doc.paths as unknown as Record<
      string,
      Record<string, { parameters?: { name: string; schema?: { type?: string; enum?: unknown[] } }[] }>
    >;
    const untyped = Object.entries(operations).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, op]) =>
        (op.parameters ?? []).filter((p) => !p.schema?.type && !p.schema?.enum).map((p) => `${method} ${path} ${p.name}`),
      ),
    );
    expect(untyped).toEqual([]);
  });

  it('leave no JSON answer of the API unchecked, and no answer undescribed', () => {
    const answers = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, op]) =>
        Object.entries(op.responses)
          .filter(([status]) => /^2/.test(status))
          .map(([, r]) => ({ op: `${method} ${path}`, content: r.content ?? {} })),
      ),
    );
    expect(answers.filter((a) => !Object.values(a.content).some((c) => c.schema)).map((a) => a.op)).toEqual([]);
    // Those generated from a handler's return type; the writes' DTOs are checked in the writes' tests.
    const generated = answers.filter((a) => {
      const ref = (a.content['application/json']?.schema as { $ref?: string } | undefined)?.$ref;
      return ref !== undefined && ref.replace('#/components/schemas/', '') in RESPONSE_SCHEMAS;
    });
    expect(generated.length).toBeGreaterThan(30);
    expect(generated.map((a) => a.op).filter((op) => !covered.has(op))).toEqual([]);
  });
});

async function waitUntil(done: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > until) throw new Error('gave up waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
