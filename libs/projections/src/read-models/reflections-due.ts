import { daysBetween, reflectionIsDue, type CalendarDate, type Perspective, type ReflectionData } from '@pairtrail/domain';
import type { ProjectionContext } from '../engine/projection';
import { prepareCached } from '../engine/read-model-db';
import { ID, pairsWhere } from './list-keys';

/**
 * A reflection a partner is asked for, in a pair going on that they take part in: they have not yet
 * reflected in it, or their last reflection there is a quarter old (the rule My pair asks partners by).
 * How the partnership feels is the programme's measure, and its change is known once they reflect twice.
 */
export interface ReflectionDue {
  pairId: string;
  cohortId: string;
  /** The pair's name, as its screens give it: its initiative's title, or its focus until it defines one. */
  title: string;
  participantId: string;
  /** Their name as registered; null once erased (an erased partner is asked nothing, and is not listed). */
  name: string | null;
  perspective: Perspective;
  /** The day the pair formed: how long one who has not reflected yet has been in it. */
  formedOn: CalendarDate;
  /** Their last reflection in the pair, if any, and how many days before today it was. */
  lastReflectedOn: CalendarDate | null;
  daysSince: number | null;
}

/** A row of the kind, for the header of a CSV of none. */
export const NO_REFLECTION_DUE: ReflectionDue = {
  pairId: '',
  cohortId: '',
  title: '',
  participantId: '',
  name: null,
  perspective: 'lived-experience',
  formedOn: '',
  lastReflectedOn: null,
  daysSince: null,
};

/**
 * Where a reflection due stands in the list: those waiting longest first, who has not reflected yet (the
 * longest-formed pair first), then by the last reflection's day; of one pair, the lived-experience partner first.
 * The key a page's cursor holds.
 */
export const reflectionDueKey = (r: Pick<ReflectionDue, 'lastReflectedOn' | 'formedOn' | 'pairId' | 'perspective' | 'participantId'>): string =>
  `${r.lastReflectedOn === null ? 0 : 1}|${r.lastReflectedOn ?? r.formedOn}|${r.pairId}|${r.perspective === 'lived-experience' ? 'L' : 'P'}|${r.participantId}`;

/** The shape of `reflectionDueKey`, which a cursor must have. */
export const REFLECTION_DUE_KEY = new RegExp(`^[01]\\|\\d{4}-\\d{2}-\\d{2}\\|${ID}\\|[LP]\\|${ID}$`, 'i');

/**
 * Every reflection due today in the pairs going on (of a cohort, if one is named; `only`: a pair member's
 * own), read from the pairs' rows and their reflections alone. `partner` says of a person whether they
 * take part in a pair now, and their name.
 */
export function reflectionsDue(
  context: Pick<ProjectionContext, 'db' | 'table'>,
  filter: { cohortId?: string },
  today: CalendarDate,
  partner: (participantId: string, pairId: string) => { takesPart: boolean; name: string | null },
  only?: string[],
): ReflectionDue[] {
  const { where, params } = pairsWhere(filter, only);
  const rows = prepareCached(
    context.db,
    `SELECT p.pair_id, p.cohort_id, COALESCE(json_extract(p.doc, '$.initiative.title'), json_extract(p.doc, '$.focus')) AS title,
       json_extract(p.doc, '$.formedOn') AS formed_on,
       json_extract(p.doc, '$.livedExperiencePartnerId') AS lived, json_extract(p.doc, '$.professionalPartnerId') AS professional,
       (SELECT json_group_array(i.items) FROM ${context.table('pair_items')} i WHERE i.pair_id = p.pair_id AND i.list = 'reflections') AS reflections
     FROM ${context.table('pairs')} p WHERE ${where}`,
  ).all(...params) as { pair_id: string; cohort_id: string; title: string; formed_on: string; lived: string; professional: string; reflections: string }[];
  const due: ReflectionDue[] = [];
  for (const row of rows) {
    const reflections = (JSON.parse(row.reflections) as string[]).flatMap((chunk) => JSON.parse(chunk) as ReflectionData[]);
    for (const [participantId, perspective] of [
      [row.lived, 'lived-experience'],
      [row.professional, 'professional'],
    ] as const) {
      const { takesPart, name } = partner(participantId, row.pair_id);
      if (!takesPart) continue;
      const last = reflections
        .filter((r) => r.participantId === participantId)
        .reduce<CalendarDate | null>((l, r) => (l === null || r.recordedOn > l ? r.recordedOn : l), null);
      if (!reflectionIsDue(last ?? undefined, today)) continue;
      due.push({
        pairId: row.pair_id,
        cohortId: row.cohort_id,
        title: row.title,
        participantId,
        name,
        perspective,
        formedOn: row.formed_on,
        lastReflectedOn: last,
        daysSince: last === null ? null : daysBetween(last, today),
      });
    }
  }
  const keyed = due.map((r) => ({ key: reflectionDueKey(r), r }));
  return keyed.sort((a, b) => (a.key < b.key ? -1 : 1)).map(({ r }) => r);
}
