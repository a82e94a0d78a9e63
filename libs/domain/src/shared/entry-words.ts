/**
 * What a pair's timeline entries say in words beyond their one-line summary, shared by the web app's
 * screens and the API's documents of entries: the action's description, the milestone, the outcome and
 * its measure, who reflected, what a correction changed. Pure, so the web app shares this file (through
 * the vocabulary).
 */

/** A timeline entry as far as its words need: its kind of event and its data, corrections applied. */
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

/** How many entries of a kind of event there are, and in how many pairs. */
export interface EntryCount {
  type: string;
  entries: number;
  pairs: number;
}

/** What a kind of entry is called, counted: "3 meetings held". */
const COUNTED: Record<string, [one: string, many: string]> = {
  PairFormed: ['pair formed', 'pairs formed'],
  InitiativeDefined: ['initiative defined', 'initiatives defined'],
  InitiativeRevised: ['initiative revised', 'initiatives revised'],
  MeetingHeld: ['meeting held', 'meetings held'],
  ActionAgreed: ['action agreed', 'actions agreed'],
  ActionCompleted: ['action completed', 'actions completed'],
  ActionDropped: ['action dropped', 'actions dropped'],
  MilestoneReached: ['milestone reached', 'milestones reached'],
  OutcomeRecorded: ['outcome recorded', 'outcomes recorded'],
  ReflectionRecorded: ['reflection', 'reflections'],
  PairPaused: ['pause', 'pauses'],
  PairResumed: ['pair resumed', 'pairs resumed'],
  PairConcluded: ['pair concluded', 'pairs concluded'],
};

/** "1 meeting", "2 meetings", "1,344 events". */
export const counted = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** A count in words: "3 meetings held, in 2 pairs". */
export function countInWords({ type, entries, pairs }: EntryCount): string {
  const [one, many] = COUNTED[type] ?? [type, type];
  const perPair = type === 'PairFormed' || type === 'PairResumed' || type === 'PairConcluded';
  return entries === 0 || perPair ? counted(entries, one, many) : `${counted(entries, one, many)}, in ${counted(pairs, 'pair')}`;
}

/** An entry's one-line summary without its date, for where the date stands beside it: "Meeting held: 60 min, video, 2 attending". */
export const undated = (summary: string): string => summary.replace(/ on \d{4}-\d{2}-\d{2}/, '');
