import { demoId } from '@pairtrail/application';
import { daysBetween } from '@pairtrail/domain';
import type { ReflectionDue } from '@pairtrail/projections';
import { ApiHarness, type Reply } from '../support/api-harness';

interface PairDetail {
  pairId: string;
  status: string;
  livedExperiencePartnerId: string;
  professionalPartnerId: string;
  reflections: { participantId: string; recordedOn: string }[];
}

describe('GET /reflections/due: each partner asked to reflect, the longest waiting first', () => {
  let h: ApiHarness;
  let coordinator: string;
  let today: string;
  const neuro = demoId('pairId', 'neuro:formed');
  const claire = demoId('participantId', 'person:claire');
  const david = demoId('participantId', 'person:david');
  const cohort = demoId('cohortId', 'cohort');

  const get = (path: string, token = coordinator): Promise<Reply> => h.readAfterWrites(path, token);
  const due = async (query = '', token = coordinator): Promise<ReflectionDue[]> => {
    const r = await get(`/reflections/due${query}`, token);
    if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
    expect(r.body.next).toBeNull();
    return r.body.items as ReflectionDue[];
  };
  const write = (path: string, body: unknown) => h.posted(path, body, coordinator);
  /** Who is due, worked out from each pair going on as GET /pairs/:id gives it: none yet, or the last a quarter (91 days) old. */
  const byHand = async (): Promise<string[]> => {
    const ids = ((await get('/pairs?view=summary')).body.items as { pairId: string }[]).map((p) => p.pairId);
    const pairs = await Promise.all(ids.map(async (id) => (await get(`/pairs/${id}`)).body as PairDetail));
    return pairs
      .filter((p) => p.status !== 'concluded')
      .flatMap((p) =>
        [p.livedExperiencePartnerId, p.professionalPartnerId].flatMap((who) => {
          const last = p.reflections
            .filter((r) => r.participantId === who)
            .reduce<string | null>((l, r) => (l === null || r.recordedOn > l ? r.recordedOn : l), null);
          return last === null || daysBetween(last, today) >= 91 ? [`${p.pairId}/${who}`] : [];
        }),
      )
      .sort();
  };

  beforeAll(async () => {
    ({ h, coordinator } = await ApiHarness.withDemo());
    today = h.today();
  });
  afterAll(() => h.stop());

  it("lists who is due as each pair's own reflections say, the longest waiting first, and none of a concluded pair", async () => {
    const items = await due();
    expect(items.map((r) => `${r.pairId}/${r.participantId}`).sort()).toEqual(await byHand());
    expect(items.some((r) => r.pairId === demoId('pairId', 'cardiac:formed'))).toBe(false);
    // The demo, by hand: Claire last reflected on the neuro pair on 2 March 2026, David on 25 June.
    const claires = items.find((r) => r.participantId === claire)!;
    expect(claires).toMatchObject({
      pairId: neuro,
      name: 'Claire Bennett',
      perspective: 'professional',
      lastReflectedOn: '2026-03-02',
      daysSince: daysBetween('2026-03-02', today),
    });
    const waited = items.map((r) => r.lastReflectedOn!);
    expect(waited).toEqual([...waited].sort());
  });

  it('drops a partner once they reflect, or no longer take part, and puts a new pair first, its partners yet to reflect', async () => {
    await write(`/pairs/${neuro}/reflections`, { participantId: claire, relationshipScore: 4, text: 'Steady.', quotable: false });
    expect((await due()).some((r) => r.participantId === claire)).toBe(false);
    await write(`/participants/${david}/consents/participation/withdraw`, { pairId: neuro, reason: 'stepping back' });
    expect((await due()).some((r) => r.participantId === david && r.pairId === neuro)).toBe(false);
    const person = (perspective: string, name: string) => h.consentingPerson(coordinator, perspective, name);
    const [lived, pro] = [await person('lived-experience', 'Due Lived'), await person('professional', 'Due Pro')];
    const pair = await write('/pairs', {
      cohortId: cohort,
      livedExperiencePartnerId: lived,
      professionalPartnerId: pro,
      focus: 'New',
      serviceArea: 'new',
      formedOn: '2026-11-01',
    });
    const items = await due();
    expect(items.slice(0, 2).map((r) => [r.pairId, r.name, r.lastReflectedOn, r.daysSince])).toEqual([
      [pair.id, 'Due Lived', null, null],
      [pair.id, 'Due Pro', null, null],
    ]);
    expect(items.map((r) => `${r.pairId}/${r.participantId}`).sort()).toEqual((await byHand()).filter((key) => key !== `${neuro}/${david}`));
    // Page by page, the same list.
    const paged: ReflectionDue[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: Reply = await get(`/reflections/due?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...(page.body.items as ReflectionDue[]));
      cursor = page.body.next as string | null;
    }
    expect(paged).toEqual(items);
  });

  it('narrows to a cohort, downloads as a spreadsheet, a pair member sees their own, and a bad cohort or cursor is refused', async () => {
    const other = await write('/cohorts', { name: 'Empty wave', startsOn: '2026-10-01' });
    expect(await due(`?cohortId=${other.id}`)).toEqual([]);
    const csv = await get('/reflections/due?format=csv');
    const [header, ...rows] = csv.text.trim().split('\r\n');
    expect(header).toBe('pairId,cohortId,title,participantId,name,perspective,formedOn,lastReflectedOn,daysSince,asOf,position');
    expect(rows).toHaveLength((await due()).length);
    const member = await h.user('pair-member', demoId('participantId', 'person:joan'));
    const hers = await due('', member);
    expect(hers.length).toBeGreaterThan(0);
    expect(new Set(hers.map((r) => r.pairId))).toEqual(new Set([demoId('pairId', 'vanguard:formed')]));
    expect((await get('/reflections/due?cohortId=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('/reflections/due?cursor=nope')).status).toBe(400);
    expect((await get('/reflections/due?format=xlsx')).status).toBe(400);
  });
});
