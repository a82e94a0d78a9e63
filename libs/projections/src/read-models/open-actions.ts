import { daysBetween, isCalendarDate, ValidationError, type ActionView, type CalendarDate, type PairStatus } from '@pairtrail/domain';
import type { ProjectionContext } from '../engine/projection';
import { prepareCached } from '../engine/read-model-db';
import { ID, pairsWhere } from './list-keys';

/** An action agreed and neither completed nor dropped, with its pair: a line of the programme's list of what is still to do. */
export interface OpenAction {
  pairId: string;
  cohortId: string;
  /** The pair's name, as its screens give it: its initiative's title, or what it set out to change (its focus) until it defines one. */
  title: string;
  pairStatus: PairStatus;
  actionId: string;
  description: string;
  ownerId: string;
  /** The owner's name as registered; null once they are erased. */
  ownerName: string | null;
  agreedOn: CalendarDate;
  dueOn: CalendarDate | null;
  meetingId: string | null;
  /** Due before today, in the programme's time zone: what a pair's `overdueActions` counts. */
  overdue: boolean;
  /** How many days past its due date it is; null when it is not overdue. */
  daysOverdue: number | null;
}

/** A row of the kind, for the header of a CSV of none. */
export const NO_OPEN_ACTION: OpenAction = {
  pairId: '',
  cohortId: '',
  title: '',
  pairStatus: 'active',
  actionId: '',
  description: '',
  ownerId: '',
  ownerName: null,
  agreedOn: '',
  dueOn: null,
  meetingId: null,
  overdue: false,
  daysOverdue: null,
};

/** Which open actions are asked for (`GET /actions`). */
export interface OpenActionFilter {
  /** `overdue`: only those due before today; `open` (the default): every one. */
  state?: string;
  /** Only pairs of this status. Without it, pairs that have not concluded: a concluded pair takes no completion. */
  pairStatus?: string;
  /** Only those due on or before this date, YYYY-MM-DD (the overdue among them): what is due by a pair's next check-in. */
  dueBy?: string;
  cohortId?: string;
  ownerId?: string;
}

/**
 * Whether an action is overdue today (neither completed nor dropped, and due before today: what a pair's
 * `overdueActions` counts), and by how many days; null when it is not.
 */
export function lateness(action: Pick<ActionView, 'completed' | 'dropped' | 'dueOn'>, today: CalendarDate): { overdue: boolean; daysOverdue: number | null } {
  const overdue = !action.completed && !action.dropped && action.dueOn !== undefined && action.dueOn < today;
  return { overdue, daysOverdue: overdue ? daysBetween(action.dueOn!, today) : null };
}

const STATES = ['open', 'overdue'];
const PAIR_STATUSES: PairStatus[] = ['active', 'paused', 'concluded'];

/** Checks a filter's values, naming each one that is not a choice. */
export function checkOpenActionFilter(filter: OpenActionFilter): void {
  const problems = [
    ...(filter.state !== undefined && !STATES.includes(filter.state) ? [{ field: 'state', message: 'must be open or overdue' }] : []),
    ...(filter.pairStatus !== undefined && !PAIR_STATUSES.includes(filter.pairStatus as PairStatus)
      ? [{ field: 'pairStatus', message: 'must be active, paused or concluded' }]
      : []),
    ...(filter.dueBy !== undefined && !isCalendarDate(filter.dueBy) ? [{ field: 'dueBy', message: 'must be a real calendar date, YYYY-MM-DD' }] : []),
  ];
  if (problems.length > 0) throw new ValidationError(problems);
}

/**
 * Where an open action stands in the list: the soonest due first (so the most overdue lead), those with
 * no due date last, then by when they were agreed. The key a page's cursor holds.
 */
export const openActionKey = (a: Pick<OpenAction, 'dueOn' | 'agreedOn' | 'pairId' | 'actionId'>): string =>
  `${a.dueOn ?? '~'}|${a.agreedOn}|${a.pairId}|${a.actionId}`;

/** The shape of `openActionKey`, which a cursor must have. */
export const OPEN_ACTION_KEY = new RegExp(`^(\\d{4}-\\d{2}-\\d{2}|~)\\|\\d{4}-\\d{2}-\\d{2}\\|${ID}\\|${ID}$`, 'i');

/**
 * Every open action of the pairs the filter names, in `openActionKey` order, their owners not yet named
 * (`ownerName` null). Read from the pairs' rows of actions alone, with each pair's title from its
 * document, so no pair's meetings, reflections or outcomes are read for it.
 */
export function openActions(context: Pick<ProjectionContext, 'db' | 'table'>, filter: OpenActionFilter, today: CalendarDate, only?: string[]): OpenAction[] {
  const { where, params } = pairsWhere({ status: filter.pairStatus, cohortId: filter.cohortId }, only);
  const rows = prepareCached(
    context.db,
    `SELECT p.pair_id, p.cohort_id, p.status, COALESCE(json_extract(p.doc, '$.initiative.title'), json_extract(p.doc, '$.focus')) AS title, i.items
     FROM ${context.table('pairs')} p JOIN ${context.table('pair_items')} i ON i.pair_id = p.pair_id AND i.list = 'actions'
     WHERE ${where} ORDER BY p.pair_id, i.chunk`,
  ).all(...params) as { pair_id: string; cohort_id: string; status: PairStatus; title: string; items: string }[];
  const found: OpenAction[] = [];
  for (const row of rows) {
    for (const action of JSON.parse(row.items) as ActionView[]) {
      if (action.completed || action.dropped) continue;
      if (filter.ownerId && action.ownerId !== filter.ownerId) continue;
      const { overdue, daysOverdue } = lateness(action, today);
      if (filter.state === 'overdue' && !overdue) continue;
      if (filter.dueBy !== undefined && (action.dueOn === undefined || action.dueOn > filter.dueBy)) continue;
      found.push({
        pairId: row.pair_id,
        cohortId: row.cohort_id,
        title: row.title,
        pairStatus: row.status,
        actionId: action.actionId,
        description: action.description,
        ownerId: action.ownerId,
        // Named for the page read: a name can change, or be erased, while the pair's actions stay the same.
        ownerName: null,
        agreedOn: action.agreedOn,
        dueOn: action.dueOn ?? null,
        meetingId: action.meetingId ?? null,
        overdue,
        daysOverdue,
      });
    }
  }
  // Each key made once, not at every comparison: a national programme has tens of thousands open.
  const keyed = found.map((action) => ({ key: openActionKey(action), action }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : 1));
  return keyed.map((k) => k.action);
}
