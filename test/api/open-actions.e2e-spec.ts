import { demoId, runDemo } from '@pairtrail/application';
import { addDays, dateInZone, daysBetween } from '@pairtrail/domain';
import { ADMIN_TOKEN, ApiHarness, seedPair, type Reply } from '../support/api-harness';

interface Listed {
  pairId: string;
  actionId: string;
  title: string;
  pairStatus: string;
  description: string;
  ownerId: string;
  ownerName: string | null;
  dueOn: string | null;
  overdue: boolean;
  daysOverdue: number | null;
}

describe('GET /actions: what is still to do, across pairs', () => {
  let h: ApiHarness;
  let coordinator: string;
  let evaluator: string;
  let today: string;
  const neuro = demoId('pairId', 'neuro:formed');
  const vanguard = demoId('pairId', 'vanguard:formed');
  const cardiac = demoId('pairId', 'cardiac:formed');
  const david = demoId('participantId', 'person:david');
  const claire = demoId('participantId', 'person:claire');
  const joan = demoId('participantId', 'person:joan');
  const ids: Record<string, string> = {};

  const created = (r: Reply) => {
    if (r.status >= 300) throw new Error(`${r.status} ${r.text}`);
    return r.body.id as string;
  };
  const agree = async (pairId: string, body: Record<string, unknown>) =>
    created(await h.request('POST', `/pairs/${pairId}/actions`, { token: coordinator, body: { agreedOn: addDays(today, -20), ...body } }));
  const list = async (query = '', token = coordinator): Promise<Listed[]> => {
    const head = (await h.runtime.store.stats()).lastPosition.toString();
    const r = await h.request('GET', `/actions${query}`, { token, headers: { 'x-min-position': head } });
    if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
    return r.body.items;
  };
  const descriptions = (items: Listed[]) => items.map((a) => a.description);

  beforeAll(async () => {
    h = await ApiHarness.start();
    await runDemo(h.runtime.app);
    coordinator = await h.user('coordinator');
    evaluator = await h.user('evaluator');
    today = dateInZone(new Date(), h.runtime.config.timeZone);
    ids.soon = await agree(neuro, { description: 'Soon: book the family forum room', ownerId: david, dueOn: addDays(today, 10) });
    ids.undated = await agree(neuro, { description: 'Undated: ask the ward for leaflets', ownerId: claire });
    const done = await agree(vanguard, { description: 'Done: send the survey', ownerId: joan, dueOn: addDays(today, 3) });
    created(await h.request('POST', `/pairs/${vanguard}/actions/${done}/complete`, { token: coordinator, body: { completedOn: today } }));
    const dropped = await agree(neuro, { description: 'Dropped: print posters', ownerId: david, dueOn: addDays(today, -3) });
    created(await h.request('POST', `/pairs/${neuro}/actions/${dropped}/drop`, { token: coordinator, body: { reason: 'No budget' } }));
  });
  afterAll(() => h.stop());

  it('lists every open action, the most overdue first, then by due date, those without one last, each with its pair and owner', async () => {
    const items = await list();
    expect(descriptions(items)).toEqual([
      'Write the named-contact role with families',
      'Write a Healthwatch report on the hub walk-through',
      'Soon: book the family forum room',
      'Undated: ask the ward for leaflets',
    ]);
    const [late, later, soon, undated] = items as [Listed, Listed, Listed, Listed];
    expect(late).toMatchObject({
      pairId: neuro,
      title: 'No gap after the ward',
      pairStatus: 'active',
      ownerId: claire,
      ownerName: 'Claire Bennett',
      overdue: true,
    });
    expect(late.daysOverdue).toBe(daysBetween(late.dueOn!, today));
    expect(later).toMatchObject({ pairId: vanguard, ownerName: 'Joan Whitaker', overdue: true });
    expect(soon).toMatchObject({ actionId: ids.soon, ownerId: david, ownerName: 'David Okafor', dueOn: addDays(today, 10), overdue: false, daysOverdue: null });
    expect(undated).toMatchObject({ actionId: ids.undated, dueOn: null, overdue: false, daysOverdue: null });
    // The count each pair gives is the count of its listed overdue actions.
    for (const pairId of [neuro, vanguard]) {
      const pair = (await h.request('GET', `/pairs/${pairId}`, { token: coordinator })).body;
      expect(items.filter((a) => a.pairId === pairId && a.overdue)).toHaveLength(pair.overdueActions);
      // And the pair says by how much each is late, as the list does.
      for (const a of items.filter((i) => i.pairId === pairId)) {
        expect(pair.actions.find((b: { actionId: string }) => b.actionId === a.actionId)).toMatchObject({ overdue: a.overdue, daysOverdue: a.daysOverdue });
      }
    }
  });

  it('narrows to the overdue, to one owner, or to one cohort', async () => {
    expect(descriptions(await list('?state=overdue'))).toEqual([
      'Write the named-contact role with families',
      'Write a Healthwatch report on the hub walk-through',
    ]);
    expect(descriptions(await list(`?ownerId=${david}`))).toEqual(['Soon: book the family forum room']);
    // Due by a check-in: the overdue, and those due on or before its day; none without a due date.
    expect(descriptions(await list(`?dueBy=${addDays(today, 10)}`))).toEqual([
      'Write the named-contact role with families',
      'Write a Healthwatch report on the hub walk-through',
      'Soon: book the family forum room',
    ]);
    expect(descriptions(await list(`?dueBy=${addDays(today, 9)}`))).toHaveLength(2);
    const cohortId = (await h.request('GET', `/pairs/${neuro}`, { token: coordinator })).body.cohortId;
    expect(await list(`?cohortId=${cohortId}`)).toHaveLength(4);
  });

  it("leaves out a concluded pair's open actions, which can no longer be completed, unless they are asked for; keeps a paused pair's", async () => {
    const other = await seedPair(h, coordinator);
    const left = await agree(other.pairId, { description: 'Left open when the pair concluded', ownerId: other.lep, dueOn: addDays(today, -1) });
    created(await h.request('POST', `/pairs/${other.pairId}/conclude`, { token: coordinator, body: { summary: 'Ended early' } }));
    expect((await list()).map((a) => a.actionId)).not.toContain(left);
    expect(await list('?pairStatus=concluded')).toEqual([
      expect.objectContaining({ actionId: left, pairId: other.pairId, title: 'Shorter waits', pairStatus: 'concluded', overdue: true, daysOverdue: 1 }),
    ]);
    // The demo's concluded pair closed every action it agreed.
    expect((await list('?pairStatus=concluded')).some((a) => a.pairId === cardiac)).toBe(false);

    created(await h.request('POST', `/pairs/${vanguard}/pause`, { token: coordinator, body: { reason: 'Leave' } }));
    expect((await list()).find((a) => a.pairId === vanguard)).toMatchObject({ pairStatus: 'paused' });
    expect((await list('?pairStatus=paused')).map((a) => a.pairId)).toEqual([vanguard]);
    created(await h.request('POST', `/pairs/${vanguard}/resume`, { token: coordinator, body: {} }));
  });

  it('pages in the same order, and refuses a cursor it did not give, an unknown filter value, cohort or owner', async () => {
    const whole = await list();
    const paged: Listed[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const r: Reply = await h.request('GET', `/actions?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: coordinator });
      expect(r.body.items.length).toBeLessThanOrEqual(1);
      paged.push(...r.body.items);
      cursor = r.body.next;
    }
    expect(paged).toEqual(whole);

    const bad = await h.request('GET', '/actions?state=late&pairStatus=done&dueBy=2026-02-30', { token: coordinator });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['dueBy', 'pairStatus', 'state']);
    expect((await h.request('GET', `/actions?cursor=${Buffer.from(neuro).toString('base64url')}`, { token: coordinator })).body).toMatchObject({
      error: 'validation',
      details: [{ field: 'cursor' }],
    });
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await h.request('GET', `/actions?cohortId=${unknown}`, { token: coordinator })).status).toBe(404);
    expect((await h.request('GET', `/actions?ownerId=${unknown}`, { token: coordinator })).status).toBe(404);
  });

  it("shows a pair member their own pairs' actions alone, and evaluators every pair's", async () => {
    const member = await h.user('pair-member', david);
    expect(new Set((await list('', member)).map((a) => a.pairId))).toEqual(new Set([neuro]));
    expect(new Set((await list('', evaluator)).map((a) => a.pairId))).toEqual(new Set([neuro, vanguard]));
  });

  it('downloads the list as CSV, every row the filters name, each saying the day and log position it was read at', async () => {
    const header = 'pairId,cohortId,title,pairStatus,actionId,description,ownerId,ownerName,agreedOn,dueOn,meetingId,overdue,daysOverdue,asOf,position';
    const r = await h.request('GET', '/actions?format=csv&state=overdue', { token: coordinator });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.headers['content-disposition']).toContain('open-actions.csv');
    const lines = r.text.trim().split('\r\n');
    expect(lines[0]).toBe(header);
    const overdue = await list('?state=overdue');
    expect(lines.slice(1).map((line) => line.split(',')[4])).toEqual(overdue.map((a) => a.actionId));
    expect(lines[1]).toContain(',Write the named-contact role with families,');
    expect(lines[1]).toContain(',Claire Bennett,');
    expect(lines[1]!.endsWith(`,true,${overdue[0]!.daysOverdue},${today},${r.headers['x-log-position']}`)).toBe(true);
    // No rows still say what the columns are.
    const none = await h.request('GET', `/actions?format=csv&ownerId=${demoId('participantId', 'person:margaret')}`, { token: coordinator });
    expect(none.text.trim()).toBe(header);
    expect((await h.request('GET', '/actions?format=xlsx', { token: coordinator })).body).toMatchObject({
      error: 'validation',
      details: [{ field: 'format' }],
    });
  });

  it('names no owner who has been erased', async () => {
    created(await h.request('POST', `/participants/${david}/erase`, { token: ADMIN_TOKEN, body: { reason: 'Asked to be forgotten' } }));
    const soon = (await list()).find((a) => a.actionId === ids.soon);
    expect(soon).toMatchObject({ ownerId: david, ownerName: null });
    expect(JSON.stringify(await list())).not.toContain('David');
  });
});
