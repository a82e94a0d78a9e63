import { counted, type ActionView, type MeetingData, type OutcomeData, type PairStatus, type ReflectionData } from '@pairtrail/domain';
import type { ProjectionContext } from '../engine/projection';
import { prepareCached } from '../engine/read-model-db';

/**
 * What the record of each pair is missing that the evaluation's figures, or a report's account of them,
 * cannot do without: before a report, what an evaluator says of its limits and a coordinator asks the
 * pairs to put right. As the record stands now.
 */
export interface PairGaps {
  pairId: string;
  cohortId: string;
  /** The pair's name, as its screens give it: its initiative's title, or its focus until it defines one. */
  title: string;
  status: PairStatus;
  /** Its partners who have reflected fewer than twice in it: how they see the relationship has moved is not known, and no mean change counts them. */
  partnersReflectedFewerThanTwice: number;
  /** Its meetings tagged with no approach, which no approach's figures count. */
  meetingsWithoutApproach: number;
  /** Its actions still open with no date due, which can never be counted overdue. */
  openActionsWithoutDueDate: number;
  /** Its outcomes recorded with no evidence of them. */
  outcomesWithoutEvidence: number;
  /** Its outcomes recorded with no measure (what was measured, before and now). */
  outcomesWithoutMeasure: number;
  /** Whether it has yet to define its initiative, which the funnel counts. */
  initiativeUndefined: boolean;
}

/** A row of the kind, for the header of a CSV of none. */
export const NO_PAIR_GAPS: PairGaps = {
  pairId: '',
  cohortId: '',
  title: '',
  status: 'active',
  partnersReflectedFewerThanTwice: 0,
  meetingsWithoutApproach: 0,
  openActionsWithoutDueDate: 0,
  outcomesWithoutEvidence: 0,
  outcomesWithoutMeasure: 0,
  initiativeUndefined: false,
};

/** The gaps, each counted over the pairs: its key, in the order they are said. */
export const GAP_KINDS = [
  'partnersReflectedFewerThanTwice',
  'meetingsWithoutApproach',
  'openActionsWithoutDueDate',
  'outcomesWithoutEvidence',
  'outcomesWithoutMeasure',
  'initiativeUndefined',
] as const;
export type GapKind = (typeof GAP_KINDS)[number];

/** How many of a gap the record holds, in how many pairs, and what it means for the figures, in words. */
export interface GapCount {
  gap: GapKind;
  count: number;
  pairs: number;
  says: string;
}

const countOf = (row: PairGaps, gap: GapKind): number => (gap === 'initiativeUndefined' ? (row.initiativeUndefined ? 1 : 0) : row[gap]);

/** What each gap means for the figures, and what puts it right. */
const SAYS: Record<GapKind, (count: number, pairs: string) => string> = {
  partnersReflectedFewerThanTwice: (n, pairs) =>
    `${counted(n, 'partner')} ${pairs} ${n === 1 ? 'has' : 'have'} reflected fewer than twice: how they see the relationship has moved is not known, and no mean relationship change counts them. A reflection each, a score from 1 to 5, puts it right while their pair goes on.`,
  meetingsWithoutApproach: (n, pairs) =>
    `${counted(n, 'meeting')} ${pairs} name${n === 1 ? 's' : ''} no approach: no approach's figures count ${n === 1 ? 'it' : 'them'}. A correction naming the approaches practised puts it right.`,
  openActionsWithoutDueDate: (n, pairs) =>
    `${counted(n, 'open action')} ${pairs} ${n === 1 ? 'has' : 'have'} no date due, so none can be counted overdue, nor flag ${n === 1 ? 'its' : 'their'} pair as needing attention. A correction giving a due date puts it right.`,
  outcomesWithoutEvidence: (n, pairs) =>
    `${counted(n, 'outcome')} ${pairs} ${n === 1 ? 'has' : 'have'} no evidence recorded: a report that cites ${n === 1 ? 'it' : 'them'} has only the pair's word. A correction giving the evidence (a paper, a decision, a date) puts it right.`,
  outcomesWithoutMeasure: (n, pairs) =>
    `${counted(n, 'outcome')} ${pairs} ${n === 1 ? 'has' : 'have'} no measure (what was measured, before and now): ${n === 1 ? 'it says' : 'they say'} what changed, not by how much. Not every outcome has one to give.`,
  initiativeUndefined: (n) =>
    `${counted(n, 'pair')} ${n === 1 ? 'has' : 'have'} yet to define ${n === 1 ? 'its' : 'their'} initiative, which the funnel counts: what ${n === 1 ? 'it' : 'they'} set out to do, and how ${n === 1 ? 'it' : 'they'} will know ${n === 1 ? 'it has' : 'they have'}.`,
};

/** Each gap counted over the pairs, in words; the gaps with none left out. */
export function gapCounts(rows: readonly PairGaps[]): GapCount[] {
  return GAP_KINDS.map((gap) => {
    const having = rows.filter((r) => countOf(r, gap) > 0);
    const count = having.reduce((sum, r) => sum + countOf(r, gap), 0);
    return { gap, count, pairs: having.length, says: SAYS[gap](count, `in ${counted(having.length, 'pair')}`) };
  }).filter((g) => g.count > 0);
}

/** Whether a pair's record misses anything the figures need. */
export const hasGaps = (row: PairGaps): boolean => GAP_KINDS.some((gap) => countOf(row, gap) > 0);

/**
 * Every pair's gaps (of a cohort, if one is named), by pair id: read from the pairs' rows and their lists
 * of meetings, actions, outcomes and reflections, none of their text kept.
 */
export function recordGaps(context: Pick<ProjectionContext, 'db' | 'table'>, filter: { cohortId?: string }): PairGaps[] {
  const where = filter.cohortId ? 'WHERE p.cohort_id = ?' : '';
  const pairs = prepareCached(
    context.db,
    `SELECT p.pair_id, p.cohort_id, p.status, COALESCE(json_extract(p.doc, '$.initiative.title'), json_extract(p.doc, '$.focus')) AS title,
       json_extract(p.doc, '$.initiative.title') IS NULL AS undefined_initiative,
       json_extract(p.doc, '$.livedExperiencePartnerId') AS lived, json_extract(p.doc, '$.professionalPartnerId') AS professional
     FROM ${context.table('pairs')} p ${where} ORDER BY p.pair_id`,
  ).all(...(filter.cohortId ? [filter.cohortId] : [])) as {
    pair_id: string;
    cohort_id: string;
    status: PairStatus;
    title: string;
    undefined_initiative: number;
    lived: string;
    professional: string;
  }[];
  const rows = new Map(
    pairs.map((p) => [
      p.pair_id,
      {
        // Counted from none, as a pair with nothing recorded has.
        gaps: {
          ...NO_PAIR_GAPS,
          pairId: p.pair_id,
          cohortId: p.cohort_id,
          title: p.title,
          status: p.status,
          initiativeUndefined: p.undefined_initiative === 1,
        },
        partners: [p.lived, p.professional],
        reflections: new Map<string, number>(),
      },
    ]),
  );
  const items = prepareCached(
    context.db,
    `SELECT i.pair_id, i.list, i.items FROM ${context.table('pair_items')} i ${filter.cohortId ? `JOIN ${context.table('pairs')} p ON p.pair_id = i.pair_id WHERE p.cohort_id = ? AND` : 'WHERE'}
       i.list IN ('meetings', 'actions', 'outcomes', 'reflections')`,
  ).iterate(...(filter.cohortId ? [filter.cohortId] : [])) as IterableIterator<{ pair_id: string; list: string; items: string }>;
  for (const { pair_id, list, items: json } of items) {
    const row = rows.get(pair_id);
    if (!row) continue;
    const { gaps } = row;
    if (list === 'meetings') gaps.meetingsWithoutApproach += (JSON.parse(json) as MeetingData[]).filter((m) => m.approaches.length === 0).length;
    else if (list === 'actions')
      gaps.openActionsWithoutDueDate += (JSON.parse(json) as ActionView[]).filter((a) => !a.completed && !a.dropped && a.dueOn === undefined).length;
    else if (list === 'outcomes') {
      const outcomes = JSON.parse(json) as OutcomeData[];
      gaps.outcomesWithoutEvidence += outcomes.filter((o) => !o.evidence).length;
      gaps.outcomesWithoutMeasure += outcomes.filter((o) => !o.measure).length;
    } else for (const r of JSON.parse(json) as ReflectionData[]) row.reflections.set(r.participantId, (row.reflections.get(r.participantId) ?? 0) + 1);
  }
  return [...rows.values()].map(({ gaps, partners, reflections }) => ({
    ...gaps,
    partnersReflectedFewerThanTwice: partners.filter((id) => (reflections.get(id) ?? 0) < 2).length,
  }));
}
