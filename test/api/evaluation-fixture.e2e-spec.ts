import { demoId, runDemo } from '@pairtrail/application';
import { ApiHarness } from '../support/api-harness';

const ALL_ZERO_CATEGORIES = { serviceChange: 0, newModelOfCare: 0, patientExperience: 0, staffPractice: 0, policy: 0, relationship: 0, other: 0 };

/** The demo programme's figures as of 2026-11-22, computed by hand from demo-programme.ts. */
const EXPECTED = {
  cardiac: {
    status: 'concluded',
    daysToFirstMeeting: 14,
    meetingsHeld: 11,
    meetingMinutes: 835,
    bothPartnersPresentRate: 10 / 11,
    meanDaysBetweenMeetings: 30,
    daysSinceLastMeeting: 119,
    actionsAgreed: 5,
    actionsCompleted: 4,
    actionsDropped: 1,
    actionCompletionRate: 1,
    overdueActions: 0,
    outcomesByCategory: { ...ALL_ZERO_CATEGORIES, serviceChange: 1, patientExperience: 1, policy: 1 },
    outcomesBySpread: { pair: 0, team: 1, organisation: 2, system: 0 },
    approachesPracticed: { findingPartner: 2, developingLeadership: 2, makingTimeForLearning: 5, goingWhereEnergyIs: 3, embedding: 3 },
    relationship: { livedExperience: { first: 2, latest: 5, change: 3 }, professional: { first: 2, latest: 5, change: 3 } },
    needsAttention: false,
    attentionReasons: [],
  },
  vanguard: {
    status: 'active',
    daysToFirstMeeting: 19,
    meetingsHeld: 9,
    meetingMinutes: 615,
    bothPartnersPresentRate: 8 / 9,
    meanDaysBetweenMeetings: 31,
    daysSinceLastMeeting: 150,
    actionsAgreed: 4,
    actionsCompleted: 3,
    actionsDropped: 0,
    actionCompletionRate: 0.75,
    overdueActions: 1,
    outcomesByCategory: { ...ALL_ZERO_CATEGORIES, newModelOfCare: 1, policy: 1 },
    outcomesBySpread: { pair: 0, team: 0, organisation: 0, system: 2 },
    approachesPracticed: { findingPartner: 1, developingLeadership: 1, makingTimeForLearning: 2, goingWhereEnergyIs: 3, embedding: 2 },
    relationship: { livedExperience: { first: 3, latest: 4, change: 1 }, professional: { first: 3, latest: 5, change: 2 } },
    needsAttention: true,
    attentionReasons: ['no-recent-meeting', 'overdue-actions'],
  },
  neuro: {
    status: 'active',
    daysToFirstMeeting: 21,
    meetingsHeld: 8,
    meetingMinutes: 510,
    bothPartnersPresentRate: 1,
    meanDaysBetweenMeetings: 35,
    daysSinceLastMeeting: 137,
    actionsAgreed: 4,
    actionsCompleted: 3,
    actionsDropped: 0,
    actionCompletionRate: 0.75,
    overdueActions: 1,
    outcomesByCategory: { ...ALL_ZERO_CATEGORIES, serviceChange: 1, relationship: 1 },
    outcomesBySpread: { pair: 0, team: 1, organisation: 1, system: 0 },
    approachesPracticed: { findingPartner: 1, developingLeadership: 1, makingTimeForLearning: 2, goingWhereEnergyIs: 2, embedding: 2 },
    relationship: { livedExperience: { first: 1, latest: 4, change: 3 }, professional: { first: 2, latest: 4, change: 2 } },
    needsAttention: true,
    attentionReasons: ['no-recent-meeting', 'overdue-actions'],
  },
};

describe("the demo programme's evaluation figures", () => {
  let h: ApiHarness;
  let evaluator: string;
  let position: string;

  beforeAll(async () => {
    h = await ApiHarness.start();
    await runDemo(h.runtime.app);
    position = (await h.runtime.store.stats()).lastPosition.toString();
    evaluator = await h.user('evaluator');
  });
  afterAll(() => h.stop());

  const get = (url: string) => h.request('GET', url, { token: evaluator, headers: { 'x-min-position': position } });

  it.each(Object.entries(EXPECTED))('match the hand-computed fixture for the %s pair', async (key, expected) => {
    const pairId = demoId('pairId', `${key}:formed`);
    const r = await get(`/evaluation/pairs/${pairId}?asOf=2026-11-22`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      pairId,
      cohortId: demoId('cohortId', 'cohort'),
      serviceArea: expect.any(String),
      ...expected,
      asOf: '2026-11-22',
      position: null,
    });
  });

  it('match the hand-computed fixture for the cohort', async () => {
    const cohortId = demoId('cohortId', 'cohort');
    const r = await get(`/evaluation/cohorts/${cohortId}?asOf=2026-11-22`);
    expect(r.body).toEqual({
      cohortId,
      name: 'Northfield collaborative pairs, wave 1',
      pairs: 3,
      pairsMet: 3,
      pairsWithOutcome: 3,
      pairsConcluded: 1,
      medianDaysToFirstMeeting: 19,
      meanRelationshipChange: 14 / 6,
      // Lived-experience partners up 3, 1 and 3; professionals up 3, 2 and 2.
      meanRelationshipChangeByPerspective: { livedExperience: 7 / 3, professional: 7 / 3 },
      pairsNeedingAttention: 2,
      outcomesByCategory: { serviceChange: 2, newModelOfCare: 1, patientExperience: 1, staffPractice: 0, policy: 2, relationship: 1, other: 0 },
      needsAttention: [demoId('pairId', 'vanguard:formed'), demoId('pairId', 'neuro:formed')].sort(),
      asOf: '2026-11-22',
      position: null,
    });
  });

  it("the relationship month by month: every partner's latest score by each month's end, and each side's", async () => {
    const series = await get('/analytics/relationship?from=2025-09&to=2026-10&asOf=2026-11-22');
    expect(series.body).toMatchObject({ asOf: '2026-11-22', position: null });
    const month = (m: string) => series.body.months.find((row: { month: string }) => row.month === m);
    // September 2025: the cardiac pair had met, but nobody had reflected yet.
    expect(month('2025-09')).toEqual({
      month: '2025-09',
      partners: 0,
      meanScore: null,
      livedExperience: { partners: 0, meanScore: null },
      professional: { partners: 0, meanScore: null },
    });
    // March 2026: Margaret 4 (1 February), Joan 3 (1 November), David 3 (1 March); Samir 4 (3 February),
    // Aisha 3 (2 November), Claire 4 (2 March).
    expect(month('2026-03')).toEqual({
      month: '2026-03',
      partners: 6,
      meanScore: 21 / 6,
      livedExperience: { partners: 3, meanScore: 10 / 3 },
      professional: { partners: 3, meanScore: 11 / 3 },
    });
    // October 2026: the cardiac pair concluded on 15 September, so its partners no longer count.
    expect(month('2026-10')).toMatchObject({ partners: 4, livedExperience: { partners: 2, meanScore: 4 } });
    expect(series.body.months).toHaveLength(14);
    const csv = (await get('/analytics/relationship?from=2026-03&to=2026-03&asOf=2026-11-22&format=csv')).text.split('\r\n');
    expect(csv[0]).toBe(
      'month,partners,meanScore,livedExperience.partners,livedExperience.meanScore,professional.partners,professional.meanScore,asOf,position',
    );
    expect(csv[1]).toMatch(/^2026-03,6,3\.5,3,3\.33+\d*,3,3\.66+\d*,2026-11-22,\d+$/);
    expect(await get('/analytics/relationship?from=2026-03')).toMatchObject({ status: 400, body: { details: [{ field: 'to' }] } });
  });

  it('per approach: the pairs that practised it beside those that met without it', async () => {
    const now = await get('/evaluation/approaches?asOf=2026-11-22');
    expect([now.headers['x-as-of'], now.body.asOf]).toEqual(['2026-11-22', '2026-11-22']);
    // Every pair had practised every approach by then: the meetings tagged with each are the pairs' sums.
    const every = { pairs: 3, pairsWithOutcome: 3, outcomeRate: 1, meanRelationshipChange: 14 / 6, partnersWithChange: 6 };
    const none = { pairs: 0, pairsWithOutcome: 0, outcomeRate: null, meanRelationshipChange: null, partnersWithChange: 0 };
    expect(now.body.items).toEqual(
      [
        ['finding-partner', 4],
        ['developing-leadership', 4],
        ['making-time-for-learning', 9],
        ['going-where-energy-is', 8],
        ['embedding', 7],
      ].map(([approach, meetings]) => ({ approach, meetings, practiced: every, notPracticed: none })),
    );
    // On 31 March 2026 only the neuro pair had embedded (its fifth meeting), with no outcome yet, each
    // partner's score up 2; the cardiac pair (up 2 and 2) and the vanguard pair (no change known yet) had
    // not, and each had an outcome.
    const march = await get('/evaluation/approaches?asOf=2026-03-31');
    expect(march.body.items.find((a: { approach: string }) => a.approach === 'embedding')).toEqual({
      approach: 'embedding',
      meetings: 1,
      practiced: { pairs: 1, pairsWithOutcome: 0, outcomeRate: 0, meanRelationshipChange: 2, partnersWithChange: 2 },
      notPracticed: { pairs: 2, pairsWithOutcome: 2, outcomeRate: 1, meanRelationshipChange: 2, partnersWithChange: 2 },
    });
    const csv = (await get('/evaluation/approaches?asOf=2026-03-31&format=csv')).text.split('\r\n');
    expect(csv[0]).toBe(
      'approach,meetings,practiced.pairs,practiced.pairsWithOutcome,practiced.outcomeRate,practiced.meanRelationshipChange,practiced.partnersWithChange,notPracticed.pairs,notPracticed.pairsWithOutcome,notPracticed.outcomeRate,notPracticed.meanRelationshipChange,notPracticed.partnersWithChange,asOf,position',
    );
    expect(csv[5]).toMatch(/^embedding,1,1,0,0,2,2,2,2,1,2,2,2026-03-31,\d+$/);
    expect(await get('/evaluation/approaches?cohortId=00000000-0000-4000-8000-000000000000')).toMatchObject({ status: 404 });
    // A meeting each of the vanguard and neuro pairs held names no approach, which none of these counts: each pair says how many it has.
    const pairs = (await get('/pairs?view=summary')).body.items as { pairId: string; meetingsWithoutApproach: number }[];
    expect(Object.fromEntries(pairs.map((p) => [p.pairId, p.meetingsWithoutApproach]))).toEqual({
      [demoId('pairId', 'cardiac:formed')]: 0,
      [demoId('pairId', 'vanguard:formed')]: 1,
      [demoId('pairId', 'neuro:formed')]: 1,
    });
  });

  it('per service area, monthly and funnel', async () => {
    const areas = await get('/evaluation/service-areas?asOf=2026-11-22');
    expect(areas.body.items).toEqual([
      {
        serviceArea: 'cardiac',
        pairs: 1,
        meetingsHeld: 11,
        outcomes: 3,
        meanRelationshipChange: 3,
        meanRelationshipChangeByPerspective: { livedExperience: 3, professional: 3 },
      },
      {
        serviceArea: 'neuro-rehabilitation',
        pairs: 1,
        meetingsHeld: 8,
        outcomes: 2,
        meanRelationshipChange: 2.5,
        meanRelationshipChangeByPerspective: { livedExperience: 3, professional: 2 },
      },
      {
        serviceArea: 'new-models-of-care',
        pairs: 1,
        meetingsHeld: 9,
        outcomes: 2,
        meanRelationshipChange: 1.5,
        meanRelationshipChangeByPerspective: { livedExperience: 1, professional: 2 },
      },
    ]);
    const monthly = await get('/analytics/monthly?from=2025-09&to=2025-12&asOf=2026-11-22');
    expect(monthly.body.months).toEqual([
      { month: '2025-09', meetings: 1, meetingMinutes: 90, outcomes: 0, reflections: 0, activePairs: 1 },
      { month: '2025-10', meetings: 2, meetingMinutes: 120, outcomes: 0, reflections: 2, activePairs: 3 },
      { month: '2025-11', meetings: 3, meetingMinutes: 235, outcomes: 0, reflections: 4, activePairs: 3 },
      { month: '2025-12', meetings: 3, meetingMinutes: 210, outcomes: 0, reflections: 0, activePairs: 3 },
    ]);
    const funnel = await get('/analytics/funnel?asOf=2026-11-22');
    expect(funnel.body.stages).toEqual([
      { stage: 'formed', pairs: 3 },
      { stage: 'initiativeDefined', pairs: 3 },
      { stage: 'firstMeeting', pairs: 3 },
      { stage: 'firstOutcome', pairs: 3 },
      { stage: 'concluded', pairs: 1 },
    ]);
  });
});
