import { counted, longDate } from '@pairtrail/domain';
import { cohortFigures, relationshipChanges, type PairFigures } from '../evaluation/evaluation';

/**
 * How the headline figures moved since an earlier report: each as it stood then (at the report's date and
 * log position) and as it stands now, and the change. For a report writer's "since our last report", and a
 * steering group's question of what has moved since the quarter before.
 */

/** A headline figure, by its key. */
export const HEADLINE_FIGURES = [
  ['pairs', 'Pairs formed'],
  ['pairsMet', 'Pairs that have met'],
  ['pairsWithOutcome', 'Pairs that have recorded an outcome'],
  ['pairsConcluded', 'Pairs concluded'],
  ['pairsNeedingAttention', 'Pairs needing attention'],
  ['meetingsHeld', 'Meetings held'],
  ['meetingMinutes', 'Minutes of meetings'],
  ['actionsAgreed', 'Actions agreed'],
  ['actionsCompleted', 'Actions completed'],
  ['overdueActions', 'Actions overdue'],
  ['outcomes', 'Outcomes recorded'],
  ['medianDaysToFirstMeeting', 'Median days from forming to a first meeting'],
  ['partnersWithChange', 'Partners whose relationship change is known (reflected twice)'],
  ['meanRelationshipChange', 'Mean change in relationship score'],
] as const;
export type HeadlineFigure = (typeof HEADLINE_FIGURES)[number][0];

/** The headline figures of a set of pairs' figures: counts, sums, and the cohort figures' median and mean. */
export function headlineFigures(pairs: readonly PairFigures[]): Record<HeadlineFigure, number | null> {
  const all = cohortFigures({ cohortId: '', name: '' }, [...pairs]);
  const sum = (figure: (p: PairFigures) => number) => pairs.reduce((total, p) => total + figure(p), 0);
  return {
    pairs: all.pairs,
    pairsMet: all.pairsMet,
    pairsWithOutcome: all.pairsWithOutcome,
    pairsConcluded: all.pairsConcluded,
    pairsNeedingAttention: all.pairsNeedingAttention,
    meetingsHeld: sum((p) => p.meetingsHeld),
    meetingMinutes: sum((p) => p.meetingMinutes),
    actionsAgreed: sum((p) => p.actionsAgreed),
    actionsCompleted: sum((p) => p.actionsCompleted),
    overdueActions: sum((p) => p.overdueActions),
    outcomes: sum((p) => Object.values(p.outcomesByCategory).reduce((n, c) => n + c, 0)),
    medianDaysToFirstMeeting: all.medianDaysToFirstMeeting,
    partnersWithChange: relationshipChanges([...pairs]).length,
    meanRelationshipChange: all.meanRelationshipChange,
  };
}

/** A figure then and now, and by how much it moved (null when either is not known). */
export interface FigureSince {
  figure: HeadlineFigure;
  label: string;
  then: number | null;
  now: number | null;
  change: number | null;
}

/** What the figures since an earlier report are read at: the report's look (then) and today's (now). */
export interface FiguresSinceReading {
  then: { asOf: string; position: string };
  now: { asOf: string; position: string };
}

/** Each headline figure then and now, in the order a report gives them. */
export function figuresSince(then: readonly PairFigures[], now: readonly PairFigures[]): FigureSince[] {
  const [before, after] = [headlineFigures(then), headlineFigures(now)];
  return HEADLINE_FIGURES.map(([figure, label]) => {
    const [a, b] = [before[figure], after[figure]];
    // Means and medians are not rounded (evaluation.md); their change is a difference of two of them.
    return { figure, label, then: a, now: b, change: a === null || b === null ? null : b - a };
  });
}

/** The figures as a spreadsheet's rows, each saying the earlier report's date and position (the download adds today's). */
export const figuresSinceRows = ({ then, figures }: { then: { asOf: string; position: string }; figures: readonly FigureSince[] }) =>
  figures.map((f) => ({ ...f, thenAsOf: then.asOf, thenPosition: then.position }));

/** What grew, in the order a report tells it. */
const GROWN: [HeadlineFigure, string, string][] = [
  ['pairs', 'pair formed', 'pairs formed'],
  ['meetingsHeld', 'meeting held', 'meetings held'],
  ['actionsAgreed', 'action agreed', 'actions agreed'],
  ['actionsCompleted', 'action completed', 'actions completed'],
  ['outcomes', 'outcome recorded', 'outcomes recorded'],
  ['pairsConcluded', 'pair concluded', 'pairs concluded'],
];

/** Since an earlier report, in one sentence: "Since 1 September 2026 (log position 120): 3 meetings held, 1 outcome recorded…". */
export function sinceInWords(figures: readonly FigureSince[], reading: FiguresSinceReading): string {
  const grown = GROWN.flatMap(([figure, one, many]) => {
    const change = figures.find((f) => f.figure === figure)?.change ?? null;
    return change !== null && change > 0 ? [counted(change, one, many)] : [];
  });
  const mean = figures.find((f) => f.figure === 'meanRelationshipChange')!;
  const moved =
    mean.change !== null && mean.change !== 0
      ? `; the mean change in relationship score moved by ${mean.change > 0 ? '+' : '−'}${Math.abs(mean.change).toFixed(1)} (from ${mean.then!.toFixed(1)} to ${mean.now!.toFixed(1)})`
      : '';
  const since = `Since ${longDate(reading.then.asOf)} (log position ${reading.then.position})`;
  return grown.length === 0 && moved === ''
    ? `${since}, no pair has been formed, and no meeting, action or outcome recorded.`
    : `${since}: ${grown.length > 0 ? grown.join(', ') : 'nothing more recorded'}${moved}.`;
}
