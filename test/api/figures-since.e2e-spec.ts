import { demoId } from '@pairtrail/application';
import type { PairFigures } from '@pairtrail/projections';
import { ApiHarness, type Reply } from '../support/api-harness';

interface Since {
  cohortId: string | null;
  then: { asOf: string; position: string };
  now: { asOf: string; position: string };
  inWords: string;
  figures: { figure: string; label: string; then: number | null; now: number | null; change: number | null }[];
}

describe('GET /evaluation/since: how the headline figures moved since an earlier report', () => {
  let h: ApiHarness;
  let coordinator: string;
  let today: string;
  const neuro = demoId('pairId', 'neuro:formed');
  const cohort = demoId('cohortId', 'cohort');

  const get = (path: string, token = coordinator): Promise<Reply> => h.readAfterWrites(path, token);
  const since = async (query: string): Promise<Since> => {
    const r = await get(`/evaluation/since${query}`);
    if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
    return r.body as unknown as Since;
  };
  const valueOf = (s: Since, figure: string) => s.figures.find((f) => f.figure === figure)!;
  /** Every pair's figures as the evaluation route gives them at a look, summed by hand. */
  const summed = async (query: string) => {
    const pairs = (await get(`/evaluation/pairs${query}`)).body.items as PairFigures[];
    const sum = (of: (p: PairFigures) => number) => pairs.reduce((n, p) => n + of(p), 0);
    return {
      pairs: pairs.length,
      pairsMet: pairs.filter((p) => p.meetingsHeld > 0).length,
      meetingsHeld: sum((p) => p.meetingsHeld),
      meetingMinutes: sum((p) => p.meetingMinutes),
      actionsAgreed: sum((p) => p.actionsAgreed),
      outcomes: sum((p) => Object.values(p.outcomesByCategory).reduce((a, b) => a + b, 0)),
      pairsConcluded: pairs.filter((p) => p.status === 'concluded').length,
    };
  };

  beforeAll(async () => {
    ({ h, coordinator } = await ApiHarness.withDemo());
    today = h.today();
  });
  afterAll(() => h.stop());

  it("gives each figure then and now as the evaluation's own routes give them, and the change", async () => {
    const s = await since('?asOf=2026-06-30');
    expect(s.then.asOf).toBe('2026-06-30');
    expect(s.now.asOf).toBe(today);
    const [then, now] = [await summed('?asOf=2026-06-30'), await summed('')];
    for (const [figure, value] of Object.entries(then)) expect([figure, valueOf(s, figure).then]).toEqual([figure, value]);
    for (const [figure, value] of Object.entries(now)) expect([figure, valueOf(s, figure).now]).toEqual([figure, value]);
    for (const f of s.figures) expect([f.figure, f.change]).toEqual([f.figure, f.then === null || f.now === null ? null : f.now - f.then]);
    // The demo, by hand: after June 2026 the neuro pair's launch (8 July) and the cardiac pair's meeting of 26 July, and the cardiac pair's conclusion.
    expect(valueOf(s, 'meetingsHeld').change).toBe(2);
    expect(valueOf(s, 'pairsConcluded')).toMatchObject({ then: 0, now: 1, change: 1 });
    const cohortFigures = (await get('/evaluation/cohorts?asOf=2026-06-30')).body.items as { meanRelationshipChange: number | null }[];
    expect(valueOf(s, 'meanRelationshipChange').then).toBeCloseTo(cohortFigures[0]!.meanRelationshipChange!, 10);
    expect(s.inWords).toMatch(
      /^Since 30 June 2026 \(log position \d+\): 2 meetings held, 1 pair concluded; the mean change in relationship score moved by \+0\.\d/,
    );
  });

  it('reproduces an earlier report at its position, and counts what was recorded since', async () => {
    const before = (await get('/evaluation/summary')).headers['x-log-position'] as string;
    await h.request('POST', `/pairs/${neuro}/meetings`, {
      token: coordinator,
      body: { durationMinutes: 30, format: 'phone', attendeeIds: [demoId('participantId', 'person:david')], topics: [], notes: 'Catch-up', approaches: [] },
    });
    const s = await since(`?position=${before}&cohortId=${cohort}`);
    expect(s.cohortId).toBe(cohort);
    expect(s.then.position).toBe(before);
    expect(BigInt(s.now.position)).toBeGreaterThan(BigInt(before));
    expect(valueOf(s, 'meetingsHeld').change).toBe(1);
    expect(valueOf(s, 'meetingMinutes').change).toBe(30);
    expect(s.inWords).toContain('1 meeting held');
    // Nothing since now: said so.
    const still = await since(`?position=${s.now.position}`);
    expect(still.inWords).toMatch(/no pair has been formed, and no meeting, action or outcome recorded\.$/);
  });

  it('needs the earlier report named, and refuses what it cannot compare', async () => {
    const none = await get('/evaluation/since');
    expect(none.status).toBe(400);
    expect(none.body.details).toEqual([expect.objectContaining({ field: 'position' })]);
    expect((await get('/evaluation/since?position=abc')).status).toBe(400);
    expect((await get('/evaluation/since?asOf=2026-02-30')).status).toBe(400);
    expect((await get('/evaluation/since?asOf=2026-06-30&cohortId=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const csv = await get('/evaluation/since?asOf=2026-06-30&format=csv');
    expect(csv.status).toBe(200);
    const [header, ...rows] = csv.text.trim().split('\r\n');
    expect(header).toBe('figure,label,then,now,change,thenAsOf,thenPosition,asOf,position');
    expect(rows).toHaveLength(14);
    const member = await h.user('pair-member', demoId('participantId', 'person:david'));
    expect((await get('/evaluation/since?asOf=2026-06-30', member)).status).toBe(403);
  });
});
