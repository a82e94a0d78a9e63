import { fold, pairDecider, pairView, type PairEvent, type StoredEvent } from '@pairtrail/domain';
import {
  NO_PAIR_FIGURES,
  approachFigures,
  cohortFigures,
  evaluationBasis,
  figuresOn,
  funnel,
  median,
  monthCount,
  monthlySeries,
  monthsBetween,
  pairActivity,
  pairFigures,
  relationshipSeries,
  serviceAreaFigures,
  type PairActivity,
  type PairFigures,
} from './evaluation';

/** A scripted pair with corrections, retractions, dropped and overdue actions, and several reflections per partner. */
function scriptedPair(pairId = 'p1', formedOn = '2026-01-10'): StoredEvent<PairEvent>[] {
  let n = 0;
  const e = (type: string, data: Record<string, unknown>, eventId = `${pairId}-e${n++}`) => ({ eventId, type, data }) as StoredEvent<PairEvent>;
  const meeting = (id: string, heldOn: string, minutes: number, attendees: string[], approaches: string[]) =>
    e(
      'MeetingHeld',
      { meetingId: id, heldOn, durationMinutes: minutes, format: 'video', attendeeIds: attendees, topics: [], notes: '', approaches },
      `${pairId}-${id}`,
    );
  const action = (id: string, agreedOn: string, dueOn?: string) =>
    e('ActionAgreed', { actionId: id, description: id, ownerId: 'L', agreedOn, ...(dueOn ? { dueOn } : {}) }, `${pairId}-${id}`);
  const reflection = (id: string, by: string, on: string, score: number) =>
    e('ReflectionRecorded', { reflectionId: id, participantId: by, recordedOn: on, relationshipScore: score, text: 't', quotable: true }, `${pairId}-${id}`);
  return [
    e('PairFormed', { pairId, cohortId: 'c1', livedExperiencePartnerId: 'L', professionalPartnerId: 'P', formedOn, focus: 'f', serviceArea: 'cardiac' }),
    e('InitiativeDefined', { title: 't', aim: 'a', context: 'c', successMeasures: [], on: '2026-01-15' }),
    meeting('m1', '2026-01-20', 60, ['L', 'P'], ['finding-partner', 'developing-leadership']),
    action('a1', '2026-01-20', '2026-02-01'),
    action('a2', '2026-01-20', '2026-03-01'),
    reflection('rL1', 'L', '2026-01-20', 2),
    reflection('rP1', 'P', '2026-01-21', 3),
    e('ActionCompleted', { actionId: 'a1', completedOn: '2026-01-30' }),
    meeting('m2', '2026-02-15', 90, ['L'], ['making-time-for-learning']),
    action('a3', '2026-02-15', '2026-04-01'),
    e('ActionDropped', { actionId: 'a2', droppedOn: '2026-02-20', reason: 'r' }),
    meeting('m3', '2026-03-10', 45, ['L', 'P'], ['embedding']),
    action('a4', '2026-03-10'),
    action('a5', '2026-03-10', '2026-07-01'),
    action('a6', '2026-03-10', '2026-03-15'),
    e('EntryRetracted', { targetEventId: `${pairId}-a6`, reason: 'duplicate' }),
    reflection('rL2', 'L', '2026-03-10', 3),
    reflection('rL3', 'L', '2026-03-10', 4),
    meeting('m4', '2026-03-20', 30, ['L', 'P'], ['embedding']),
    e('EntryRetracted', { targetEventId: `${pairId}-m4`, reason: 'never happened' }),
    reflection('rP2', 'P', '2026-04-01', 2),
    e('EntryCorrected', { targetEventId: `${pairId}-rP2`, reason: 'typo', replacement: { relationshipScore: 4 } }),
    e('OutcomeRecorded', { outcomeId: 'o1', category: 'service-change', description: 'd', recordedOn: '2026-04-10', spread: 'team' }),
    e('OutcomeRecorded', { outcomeId: 'o2', category: 'policy', description: 'd', recordedOn: '2026-04-20', spread: 'organisation' }),
    e('OutcomeRecorded', { outcomeId: 'o3', category: 'other', description: 'd', recordedOn: '2026-04-21', spread: 'pair' }, `${pairId}-o3`),
    e('EntryRetracted', { targetEventId: `${pairId}-o3`, reason: 'not an outcome' }),
    meeting('m5', '2026-04-30', 120, ['L', 'P'], ['going-where-energy-is']),
    e('EntryCorrected', { targetEventId: `${pairId}-m5`, reason: 'wrong day and length', replacement: { heldOn: '2026-05-01', durationMinutes: 100 } }),
    reflection('rL4', 'L', '2026-05-01', 5),
    reflection('rP3', 'P', '2026-06-16', 1),
  ];
}

const viewOf = (events: StoredEvent<PairEvent>[], asOf: string) => pairView(fold(pairDecider, events), { asOf })!;

describe('per-pair figures, against hand-computed values', () => {
  it('as of today (2026-06-15)', () => {
    const today = '2026-06-15';
    expect(pairFigures(viewOf(scriptedPair(), today), today)).toEqual({
      pairId: 'p1',
      cohortId: 'c1',
      serviceArea: 'cardiac',
      status: 'active',
      daysToFirstMeeting: 10,
      meetingsHeld: 4,
      meetingMinutes: 60 + 90 + 45 + 100,
      bothPartnersPresentRate: 3 / 4,
      meanDaysBetweenMeetings: (26 + 23 + 52) / 3,
      daysSinceLastMeeting: 45,
      actionsAgreed: 5,
      actionsCompleted: 1,
      actionsDropped: 1,
      actionCompletionRate: 1 / 4,
      overdueActions: 1,
      outcomesByCategory: { serviceChange: 1, newModelOfCare: 0, patientExperience: 0, staffPractice: 0, policy: 1, relationship: 0, other: 0 },
      outcomesBySpread: { pair: 0, team: 1, organisation: 1, system: 0 },
      approachesPracticed: { findingPartner: 1, developingLeadership: 1, makingTimeForLearning: 1, goingWhereEnergyIs: 1, embedding: 1 },
      relationship: { livedExperience: { first: 2, latest: 5, change: 3 }, professional: { first: 3, latest: 4, change: 1 } },
      needsAttention: true,
      attentionReasons: ['no-recent-meeting', 'overdue-actions'],
    });
  });

  it('as of 2026-03-15: later facts left out, later corrections and retractions applied', () => {
    const f = pairFigures(viewOf(scriptedPair(), '2026-03-15'), '2026-03-15');
    expect(f).toMatchObject({
      meetingsHeld: 3,
      meetingMinutes: 195,
      bothPartnersPresentRate: 2 / 3,
      meanDaysBetweenMeetings: (26 + 23) / 2,
      daysSinceLastMeeting: 5,
      actionsAgreed: 5,
      actionsCompleted: 1,
      actionsDropped: 1,
      overdueActions: 0,
      relationship: { livedExperience: { first: 2, latest: 4, change: 2 }, professional: { first: 3, latest: 3, change: null } },
      needsAttention: false,
      attentionReasons: [],
    });
    expect(f.outcomesByCategory.serviceChange).toBe(0);
  });

  it('flags a pair with no meeting 43 days after forming, but not after 42', () => {
    const formed = scriptedPair('p2', '2026-05-01').slice(0, 1);
    expect(pairFigures(viewOf(formed, '2026-06-12'), '2026-06-12')).toMatchObject({
      needsAttention: false,
      daysToFirstMeeting: null,
      bothPartnersPresentRate: null,
      meanDaysBetweenMeetings: null,
      actionCompletionRate: null,
    });
    expect(pairFigures(viewOf(formed, '2026-06-13'), '2026-06-13')).toMatchObject({ needsAttention: true, attentionReasons: ['no-first-meeting'] });
  });

  it('never flags a paused or concluded pair', () => {
    const paused = [
      ...scriptedPair('p3', '2026-01-01').slice(0, 1),
      { eventId: 'x', type: 'PairPaused', data: { on: '2026-01-02', reason: 'r' } } as StoredEvent<PairEvent>,
    ];
    expect(pairFigures(viewOf(paused, '2026-06-15'), '2026-06-15')).toMatchObject({ status: 'paused', needsAttention: false, attentionReasons: [] });
  });
});

describe('cohort, service-area and analytics figures', () => {
  const today = '2026-06-15';
  const p1 = viewOf(scriptedPair('p1'), today);
  const p2 = viewOf(scriptedPair('p2', '2026-06-01').slice(0, 1), today);
  const figures = [pairFigures(p1, today), pairFigures(p2, today)];

  it('per cohort', () => {
    expect(cohortFigures({ cohortId: 'c1', name: 'Wave 1' }, figures)).toEqual({
      cohortId: 'c1',
      name: 'Wave 1',
      pairs: 2,
      pairsMet: 1,
      pairsWithOutcome: 1,
      pairsConcluded: 0,
      medianDaysToFirstMeeting: 10,
      meanRelationshipChange: (3 + 1) / 2,
      // The lived-experience partner's score moved by 3, the professional's by 1.
      meanRelationshipChangeByPerspective: { livedExperience: 3, professional: 1 },
      pairsNeedingAttention: 1,
      outcomesByCategory: { serviceChange: 1, newModelOfCare: 0, patientExperience: 0, staffPractice: 0, policy: 1, relationship: 0, other: 0 },
      needsAttention: ['p1'],
    });
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNull();
  });

  it('per service area', () => {
    expect(serviceAreaFigures(figures)).toEqual([
      {
        serviceArea: 'cardiac',
        pairs: 2,
        meetingsHeld: 4,
        outcomes: 2,
        meanRelationshipChange: 2,
        meanRelationshipChangeByPerspective: { livedExperience: 3, professional: 1 },
      },
    ]);
  });

  it('monthly, every month present, facts in the month of their own date', () => {
    const months = monthlySeries([p1, p2].map(pairActivity), '2025-12', '2026-06');
    expect(months.map((m) => m.month)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    expect(months[0]).toEqual({ month: '2025-12', meetings: 0, meetingMinutes: 0, outcomes: 0, reflections: 0, activePairs: 0 });
    expect(months[1]).toEqual({ month: '2026-01', meetings: 1, meetingMinutes: 60, outcomes: 0, reflections: 2, activePairs: 1 });
    expect(months[3]).toEqual({ month: '2026-03', meetings: 1, meetingMinutes: 45, outcomes: 0, reflections: 2, activePairs: 1 });
    expect(months[4]).toMatchObject({ month: '2026-04', meetings: 0, outcomes: 2, reflections: 1 });
    expect(months[5]).toMatchObject({ month: '2026-05', meetings: 1, meetingMinutes: 100 });
    expect(months[6]).toMatchObject({ month: '2026-06', activePairs: 2, reflections: 0 });
  });

  it('monthly: months counted across years to 9999, and a month ends on its real last day', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('9999-11', '9999-12')).toEqual(['9999-11', '9999-12']);
    expect(monthCount('2000-01', '2099-12')).toBe(1200);
    // Formed on a leap day, a pair is active in that February; formed on the 31st, in that month.
    const leap = viewOf(scriptedPair('p3', '2024-02-29').slice(0, 1), today);
    expect(monthlySeries([pairActivity(leap)], '2024-02', '2024-02')[0]).toMatchObject({ activePairs: 1 });
    const late = viewOf(scriptedPair('p4', '2025-12-31').slice(0, 1), today);
    expect(monthlySeries([pairActivity(late)], '2025-12', '2025-12')[0]).toMatchObject({ activePairs: 1 });
  });

  it('funnel: each stage counts independently', () => {
    expect(funnel([p1, p2].map(pairActivity))).toEqual([
      { stage: 'formed', pairs: 2 },
      { stage: 'initiativeDefined', pairs: 1 },
      { stage: 'firstMeeting', pairs: 1 },
      { stage: 'firstOutcome', pairs: 1 },
      { stage: 'concluded', pairs: 0 },
    ]);
  });
});

describe("the basis a pair's row keeps for its figures", () => {
  it('gives, read back from JSON, the figures of any day from its latest fact on, and holds none of its text', () => {
    const events = scriptedPair();
    // The latest fact is a reflection on 2026-06-16; action a5 falls due on 2026-07-01.
    const stored = JSON.parse(JSON.stringify(evaluationBasis(pairView(fold(pairDecider, events))!))) as ReturnType<typeof evaluationBasis>;
    for (const today of ['2026-06-16', '2026-07-02', '2027-01-01']) expect(figuresOn(stored.figures, today)).toEqual(pairFigures(viewOf(events, today), today));
    expect(figuresOn(stored.figures, '2026-06-16').overdueActions).toBe(1);
    expect(figuresOn(stored.figures, '2026-07-02').overdueActions).toBe(2);
    expect(stored.activity).toEqual(pairActivity(viewOf(events, '2026-06-16')));
    expect(JSON.stringify(stored)).not.toMatch(/"(notes|text|description|topics|attendeeIds)"/);
  });

  it('counts an approach once a meeting, however often the meeting names it', () => {
    const [formed] = scriptedPair();
    const meeting = (eventId: string, approaches: string[]) =>
      ({
        eventId,
        type: 'MeetingHeld',
        data: { meetingId: eventId, heldOn: '2026-02-01', durationMinutes: 30, format: 'video', attendeeIds: ['L'], topics: [], notes: '', approaches },
      }) as StoredEvent<PairEvent>;
    const events = [formed!, meeting('m1', ['embedding', 'embedding', 'finding-partner']), meeting('m2', ['embedding'])];
    expect(pairFigures(viewOf(events, '2026-03-01'), '2026-03-01').approachesPracticed).toMatchObject({
      embedding: 2,
      findingPartner: 1,
      developingLeadership: 0,
    });
  });
});

describe('the five approaches and how the pairs that practised them fared', () => {
  /** A pair's figures with its meetings, what they practised, whether it recorded an outcome, and its partners' changes. */
  const pair = (
    pairId: string,
    meetingsHeld: number,
    practised: Partial<PairFigures['approachesPracticed']>,
    outcome: boolean,
    changes: [number | null, number | null],
  ) => ({
    ...NO_PAIR_FIGURES,
    pairId,
    meetingsHeld,
    approachesPracticed: { ...NO_PAIR_FIGURES.approachesPracticed, ...practised },
    outcomesByCategory: { ...NO_PAIR_FIGURES.outcomesByCategory, serviceChange: outcome ? 2 : 0 },
    relationship: {
      livedExperience: { first: null, latest: null, change: changes[0] },
      professional: { first: null, latest: null, change: changes[1] },
    },
  });
  const figures = approachFigures([
    pair('a', 3, { findingPartner: 2, embedding: 1 }, true, [2, 1]),
    pair('b', 2, { findingPartner: 1 }, false, [null, -1]),
    pair('c', 4, { goingWhereEnergyIs: 4 }, true, [1, null]),
    // Formed, never met: neither practised an approach nor met without it.
    pair('d', 0, {}, true, [3, 3]),
  ]);

  it('count the meetings tagged with each, in the order the programme names them', () => {
    expect(figures.map((f) => [f.approach, f.meetings])).toEqual([
      ['finding-partner', 3],
      ['developing-leadership', 0],
      ['making-time-for-learning', 0],
      ['going-where-energy-is', 4],
      ['embedding', 1],
    ]);
  });

  it('set the pairs that practised it beside those that met without it, saying how many each is of', () => {
    expect(figures[0]).toEqual({
      approach: 'finding-partner',
      meetings: 3,
      practiced: { pairs: 2, pairsWithOutcome: 1, outcomeRate: 0.5, meanRelationshipChange: 2 / 3, partnersWithChange: 3 },
      notPracticed: { pairs: 1, pairsWithOutcome: 1, outcomeRate: 1, meanRelationshipChange: 1, partnersWithChange: 1 },
    });
    // Practised by none: its practiced side is of no pairs, its rates and means null.
    expect(figures[1]!.practiced).toEqual({ pairs: 0, pairsWithOutcome: 0, outcomeRate: null, meanRelationshipChange: null, partnersWithChange: 0 });
    expect(figures[1]!.notPracticed).toMatchObject({ pairs: 3, pairsWithOutcome: 2 });
    expect(figures[4]!.notPracticed).toEqual({ pairs: 2, pairsWithOutcome: 1, outcomeRate: 0.5, meanRelationshipChange: 0, partnersWithChange: 2 });
  });
});

describe('how the partnerships felt, month by month', () => {
  const activity = (formedOn: string, scores: PairActivity['scores'], concludedOn?: string): PairActivity => ({
    formedOn,
    ...(concludedOn ? { concludedOn } : {}),
    status: concludedOn ? 'concluded' : 'active',
    initiativeDefined: true,
    months: {},
    scores,
    meetingsWithoutApproach: 0,
  });
  const series = relationshipSeries(
    [
      // Two reflections of one day: the later in log order is the day's.
      activity('2026-01-05', {
        livedExperience: [
          ['2026-01-20', 2],
          ['2026-02-10', 3],
          ['2026-02-10', 4],
        ],
        professional: [['2026-01-21', 3]],
      }),
      // Concluded in February: counted then, not in March.
      activity('2026-01-10', { livedExperience: [['2026-01-15', 1]], professional: [] }, '2026-02-28'),
      // Formed in March, and not yet reflected: counts for nobody.
      activity('2026-03-01', { livedExperience: [], professional: [] }),
    ],
    '2025-12',
    '2026-03',
  );

  it("takes each partner's latest score by the month's end, over the pairs active in it", () => {
    expect(series.map((m) => [m.month, m.partners, m.meanScore])).toEqual([
      ['2025-12', 0, null],
      ['2026-01', 3, (2 + 3 + 1) / 3],
      ['2026-02', 3, (4 + 3 + 1) / 3],
      ['2026-03', 2, (4 + 3) / 2],
    ]);
  });

  it('gives each perspective apart', () => {
    expect(series[2]).toEqual({
      month: '2026-02',
      partners: 3,
      meanScore: 8 / 3,
      livedExperience: { partners: 2, meanScore: (4 + 1) / 2 },
      professional: { partners: 1, meanScore: 3 },
    });
  });
});
