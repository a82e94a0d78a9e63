import {
  PairtrailError,
  ValidationError,
  UUID,
  pairDecider,
  pairView,
  partnersOf,
  toKebabCase,
  type CalendarDate,
  type PairState,
  type ParticipantLookup,
  type ParticipantState,
  type Perspective,
  type RecordMeeting,
} from '@pairtrail/domain';
import type { CommandEnvelope } from '@pairtrail/event-store';
import type { PairtrailApplication } from '../pairtrail.application';
import { PeopleByWhatNamesThem, findPartner, tellApart, type KnownPerson } from './pair-import';
import { readSpreadsheet, recordCommands, spreadsheetDateHint, type ImportProblem } from './spreadsheet';

/** The columns of a meetings file, in the order the README gives them. */
export const MEETING_COLUMNS = [
  'pair',
  'livedExperiencePartner',
  'professionalPartner',
  'heldOn',
  'durationMinutes',
  'format',
  'attendees',
  'topics',
  'notes',
  'approaches',
] as const;
type Column = (typeof MEETING_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['heldOn', 'durationMinutes', 'format'];

/** A meeting the file records, its pair and attendees found. */
export interface MeetingImportRow {
  line: number;
  data: Omit<RecordMeeting['data'], 'meetingId'> & { heldOn: CalendarDate };
}

/** Who is paired with whom. */
type Pairing = { pairId: string; livedExperiencePartnerId: string; professionalPartnerId: string };

/** What the programme holds already, as the read models show it, for a meetings file to be decided against. */
export interface MeetingImportContext {
  participants: Iterable<KnownPerson>;
  pairings: Iterable<Pairing>;
  /** A pair's state as the write side folds it; undefined for an unknown pair. */
  pairState(pairId: string): PairState | undefined;
  participantState(participantId: string): ParticipantState | undefined;
}

/** The context of a meetings import, from the read models as they stand (the CLI's and the API's alike). */
export const meetingImportContext = (reads: {
  everyParticipant(): MeetingImportContext['participants'];
  pairings(): MeetingImportContext['pairings'];
  pairState(pairId: string): PairState | undefined;
  participantState(participantId: string): ParticipantState | undefined;
}): MeetingImportContext => ({
  participants: reads.everyParticipant(),
  pairings: reads.pairings(),
  pairState: (pairId) => reads.pairState(pairId),
  participantState: (participantId) => reads.participantState(participantId),
});

/** What a meetings import will do: record some meetings, pass over those recorded before, or refuse. */
export interface MeetingImportPlan {
  record: MeetingImportRow[];
  /** Meetings recorded before (by an earlier run of the same file, or on the pair's page): the same pair, on the same date. */
  recorded: { line: number; pairId: string }[];
  /** Meetings whose file named no attendees, recorded as attended by both partners. */
  bothPartnersTaken: number;
  problems: ImportProblem[];
}

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';
const PARTNER_COLUMNS: Record<Perspective, Column> = { 'lived-experience': 'livedExperiencePartner', professional: 'professionalPartner' };
/** A cell holding a list: its items, split at semicolons, as a consents cell is. */
const listIn = (cell: string | undefined) => (cell ?? '').split(';').flatMap((item) => (item.trim() ? [item.trim()] : []));
/** The column a domain field's problem is about: `attendeeIds[1]` is the attendees column. */
const columnOf = (field: string): Column | undefined => {
  const name = field.replace(/\[\d+\]$/, '');
  return name === 'attendeeIds' ? 'attendees' : MEETING_COLUMNS.find((c) => c === name);
};

/**
 * Reads a meetings file (CSV with a header row) and sets it beside the programme: each meeting's pair
 * found by its id or by its two partners, its attendees by their names or emails (none written: both
 * partners), and every meeting decided against its pair as recording it one by one would decide it
 * (the same decider, on the pair's state from the read models), so that a file with any problem records
 * nothing. A meeting recorded before, of the same pair on the same date, is not recorded again, so
 * running a file again, or after a stop part way, finishes it.
 */
export function planMeetingImport(file: string, context: MeetingImportContext, today: CalendarDate): MeetingImportPlan {
  const read = readSpreadsheet(file, { columns: MEETING_COLUMNS, required: REQUIRED, rowsAre: 'meetings' });
  const plan: MeetingImportPlan = { record: [], recorded: [], bothPartnersTaken: 0, problems: [...read.problems] };
  const people = new PeopleByWhatNamesThem(context.participants);
  const pairings = [...context.pairings];
  const pairs = new Map<string, { state: PairState; partners: string[]; heldOn: Set<string> } | undefined>();
  const pairOf = (pairId: string) => {
    if (!pairs.has(pairId)) {
      const state = context.pairState(pairId);
      const view = state && pairView(state);
      pairs.set(pairId, state && view && { state, partners: [...partnersOf(view)], heldOn: new Set(view.meetings.map((m) => m.heldOn)) });
    }
    return pairs.get(pairId);
  };
  const firstLineOf = new Map<string, number>();
  for (const { line, cell } of read.rows) {
    const problems: ImportProblem[] = [];
    const problem = (column: Column | undefined, message: string) => void problems.push({ line, ...(column ? { column } : {}), message });
    const pairId = findPair(cell, pairings, people, problem);
    const pair = pairId === undefined ? undefined : pairOf(pairId);
    if (pairId !== undefined && !pair)
      problem('pair', 'names no pair; write the id its page ends with (#/pairs/<id>), or leave it empty and name its two partners');
    const written = cell('attendees');
    const attendees = written === undefined ? undefined : findAttendees(listIn(written), people, (message) => problem('attendees', message));
    const heldOn = cell('heldOn');
    if (heldOn === undefined) problem('heldOn', 'is empty; write the date the meeting was held, like 2026-03-01');
    const duration = cell('durationMinutes');
    const data = {
      pairId: pairId ?? PLACEHOLDER_ID,
      heldOn: heldOn ?? today,
      // A whole number as written; anything else as written, for the decider to say what it must be.
      durationMinutes: duration !== undefined && /^\d+$/.test(duration) ? Number(duration) : (duration as unknown as number),
      format: toKebabCase(cell('format') ?? '') as RecordMeeting['data']['format'],
      attendeeIds: attendees ?? pair?.partners ?? [],
      topics: listIn(cell('topics')),
      notes: cell('notes') ?? '',
      approaches: listIn(cell('approaches')).map(toKebabCase) as RecordMeeting['data']['approaches'],
    };
    // Attendees not found are said above; meanwhile the rest is decided with both partners.
    const attendeesSaid = written !== undefined && attendees === undefined;
    // A refusal names each person as the file wrote them, where it did, rather than by their id.
    const writtenAs = new Map<string, string>();
    const cells = attendees ? listIn(written) : [cell('livedExperiencePartner'), cell('professionalPartner')];
    data.attendeeIds.forEach((id, i) => cells[i] !== undefined && writtenAs.set(id, cells[i]!));
    if (pair) decide(pair.state, data, context, today, writtenAs, (column, message) => (attendeesSaid && column === 'attendees') || problem(column, message));
    if (problems.length || !pair || pairId === undefined) {
      plan.problems.push(...problems);
      continue;
    }
    const meeting = `${pairId}|${data.heldOn}`;
    const first = firstLineOf.get(meeting);
    if (first !== undefined) {
      plan.problems.push({
        line,
        column: 'heldOn',
        message: `is the date of line ${first}'s meeting of the same pair; a file records one meeting of a pair a day, so record the other on the pair's page`,
      });
      continue;
    }
    firstLineOf.set(meeting, line);
    if (pair.heldOn.has(data.heldOn)) {
      plan.recorded.push({ line, pairId });
      continue;
    }
    if (attendees === undefined) plan.bothPartnersTaken++;
    plan.record.push({ line, data });
  }
  return plan;
}

/** The pair a row names: by its id, or by its two partners; or undefined, said why. */
function findPair(
  cell: (column: Column) => string | undefined,
  pairings: Pairing[],
  people: PeopleByWhatNamesThem,
  problem: (column: Column | undefined, message: string) => void,
): string | undefined {
  const id = cell('pair');
  if (id !== undefined) return UUID.test(id) ? id : PLACEHOLDER_ID;
  const named = (Object.keys(PARTNER_COLUMNS) as Perspective[]).map((perspective) =>
    findPartner(cell(PARTNER_COLUMNS[perspective]), perspective, people, (message) => problem(PARTNER_COLUMNS[perspective], message)),
  );
  const [lep, pro] = named;
  if (cell('livedExperiencePartner') === undefined || cell('professionalPartner') === undefined) {
    problem(undefined, 'names no pair; write its two partners (livedExperiencePartner and professionalPartner), or its id in the pair column');
    return undefined;
  }
  if (!lep || !pro) return undefined;
  const theirs = pairings.filter((p) => p.livedExperiencePartnerId === lep.participantId && p.professionalPartnerId === pro.participantId);
  if (theirs.length === 1) return theirs[0]!.pairId;
  if (theirs.length === 0) problem(undefined, 'names two partners who are not a pair; form the pair first, then import its meetings');
  else problem('pair', `is needed: these partners are ${theirs.length} pairs (${theirs.map((p) => p.pairId).join(', ')}); write the id of the one meant`);
  return undefined;
}

/** The participants an attendees cell names, each by name or email; or undefined, each problem said. */
function findAttendees(cells: string[], people: PeopleByWhatNamesThem, problem: (message: string) => void): string[] | undefined {
  if (cells.length === 0) {
    problem('is empty; write who attended, separated by semicolons, or leave the column out for both partners');
    return undefined;
  }
  const ids = cells.map((name) => {
    const found = people.named(name);
    if (found.length === 1) return found[0]!.participantId;
    const by = name.includes('@') ? 'email' : 'name';
    if (found.length === 0) problem(`"${name}" names no registered participant by that ${by}; write the ${by} as registered`);
    else problem(`"${name}" names ${found.length} participants; ${tellApart(name, found)}`);
    return undefined;
  });
  return ids.every((id) => id !== undefined) ? ids : undefined;
}

/**
 * Decides the meeting against its pair, as recording it would; each refusal said at its column, or at
 * the line, the people it names (by id) said as the file wrote them.
 */
function decide(
  state: PairState,
  data: MeetingImportRow['data'],
  context: MeetingImportContext,
  today: CalendarDate,
  writtenAs: Map<string, string>,
  problem: (column: Column | undefined, message: string) => void,
): void {
  const participants: ParticipantLookup = Object.fromEntries(data.attendeeIds.map((id) => [id, context.participantState(id)]));
  try {
    pairDecider.decide({ type: 'RecordMeeting', data: { ...data, meetingId: PLACEHOLDER_ID }, today, participants }, state);
  } catch (error) {
    if (!(error instanceof PairtrailError)) throw error;
    if (!(error instanceof ValidationError))
      return problem(
        undefined,
        [...writtenAs].reduce((m, [id, as]) => m.replaceAll(id, `"${as}"`), error.message),
      );
    for (const { field, message } of error.details) {
      const column = columnOf(field);
      // An item of a list is said by what it was written as: `"ballet" must be one of …`.
      const index = /\[(\d+)\]$/.exec(field)?.[1];
      const item = index === undefined || column === 'attendees' ? undefined : (data[field.replace(/\[\d+\]$/, '') as 'topics'] ?? [])[Number(index)];
      problem(column, (column === 'heldOn' && spreadsheetDateHint(data.heldOn)) || (item === undefined ? message : `"${item}" ${message}`));
    }
  }
}

/**
 * Records the meetings of a plan without problems, several at a time, by `by` (the system, from the
 * CLI; the coordinator, from the API), with source `import`. A run stopped part way is finished by
 * running the same file again: the meetings it recorded are found, and not recorded twice.
 */
export async function runMeetingImport(
  app: PairtrailApplication,
  plan: MeetingImportPlan,
  by: Pick<CommandEnvelope, 'actor' | 'correlationId'>,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<{ recorded: number; position: bigint | undefined }> {
  if (plan.problems.length) throw new Error('An import with problems records nothing.');
  const commands = plan.record.map(({ data }) => ({ type: 'RecordMeeting', data }) as const);
  return { recorded: plan.record.length, position: await recordCommands(app, commands, 'meetings', by, onProgress) };
}
