import { NO_PAIR_FIGURES, type PairFigures } from '../evaluation/evaluation';
import { figuresSince, headlineFigures, sinceInWords } from './figures-since';

let pairs = 0;
const pair = (figures: Partial<PairFigures>): PairFigures => ({ ...NO_PAIR_FIGURES, pairId: `pair-${++pairs}`, ...figures });
const scores = (first: number, latest: number | null) => ({
  livedExperience: { first, latest: latest ?? first, change: latest === null ? null : latest - first },
  professional: { first: null, latest: null, change: null },
});
const reading = { then: { asOf: '2026-03-31', position: '120' }, now: { asOf: '2026-06-30', position: '180' } };

describe('the headline figures since an earlier report', () => {
  it("sums meetings, minutes, actions and outcomes, and takes the cohort figures' median and mean", () => {
    const figures = headlineFigures([
      pair({ meetingsHeld: 2, meetingMinutes: 90, actionsAgreed: 3, actionsCompleted: 1, daysToFirstMeeting: 10, relationship: scores(2, 4) }),
      pair({ meetingsHeld: 1, meetingMinutes: 30, daysToFirstMeeting: 20, outcomesByCategory: { ...NO_PAIR_FIGURES.outcomesByCategory, policy: 2 } }),
      pair({}),
    ]);
    expect(figures).toMatchObject({
      pairs: 3,
      pairsMet: 2,
      pairsWithOutcome: 1,
      meetingsHeld: 3,
      meetingMinutes: 120,
      actionsAgreed: 3,
      actionsCompleted: 1,
      outcomes: 2,
      medianDaysToFirstMeeting: 15,
      partnersWithChange: 1,
      meanRelationshipChange: 2,
    });
  });

  it('gives each figure then, now and the change, null where either is not known, and what grew in words', () => {
    const then = [pair({ meetingsHeld: 1, meetingMinutes: 60, daysToFirstMeeting: 5 })];
    const now = [pair({ meetingsHeld: 4, meetingMinutes: 200, daysToFirstMeeting: 5, relationship: scores(3, 4) }), pair({})];
    const since = figuresSince(then, now);
    expect(since.find((f) => f.figure === 'meetingsHeld')).toEqual({ figure: 'meetingsHeld', label: 'Meetings held', then: 1, now: 4, change: 3 });
    expect(since.find((f) => f.figure === 'meanRelationshipChange')).toMatchObject({ then: null, now: 1, change: null });
    expect(sinceInWords(since, reading)).toBe('Since 31 March 2026 (log position 120): 1 pair formed, 3 meetings held.');
  });

  it('says a move of the mean, and that nothing grew when nothing did, a retraction lowering a count included', () => {
    const then = [pair({ meetingsHeld: 2, relationship: scores(2, 3) })];
    const now = [pair({ meetingsHeld: 1, relationship: scores(2, 4) })];
    expect(sinceInWords(figuresSince(then, now), reading)).toBe(
      'Since 31 March 2026 (log position 120): nothing more recorded; the mean change in relationship score moved by +1.0 (from 1.0 to 2.0).',
    );
    expect(sinceInWords(figuresSince(now, now), reading)).toBe(
      'Since 31 March 2026 (log position 120), no pair has been formed, and no meeting, action or outcome recorded.',
    );
  });
});
