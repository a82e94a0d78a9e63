import { renderDocument } from '@pairtrail/case-studies';
import {
  counted,
  daysBetween,
  entryDetails,
  longDate,
  reflectionIsDue,
  undated,
  type ActionView,
  type CalendarDate,
  type EntryLookups,
  type InitiativeData,
  type Perspective,
  type ReflectionData,
} from '@pairtrail/domain';
import type { PairTimelineEntry } from './programme-timeline';

/**
 * Before a pair's next meeting: what they set out to do, what they agreed last time and where it stands,
 * what is still open, what has happened since, and whether a reflection is due. One page, for the pair to
 * read or print before they meet, and for the coordinator who supports them.
 */

/** An action as the brief says it: its owner by name, and where it stands today. */
export interface BriefAction {
  actionId: string;
  description: string;
  owner: string;
  agreedOn: CalendarDate;
  dueOn: CalendarDate | null;
  state: 'open' | 'completed' | 'dropped';
  /** The day it was completed or dropped; null while it is open. */
  closedOn: CalendarDate | null;
  /** By how many days it is overdue today; null when it is not. */
  daysOverdue: number | null;
}

/** An entry of the pair's timeline in words, as What happened gives it. */
export interface BriefEntry {
  eventId: string;
  type: string;
  on: CalendarDate;
  summary: string;
  details: string[];
}

/** A partner as the brief names them, and whether a reflection of theirs is due. */
export interface BriefPartner {
  participantId: string;
  name: string;
  perspective: Perspective;
  /** Their latest reflection in this pair, if any. */
  lastReflection: { on: CalendarDate; relationshipScore: number } | null;
  /**
   * Whether they are asked to reflect: in a pair going on that they take part in, when they have not yet,
   * or their last reflection is a quarter old.
   */
  reflectionDue: boolean;
}

export interface PairBrief {
  pairId: string;
  title: string;
  status: 'active' | 'paused' | 'concluded';
  serviceArea: string;
  formedOn: CalendarDate;
  partners: BriefPartner[];
  initiative: { title: string; aim: string; successMeasures: string[] } | null;
  /** Their latest meeting, with the actions agreed at it; null before they first meet. */
  lastMeeting:
    (BriefEntry & { meetingId: string; daysAgo: number; format: string; durationMinutes: number; attendees: string[]; agreed: BriefAction[] }) | null;
  /** Every action still open, the most overdue first, then by the day it is due, those without one last. */
  openActions: BriefAction[];
  /** Entries dated on or after the last meeting's day (every entry before a first meeting), but that meeting and what it agreed. */
  since: BriefEntry[];
}

/** What the brief is read from: the pair as it stands, its timeline, its partners, and today. */
export interface PairBriefSource {
  pair: {
    pairId: string;
    title: string;
    status: PairBrief['status'];
    serviceArea: string;
    formedOn: CalendarDate;
    livedExperiencePartnerId: string;
    professionalPartnerId: string;
    initiative?: Pick<InitiativeData, 'title' | 'aim' | 'successMeasures'>;
    /** Each saying by how many days it is overdue today (null when it is not), as `GET /pairs/:id` gives them. */
    actions: (ActionView & { daysOverdue: number | null })[];
    reflections: Pick<ReflectionData, 'participantId' | 'recordedOn' | 'relationshipScore'>[];
  };
  timeline: readonly PairTimelineEntry[];
  lookups: EntryLookups;
  /** A partner's name as registered ("[erased]" for one erased), and whether they take part in this pair now. */
  partner: (participantId: string) => { name: string; takesPart: boolean };
  today: CalendarDate;
}

const briefAction = (a: PairBriefSource['pair']['actions'][number], nameOf: (id: string) => string): BriefAction => ({
  actionId: a.actionId,
  description: a.description,
  owner: nameOf(a.ownerId),
  agreedOn: a.agreedOn,
  dueOn: a.dueOn ?? null,
  state: a.completed ? 'completed' : a.dropped ? 'dropped' : 'open',
  closedOn: a.completed?.completedOn ?? a.dropped?.droppedOn ?? null,
  daysOverdue: a.daysOverdue,
});

/** The most overdue first, then by the day due, those without one last: what to take first at the meeting. */
const byUrgency = (a: BriefAction, b: BriefAction): number =>
  (b.daysOverdue ?? -1) - (a.daysOverdue ?? -1) || (a.dueOn ?? '9999-12-31').localeCompare(b.dueOn ?? '9999-12-31') || a.agreedOn.localeCompare(b.agreedOn);

/** The brief of a pair before its next meeting, from its current view and timeline. */
export function pairBrief({ pair, timeline, lookups, partner, today }: PairBriefSource): PairBrief {
  const nameOf = (id: string) => partner(id).name;
  const inWords = (e: PairTimelineEntry): BriefEntry => ({
    eventId: e.eventId,
    type: e.type,
    on: e.on,
    summary: e.summary,
    details: entryDetails(e, nameOf, lookups),
  });
  const standing = timeline.filter((e) => e.retracted === null);
  // Held by today (one dated tomorrow, as a date may be, is yet to be held); the timeline is in happened-at
  // order, those of one day in the order recorded, so the last is the latest.
  const meetings = standing.filter((e) => e.type === 'MeetingHeld' && e.on <= today);
  const last = meetings[meetings.length - 1];
  const lastId = last ? String(last.data.meetingId) : undefined;
  const actions = pair.actions.map((a) => briefAction(a, nameOf));
  const agreedAtLast = new Set(pair.actions.filter((a) => lastId !== undefined && a.meetingId === lastId).map((a) => a.actionId));
  const partners = (
    [
      [pair.livedExperiencePartnerId, 'lived-experience'],
      [pair.professionalPartnerId, 'professional'],
    ] as const
  ).map(([participantId, perspective]): BriefPartner => {
    const theirs = pair.reflections.filter((r) => r.participantId === participantId);
    // Of one day, the one recorded last.
    const latest = theirs.reduce<(typeof theirs)[number] | undefined>((l, r) => (l === undefined || r.recordedOn >= l.recordedOn ? r : l), undefined);
    const { name, takesPart } = partner(participantId);
    return {
      participantId,
      name,
      perspective,
      lastReflection: latest ? { on: latest.recordedOn, relationshipScore: latest.relationshipScore } : null,
      reflectionDue: pair.status !== 'concluded' && takesPart && reflectionIsDue(latest?.recordedOn, today),
    };
  });
  return {
    pairId: pair.pairId,
    title: pair.title,
    status: pair.status,
    serviceArea: pair.serviceArea,
    formedOn: pair.formedOn,
    partners,
    initiative: pair.initiative ? { title: pair.initiative.title, aim: pair.initiative.aim, successMeasures: pair.initiative.successMeasures } : null,
    lastMeeting: last
      ? {
          ...inWords(last),
          meetingId: lastId!,
          daysAgo: daysBetween(last.on, today),
          format: String(last.data.format),
          durationMinutes: Number(last.data.durationMinutes),
          attendees: (last.data.attendeeIds as string[]).map(nameOf),
          agreed: actions.filter((a) => agreedAtLast.has(a.actionId)),
        }
      : null,
    openActions: actions.filter((a) => a.state === 'open').sort(byUrgency),
    since: standing
      .filter(
        (e) =>
          (last === undefined || (e.on >= last.on && e !== last)) &&
          e.type !== 'PairFormed' &&
          !(e.type === 'ActionAgreed' && agreedAtLast.has(String(e.data.actionId))),
      )
      .map(inWords),
  };
}

/** What the brief's document is read at. */
export interface PairBriefReading {
  asOf: CalendarDate;
  position: string;
}

const actionLine = (a: BriefAction): string => {
  const standing =
    a.state === 'open' ? (a.daysOverdue !== null ? `overdue by ${counted(a.daysOverdue, 'day')}` : 'open') : `${a.state} on ${longDate(a.closedOn!)}`;
  return `${a.description} (${a.owner}${a.state === 'open' && a.dueOn ? `, due ${longDate(a.dueOn)}` : ''}): ${standing}`;
};

const entryLine = (e: BriefEntry): string => [`${longDate(e.on)}: ${undated(e.summary)}`, ...e.details].join('\n');

const PERSPECTIVE_WORDS = { 'lived-experience': 'lived experience', professional: 'professional' } as const;

/**
 * The brief as a document to read or print before the meeting. It names the partners and gives their
 * notes, so it says it is for the pair and those who support them. People's own words are text, never markup.
 */
export function renderPairBrief(brief: PairBrief, reading: PairBriefReading, format: 'md' | 'html'): string {
  const section = (key: string, title: string, { paragraphs = [] as string[], items = [] as string[] } = {}) => ({ key, title, paragraphs, items, quotes: [] });
  const [lived, professional] = brief.partners;
  const { lastMeeting: last } = brief;
  return renderDocument(
    {
      title: `Before the next meeting: ${brief.title}`,
      sections: [
        section('pair', 'The pair', {
          paragraphs: [
            `${lived!.name} (${PERSPECTIVE_WORDS[lived!.perspective]}) and ${professional!.name} (${PERSPECTIVE_WORDS[professional!.perspective]}), ${brief.serviceArea.replace(/-/g, ' ')}, formed on ${longDate(brief.formedOn)}; ${brief.status}.`,
            brief.initiative ? `Their initiative: ${brief.initiative.title}. Aim: ${brief.initiative.aim}` : 'They have yet to define their initiative.',
          ],
          items: brief.initiative?.successMeasures.map((m) => `Success measure: ${m}`) ?? [],
        }),
        last
          ? section('last-meeting', 'Last time', {
              paragraphs: [
                `They last met on ${longDate(last.on)}, ${counted(last.daysAgo, 'day')} ago: ${last.format.replace(/-/g, ' ')}, ${last.durationMinutes} minutes; ${last.attendees.join(' and ')} came.`,
                ...last.details,
                last.agreed.length > 0 ? 'Agreed there, and where each stands now:' : 'No action was recorded as agreed there.',
              ],
              items: last.agreed.map((a) => actionLine(a)),
            })
          : section('last-meeting', 'Last time', { paragraphs: ['They have not met yet.'] }),
        section('open-actions', 'Actions still open', {
          paragraphs: [brief.openActions.length > 0 ? 'The most overdue first:' : 'No action is open.'],
          items: brief.openActions.map((a) => actionLine(a)),
        }),
        section('since', last ? 'Since then' : 'So far', {
          paragraphs: [brief.since.length > 0 ? 'Recorded as happening, oldest first:' : 'Nothing else has been recorded as happening.'],
          items: brief.since.map(entryLine),
        }),
        section('reflections', 'Reflections', {
          paragraphs: [
            'How the partnership feels, from 1 ("them and us") to 5 ("equal partners"), is the programme\'s measure; reflecting from time to time shows how it changes.',
          ],
          items: brief.partners.map(
            (p) =>
              `${p.name}: ${p.lastReflection ? `last reflected on ${longDate(p.lastReflection.on)}, scoring the partnership ${p.lastReflection.relationshipScore} of 5` : 'has not reflected yet'}${p.reflectionDue ? '; a reflection is due' : ''}`,
          ),
        }),
      ],
      closing: `Read on ${longDate(reading.asOf)}, as recorded up to log position ${reading.position}. It names the partners and gives their notes: it is for the pair and those who support them, not for publication.`,
    },
    format,
  );
}
