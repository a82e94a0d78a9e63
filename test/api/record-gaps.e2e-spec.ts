import { demoId } from '@pairtrail/application';
import type { PairGaps as RouteGaps } from '@pairtrail/projections';
import { ApiHarness, type Reply } from '../support/api-harness';

/** A pair's gaps as `byHand` works them out: without the cohort and status the route adds. */
type PairGaps = Omit<RouteGaps, 'cohortId' | 'status'>;
interface Gaps {
  gaps: { gap: string; count: number; pairs: number; says: string }[];
  pairs: number;
  items: RouteGaps[];
}
interface PairDetail {
  pairId: string;
  livedExperiencePartnerId: string;
  professionalPartnerId: string;
  initiative?: { title: string };
  focus: string;
  meetings: { approaches: string[] }[];
  actions: { dueOn?: string; completed?: unknown; dropped?: unknown }[];
  outcomes: { evidence?: string; measure?: unknown }[];
  reflections: { participantId: string }[];
}

describe('GET /evaluation/gaps: what the record is missing that the figures need', () => {
  let h: ApiHarness;
  let coordinator: string;
  const cohort = demoId('cohortId', 'cohort');
  const neuro = demoId('pairId', 'neuro:formed');

  const get = (path: string, token = coordinator): Promise<Reply> => h.readAfterWrites(path, token);
  const gaps = async (query = ''): Promise<Gaps> => {
    const r = await get(`/evaluation/gaps${query}`);
    if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
    return r.body as unknown as Gaps;
  };
  const write = (path: string, body: unknown) => h.posted(path, body, coordinator);

  /** A pair's gaps worked out from the pair as GET /pairs/:id gives it, apart from the route's own reading. */
  const byHand = (p: PairDetail): PairGaps => ({
    pairId: p.pairId,
    title: p.initiative?.title ?? p.focus,
    partnersReflectedFewerThanTwice: [p.livedExperiencePartnerId, p.professionalPartnerId].filter(
      (id) => p.reflections.filter((r) => r.participantId === id).length < 2,
    ).length,
    meetingsWithoutApproach: p.meetings.filter((m) => m.approaches.length === 0).length,
    openActionsWithoutDueDate: p.actions.filter((a) => !a.completed && !a.dropped && !a.dueOn).length,
    outcomesWithoutEvidence: p.outcomes.filter((o) => !o.evidence).length,
    outcomesWithoutMeasure: p.outcomes.filter((o) => !o.measure).length,
    initiativeUndefined: !p.initiative,
  });
  const everyPairByHand = async (): Promise<PairGaps[]> => {
    const ids = ((await get('/pairs?view=summary')).body.items as { pairId: string }[]).map((p) => p.pairId);
    return Promise.all(ids.map(async (id) => byHand((await get(`/pairs/${id}`)).body as unknown as PairDetail)));
  };
  const missesSomething = (p: PairGaps) =>
    p.initiativeUndefined ||
    p.partnersReflectedFewerThanTwice + p.meetingsWithoutApproach + p.openActionsWithoutDueDate + p.outcomesWithoutEvidence + p.outcomesWithoutMeasure > 0;

  beforeAll(async () => {
    ({ h, coordinator } = await ApiHarness.withDemo());
  });
  afterAll(() => h.stop());

  it("counts each gap over the demo's pairs, as each pair's own record shows it, and says what it means", async () => {
    const found = await gaps();
    const expected = (await everyPairByHand()).filter(missesSomething).sort((a, b) => a.title.localeCompare(b.title));
    expect(found.pairs).toBe(3);
    expect(found.items.map(byHandKeys)).toEqual(expected);
    // The demo, by hand: one meeting each of the neuro and vanguard pairs names no approach; the neuro pair
    // has an outcome with no evidence; four outcomes have no measure.
    expect(found.gaps).toEqual([
      expect.objectContaining({ gap: 'meetingsWithoutApproach', count: 2, pairs: 2 }),
      expect.objectContaining({ gap: 'outcomesWithoutEvidence', count: 1, pairs: 1 }),
      expect.objectContaining({ gap: 'outcomesWithoutMeasure', count: 4, pairs: 3 }),
    ]);
    expect(found.gaps[0]!.says).toBe(
      "2 meetings in 2 pairs name no approach: no approach's figures count them. A correction naming the approaches practised puts it right.",
    );
  });

  it('moves as the record is put right, and as new pairs come', async () => {
    // A new pair: two partners yet to reflect, no initiative, an action with no date due, an outcome with neither evidence nor measure.
    const person = (perspective: string, name: string) => h.consentingPerson(coordinator, perspective, name);
    const [lived, pro] = [await person('lived-experience', 'Gap Lived'), await person('professional', 'Gap Pro')];
    const pair = await write('/pairs', {
      cohortId: cohort,
      livedExperiencePartnerId: lived,
      professionalPartnerId: pro,
      focus: 'Gaps',
      serviceArea: 'gaps',
    });
    await write(`/pairs/${pair.id}/actions`, { description: 'Someday', ownerId: lived });
    await write(`/pairs/${pair.id}/outcomes`, { category: 'other', description: 'Something changed', spread: 'pair' });
    let found = await gaps();
    expect(found.items.find((p) => p.pairId === pair.id)).toEqual({
      pairId: pair.id,
      cohortId: cohort,
      title: 'Gaps',
      status: 'active',
      partnersReflectedFewerThanTwice: 2,
      meetingsWithoutApproach: 0,
      openActionsWithoutDueDate: 1,
      outcomesWithoutEvidence: 1,
      outcomesWithoutMeasure: 1,
      initiativeUndefined: true,
    });
    expect(found.gaps.find((g) => g.gap === 'initiativeUndefined')).toMatchObject({
      count: 1,
      pairs: 1,
      says: '1 pair has yet to define its initiative, which the funnel counts: what it set out to do, and how it will know it has.',
    });

    // The neuro pair's outcome given its evidence by a correction: that gap closes.
    const timeline = (await get(`/pairs/${neuro}/timeline`)).body.items as { eventId: string; type: string; data: { evidence?: string } }[];
    const bare = timeline.find((e) => e.type === 'OutcomeRecorded' && !e.data.evidence)!;
    await write(`/pairs/${neuro}/corrections`, {
      targetEventId: bare.eventId,
      reason: 'Evidence found',
      replacement: { evidence: 'Forum minutes, June 2026' },
    });
    found = await gaps();
    expect(found.items.find((p) => p.pairId === neuro)!.outcomesWithoutEvidence).toBe(0);
    expect(found.gaps.find((g) => g.gap === 'outcomesWithoutEvidence')).toMatchObject({ count: 1, pairs: 1 });
    expect(found.items.map(byHandKeys)).toEqual((await everyPairByHand()).filter(missesSomething).sort((a, b) => a.title.localeCompare(b.title)));
  });

  it('narrows to a cohort, downloads as a spreadsheet, and refuses a cohort that is not there and a pair member', async () => {
    const other = await write('/cohorts', { name: 'Empty wave', startsOn: '2026-10-01' });
    expect(await gaps(`?cohortId=${other.id}`)).toEqual({ gaps: [], pairs: 0, items: [] });
    expect((await gaps(`?cohortId=${cohort}`)).items.length).toBeGreaterThan(0);
    const csv = await get('/evaluation/gaps?format=csv');
    expect(csv.status).toBe(200);
    const [header, ...rows] = csv.text.trim().split('\r\n');
    expect(header).toBe(
      'pairId,cohortId,title,status,partnersReflectedFewerThanTwice,meetingsWithoutApproach,openActionsWithoutDueDate,outcomesWithoutEvidence,outcomesWithoutMeasure,initiativeUndefined,asOf,position',
    );
    expect(rows).toHaveLength((await gaps()).items.length);
    const empty = await get(`/evaluation/gaps?format=csv&cohortId=${other.id}`);
    expect(empty.text.trim().split('\r\n')).toHaveLength(1);
    expect((await get('/evaluation/gaps?cohortId=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('/evaluation/gaps?format=xlsx')).status).toBe(400);
    const member = await h.user('pair-member', demoId('participantId', 'person:david'));
    expect((await get('/evaluation/gaps', member)).status).toBe(403);
  });
});

/** A row of the route as `byHand` works it out. */
function byHandKeys({ cohortId: _cohortId, status: _status, ...worked }: RouteGaps): PairGaps {
  return worked;
}
