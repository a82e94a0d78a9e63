import { demoId } from '@pairtrail/application';
import { addDays } from '@pairtrail/domain';
import { ApiHarness, type Reply } from '../support/api-harness';

interface Entry {
  pairId: string;
  title: string;
  eventId: string;
  type: string;
  on: string;
  summary: string;
  details: string[];
  corrections: number;
}

describe('GET /timeline: what happened across the programme in a period', () => {
  let h: ApiHarness;
  let coordinator: string;
  let today: string;
  const neuro = demoId('pairId', 'neuro:formed');
  const vanguard = demoId('pairId', 'vanguard:formed');
  const cardiac = demoId('pairId', 'cardiac:formed');
  const cohort = demoId('cohortId', 'cohort');

  const get = (query: string, token = coordinator): Promise<Reply> => h.readAfterWrites(`/timeline${query}`, token);
  const read = async (query: string, token = coordinator) => {
    const r = await get(query, token);
    if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
    return r.body as {
      from: string;
      to: string;
      latestBefore: string | null;
      counts: { type: string; entries: number; pairs: number }[];
      items: Entry[];
      next: string | null;
      position: string;
    };
  };
  const created = (r: Reply) => {
    if (r.status >= 300) throw new Error(`${r.status} ${r.text}`);
    return r.body.id as string;
  };

  beforeAll(async () => {
    ({ h, coordinator } = await ApiHarness.withDemo());
    today = h.today();
  });
  afterAll(() => h.stop());

  it("counts and lists a period's entries, newest first, each with its pair and what it is about", async () => {
    // June to August 2026 of the demo, as each pair's timeline holds it: the vanguard's outcome (1 June),
    // reflections (5, 6 June) and review meeting (25 June); the neuro pair's call (3 June), milestone (17
    // June), outcome (20 June), reflection (25 June) and launch (8 July); the cardiac pair's milestone (10
    // June), outcome (12 June), meetings (26 June, 26 July) and reflections (20, 21 August).
    const period = await read('?from=2026-06-01&to=2026-08-31');
    const counted = Object.fromEntries(period.counts.filter((c) => c.entries > 0).map((c) => [c.type, [c.entries, c.pairs]]));
    expect(counted).toEqual({ MeetingHeld: [5, 3], OutcomeRecorded: [3, 3], MilestoneReached: [2, 2], ReflectionRecorded: [5, 3] });
    expect(period.items.map((e) => e.on)).toEqual([
      '2026-08-21',
      '2026-08-20',
      '2026-07-26',
      '2026-07-08',
      '2026-06-26',
      '2026-06-25',
      '2026-06-25',
      '2026-06-20',
      '2026-06-17',
      '2026-06-12',
      '2026-06-10',
      '2026-06-06',
      '2026-06-05',
      '2026-06-03',
      '2026-06-01',
    ]);
    const milestone = period.items.find((e) => e.type === 'MilestoneReached' && e.pairId === neuro)!;
    expect(milestone).toMatchObject({ title: 'No gap after the ward', on: '2026-06-17', details: ['Peer support group launched'] });
    const outcome = period.items.find((e) => e.type === 'OutcomeRecorded' && e.pairId === vanguard)!;
    expect(outcome.details).toEqual([
      'Resident testing is a condition of every vanguard hub contract',
      'Measure: care models tested with residents before commissioning, from 0 models to 3 models',
      'Evidence: Hub contract, May 2026',
    ]);
    // Who reflected, by name, as the pair's screen says it.
    expect(period.items.find((e) => e.type === 'ReflectionRecorded' && e.on === '2026-08-20')!.details[0]).toBe('Margaret Hughes (may be quoted)');
    // Oldest first is the same list turned round.
    const oldest = await read('?from=2026-06-01&to=2026-08-31&order=oldest');
    expect(oldest.items.map((e) => e.eventId)).toEqual(period.items.map((e) => e.eventId).reverse());
  });

  it("holds every pair's timeline entry of the period, as corrected, and none retracted", async () => {
    const whole = await read(`?from=2020-01-01&to=${today}&limit=1000`);
    const expected: string[] = [];
    for (const pairId of [neuro, vanguard, cardiac]) {
      const timeline = (await h.request('GET', `/pairs/${pairId}/timeline`, { token: coordinator })).body.items as {
        eventId: string;
        on: string;
        corrections: unknown[];
        retracted: unknown;
      }[];
      // The demo corrects and retracts: both are in what is compared.
      expected.push(...timeline.filter((e) => e.retracted === null).map((e) => `${e.eventId}|${e.on}|${e.corrections.length}`));
    }
    expect(whole.items.map((e) => `${e.eventId}|${e.on}|${e.corrections}`).sort()).toEqual(expected.sort());
    expect(whole.items.some((e) => e.corrections > 0)).toBe(true);
    expect(whole.counts.reduce((n, c) => n + c.entries, 0)).toBe(expected.length);
  });

  it('pages through the period without losing or repeating an entry, and narrows to a kind and a cohort', async () => {
    const whole = await read('?from=2025-01-01&to=2026-12-31&limit=1000');
    const paged: string[] = [];
    let cursor = '';
    do {
      const page = await read(`?from=2025-01-01&to=2026-12-31&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.counts).toEqual(whole.counts);
      paged.push(...page.items.map((e) => e.eventId));
      cursor = page.next ?? '';
    } while (cursor);
    expect(paged).toEqual(whole.items.map((e) => e.eventId));
    const outcomes = await read('?from=2025-01-01&to=2026-12-31&kind=outcomes');
    expect(outcomes.items.length).toBe(whole.items.filter((e) => e.type === 'OutcomeRecorded').length);
    expect(outcomes.items.every((e) => e.type === 'OutcomeRecorded')).toBe(true);
    expect(outcomes.counts.map((c) => c.type)).toEqual(['OutcomeRecorded']);
    const course = await read('?from=2025-01-01&to=2026-12-31&kind=course&order=oldest');
    expect(course.items.map((e) => e.type)).toContain('PairConcluded');
    expect(course.items[0]!.type).toBe('PairFormed');
    expect((await read(`?from=2025-01-01&to=2026-12-31&cohortId=${cohort}&limit=1000`)).items).toEqual(whole.items);
  });

  it('takes the four weeks to today by default, and gives what was recorded since as it happens', async () => {
    const period = await read('');
    expect([period.from, period.to]).toEqual([addDays(today, -27), today]);
    expect(period.items).toEqual([]);
    // Nothing in it: the answer says when the latest entry before it is dated, the newest of the whole record.
    const whole = await read(`?from=2020-01-01&to=${today}&limit=1`);
    expect(period.latestBefore).toBe(whole.items[0]!.on);
    expect(whole.latestBefore).toBeNull();
    expect((await read('?from=2025-01-01&to=2025-01-31')).latestBefore).toBeNull();
    // Of the kind asked for: the latest milestone before the demo's July 2026 is the neuro pair's, on 17 June.
    expect((await read('?from=2026-07-01&to=2026-07-31&kind=milestones')).latestBefore).toBe('2026-06-17');
    const agreed = created(
      await h.request('POST', `/pairs/${neuro}/actions`, {
        token: coordinator,
        body: { description: 'Book the next forum', ownerId: demoId('participantId', 'person:david'), agreedOn: addDays(today, -40) },
      }),
    );
    created(
      await h.request('POST', `/pairs/${neuro}/actions/${agreed}/complete`, { token: coordinator, body: { completedOn: addDays(today, -2), note: 'Booked' } }),
    );
    created(
      await h.request('POST', `/pairs/${neuro}/meetings`, {
        token: coordinator,
        body: {
          heldOn: addDays(today, -1),
          durationMinutes: 30,
          format: 'phone',
          attendeeIds: [demoId('participantId', 'person:david')],
          topics: [],
          notes: 'Call',
          approaches: [],
        },
      }),
    );
    const now = await read('');
    // The completion says which action, though it was agreed before the period; the agreeing is not in it.
    expect(now.items.map((e) => [e.type, e.on, e.details])).toEqual([
      ['MeetingHeld', addDays(today, -1), ['Call']],
      ['ActionCompleted', addDays(today, -2), ['Book the next forum', 'Note: Booked']],
    ]);
    const before = now.position;
    // Moved out of the period by a correction, the meeting leaves it; retracted, the completion does.
    created(
      await h.request('POST', `/pairs/${neuro}/corrections`, {
        token: coordinator,
        body: { targetEventId: now.items[0]!.eventId, reason: 'Wrong month', replacement: { heldOn: addDays(today, -45) } },
      }),
    );
    const completion = now.items[1]!.eventId;
    created(await h.request('POST', `/pairs/${neuro}/retractions`, { token: coordinator, body: { targetEventId: completion, reason: 'Not yet booked' } }));
    expect((await read('')).items).toEqual([]);
    const moved = await read(`?from=${addDays(today, -45)}&to=${addDays(today, -45)}`);
    expect(moved.items.map((e) => [e.eventId, e.corrections])).toEqual([[now.items[0]!.eventId, 1]]);
    // As recorded up to the earlier position, the period is as it was read then.
    expect((await read(`?position=${before}`)).items.map((e) => e.eventId)).toEqual(now.items.map((e) => e.eventId));
  });

  it("gives a pair member their own pairs' entries alone, and one pair's story to whoever may read it", async () => {
    const david = await h.user('pair-member', demoId('participantId', 'person:david'));
    const theirs = await read('?from=2025-01-01&to=2026-12-31&limit=1000', david);
    expect(theirs.items.length).toBeGreaterThan(0);
    expect(new Set(theirs.items.map((e) => e.pairId))).toEqual(new Set([neuro]));
    // One pair's story: its entries of the period alone, to its partner as to a coordinator; another's is refused him.
    const story = await read(`?pairId=${neuro}&from=2025-01-01&to=2026-12-31&limit=1000`, david);
    expect(story.items.map((e) => e.eventId)).toEqual(theirs.items.map((e) => e.eventId));
    expect((await read(`?pairId=${vanguard}&from=2025-01-01&to=2026-12-31&limit=1000`)).items.every((e) => e.pairId === vanguard)).toBe(true);
    expect((await get(`?pairId=${vanguard}`, david)).status).toBe(403);
    expect((await get('?pairId=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const document = await get(`?pairId=${neuro}&from=2026-06-01&to=2026-06-30&format=md`, david);
    expect(document.text).toContain('# What happened in No gap after the ward, 1 June 2026 to 30 June 2026\n');
    expect(document.text).toContain('3 June 2026: Meeting held');
  });

  it('downloads the period as a spreadsheet and as a document, at the position the screen read it', async () => {
    const period = await read('?from=2026-06-01&to=2026-08-31');
    const csv = await get(`?from=2026-06-01&to=2026-08-31&format=csv&position=${period.position}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="timeline-2026-06-01-to-2026-08-31.csv"');
    const [header, ...rows] = csv.text.trim().split('\r\n');
    expect(header).toBe('pairId,cohortId,title,eventId,type,on,recordedAt,summary,details,corrections,asOf,position');
    expect(csv.text).toContain(`,0,${today},${period.position}\r\n`);
    // The outcome's three lines of details in one cell.
    expect(csv.text).toContain('"Resident testing is a condition of every vanguard hub contract\nMeasure: care models tested');
    expect(rows.length).toBeGreaterThanOrEqual(period.items.length);
    const md = await get(`?from=2026-06-01&to=2026-08-31&format=md&position=${period.position}`);
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md.text).toContain('# What happened, 1 June 2026 to 31 August 2026\n');
    expect(md.text).toContain('5 meetings held, in 3 pairs; 3 outcomes recorded, in 3 pairs; 2 milestones reached, in 2 pairs; 5 reflections, in 3 pairs.');
    expect(md.text).toContain('## No gap after the ward\n\n- 3 June 2026: Meeting held: 45 min, phone, 2 attending\n  Topics: check-in\n');
    expect(md.text).toContain(`as recorded up to log position ${period.position}`);
    const none = await get('?from=2026-07-01&to=2026-07-31&kind=milestones&format=md');
    expect(none.text).toContain('Nothing was recorded as happening in this period; the latest entry before it is dated 17 June 2026.');
    const html = await get(`?from=2026-06-01&to=2026-08-31&format=html&cohortId=${cohort}`);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.text).toContain('<h1>What happened in Northfield collaborative pairs, wave 1, 1 June 2026 to 31 August 2026</h1>');
  });

  it('refuses a period, kind, order, cohort or cursor it cannot read, naming it', async () => {
    const problems = async (query: string) => {
      const r = await get(query);
      return [r.status, (r.body.details ?? []).map((d: { field: string }) => d.field)];
    };
    expect(await problems('?from=2026-02-30')).toEqual([400, ['from']]);
    expect(await problems('?from=2026-09-01&to=2026-08-01')).toEqual([400, ['from']]);
    expect(await problems('?kind=meeting')).toEqual([400, ['kind']]);
    expect(await problems('?order=latest')).toEqual([400, ['order']]);
    expect(await problems('?format=xlsx')).toEqual([400, ['format']]);
    expect(await problems('?cursor=abc')).toEqual([400, ['cursor']]);
    expect(await problems('?since=2026-01-01')).toEqual([400, ['since']]);
    expect((await get('?cohortId=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('?from=2026-09-01&to=2026-08-01')).body.details[0].message).toBe("must be on or before the period's last day (2026-08-01)");
  });
});
