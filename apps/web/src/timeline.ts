import { humanDates } from './dates';
import { findIn } from './lists';

/**
 * What a timeline entry says beyond its one-line summary. The summary is the audit trail's, and holds
 * no personal data; the pair and their coordinator read their own story, so this adds what the entry
 * is about: the action's description, the milestone, the outcome, who reflected, and so on.
 */

interface Entry {
  type: string;
  data: Record<string, unknown>;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const list = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : []);
const labelled = (label: string, value: unknown) => (text(value) ? `${label}: ${String(value)}` : undefined);

function measure(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { name, unit, baseline, value: now } = value as Record<string, unknown>;
  if (!text(name)) return undefined;
  const amount = (n: unknown) => `${String(n)}${unit === '%' ? '%' : text(unit) ? ` ${String(unit)}` : ''}`;
  return `Measure: ${String(name)}, from ${amount(baseline)} to ${amount(now)}`;
}

/**
 * What entries of a pair's timeline say of other entries: each action's description by actionId, so a
 * completion or a drop says which action it was; each meeting's date by meetingId, so an action agreed
 * at one says at which.
 */
export interface EntryLookups {
  actions: ReadonlyMap<string, string>;
  meetings: ReadonlyMap<string, string>;
}

/**
 * The lines to show under an entry's summary, in reading order.
 * @param nameOf a participant's name by id, for owners and authors
 */
export function entryDetails(entry: Entry, nameOf: (participantId: string) => string, { actions, meetings }: EntryLookups): string[] {
  const d = entry.data;
  const who = (id: unknown) => (typeof id === 'string' ? nameOf(id) : undefined);
  const which = (id: unknown) => (typeof id === 'string' ? actions.get(id) : undefined);
  const heldOn = (id: unknown) => (typeof id === 'string' ? meetings.get(id) : undefined);
  const lines: (string | undefined)[] = (() => {
    switch (entry.type) {
      case 'PairFormed':
        return [text(d.focus)];
      case 'InitiativeDefined':
      case 'InitiativeRevised':
        return [
          text(d.title),
          labelled('Aim', d.aim),
          list(d.successMeasures).length ? `Success measures: ${list(d.successMeasures).join('; ')}` : undefined,
          labelled('Why revised', d.reason),
        ];
      case 'MeetingHeld':
        return [list(d.topics).length ? `Topics: ${list(d.topics).join('; ')}` : undefined, text(d.notes)];
      case 'ActionAgreed':
        return [
          text(d.description),
          typeof d.ownerId === 'string' ? `Owner: ${who(d.ownerId)}` : undefined,
          heldOn(d.meetingId) ? `Agreed at the meeting of ${heldOn(d.meetingId)}` : undefined,
        ];
      case 'ActionCompleted':
        return [which(d.actionId), labelled('Note', d.note)];
      case 'ActionDropped':
        return [which(d.actionId), labelled('Why dropped', d.reason)];
      case 'MilestoneReached':
        return [text(d.description)];
      case 'OutcomeRecorded':
        return [text(d.description), measure(d.measure), labelled('Evidence', d.evidence)];
      case 'ReflectionRecorded':
        return [typeof d.participantId === 'string' ? `${who(d.participantId)}${d.quotable === true ? ' (may be quoted)' : ''}` : undefined, text(d.text)];
      case 'PairPaused':
        return [labelled('Why paused', d.reason)];
      case 'PairConcluded':
        return [text(d.summary)];
      default:
        return [];
    }
  })();
  return lines.filter((line): line is string => line !== undefined);
}

/** Every action's description and every meeting's date, by id, from a pair's timeline. */
export function entryLookups(entries: readonly Entry[]): EntryLookups {
  const actions = new Map<string, string>();
  const meetings = new Map<string, string>();
  for (const { type, data } of entries) {
    if (type === 'ActionAgreed' && typeof data.actionId === 'string' && text(data.description)) actions.set(data.actionId, String(data.description));
    if (type === 'MeetingHeld' && typeof data.meetingId === 'string' && text(data.heldOn)) meetings.set(data.meetingId, String(data.heldOn));
  }
  return { actions, meetings };
}

/** Fields a correction may change, as a person would name them. */
const FIELD_LABELS: Record<string, string> = {
  formedOn: 'date formed',
  focus: 'focus',
  serviceArea: 'service area',
  title: 'title',
  aim: 'aim',
  context: 'context',
  successMeasures: 'success measures',
  reason: 'reason',
  on: 'date',
  heldOn: 'date held',
  durationMinutes: 'minutes',
  format: 'how they met',
  attendeeIds: 'attendees',
  topics: 'topics',
  notes: 'notes',
  approaches: 'approaches',
  description: 'description',
  ownerId: 'owner',
  agreedOn: 'date agreed',
  dueOn: 'due date',
  completedOn: 'date completed',
  note: 'note',
  droppedOn: 'date dropped',
  reachedOn: 'date reached',
  category: 'kind of outcome',
  evidence: 'evidence',
  measure: 'measure',
  recordedOn: 'date recorded',
  spread: 'spread',
  relationshipScore: 'relationship score',
  text: 'text',
  quotable: 'may be quoted',
  summary: 'summary',
  concludedOn: 'date concluded',
  // A person's details and a cohort's, as their corrections name them.
  name: 'name',
  email: 'email',
  role: 'role',
  organisation: 'organisation',
  organisationType: 'kind of organisation',
  registeredOn: 'date registered',
  startsOn: 'start date',
  endsOn: 'end date',
};

/** A field of an entry as a person would name it. */
export const fieldLabel = (field: string): string => FIELD_LABELS[field] ?? field;

/** What a correction changed, field by field, in words: "minutes is now 90; owner is now Dr Samir Patel". */
export function correctionText(replacement: Record<string, unknown>, nameOf: (participantId: string) => string): string {
  return Object.entries(replacement)
    .map(([field, v]) => `${fieldLabel(field)} is now ${valueText(field, v, nameOf)}`)
    .join('; ');
}

/** One field's value in words: people by name, a measure as it reads, yes or no, "none" for nothing. */
export function valueText(field: string, v: unknown, nameOf: (participantId: string) => string): string {
  if (field === 'ownerId' && typeof v === 'string') return nameOf(v);
  if (field === 'attendeeIds' && Array.isArray(v)) return v.map((id) => nameOf(String(id))).join(' and ');
  if (field === 'measure') return measure(v)?.replace(/^Measure: /, '') ?? 'none';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.map(String).join(', ');
  if (v === null || v === undefined || v === '') return 'none';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Who recorded an entry, a correction or a retraction, as the log keeps it: a user with their role, Pairtrail itself, or nobody known. */
type Actor = { userId: string; role: string } | 'system' | null;

/**
 * Who put an entry right, in the words of the person reading: "you", "a coordinator", "a pair member",
 * or "Pairtrail" for the programme's own processes; undefined where the log names nobody.
 */
export function byWhom(actor: Actor, readerId: string): string | undefined {
  if (actor === null) return undefined;
  if (actor === 'system') return 'Pairtrail';
  if (actor.userId === readerId) return 'you';
  return `${/^[aeiou]/.test(actor.role) ? 'an' : 'a'} ${actor.role.replace(/-/g, ' ')}`;
}

/** What a pair's timeline can be narrowed to, each the kinds of entry it shows. */
export const TIMELINE_KINDS = [
  { value: 'meetings', label: 'Meetings', types: ['MeetingHeld'] },
  { value: 'actions', label: 'Actions', types: ['ActionAgreed', 'ActionCompleted', 'ActionDropped'] },
  { value: 'outcomes', label: 'Outcomes', types: ['OutcomeRecorded'] },
  { value: 'milestones', label: 'Milestones', types: ['MilestoneReached'] },
  { value: 'reflections', label: 'Reflections', types: ['ReflectionRecorded'] },
  {
    value: 'course',
    // Formed, its initiative, paused, resumed, concluded.
    label: "The pair's course",
    types: ['PairFormed', 'InitiativeDefined', 'InitiativeRevised', 'PairPaused', 'PairResumed', 'PairConcluded'],
  },
] as const;

interface FoundEntry extends Entry {
  on: string;
  summary: string;
  corrections: readonly { replacement: Record<string, unknown>; reason: string }[];
  retracted?: { reason: string } | null;
}

/**
 * The entries of one kind (`TIMELINE_KINDS`' value; every entry for ''), holding every word typed in what
 * the timeline shows of them: summary, details, corrections and retraction, its date in words too.
 */
export function findInTimeline<T extends FoundEntry>(
  entries: readonly T[],
  kind: string,
  typed: string,
  nameOf: (participantId: string) => string,
  lookups: EntryLookups,
): T[] {
  const types: readonly string[] | undefined = TIMELINE_KINDS.find((k) => k.value === kind)?.types;
  const ofKind = types ? entries.filter((e) => types.includes(e.type)) : entries;
  // As the timeline shows them: its dates in words ("March 2026" finds a meeting held on 2026-03-12).
  return findIn(ofKind, typed, (e) =>
    [
      e.on,
      e.summary,
      ...entryDetails(e, nameOf, lookups),
      ...e.corrections.flatMap((c) => [correctionText(c.replacement, nameOf), c.reason]),
      e.retracted?.reason,
    ].map((t) => (t === undefined ? t : humanDates(t))),
  );
}
