import { toKebabCase, type CalendarDate, type ParticipantLookup, type RecordMeeting } from '@pairtrail/domain';
import type { CommandEnvelope } from '@pairtrail/event-store';
import type { PairtrailApplication } from '../pairtrail.application';
import { PAIR_NAMING_COLUMNS, PLACEHOLDER_ID, PairsOnFile, decideRow, placeRow, runFactsImport, type PairFactsImportContext } from './pair-facts-import';
import { listIn, readSpreadsheet, spreadsheetDateHint, type ImportProblem } from './spreadsheet';

/** The columns of a meetings file, in the order the README gives them. */
export const MEETING_COLUMNS = [...PAIR_NAMING_COLUMNS, 'heldOn', 'durationMinutes', 'format', 'attendees', 'topics', 'notes', 'approaches'] as const;
type Column = (typeof MEETING_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['heldOn', 'durationMinutes', 'format'];

/** A meeting the file records, its pair and attendees found. */
export interface MeetingImportRow {
  line: number;
  data: Omit<RecordMeeting['data'], 'meetingId'> & { heldOn: CalendarDate };
}

/** What a meetings import will do: record some meetings, pass over those recorded before, or refuse. */
export interface MeetingImportPlan {
  record: MeetingImportRow[];
  /** Meetings recorded before (by an earlier run of the same file, or on the pair's page): the same pair, on the same date. */
  recorded: { line: number; pairId: string }[];
  /** Meetings whose file named no attendees, recorded as attended by both partners. */
  bothPartnersTaken: number;
  problems: ImportProblem[];
}

/** The column a domain field's problem is about: `attendeeIds` is the attendees column. */
const columnOf = (field: string): Column | undefined => (field === 'attendeeIds' ? 'attendees' : MEETING_COLUMNS.find((c) => c === field));

const HOURS = '(?:h|hr|hrs|hour|hours)';
const MINUTES = '(?:m|min|mins|minute|minutes)';
/** How long a meeting was, as people write it in a sheet: 90, 90 mins, 1.5 hours, 1h 30m, 1h30, 1 hour 30 minutes, 1:30 (a time, 1:30:00). */
const DURATIONS: [RegExp, (m: RegExpExecArray) => number][] = [
  [/^(\d+)$/, (m) => Number(m[1])],
  [new RegExp(`^(\\d+)\\s*${MINUTES}$`, 'i'), (m) => Number(m[1])],
  [new RegExp(`^(\\d+(?:\\.\\d+)?)\\s*${HOURS}$`, 'i'), (m) => Number(m[1]) * 60],
  [new RegExp(`^(\\d+)\\s*${HOURS}\\s*(\\d+)\\s*${MINUTES}?$`, 'i'), (m) => Number(m[1]) * 60 + Number(m[2])],
  [/^(\d+):(\d{2})(?::00)?$/, (m) => Number(m[1]) * 60 + Number(m[2])],
];

/** The minutes a duration cell says, when it says a whole number of them; or undefined. */
export function minutesIn(cell: string | undefined): number | undefined {
  for (const [pattern, minutes] of DURATIONS) {
    const match = cell === undefined ? null : pattern.exec(cell.trim());
    if (match && Number.isInteger(minutes(match))) return minutes(match);
  }
  return undefined;
}

/**
 * Reads a meetings file (CSV with a header row) and sets it beside the programme: each meeting's pair
 * found by its id or by its two partners, its attendees by their names or emails (none written: both
 * partners), and every meeting decided against its pair as recording it one by one would decide it
 * (the same decider, on the pair's state from the read models), so that a file with any problem records
 * nothing. A meeting recorded before, of the same pair on the same date, is not recorded again, so
 * running a file again, or after a stop part way, finishes it.
 */
export function planMeetingImport(file: string, context: PairFactsImportContext, today: CalendarDate): MeetingImportPlan {
  const read = readSpreadsheet(file, { columns: MEETING_COLUMNS, required: REQUIRED, rowsAre: 'meetings' });
  const plan: MeetingImportPlan = { record: [], recorded: [], bothPartnersTaken: 0, problems: [...read.problems] };
  const onFile = new PairsOnFile(context, 'meetings');
  const firstLineOf = new Map<string, number>();
  for (const { line, cell } of read.rows) {
    const problems: ImportProblem[] = [];
    const problem = (column: Column | undefined, message: string) => void problems.push({ line, ...(column ? { column } : {}), message });
    const pair = onFile.pair(cell, problem);
    const written = listIn(cell('attendees'));
    const found = written.map((name) => onFile.person(name, (message) => problem('attendees', message)));
    if (cell('attendees') !== undefined && written.length === 0)
      problem('attendees', 'is empty; write who attended, separated by semicolons, or leave the column out for both partners');
    const attendees = written.length > 0 && found.every((id) => id !== undefined) ? (found as string[]) : undefined;
    const heldOn = cell('heldOn');
    if (heldOn === undefined) problem('heldOn', 'is empty; write the date the meeting was held, like 2026-03-01');
    const duration = cell('durationMinutes');
    const data = {
      pairId: pair?.pairId ?? PLACEHOLDER_ID,
      heldOn: heldOn ?? today,
      // Minutes as a spreadsheet writes them; anything else as written, for the decider to say what it must be.
      durationMinutes: minutesIn(duration) ?? (duration as unknown as number),
      format: toKebabCase(cell('format') ?? '') as RecordMeeting['data']['format'],
      attendeeIds: attendees ?? pair?.partners ?? [],
      topics: listIn(cell('topics')),
      notes: cell('notes') ?? '',
      approaches: listIn(cell('approaches')).map(toKebabCase) as RecordMeeting['data']['approaches'],
    };
    if (pair) {
      // A refusal names each person as the file wrote them, where it did (the partners, when taken as the attendees).
      const cells = attendees ? written : [cell('livedExperiencePartner'), cell('professionalPartner')];
      const writtenAs = new Map(data.attendeeIds.flatMap((id, i) => (cells[i] === undefined ? [] : [[id, cells[i]!] as const])));
      const participants: ParticipantLookup = Object.fromEntries(data.attendeeIds.map((id) => [id, onFile.participantState(id)]));
      // Attendees not found are said above; meanwhile the rest is decided with both partners.
      const attendeesSaid = cell('attendees') !== undefined && !attendees;
      decideRow(
        pair.state,
        { type: 'RecordMeeting', data: { ...data, meetingId: PLACEHOLDER_ID }, today, participants },
        writtenAs,
        columnOf,
        (column, message) => (attendeesSaid && column === 'attendees') || problem(column, message),
        (column, message) =>
          (column === 'heldOn' && spreadsheetDateHint(data.heldOn)) ||
          (column === 'durationMinutes' ? `${message}: minutes, like 90, or hours and minutes, like 1h 30m or 1:30` : message),
      );
    }
    const toRecord = placeRow(plan, firstLineOf, line, problems, pair, ({ view }) => ({
      data,
      same: data.heldOn,
      had: view.meetings.some((m) => m.heldOn === data.heldOn),
      twice: (first) => ({
        column: 'heldOn',
        message: `is the date of line ${first}'s meeting of the same pair; a file records one meeting of a pair a day, so record the other on the pair's page`,
      }),
    }));
    if (toRecord && !attendees) plan.bothPartnersTaken++;
  }
  return plan;
}

/** Records the meetings of a plan without problems, as `runFactsImport` records facts. */
export const runMeetingImport = (
  app: PairtrailApplication,
  plan: MeetingImportPlan,
  by: Pick<CommandEnvelope, 'actor' | 'correlationId'>,
  onProgress?: (done: number, total: number) => void,
) => runFactsImport(app, plan, 'RecordMeeting', 'meetings', by, onProgress);
