import { randomUUID } from 'node:crypto';
import {
  ACTION_COLUMNS,
  MEETING_COLUMNS,
  MILESTONE_COLUMNS,
  OUTCOME_COLUMNS,
  PAIR_COLUMNS,
  PARTICIPANT_COLUMNS,
  REFLECTION_COLUMNS,
} from '@pairtrail/application';
import { ApiHarness, seedPair, type Reply } from '../support/api-harness';

/** A 5xx, or a 4xx without api.md's error body (`error` and `message`). */
const answeredBadly = (reply: Reply) =>
  reply.status >= 500 || (reply.status >= 400 && (typeof reply.body?.error !== 'string' || typeof reply.body?.message !== 'string'));

/**
 * A small seeded generator (mulberry32), so a failure comes back the same on every run: one seed in CI,
 * and FUZZ_SEED=n to try others. `stream` keeps each test's draws apart.
 */
function generator(stream: number) {
  let a = Number(process.env.FUZZ_SEED ?? 20261203) + stream;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  return { next, pick };
}

type Property = { type?: string; enum?: string[]; format?: string; $ref?: string; items?: { enum?: string[] } };
type Schema = { properties?: Record<string, Property>; required?: string[]; $ref?: string };
type OpenApi = {
  paths: Record<
    string,
    Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> }; parameters?: { name: string; in: string; schema?: Property }[] }>
  >;
  components: { schemas: Record<string, Schema> };
};

/**
 * Bad input never gets a 5xx (api.md). Every write route the OpenAPI document lists gets bodies made of
 * its own fields (and some it does not have), each holding a value of any kind: right, wrong, empty,
 * huge, of another type, or naming something real; every read route gets query strings so made; the
 * import gets random files. Every answer must be a success or an api.md error.
 */
describe('bad input, at random, never gets a 5xx', () => {
  let h: ApiHarness;
  let coordinator: string;
  const ROUTES_LEFT_OUT = new Set([
    // These change what every other route meets (a rebuild in the background, a person erased for good).
    'POST /projections/{name}/rebuild',
    'POST /participants/{id}/erase',
    // Their bodies are CSV, tried below.
    'POST /participants/imports',
    'POST /pairs/imports',
    'POST /pairs/meetings/imports',
    'POST /pairs/actions/imports',
    'POST /pairs/reflections/imports',
    'POST /pairs/outcomes/imports',
    'POST /pairs/milestones/imports',
  ]);

  beforeAll(async () => {
    h = await ApiHarness.start();
    coordinator = await h.user('coordinator');
  });
  afterAll(() => h.stop());

  it('answers random bodies to every write route with a success or an api.md error', async () => {
    const ids = await seedPair(h, coordinator);
    const action = await h.request('POST', `/pairs/${ids.pairId}/actions`, {
      token: coordinator,
      body: { description: 'd', ownerId: ids.lep, agreedOn: '2026-02-01' },
    });
    const someone = await h.request('POST', '/users', { body: { name: 'Fuzz target', role: 'evaluator' } });
    const doc = (await h.request('GET', '/openapi.json')).body as OpenApi;
    const { next, pick } = generator(0);
    const real = [ids.cohortId, ids.lep, ids.pro, ids.pairId, action.body.id as string, someone.body.id as string];
    const values = (field: string): unknown[] => [
      null,
      '',
      ' ',
      'x',
      'a\nb',
      'é✓ 中文',
      'x'.repeat(3000),
      0,
      -1,
      1.5,
      3,
      60,
      1e308,
      true,
      [],
      {},
      ['x'],
      [pick(real)],
      { name: 'n', unit: 'u', baseline: 1, value: 2 },
      '2026-02-10',
      '2026-02-30',
      '9999-12-31',
      '0100-01-01',
      randomUUID(),
      pick(real),
      'f'.repeat(64),
      ...(/On$/.test(field) ? ['2026-03-01', '2025-01-01', 'tomorrow'] : []),
      ...(/Ids?$/.test(field) ? [real, [ids.lep, ids.pro], [randomUUID()]] : []),
    ];
    // Mostly a value of the field's own kind, so that bodies get past validation to the rules behind it.
    const plausible = (field: string, property: Property): unknown => {
      if (property.enum) return pick(property.enum);
      if (property.$ref) return { name: 'n', unit: 'u', baseline: 1, value: 2 };
      if (property.format === 'date') return pick(['2026-01-05', '2026-02-10', '2026-03-01', '2026-01-01']);
      if (property.type === 'number' || property.type === 'integer') return Math.floor(next() * 100) + 1;
      if (property.type === 'boolean') return next() < 0.5;
      if (property.type === 'array') {
        if (property.items?.enum) return [pick(property.items.enum)];
        return /Ids$/.test(field) ? pick([[ids.lep], [ids.lep, ids.pro], [ids.pro]]) : ['a topic'];
      }
      if (/Id$/.test(field)) return pick(real);
      if (field === 'contentHash') return 'f'.repeat(64);
      return pick(['text', 'a reason', 'Wave 9']);
    };
    const bodyFor = (schema: Schema | undefined): Record<string, unknown> => {
      const resolved = schema?.$ref ? doc.components.schemas[schema.$ref.split('/').pop()!] : schema;
      const body: Record<string, unknown> = {};
      for (const [field, property] of Object.entries(resolved?.properties ?? {})) {
        if (next() > (resolved?.required?.includes(field) ? 0.9 : 0.5)) continue;
        body[field] = next() < 0.7 ? plausible(field, property) : pick(values(field));
      }
      if (next() < 0.05) body.unknownField = pick(values('unknownField'));
      return body;
    };
    const pathFor = (path: string) =>
      path
        .replace(
          '{id}',
          path.startsWith('/users') ? someone.body.id : path.startsWith('/cohorts') ? ids.cohortId : path.startsWith('/participants') ? ids.lep : ids.pairId,
        )
        .replace('{pairId}', ids.pairId)
        .replace('{actionId}', pick([action.body.id as string, randomUUID(), 'x']))
        .replace('{scope}', pick(['quotes', 'participation', 'case-study', 'everything']))
        .replace('{tokenId}', pick([someone.body.tokenId as string, randomUUID()]));

    const seen = { success: 0, refused: 0 };
    const failures: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        if (!['post', 'put', 'patch'].includes(method) || ROUTES_LEFT_OUT.has(route)) continue;
        for (let i = 0; i < 40; i++) {
          const body = bodyFor(operation.requestBody?.content?.['application/json']?.schema);
          const token = path.startsWith('/users') || path.startsWith('/audit') ? undefined : coordinator;
          const reply = await h.request(method.toUpperCase(), pathFor(path), { token, body });
          if (answeredBadly(reply)) {
            failures.push(`${route} ${JSON.stringify(body).slice(0, 300)} → ${reply.status} ${reply.text.slice(0, 200)}`);
          }
          if (reply.status < 300) seen.success++;
          else seen.refused++;
        }
      }
    }
    expect(failures).toEqual([]);
    // The bodies reach past validation as well as being refused by it.
    expect(seen.success).toBeGreaterThan(60);
    expect(seen.refused).toBeGreaterThan(300);
  }, 60_000);

  it('answers every read route, given random query strings, with a success or an api.md error', async () => {
    const ids = await seedPair(h, coordinator);
    const doc = (await h.request('GET', '/openapi.json')).body as OpenApi;
    const { next, pick } = generator(1);
    const junk = [
      '',
      'x',
      '-1',
      '0',
      '1',
      '1000',
      '1001',
      '99999999999999999999',
      '2026-02-30',
      '2025-12-31',
      '0001-01',
      '9999-12',
      '2026-01',
      '9999-12-31',
      '2026-06-01T09:30:00Z',
      'true',
      '%',
      ids.cohortId,
      ids.pairId,
      'system',
      'MeetingHeld',
      `pair-${ids.pairId}`,
    ];
    const valueFor = (property: Property | undefined) => (property?.enum && next() < 0.6 ? pick(property.enum) : pick(junk));
    const failures: string[] = [];
    let answered = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      const get = operations.get;
      const query = (get?.parameters ?? []).filter((p) => p.in === 'query');
      if (!get || query.length === 0) continue;
      for (let i = 0; i < 30; i++) {
        const params = new URLSearchParams(query.filter(() => next() < 0.5).map((p): [string, string] => [p.name, String(valueFor(p.schema))]));
        if (next() < 0.05) params.set('asof', '2026-01-01');
        // A parameter given twice reaches a route as a list.
        if (query.length > 0 && next() < 0.1) {
          const twice = pick(query);
          params.append(twice.name, String(valueFor(twice.schema)));
          params.append(twice.name, String(valueFor(twice.schema)));
        }
        const url = `${path
          .replace('{id}', path.includes('cohorts') ? ids.cohortId : ids.pairId)
          .replace('{pairId}', ids.pairId)
          .replace('{contentHash}', 'f'.repeat(64))}?${params}`;
        const reply = await h.request('GET', url);
        answered++;
        if (answeredBadly(reply)) failures.push(`GET ${url} → ${reply.status} ${reply.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(300);
  }, 60_000);

  it.each([
    ['participants', '/participants/imports', PARTICIPANT_COLUMNS],
    ['pairs', '/pairs/imports', PAIR_COLUMNS],
    ['meetings', '/pairs/meetings/imports', MEETING_COLUMNS],
    ['actions', '/pairs/actions/imports', ACTION_COLUMNS],
    ['reflections', '/pairs/reflections/imports', REFLECTION_COLUMNS],
    ['outcomes', '/pairs/outcomes/imports', OUTCOME_COLUMNS],
    ['milestones', '/pairs/milestones/imports', MILESTONE_COLUMNS],
  ])(
    'answers random %s files with a success or an api.md error',
    async (_kind, route, known) => {
      const { next, pick } = generator(2);
      const columns = [...known, 'Shoe'];
      const cells = [
        '',
        'Wave 1',
        'Ann Smith',
        'Dr Bob Jones',
        'cardiac',
        'Ann Lee',
        '"Lee, Ann"',
        '"a ""quoted"" name"',
        '"two\nlines"',
        'lived-experience',
        'professional',
        'carer',
        'x',
        'other',
        'healthwatch',
        '2026-01-05',
        '2026-02-30',
        'participation',
        'participation;case-study;named',
        'signed form',
        'a@b.org',
        'not-an-email',
        ';',
        '\t',
        '"',
        'é✓',
        '60',
        '-5',
        'video',
        'In person',
        'Lee Partner',
        'Pat Professional',
        'Lee Partner;Pat Professional',
        'finding-partner;embedding',
        '4 - mostly equal',
        'Service change',
        '1,250',
        'yes',
      ];
      const failures: string[] = [];
      for (let i = 0; i < 60; i++) {
        const header = columns.filter(() => next() < 0.7);
        const lines = Array.from({ length: Math.floor(next() * 4) }, () => header.map(() => pick(cells)).join(pick([',', ',', ',', ';'])));
        const csv = [header.join(','), ...lines].join(pick(['\n', '\r\n']));
        const reply = await h.request('POST', `${route}${next() < 0.7 ? '?dryRun=true' : ''}`, {
          token: coordinator,
          raw: csv,
          headers: { 'content-type': 'text/csv' },
        });
        if (answeredBadly(reply)) failures.push(`${JSON.stringify(csv).slice(0, 300)} → ${reply.status} ${reply.text.slice(0, 200)}`);
      }
      expect(failures).toEqual([]);
    },
    60_000,
  );
});
