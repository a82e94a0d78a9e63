import type { PairFigures } from '../../apps/web/src/api/types';
import { duration, glanceOf } from '../../apps/web/src/figures';

const zeroes = <K extends string>(keys: K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** A pair just formed: nothing recorded yet. */
const formed = (): PairFigures => ({
  pairId: 'c328a5fc-e517-5cb1-8340-75f0f3f1fd0f',
  cohortId: '39c82dcd-a8cb-57e1-af4c-864f345c9fdf',
  serviceArea: 'cardiac',
  status: 'active',
  daysToFirstMeeting: null,
  meetingsHeld: 0,
  meetingMinutes: 0,
  bothPartnersPresentRate: null,
  meanDaysBetweenMeetings: null,
  daysSinceLastMeeting: null,
  actionsAgreed: 0,
  actionsCompleted: 0,
  actionsDropped: 0,
  actionCompletionRate: null,
  overdueActions: 0,
  outcomesByCategory: zeroes(['serviceChange', 'newModelOfCare', 'patientExperience', 'staffPractice', 'policy', 'relationship', 'other']),
  outcomesBySpread: zeroes(['pair', 'team', 'organisation', 'system']),
  approachesPracticed: zeroes(['findingPartner', 'developingLeadership', 'makingTimeForLearning', 'goingWhereEnergyIs', 'embedding']),
  relationship: { livedExperience: { first: null, latest: null, change: null }, professional: { first: null, latest: null, change: null } },
  needsAttention: false,
  attentionReasons: [],
});

const rows = (figures: PairFigures, untagged = 0) => Object.fromEntries(glanceOf(figures, untagged).map(({ key, value }) => [key, value]));

describe("a pair's figures at a glance", () => {
  it('say what is not there yet, rather than show zeroes and dashes', () => {
    expect(glanceOf(formed())).toEqual([
      { key: 'Meetings', value: 'None yet' },
      { key: 'Actions', value: 'None agreed yet' },
      { key: 'Outcomes', value: 'None yet' },
      {
        key: 'Relationship score',
        value: 'Lived-experience partner: no reflection yet; professional partner: no reflection yet (from 1, "them and us", to 5, "equal partners")',
      },
      { key: 'Approaches practised', value: 'None recorded at its meetings' },
    ]);
  });

  it('put each figure in a few words, naming only the categories and approaches there are', () => {
    const figures: PairFigures = {
      ...formed(),
      meetingsHeld: 11,
      meetingMinutes: 835,
      bothPartnersPresentRate: 10 / 11,
      meanDaysBetweenMeetings: 30.4,
      daysSinceLastMeeting: 1,
      actionsAgreed: 5,
      actionsCompleted: 3,
      actionsDropped: 1,
      actionCompletionRate: 0.75,
      overdueActions: 1,
      outcomesByCategory: { ...formed().outcomesByCategory, serviceChange: 2, policy: 1 },
      approachesPracticed: { ...formed().approachesPracticed, makingTimeForLearning: 5, embedding: 1 },
      relationship: { livedExperience: { first: 2, latest: 5, change: 3 }, professional: { first: 4, latest: 4, change: null } },
    };
    expect(rows(figures)).toEqual({
      Meetings: '11 meetings, 13 h 55 min in all; both partners at 91% of them; one every 30 days on average',
      'Last meeting': 'yesterday',
      Actions: '5 agreed: 3 completed, 1 dropped, 1 overdue (75% of those not dropped completed)',
      Outcomes: '3: service change 2, policy 1',
      'Relationship score': 'Lived-experience partner: 2 → 5; professional partner: 4 (from 1, "them and us", to 5, "equal partners")',
      'Approaches practised': 'Making time for learning (5 meetings), embedding (1 meeting)',
    });
    expect(rows({ ...figures, meetingsHeld: 1, meetingMinutes: 45, meanDaysBetweenMeetings: null, daysSinceLastMeeting: 0 })).toMatchObject({
      Meetings: '1 meeting, 45 min in all; both partners at 91% of them',
      'Last meeting': 'today',
    });
    expect(rows({ ...figures, daysSinceLastMeeting: 131 })['Last meeting']).toBe('131 days ago');
    // A meeting that names no approach is counted by none of them: said, with how to put it right.
    expect(rows(figures, 2)['Approaches practised']).toBe(
      'Making time for learning (5 meetings), embedding (1 meeting); 2 meetings tagged with none, so not counted: correct them on the timeline to say which they practised',
    );
    expect(rows(formed(), 1)['Approaches practised']).toBe(
      'None recorded at its meetings; 1 meeting tagged with none, so not counted: correct it on the timeline to say which it practised',
    );
  });

  it('give durations in hours and minutes', () => {
    expect([0, 45, 60, 125, 835].map(duration)).toEqual(['0 min', '45 min', '1 h', '2 h 5 min', '13 h 55 min']);
  });
});
