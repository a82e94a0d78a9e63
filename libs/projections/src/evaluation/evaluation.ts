import {
  APPROACHES,
  OUTCOME_CATEGORIES,
  SPREAD_LEVELS,
  daysBetween,
  newPairView,
  type Approach,
  type CalendarDate,
  type OutcomeCategory,
  type PairStatus,
  type PairView,
  type SpreadLevel,
} from '@pairtrail/domain';

/** A kebab-case vocabulary value's camelCase JSON key: `service-change`, `serviceChange`. */
export type CamelKey<V extends string> = V extends `${infer Head}-${infer Rest}` ? `${Head}${Capitalize<CamelKey<Rest>>}` : V;

/** camelCase JSON keys for kebab-case vocabulary values (evaluation.md: "JSON keys are camelCase"). */
export const camel = <V extends string>(value: V): CamelKey<V> => {
  // A handful of vocabulary values, asked for once per outcome and approach of every pair: kept.
  let key = camelKeys.get(value);
  if (key === undefined) camelKeys.set(value, (key = value.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())));
  return key as CamelKey<V>;
};
const camelKeys = new Map<string, string>();

/** A count for each of a vocabulary's values, by its camelCase key, every one present. */
export type CountsBy<V extends string> = Record<CamelKey<V>, number>;

const zeroes = <V extends string>(values: readonly V[]): CountsBy<V> => Object.fromEntries(values.map((v) => [camel(v), 0])) as CountsBy<V>;

/** A partner's relationship score (1 "them and us" to 5 "equal partners"): first, latest, and latest − first. */
export interface PartnerRelationship {
  first: number | null;
  latest: number | null;
  change: number | null;
}

/** One pair's evaluation figures: its meetings, actions, outcomes, approaches practised, relationship scores and whether it needs attention. */
export interface PairFigures {
  pairId: string;
  cohortId: string;
  serviceArea: string;
  status: PairStatus;
  daysToFirstMeeting: number | null;
  meetingsHeld: number;
  meetingMinutes: number;
  bothPartnersPresentRate: number | null;
  meanDaysBetweenMeetings: number | null;
  daysSinceLastMeeting: number | null;
  actionsAgreed: number;
  actionsCompleted: number;
  actionsDropped: number;
  actionCompletionRate: number | null;
  overdueActions: number;
  outcomesByCategory: CountsBy<OutcomeCategory>;
  outcomesBySpread: CountsBy<SpreadLevel>;
  approachesPracticed: CountsBy<Approach>;
  relationship: { livedExperience: PartnerRelationship; professional: PartnerRelationship };
  needsAttention: boolean;
  /** Why it needs attention: each condition that holds; none when it does not. */
  attentionReasons: AttentionReason[];
}

/**
 * The conditions under which an active pair needs attention: more than 42 days since it formed with no
 * meeting (`no-first-meeting`); more than 42 since its last meeting (`no-recent-meeting`); an action overdue
 * (`overdue-actions`).
 */
export type AttentionReason = 'no-first-meeting' | 'no-recent-meeting' | 'overdue-actions';

/** Days without a meeting after which an active pair needs attention. */
const MEETING_GAP_DAYS = 42;

const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/** The median; of an even count, the mean of the middle two. */
export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The figures that stay the same whatever the day they are asked on. */
type DaylessFigures = Omit<PairFigures, 'daysSinceLastMeeting' | 'overdueActions' | 'needsAttention' | 'attentionReasons'>;

/**
 * What a pair's figures are worked out from on a given day: the figures that do not depend on the day,
 * and the dates the others are counted from: about 1.4 KB as JSON, of which only the open actions' due
 * dates grow with the pair's history.
 */
export interface FiguresBasis {
  figures: DaylessFigures;
  formedOn: CalendarDate;
  lastMeetingOn: CalendarDate | null;
  /** The due dates of the actions neither completed nor dropped. */
  openActionsDue: CalendarDate[];
}

/**
 * The basis of a pair's figures, from its view (see `pairFigures`). The documents projection makes one
 * each time it re-views a pair, so each list is walked once, with no sorting: sorted, filtered and
 * copied, a pair of 100 meetings took 60 µs.
 */
export function figuresBasis(view: Omit<PairView, 'facts'>): FiguresBasis {
  const lep = view.livedExperiencePartnerId;
  const pro = view.professionalPartnerId;
  let firstMeetingOn: CalendarDate | null = null;
  let lastMeetingOn: CalendarDate | null = null;
  let meetingMinutes = 0;
  let both = 0;
  // By the approach as named, turned into the figures' keys once at the end.
  const approaches = new Map<Approach, number>();
  for (const m of view.meetings) {
    if (firstMeetingOn === null || m.heldOn < firstMeetingOn) firstMeetingOn = m.heldOn;
    if (lastMeetingOn === null || m.heldOn > lastMeetingOn) lastMeetingOn = m.heldOn;
    meetingMinutes += m.durationMinutes;
    if (m.attendeeIds.includes(lep) && m.attendeeIds.includes(pro)) both += 1;
    // Each approach counts once a meeting, however often the meeting names it.
    for (let i = 0; i < m.approaches.length; i++) {
      const a = m.approaches[i]!;
      if (m.approaches.indexOf(a) === i) approaches.set(a, (approaches.get(a) ?? 0) + 1);
    }
  }
  const approachesPracticed = zeroes(APPROACHES);
  for (const [a, n] of approaches) approachesPracticed[camel(a)]! += n;
  const meetings = view.meetings.length;
  let completed = 0;
  let dropped = 0;
  const openActionsDue: CalendarDate[] = [];
  for (const a of view.actions) {
    if (a.completed) completed += 1;
    if (a.dropped) dropped += 1;
    if (!a.completed && !a.dropped && a.dueOn !== undefined) openActionsDue.push(a.dueOn);
  }
  const outcomesByCategory = zeroes(OUTCOME_CATEGORIES);
  const outcomesBySpread = zeroes(SPREAD_LEVELS);
  for (const o of view.outcomes) {
    outcomesByCategory[camel(o.category)]! += 1;
    outcomesBySpread[camel(o.spread)]! += 1;
  }
  return {
    figures: {
      pairId: view.pairId,
      cohortId: view.cohortId,
      serviceArea: view.serviceArea,
      status: view.status,
      daysToFirstMeeting: firstMeetingOn === null ? null : daysBetween(view.formedOn, firstMeetingOn),
      meetingsHeld: meetings,
      meetingMinutes,
      bothPartnersPresentRate: meetings > 0 ? both / meetings : null,
      // The gaps between meetings in date order add up to the days from the first to the last.
      meanDaysBetweenMeetings: meetings >= 2 ? daysBetween(firstMeetingOn!, lastMeetingOn!) / (meetings - 1) : null,
      actionsAgreed: view.actions.length,
      actionsCompleted: completed,
      actionsDropped: dropped,
      actionCompletionRate: view.actions.length - dropped > 0 ? completed / (view.actions.length - dropped) : null,
      outcomesByCategory,
      outcomesBySpread,
      approachesPracticed,
      relationship: { livedExperience: relationshipOf(view.reflections, lep), professional: relationshipOf(view.reflections, pro) },
    },
    formedOn: view.formedOn,
    lastMeetingOn,
    openActionsDue,
  };
}

/**
 * A partner's first and latest relationship scores: of their earliest reflection and of their latest by
 * date, the first and the last in log order among those of the same day.
 */
function relationshipOf(reflections: PairView['reflections'], participantId: string): PartnerRelationship {
  let first: PairView['reflections'][number] | undefined;
  let latest: PairView['reflections'][number] | undefined;
  let count = 0;
  for (const r of reflections) {
    if (r.participantId !== participantId) continue;
    count += 1;
    if (!first || r.recordedOn < first.recordedOn) first = r;
    if (!latest || r.recordedOn >= latest.recordedOn) latest = r;
  }
  if (!first || !latest) return { first: null, latest: null, change: null };
  return { first: first.relationshipScore, latest: latest.relationshipScore, change: count >= 2 ? latest.relationshipScore - first.relationshipScore : null };
}

/** A pair's figures on `today`, from their basis. The counts it holds are shared, not copied. */
export function figuresOn(basis: FiguresBasis, today: CalendarDate): PairFigures {
  const f = basis.figures;
  const overdue = basis.openActionsDue.filter((due) => due < today).length;
  const daysSinceLastMeeting = basis.lastMeetingOn === null ? null : daysBetween(basis.lastMeetingOn, today);
  const attentionReasons: AttentionReason[] =
    f.status !== 'active'
      ? []
      : [
          ...(basis.lastMeetingOn === null && daysBetween(basis.formedOn, today) > MEETING_GAP_DAYS ? (['no-first-meeting'] as const) : []),
          ...(daysSinceLastMeeting !== null && daysSinceLastMeeting > MEETING_GAP_DAYS ? (['no-recent-meeting'] as const) : []),
          ...(overdue > 0 ? (['overdue-actions'] as const) : []),
        ];
  // Every field named, in the order the API gives them.
  return {
    pairId: f.pairId,
    cohortId: f.cohortId,
    serviceArea: f.serviceArea,
    status: f.status,
    daysToFirstMeeting: f.daysToFirstMeeting,
    meetingsHeld: f.meetingsHeld,
    meetingMinutes: f.meetingMinutes,
    bothPartnersPresentRate: f.bothPartnersPresentRate,
    meanDaysBetweenMeetings: f.meanDaysBetweenMeetings,
    daysSinceLastMeeting,
    actionsAgreed: f.actionsAgreed,
    actionsCompleted: f.actionsCompleted,
    actionsDropped: f.actionsDropped,
    actionCompletionRate: f.actionCompletionRate,
    overdueActions: overdue,
    outcomesByCategory: f.outcomesByCategory,
    outcomesBySpread: f.outcomesBySpread,
    approachesPracticed: f.approachesPracticed,
    relationship: f.relationship,
    needsAttention: attentionReasons.length > 0,
    attentionReasons,
  };
}

/**
 * The figures for one pair, from its view as of `today` (build the view with `asOf: today`, so facts
 * dated later do not count). Nothing here is rounded. The facts' list is not needed: a pair's document
 * in the read model, which leaves it out, will do.
 */
export function pairFigures(view: Omit<PairView, 'facts'>, today: CalendarDate): PairFigures {
  return figuresOn(figuresBasis(view), today);
}

/** The figures that exist, of those given. */
const known = (values: (number | null)[]): number[] => values.filter((v): v is number => v !== null);

/** The mean change in relationship score of each perspective's partners apart, over the pairs given. */
const changeByPerspective = (pairs: PairFigures[]) => ({
  livedExperience: mean(known(pairs.map((p) => p.relationship.livedExperience.change))),
  professional: mean(known(pairs.map((p) => p.relationship.professional.change))),
});

/** Every partner's change in relationship score that is known (they reflected at least twice), over the pairs given. */
export const relationshipChanges = (figures: PairFigures[]): number[] =>
  known(figures.flatMap((f) => [f.relationship.livedExperience.change, f.relationship.professional.change]));

/** The figures of a pair with nothing recorded: what a CSV of no pairs takes its columns from. */
export const NO_PAIR_FIGURES: PairFigures = pairFigures(
  newPairView({ pairId: '', cohortId: '', livedExperiencePartnerId: '', professionalPartnerId: '', formedOn: '2000-01-01', focus: '', serviceArea: '' }),
  '2000-01-01',
);

/** Whether a pair recorded any outcome. */
const hasOutcome = (p: PairFigures) => Object.values(p.outcomesByCategory).some((n) => n > 0);

/** One cohort's evaluation figures: how many of its pairs met, recorded an outcome, concluded or need attention, and their medians and means. */
export interface CohortFigures {
  cohortId: string;
  /** The cohort's name, as recorded (at a log position looked back to, as recorded up to there): what a reader of the figures knows it by. */
  name: string;
  pairs: number;
  pairsMet: number;
  pairsWithOutcome: number;
  pairsConcluded: number;
  medianDaysToFirstMeeting: number | null;
  meanRelationshipChange: number | null;
  /** The same mean, of each perspective's partners apart: whether both sides see the relationship move alike. */
  meanRelationshipChangeByPerspective: { livedExperience: number | null; professional: number | null };
  pairsNeedingAttention: number;
  outcomesByCategory: CountsBy<OutcomeCategory>;
  needsAttention: string[];
}

/** The per-cohort figures, from the figures of the cohort's pairs. */
export function cohortFigures({ cohortId, name }: { cohortId: string; name: string }, pairs: PairFigures[]): CohortFigures {
  const outcomesByCategory = zeroes(OUTCOME_CATEGORIES);
  for (const p of pairs) for (const [k, v] of Object.entries(p.outcomesByCategory)) outcomesByCategory[k as keyof CountsBy<OutcomeCategory>] += v;
  const met = pairs.filter((p) => p.meetingsHeld > 0);
  const needsAttention = pairs.filter((p) => p.needsAttention).map((p) => p.pairId);
  return {
    cohortId,
    name,
    pairs: pairs.length,
    pairsMet: met.length,
    pairsWithOutcome: pairs.filter(hasOutcome).length,
    pairsConcluded: pairs.filter((p) => p.status === 'concluded').length,
    medianDaysToFirstMeeting: median(met.map((p) => p.daysToFirstMeeting!)),
    meanRelationshipChange: mean(relationshipChanges(pairs)),
    meanRelationshipChangeByPerspective: changeByPerspective(pairs),
    pairsNeedingAttention: needsAttention.length,
    outcomesByCategory,
    needsAttention,
  };
}

/** One service area's evaluation figures: its pairs, their meetings and outcomes, and the mean change in their relationship scores. */
export interface ServiceAreaFigures {
  serviceArea: string;
  pairs: number;
  meetingsHeld: number;
  outcomes: number;
  meanRelationshipChange: number | null;
  /** The same mean, of each perspective's partners apart. */
  meanRelationshipChangeByPerspective: { livedExperience: number | null; professional: number | null };
}

/** Figures per service area, in service-area order. */
export function serviceAreaFigures(pairs: PairFigures[]): ServiceAreaFigures[] {
  const groups = new Map<string, PairFigures[]>();
  for (const p of pairs) groups.set(p.serviceArea, [...(groups.get(p.serviceArea) ?? []), p]);
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([serviceArea, group]) => ({
      serviceArea,
      pairs: group.length,
      meetingsHeld: group.reduce((s, p) => s + p.meetingsHeld, 0),
      outcomes: group.reduce((s, p) => s + Object.values(p.outcomesByCategory).reduce((a, b) => a + b, 0), 0),
      meanRelationshipChange: mean(relationshipChanges(group)),
      meanRelationshipChangeByPerspective: changeByPerspective(group),
    }));
}

/** Pairs of one kind, as an approach's figures count them: how many, how many recorded an outcome, and how their partners' relationship moved. */
export interface ApproachGroup {
  pairs: number;
  pairsWithOutcome: number;
  /** pairsWithOutcome ÷ pairs; null if there are no pairs. */
  outcomeRate: number | null;
  /** The mean of every partner's relationship change that is known; null if none is. */
  meanRelationshipChange: number | null;
  /** How many partners' changes the mean is over: those who reflected at least twice. */
  partnersWithChange: number;
}

/**
 * One of the programme's five approaches: the meetings tagged with it, and the pairs that practised it
 * (a meeting of theirs tagged with it) beside the pairs that met without ever practising it. The two
 * are told side by side, with how many each is of: what went with an approach, not what it caused.
 */
export interface ApproachFigures {
  approach: Approach;
  meetings: number;
  practiced: ApproachGroup;
  notPracticed: ApproachGroup;
}

function approachGroup(pairs: PairFigures[]): ApproachGroup {
  const withOutcome = pairs.filter(hasOutcome).length;
  const changes = relationshipChanges(pairs);
  return {
    pairs: pairs.length,
    pairsWithOutcome: withOutcome,
    outcomeRate: pairs.length === 0 ? null : withOutcome / pairs.length,
    meanRelationshipChange: mean(changes),
    partnersWithChange: changes.length,
  };
}

/** Each approach's figures, in the order the programme names them, over the pairs given (those that met count). */
export function approachFigures(pairs: PairFigures[]): ApproachFigures[] {
  const met = pairs.filter((p) => p.meetingsHeld > 0);
  return APPROACHES.map((approach) => {
    const key = camel(approach);
    return {
      approach,
      meetings: met.reduce((s, p) => s + p.approachesPracticed[key], 0),
      practiced: approachGroup(met.filter((p) => p.approachesPracticed[key] > 0)),
      notPracticed: approachGroup(met.filter((p) => p.approachesPracticed[key] === 0)),
    };
  });
}

/** The figures of a cohort of no pairs: what a CSV of no cohorts takes its columns from. */
export const NO_COHORT_FIGURES: CohortFigures = cohortFigures({ cohortId: '', name: '' }, []);

/** The figures of a service area of no pairs' work: what a CSV of no service areas takes its columns from. */
export const NO_SERVICE_AREA_FIGURES: ServiceAreaFigures = serviceAreaFigures([NO_PAIR_FIGURES])[0]!;

/** One month of the monthly series: each fact counts in the month of its own date (a meeting's heldOn, an outcome's or a reflection's recordedOn). */
export interface MonthFigures {
  month: string;
  meetings: number;
  meetingMinutes: number;
  outcomes: number;
  reflections: number;
  activePairs: number;
}

const monthOf = (date: CalendarDate) => date.slice(0, 7);
/** A month (YYYY-MM) as a count of months from year 0, so ranges are counted, not compared as text. */
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthAt = (index: number) => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
function lastDayOf(month: string): CalendarDate {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  const days = m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
  return `${month}-${days}`;
}

/** The most months one series may span: a hundred years. */
export const MAX_MONTHS = 1200;

/** How many months `from` to `to` (YYYY-MM) spans, both included. */
export const monthCount = (from: string, to: string): number => monthIndex(to) - monthIndex(from) + 1;

/** Every month from `from` to `to` (YYYY-MM), inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) months.push(monthAt(i));
  return months;
}

/** A pair's activity in one month: what it held and recorded, dated in that month. */
export interface MonthActivity {
  meetings: number;
  meetingMinutes: number;
  outcomes: number;
  reflections: number;
}

/**
 * What the monthly series and the funnel read of a pair's view: its dates and its counts by month, none
 * of its text. Kept for every pair of a programme, it is a small fraction of the views it comes from.
 */
export interface PairActivity {
  formedOn: CalendarDate;
  concludedOn?: CalendarDate;
  status: PairStatus;
  initiativeDefined: boolean;
  /** By month (YYYY-MM), each fact counted in the month of its own date; months with none are left out. */
  months: Record<string, MonthActivity>;
  /** Each partner's relationship scores, by perspective, in log order: the date of each reflection, and its score. */
  scores: { livedExperience: [CalendarDate, number][]; professional: [CalendarDate, number][] };
  /** Its meetings tagged with no approach, which no approach's figures count. */
  meetingsWithoutApproach: number;
}

export function pairActivity(view: Omit<PairView, 'facts'>): PairActivity {
  const months: Record<string, MonthActivity> = {};
  const month = (date: CalendarDate) => (months[monthOf(date)] ??= { meetings: 0, meetingMinutes: 0, outcomes: 0, reflections: 0 });
  for (const m of view.meetings) {
    const row = month(m.heldOn);
    row.meetings += 1;
    row.meetingMinutes += m.durationMinutes;
  }
  for (const o of view.outcomes) month(o.recordedOn).outcomes += 1;
  for (const r of view.reflections) month(r.recordedOn).reflections += 1;
  const scoresOf = (participantId: string) =>
    view.reflections.filter((r) => r.participantId === participantId).map((r): [CalendarDate, number] => [r.recordedOn, r.relationshipScore]);
  return {
    formedOn: view.formedOn,
    ...(view.concludedOn === undefined ? {} : { concludedOn: view.concludedOn }),
    status: view.status,
    initiativeDefined: view.initiative !== undefined,
    months,
    scores: { livedExperience: scoresOf(view.livedExperiencePartnerId), professional: scoresOf(view.professionalPartnerId) },
    meetingsWithoutApproach: view.meetings.filter((m) => m.approaches.length === 0).length,
  };
}

/** Whether a pair was active in a month (its first and last days): formed by its end, and not concluded before it began. */
const activeIn = (v: PairActivity, first: CalendarDate, last: CalendarDate) => v.formedOn <= last && !(v.concludedOn !== undefined && v.concludedOn < first);

/** The monthly series: each fact counts in the month of its own date. */
export function monthlySeries(views: PairActivity[], from: string, to: string): MonthFigures[] {
  const months = new Map(monthsBetween(from, to).map((m) => [m, { month: m, meetings: 0, meetingMinutes: 0, outcomes: 0, reflections: 0, activePairs: 0 }]));
  // Each month's first and last days, worked out once, not once a pair: date arithmetic for every month
  // of every pair took most of a large programme's series.
  const bounds = [...months.values()].map((row) => ({ row, first: `${row.month}-01`, last: lastDayOf(row.month) }));
  for (const v of views) {
    for (const month in v.months) {
      const row = months.get(month);
      if (!row) continue;
      const activity = v.months[month]!;
      row.meetings += activity.meetings;
      row.meetingMinutes += activity.meetingMinutes;
      row.outcomes += activity.outcomes;
      row.reflections += activity.reflections;
    }
    for (const { row, first, last } of bounds) if (activeIn(v, first, last)) row.activePairs += 1;
  }
  return [...months.values()];
}

/** Partners' relationship scores as they stood at a month's end: how many partners had scored it, and their mean score. */
export interface ScoresThen {
  partners: number;
  meanScore: number | null;
}

/** How the partnerships felt, month by month: every partner's latest score by the month's end, and each perspective's apart. */
export interface RelationshipMonth extends ScoresThen {
  month: string;
  livedExperience: ScoresThen;
  professional: ScoresThen;
}

/** The latest of a partner's scores dated on or before `last`: by date, the last in log order among those of one day. */
function scoreBy(scores: [CalendarDate, number][], last: CalendarDate): number | undefined {
  let on: CalendarDate | undefined;
  let score: number | undefined;
  for (const [date, s] of scores) {
    if (date <= last && (on === undefined || date >= on)) [on, score] = [date, s];
  }
  return score;
}

const scoresThen = (scores: number[]): ScoresThen => ({ partners: scores.length, meanScore: mean(scores) });

/**
 * The relationship series: for each month, over the pairs active in it (as the monthly series counts
 * them), each partner's latest relationship score by the month's end, from 1 ("them and us") to 5
 * ("equal partners"); a partner who has not yet reflected is not counted. How the programme's measure
 * moved over its life, where a pair's first and latest scores say only where it began and ended.
 */
export function relationshipSeries(views: PairActivity[], from: string, to: string): RelationshipMonth[] {
  return monthsBetween(from, to).map((month) => {
    const [first, last] = [`${month}-01`, lastDayOf(month)];
    const sides = { livedExperience: [] as number[], professional: [] as number[] };
    for (const v of views) {
      if (!activeIn(v, first, last)) continue;
      for (const side of ['livedExperience', 'professional'] as const) {
        const score = scoreBy(v.scores[side], last);
        if (score !== undefined) sides[side].push(score);
      }
    }
    return {
      month,
      ...scoresThen([...sides.livedExperience, ...sides.professional]),
      livedExperience: scoresThen(sides.livedExperience),
      professional: scoresThen(sides.professional),
    };
  });
}

/** The engagement funnel: each stage counts the pairs that reached it, independently. */
export function funnel(views: PairActivity[]): { stage: string; pairs: number }[] {
  return [
    { stage: 'formed', pairs: views.length },
    { stage: 'initiativeDefined', pairs: views.filter((v) => v.initiativeDefined).length },
    { stage: 'firstMeeting', pairs: views.filter((v) => Object.values(v.months).some((m) => m.meetings > 0)).length },
    { stage: 'firstOutcome', pairs: views.filter((v) => Object.values(v.months).some((m) => m.outcomes > 0)).length },
    { stage: 'concluded', pairs: views.filter((v) => v.status === 'concluded').length },
  ];
}

/**
 * What the evaluation needs of a pair's view, none of it depending on the day it is asked on: kept in
 * the pair's row by the documents projection, so today's figures need no read of the pair's lists.
 */
export interface EvaluationBasis {
  figures: FiguresBasis;
  activity: PairActivity;
}

export const evaluationBasis = (view: Omit<PairView, 'facts'>): EvaluationBasis => ({ figures: figuresBasis(view), activity: pairActivity(view) });
