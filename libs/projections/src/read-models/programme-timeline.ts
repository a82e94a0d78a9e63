import { renderDocument } from '@pairtrail/case-studies';
import {
  addDays,
  Checks,
  countInWords,
  entryDetails,
  longDate,
  TIMELINE_KINDS,
  undated,
  type CalendarDate,
  type EntryCount,
  type EntryLookups,
} from '@pairtrail/domain';
import { ID } from './list-keys';

/**
 * What happened across the programme between two dates: every pair's timeline entries dated in the
 * period, as each pair's own timeline gives them (corrections applied), with what each says in words.
 * For a coordinator's look at the weeks gone by and a steering group's update on a quarter.
 */

/** Which entries are asked for (`GET /timeline`). */
export interface ProgrammeTimelineFilter {
  /** The first day, YYYY-MM-DD; by default four weeks before `to`. */
  from?: string;
  /** The last day, YYYY-MM-DD; by default today. */
  to?: string;
  cohortId?: string;
  /** One pair's entries alone: its story in the period. */
  pairId?: string;
  /** One kind of entry, as a pair's timeline narrows to it: meetings, actions, outcomes, milestones, reflections, course. */
  kind?: string;
  /** `newest` (the default) first, or `oldest`. */
  order?: string;
}

/** The filter with its defaults: the period it covers, the kind's event types, and the order. */
export interface ProgrammeTimelinePeriod {
  from: CalendarDate;
  to: CalendarDate;
  kind: string | null;
  types: readonly string[] | null;
  order: 'newest' | 'oldest';
}

/** An entry of a pair's timeline dated in the period, with its pair and what it says in words. */
export interface ProgrammeTimelineEntry {
  pairId: string;
  cohortId: string;
  /** The pair's name, as its screens give it: its initiative's title, or its focus until it defines one. */
  title: string;
  eventId: string;
  type: string;
  /** The date it happened on, as corrected. */
  on: CalendarDate;
  recordedAt: string;
  /** The timeline's one-line summary, naming nobody. */
  summary: string;
  /** What the entry is about, a line each, as the pair's screen shows it (the action, the outcome and its measure, who reflected, what they wrote). */
  details: string[];
  /** How many times it was corrected: its date and data are as corrected. */
  corrections: number;
}

/** How many entries of a kind of event the period holds, and in how many pairs. */
export type ProgrammeTimelineCount = EntryCount;

/** Every entry of the period, in the order asked for, and its counts. */
export interface ProgrammeTimeline {
  from: CalendarDate;
  to: CalendarDate;
  /** When the period holds nothing: the date of the latest entry before it (null if there is none), to say where to look. */
  latestBefore: CalendarDate | null;
  counts: ProgrammeTimelineCount[];
  items: ProgrammeTimelineEntry[];
}

/** The kinds of event a pair's timeline holds, in the order the counts give them. */
export const TIMELINE_TYPES = TIMELINE_KINDS.flatMap((k) => k.types as readonly string[]);

/** The kinds of entry the timeline narrows to, by their names. */
export const TIMELINE_KINDS_LISTED = TIMELINE_KINDS.map((k) => k.value);

/** The entries as a CSV's rows: what each is about in one cell, a line each. */
export const programmeTimelineRows = (items: readonly ProgrammeTimelineEntry[]): Record<string, unknown>[] =>
  items.map((e) => ({ ...e, details: e.details.join('\n') }));

/** A row of the kind, for the header of a CSV of none. */
export const NO_PROGRAMME_TIMELINE_ROW = programmeTimelineRows([
  { pairId: '', cohortId: '', title: '', eventId: '', type: '', on: '', recordedAt: '', summary: '', details: [], corrections: 0 },
])[0]!;

/** How far back the period goes by default: four weeks, today among them. */
const DEFAULT_DAYS = 28;

/** Checks a filter's values, naming each one that is wrong, and gives the period with its defaults. */
export function programmeTimelinePeriod(filter: ProgrammeTimelineFilter, today: CalendarDate): ProgrammeTimelinePeriod {
  const checks = new Checks(today);
  checks.date('from', filter.from, { optional: true });
  checks.date('to', filter.to, { optional: true });
  const kind = TIMELINE_KINDS.find((k) => k.value === filter.kind);
  if (filter.kind !== undefined && !kind) checks.fail('kind', `must be one of ${TIMELINE_KINDS.map((k) => k.value).join(', ')}`);
  if (filter.order !== undefined && filter.order !== 'newest' && filter.order !== 'oldest') checks.fail('order', 'must be newest or oldest');
  checks.done();
  const to = filter.to ?? today;
  const from = filter.from ?? addDays(to, 1 - DEFAULT_DAYS);
  if (from > to) checks.fail('from', `must be on or before the period's last day (${to})`);
  checks.done();
  return { from, to, kind: kind?.value ?? null, types: kind?.types ?? null, order: filter.order === 'oldest' ? 'oldest' : 'newest' };
}

/**
 * Where an entry stands in the list, oldest first: by date, then pair, then when it was recorded. The key
 * a page's cursor holds; newest first is this order reversed.
 */
export const programmeTimelineKey = (e: Pick<ProgrammeTimelineEntry, 'on' | 'pairId' | 'recordedAt' | 'eventId'>): string =>
  `${e.on}|${e.pairId}|${e.recordedAt}|${e.eventId}`;

/** The shape of `programmeTimelineKey`, which a cursor must have. */
export const PROGRAMME_TIMELINE_KEY = new RegExp(`^\\d{4}-\\d{2}-\\d{2}\\|${ID}\\|[0-9T:.+\\-Z]{0,40}\\|${ID}$`, 'i');

/** A pair's timeline entry, as far as the programme's timeline reads it (`ReadModels.timeline` gives them). */
export interface PairTimelineEntry {
  eventId: string;
  type: string;
  on: CalendarDate;
  recordedAt: string;
  summary: string;
  data: Record<string, unknown>;
  corrections: readonly unknown[];
  retracted: unknown;
}

/** A pair as the programme's timeline names it. */
export interface TimelinePair {
  pairId: string;
  cohortId: string;
  title: string;
}

/** Whether an entry is of the period: dated in it, of the kind asked for, and not retracted (it did not happen as recorded). */
const ofPeriod = (e: PairTimelineEntry, period: Pick<ProgrammeTimelinePeriod, 'from' | 'to' | 'types'>): boolean =>
  e.retracted === null && e.on >= period.from && e.on <= period.to && (period.types === null || period.types.includes(e.type));

/** The date of a pair's latest entry before the period, of the kind asked for and not retracted; undefined if none. */
export function latestBefore(entries: readonly PairTimelineEntry[], period: ProgrammeTimelinePeriod): CalendarDate | undefined {
  const before = { from: '0000-01-01', to: addDays(period.from, -1), types: period.types };
  return entries.reduce<CalendarDate | undefined>((latest, e) => (ofPeriod(e, before) && (latest === undefined || e.on > latest) ? e.on : latest), undefined);
}

/**
 * A pair's entries dated in the period, of the kind asked for, leaving out those retracted (which did not
 * happen as recorded). `entries` is the pair's whole timeline, so that an action completed in the period
 * says which action, though it was agreed before it.
 */
export function entriesInPeriod(
  pair: TimelinePair,
  entries: readonly PairTimelineEntry[],
  period: ProgrammeTimelinePeriod,
  nameOf: (participantId: string) => string,
  lookups: EntryLookups,
): ProgrammeTimelineEntry[] {
  return entries
    .filter((e) => ofPeriod(e, period))
    .map((e) => ({
      ...pair,
      eventId: e.eventId,
      type: e.type,
      on: e.on,
      recordedAt: e.recordedAt,
      summary: e.summary,
      details: entryDetails(e, nameOf, lookups),
      corrections: e.corrections.length,
    }));
}

/** Entries in `programmeTimelineKey` order, each key made once, not at every comparison: a quarter of a national programme holds tens of thousands. */
function oldestFirst(entries: readonly ProgrammeTimelineEntry[]): ProgrammeTimelineEntry[] {
  const keyed = entries.map((entry) => ({ key: programmeTimelineKey(entry), entry }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : 1));
  return keyed.map((k) => k.entry);
}

/** The period's entries in the order asked for, with how many of each kind there are and in how many pairs. */
export function programmeTimeline(
  period: ProgrammeTimelinePeriod,
  found: ProgrammeTimelineEntry[],
  latestBefore: CalendarDate | null = null,
): ProgrammeTimeline {
  const items = oldestFirst(found);
  if (period.order === 'newest') items.reverse();
  const counts = (period.types ?? TIMELINE_TYPES).map((type) => {
    const ofType = found.filter((e) => e.type === type);
    return { type, entries: ofType.length, pairs: new Set(ofType.map((e) => e.pairId)).size };
  });
  return { from: period.from, to: period.to, latestBefore: found.length > 0 ? null : latestBefore, counts, items };
}

/** What the document of a period is read at and of. */
export interface ProgrammeTimelineReading {
  /** The day it was read on. */
  asOf: CalendarDate;
  position: string;
  /** What it is of, by name (a cohort's, or a pair's title); the whole programme when absent. */
  of?: string;
}

/**
 * The period as a document to read or send: what happened, counted, then each pair's entries in date
 * order under the pair's name, each with what it is about. People's own words are text, never markup.
 */
export function renderProgrammeTimeline(timeline: ProgrammeTimeline, reading: ProgrammeTimelineReading, format: 'md' | 'html'): string {
  const period = `${longDate(timeline.from)} to ${longDate(timeline.to)}`;
  const byPair = new Map<string, ProgrammeTimelineEntry[]>();
  for (const entry of oldestFirst(timeline.items)) {
    const entries = byPair.get(entry.pairId) ?? [];
    if (entries.length === 0) byPair.set(entry.pairId, entries);
    entries.push(entry);
  }
  const counted = timeline.counts.filter((c) => c.entries > 0).map(countInWords);
  const about = {
    key: 'about',
    title: 'In this period',
    paragraphs: [
      counted.length > 0
        ? `${counted.join('; ')}.`
        : `Nothing was recorded as happening in this period${timeline.latestBefore ? `; the latest entry before it is dated ${longDate(timeline.latestBefore)}` : ''}.`,
      'Each entry is as its pair recorded it, corrections applied; an entry retracted is left out, as it did not happen as recorded. Dates are those the entries happened on.',
      "It names people and gives their words as the pairs recorded them, for those who may read the pairs' timelines: it is not for publication. A report quotes the case studies, which keep each person's consent.",
    ],
    items: [],
    quotes: [],
  };
  const pairs = [...byPair.values()].map((entries) => ({
    key: entries[0]!.pairId,
    title: entries[0]!.title,
    paragraphs: [],
    items: entries.map((e) => [`${longDate(e.on)}: ${undated(e.summary)}`, ...e.details].join('\n')),
    quotes: [],
  }));
  return renderDocument(
    {
      title: `What happened${reading.of ? ` in ${reading.of}` : ''}, ${period}`,
      sections: [about, ...pairs],
      closing: `Read on ${longDate(reading.asOf)}, as recorded up to log position ${reading.position}: asked for again at that position, it gives the same entries.`,
    },
    format,
  );
}
