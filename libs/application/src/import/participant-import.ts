import { CsvError, parse } from 'csv-parse/sync';
import {
  CONSENT_SCOPES,
  IMPORT_EXAMPLE_PERSON,
  ORGANISATION_TYPES,
  PERSPECTIVES,
  comparable,
  fieldProblems,
  isCalendarDate,
  longDate,
  toKebabCase,
  RuleViolatedError,
  ValidationError,
  participantDecider,
  type ParticipantCommand,
  type CalendarDate,
  type ConsentScope,
  type OrganisationType,
  type ParticipantState,
  type Perspective,
} from '@pairtrail/domain';
import { newCommandId, storageProblem, type CommandEnvelope, type StorageProblem } from '@pairtrail/event-store';
import type { AppCommand } from '../commands';
import type { PairtrailApplication } from '../pairtrail.application';

/** The columns of a participants file, in the order the README gives them. */
export const PARTICIPANT_COLUMNS = [
  'name',
  'email',
  'perspective',
  'role',
  'organisation',
  'organisationType',
  'registeredOn',
  'consents',
  'consentEvidence',
  'consentOn',
] as const;
type Column = (typeof PARTICIPANT_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['name', 'perspective', 'role', 'organisation', 'organisationType'];

/** A column's heading as people write it: any case, with spaces, hyphens or underscores, or in US spelling. */
const headingKey = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace('organization', 'organisation');
const COLUMN_BY_HEADING = new Map(PARTICIPANT_COLUMNS.map((c) => [headingKey(c), c]));

/** One problem with a file, at a line (its header is line 1) and, when it is about one, a column. */
export interface ImportProblem {
  line: number;
  column?: string;
  message: string;
}

/** A person the file registers, as the checks left them. */
export interface ImportRow {
  line: number;
  details: {
    name: string;
    email?: string;
    perspective: Perspective;
    role: string;
    organisation: string;
    organisationType: OrganisationType;
    registeredOn?: CalendarDate;
  };
  consents: ConsentScope[];
  consentEvidence?: string;
  consentOn?: CalendarDate;
}

/** A participant already registered, as the read models show one. */
export interface KnownParticipant {
  participantId: string;
  perspective?: string;
  name?: string;
  email?: string;
  role?: string;
  organisation?: string;
  organisationType?: string;
  registeredOn?: string;
  consents: { scope: string; pairId: string | null }[];
  /** The consents they have withdrawn, in general or for a pair, and not given again since. */
  withdrawn?: readonly string[];
  erased: boolean;
}

/** What an import will do: register some people, give others the consents they lack, or refuse. */
export interface ImportPlan {
  register: ImportRow[];
  /** People registered before (by an earlier run of the same file, say), with the consents they lack. */
  known: { row: ImportRow; participantId: string; consents: ConsentScope[] }[];
  problems: ImportProblem[];
  /**
   * Participants erased before this import. Their names are gone, so a row cannot be matched to one of
   * them: a person who asked to be erased, still in an old spreadsheet, would be registered afresh.
   */
  erased: number;
}

/**
 * A person is the same person when their name, perspective and organisation are, as `comparable` reads
 * them: whatever the case, spacing, apostrophes, or how an accent was keyed. An accent left out is
 * another name here, since a match decides who is registered.
 */
const personKey = (p: { name?: string; perspective?: string; organisation?: string }) =>
  [p.name, p.perspective, p.organisation].map((v) => comparable(v ?? '', { accents: 'kept' })).join('\u0000');

/**
 * A cell of a fixed vocabulary as people write it ("Lived experience", "Acute trust"): its key when it
 * is one, else as written, to be refused naming the keys.
 */
function vocabularyValue(value: string | undefined, keys: readonly string[]): string | undefined {
  if (value === undefined) return undefined;
  const key = toKebabCase(value);
  return keys.includes(key) ? key : value;
}

/**
 * The consents a cell lists, between semicolons or commas ("Participation; Case study"), each as a key;
 * a part of several keys between spaces ("participation case-study") gives each, and a part that is
 * neither stays as written, to be refused.
 */
function consentsIn(cell: string): string[] {
  const isScope = (key: string) => (CONSENT_SCOPES as readonly string[]).includes(key);
  return cell
    .split(/[;,]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .flatMap((part) => {
      const words = part.split(/\s+/).map((word) => toKebabCase(word));
      return !isScope(toKebabCase(part)) && words.every(isScope) ? words : [vocabularyValue(part, CONSENT_SCOPES)!];
    });
}

/** Where each field of the commands comes from in the file. */
const COLUMN_OF_FIELD: Record<string, Column> = { scope: 'consents', evidence: 'consentEvidence', on: 'consentOn' };

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Reads a participants file (CSV with a header row) and checks every row as the API would check the
 * same registration and consents, so that a file with any problem records nothing. Every problem is
 * listed, by line and column, and none of them quotes a person's details.
 */
export function readParticipantsFile(file: string, today: CalendarDate): { rows: ImportRow[]; problems: ImportProblem[] } {
  // Line ends as one: the CSV reader counts a CRLF inside a quoted cell as two lines, naming every line
  // after it one too far. A line break in a cell (consent evidence may hold one) is kept, as the LF a
  // spreadsheet itself writes inside a cell.
  const text = file.replace(/\r\n/g, '\n');
  // Excel's plain "CSV" is not UTF-8: read as UTF-8, an accented name comes out as U+FFFD, and would be recorded so.
  const garbled = text.indexOf('\uFFFD');
  if (garbled >= 0) {
    return {
      rows: [],
      problems: [
        {
          line: text.slice(0, garbled).split('\n').length,
          message: 'has characters that are not UTF-8; in Excel, save the spreadsheet as "CSV UTF-8", then import that file',
        },
      ],
    };
  }
  // A first line such as "sep=;" names the separator, as Excel reads it (and some tools write it).
  const [first = '', second = ''] = text.replace(/^\uFEFF/, '').split(/\r?\n/, 2);
  const declared = /^sep=(.)$/i.exec(first)?.[1];
  const headerLine = declared === undefined ? first : second;
  // Excel's other ways of saving a sheet as text: semicolons where a comma marks decimals, and tabs. Told
  // from the header before the rest is read as CSV, which would fail on it less clearly.
  const separator = declared ?? (headerLine.includes(',') ? ',' : ([';', '\t'] as const).find((s) => headerLine.includes(s)));
  if (separator !== undefined && separator !== ',') {
    const by = separator === ';' ? 'semicolons' : separator === '\t' ? 'tabs' : `"${separator}"`;
    return {
      rows: [],
      problems: [
        { line: declared === undefined ? 1 : 2, message: `has its columns separated by ${by}; save the spreadsheet as CSV with commas between columns` },
      ],
    };
  }
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    // With `info`, each record comes with where it ends in the file; the library's types do not say so.
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      // Rows of another length are named below, each at the line it starts on, all of them at once.
      relax_column_count: true,
      info: true,
      from_line: declared === undefined ? 1 : 2,
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) return { rows: [], problems: [{ line: Number((error as { lines?: number }).lines ?? 1), message: csvMessage(error) }] };
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 1, message: `the file is empty; its first line names the columns: ${PARTICIPANT_COLUMNS.join(', ')}` }] };
  const problems: ImportProblem[] = [];
  const at = header.info.lines;
  const columns = header.record.map((heading) => COLUMN_BY_HEADING.get(headingKey(heading)));
  header.record.forEach((heading, i) => {
    const column = columns[i];
    if (!column)
      problems.push({ line: at, column: heading, message: `is not a column of a participants file; the columns are ${PARTICIPANT_COLUMNS.join(', ')}` });
    else if (columns.indexOf(column) < i) problems.push({ line: at, column, message: 'appears twice; keep one of them' });
  });
  for (const column of REQUIRED) if (!columns.includes(column)) problems.push({ line: at, column, message: 'is a required column, and is missing' });
  if (problems.length) return { rows: [], problems };
  if (body.every(({ record }) => record.every((value) => value === '')))
    return { rows: [], problems: [{ line: at + 1, message: 'the file has a header but no participants' }] };

  const rows: ImportRow[] = [];
  const firstLineOf = new Map<string, number>();
  // A line is where its record starts, as an editor and a spreadsheet's row number show it: the library
  // says where each ends, which for a cell holding a line break is a line later.
  let ended = header.info;
  for (const { record, info } of body) {
    const line = ended.lines + (info.empty_lines - ended.empty_lines) + 1;
    ended = info;
    // A row of empty cells (",,,,"), as a spreadsheet saves rows that once held something, holds no one.
    if (record.every((value) => value === '')) continue;
    if (record.length !== header.record.length) {
      problems.push({
        line,
        message: `has ${record.length} cells where the header has ${header.record.length}; a cell with a comma in it goes in double quotes`,
      });
      continue;
    }
    const cell = (column: Column) => {
      const value = record[columns.indexOf(column)];
      return value === undefined || value === '' ? undefined : value;
    };
    const row: ImportRow = {
      line,
      details: {
        name: cell('name')!,
        ...(cell('email') ? { email: cell('email') } : {}),
        perspective: vocabularyValue(cell('perspective'), PERSPECTIVES) as Perspective,
        role: cell('role')!,
        organisation: cell('organisation')!,
        organisationType: vocabularyValue(cell('organisationType'), ORGANISATION_TYPES) as OrganisationType,
        ...(cell('registeredOn') ? { registeredOn: cell('registeredOn') } : {}),
      },
      consents: [...new Set(consentsIn(cell('consents') ?? ''))] as ConsentScope[],
      ...(cell('consentEvidence') ? { consentEvidence: cell('consentEvidence') } : {}),
      ...(cell('consentOn') ? { consentOn: cell('consentOn') } : {}),
    };
    if (row.details.name === IMPORT_EXAMPLE_PERSON.name && row.details.email === IMPORT_EXAMPLE_PERSON.email) {
      problems.push({ line, column: 'name', message: "is the template's example person; delete this line, or write someone of your programme over it" });
      continue;
    }
    const rowProblems = checkRow(row, today);
    problems.push(...rowProblems);
    if (rowProblems.length) continue;
    const key = personKey(row.details);
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      problems.push({ line, message: `is the same person as line ${first} (the same name, perspective and organisation); keep one of them` });
      continue;
    }
    firstLineOf.set(key, line);
    rows.push(row);
  }
  return { rows, problems };
}

/** The registration and each consent of a row, decided as the application would, on a person not yet registered. */
function checkRow(row: ImportRow, today: CalendarDate): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const decide = (command: ParticipantCommand, state: ParticipantState) => {
    try {
      return participantDecider.decide(command, state);
    } catch (error) {
      if (error instanceof RuleViolatedError) {
        // The one rule a new person's consent can break: dated before they were registered. A row that
        // does not say when registers them today, which the consent's own date is not to blame for.
        if (error.rule === 'date-order' && !row.details.registeredOn && row.consentOn) {
          problems.push({
            line: row.line,
            column: 'registeredOn',
            message: `is not given, so this person would be registered today (${today}), after their consent on ${row.consentOn}; give the day they joined the programme, on or before ${row.consentOn}`,
          });
        } else if (error.rule === 'date-order' && row.details.registeredOn && row.consentOn) {
          problems.push({
            line: row.line,
            column: 'consentOn',
            message: `is before registeredOn (${row.details.registeredOn}); a person consents once registered, so one of the two dates is wrong on this line`,
          });
        } else problems.push({ line: row.line, message: error.message });
        return [];
      }
      if (!(error instanceof ValidationError)) throw error;
      problems.push(...error.details.map((d) => problemAt(row, d)));
      return [];
    }
  };
  let state: ParticipantState = participantDecider.initialState();
  for (const event of decide({ type: 'RegisterParticipant', data: { ...row.details, participantId: PLACEHOLDER_ID }, today }, state)) {
    state = participantDecider.evolve(state, { ...event, eventId: PLACEHOLDER_ID });
  }
  const unknown = row.consents.filter((scope) => !(CONSENT_SCOPES as readonly string[]).includes(scope));
  if (unknown.length) {
    problems.push({
      line: row.line,
      column: 'consents',
      message: `${unknown.map((s) => `"${s}"`).join(', ')} ${unknown.length === 1 ? 'is not a consent' : 'are not consents'}; the consents are ${CONSENT_SCOPES.join(', ')}`,
    });
  }
  if (row.consents.length && !row.consentEvidence) {
    problems.push({
      line: row.line,
      column: 'consentEvidence',
      message: 'is needed with consents: say how they were given, such as "signed form, 2026-03-01"',
    });
  }
  if (problems.length) {
    // The consents are not decided for a person who cannot be registered; what their own fields say
    // wrong (a date a spreadsheet wrote as it shows it) is named now, not after the rest is put right.
    if (row.consents.length && row.consentEvidence)
      problems.push(...consentFieldProblems(row, today).filter((p) => !problems.some((q) => q.column === p.column)));
    return problems;
  }
  for (const scope of row.consents) {
    decide(
      {
        type: 'GiveConsent',
        data: { participantId: PLACEHOLDER_ID, scope, evidence: row.consentEvidence!, ...(row.consentOn ? { on: row.consentOn } : {}) },
        today,
      },
      state,
    );
    if (problems.length) break;
  }
  return problems;
}

/** What a row's consents' own fields (their date and evidence) say wrong, whoever they are given by. */
function consentFieldProblems(row: ImportRow, today: CalendarDate): ImportProblem[] {
  const data = { participantId: PLACEHOLDER_ID, scope: 'participation', evidence: row.consentEvidence, ...(row.consentOn ? { on: row.consentOn } : {}) };
  return fieldProblems('GiveConsent', data, today).map((d) => problemAt(row, d));
}

/** A command's field problem as the file's: at the row's line, in the column that fed the field. */
function problemAt(row: ImportRow, { field, message }: { field: string; message: string }): ImportProblem {
  const column = COLUMN_OF_FIELD[field] ?? field;
  return { line: row.line, column, message: spreadsheetDateHint(dateCell(row, column)) ?? message };
}

/** The value of a date column of a row, as the file gave it. */
const dateCell = (row: ImportRow, column: string): string | undefined =>
  column === 'registeredOn' ? row.details.registeredOn : column === 'consentOn' ? row.consentOn : undefined;

/**
 * A date as a spreadsheet shows it and saves it to CSV (01/11/2026 in a UK locale): the date it reads
 * as, day first, said back to be written YYYY-MM-DD, rather than only "must be YYYY-MM-DD". It is not
 * taken as that date, since a sheet set to another locale writes the month first.
 */
function spreadsheetDateHint(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (!match) return undefined;
  const [, day, month, year] = match;
  const iso = `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
  const reads = isCalendarDate(iso) ? `: ${iso} if it means ${longDate(iso)}` : '';
  return `must be written YYYY-MM-DD${reads}. A spreadsheet writes dates as it shows them: format the column as Text, or as yyyy-mm-dd, before saving the file`;
}

const csvMessage = (error: CsvError) => `cannot be read as CSV (${error.message})`;

/**
 * Sets the file's rows beside the participants already registered: a person registered before (by an
 * earlier run of the same file, say) is not registered again, and gets only the consents they lack; one
 * whose details differ is a problem, since the file would otherwise make a second record of them.
 */
export function planParticipantImport(rows: ImportRow[], existing: Iterable<KnownParticipant>): ImportPlan {
  const all = [...existing];
  const byKey = new Map(all.filter((p) => !p.erased).map((p) => [personKey(p), p]));
  const plan: ImportPlan = { register: [], known: [], problems: [], erased: all.filter((p) => p.erased).length };
  for (const row of rows) {
    const known = byKey.get(personKey(row.details));
    if (!known) {
      plan.register.push(row);
      continue;
    }
    const d = row.details;
    const differing = (['email', 'role', 'organisationType', 'registeredOn'] as const).filter((f) => d[f] !== undefined && d[f] !== known[f]);
    if (differing.length) {
      plan.problems.push({
        line: row.line,
        message: `is registered already (participant ${known.participantId}), with another ${differing.join(', ')}; correct their details in the web app or with PATCH /participants/${known.participantId}, or make this line match`,
      });
      continue;
    }
    const lacking = row.consents.filter((scope) => !known.consents.some((c) => c.scope === scope && c.pairId === null));
    // A consent the person withdrew is their latest word on it: a spreadsheet, perhaps older than the
    // withdrawal, must not give it back (a general consent would override one withdrawn for a pair, too).
    const withdrawn = lacking.filter((scope) => known.withdrawn?.includes(scope));
    if (withdrawn.length) {
      plan.problems.push({
        line: row.line,
        column: 'consents',
        message: `lists ${withdrawn.join(', ')}, which this person (participant ${known.participantId}) has withdrawn; take ${withdrawn.length === 1 ? 'it' : 'them'} out of the line. A file cannot give back a withdrawn consent: if they give it again, record it in the web app or with POST /participants/${known.participantId}/consents`,
      });
      continue;
    }
    plan.known.push({ row, participantId: known.participantId, consents: lacking });
  }
  return plan;
}

/** How many consents a plan records: every consent of the people it registers, and those the others lack. */
export const consentsToRecord = (plan: ImportPlan): number =>
  plan.register.reduce((n, r) => n + r.consents.length, 0) + plan.known.reduce((n, k) => n + k.consents.length, 0);

/**
 * An import the disk or the event store stopped part way: the people it recorded before are kept, for
 * the log never loses what it took. The message says how far it got and that sending the same file
 * again finishes it, rather than the "nothing was changed" a single write's failure says.
 */
export class ImportStoppedError extends Error {
  constructor(
    readonly recorded: number,
    readonly people: number,
    readonly storage: StorageProblem,
    cause: unknown,
  ) {
    super(
      `The import stopped part way: ${recorded} of ${people} people are recorded, and kept. ${storage.failure}. ${storage.remedy} Then send the same file again: it records the rest, and registers no one twice.`,
      { cause },
    );
  }
}

/** People recorded at once by an import: enough to fill the store's group commits. */
const PEOPLE_AT_ONCE = 16;

/**
 * Records a plan without problems, several people at a time, each with their registration and then each
 * consent, by `by` (the system, from the CLI; the coordinator, from the API), with source `import`. A run
 * stopped part way is finished by running the same file again.
 */
export async function runParticipantImport(
  app: PairtrailApplication,
  plan: ImportPlan,
  by: Pick<CommandEnvelope, 'actor' | 'correlationId'>,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<{ registered: number; consents: number; position: bigint | undefined }> {
  if (plan.problems.length) throw new Error('An import with problems records nothing.');
  let position: bigint | undefined;
  const execute = async (command: AppCommand) => {
    const result = await app.execute(command, { ...by, commandId: newCommandId(), source: 'import' });
    if (position === undefined || result.position > position) position = result.position;
    return result;
  };
  let done = 0;
  let consents = 0;
  const give = async (participantId: string, row: ImportRow, scopes: ConsentScope[]) => {
    for (const scope of scopes) {
      const data = { participantId, scope, evidence: row.consentEvidence!, ...(row.consentOn ? { on: row.consentOn } : {}) };
      await execute({ type: 'GiveConsent', data });
      consents += 1;
    }
  };
  // Each person is a task: their registration, then their consents, in order.
  const people: (() => Promise<void>)[] = [
    ...plan.register.map((row) => async () => give((await execute({ type: 'RegisterParticipant', data: row.details })).id, row, row.consents)),
    ...plan.known.map(
      ({ row, participantId, consents: lacking }) =>
        () =>
          give(participantId, row, lacking),
    ),
  ];
  // Several people at once, so their appends share commits (group commit); after a failure, no one new is begun.
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < people.length) {
      const person = people[next++]!;
      try {
        await person();
      } catch (error) {
        failed = true;
        throw error;
      }
      onProgress(++done, people.length);
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(PEOPLE_AT_ONCE, people.length) }, worker));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) {
    // A refusal (a person changed meanwhile) is said as it is, naming what was refused.
    const storage = storageProblem(failure.reason);
    throw storage ? new ImportStoppedError(done, people.length, storage, failure.reason) : failure.reason;
  }
  return { registered: plan.register.length, consents, position };
}

/** Where a problem is, as people read it: "line 3, email", or "line 3" for the whole line. */
export const placeOf = (problem: ImportProblem): string => `line ${problem.line}${problem.column ? `, ${problem.column}` : ''}`;

/** An import's problems as the API's 400: each one a detail, its field the line and column. */
export function importProblemsError(problems: ImportProblem[]): ValidationError {
  return new ValidationError(problems.map((p) => ({ field: placeOf(p), message: p.message })));
}

/** What to say when an import would register people and some participants have been erased. */
export const erasureCaution = (plan: Pick<ImportPlan, 'erased' | 'register'>): string | undefined =>
  plan.erased > 0 && plan.register.length > 0
    ? `${plan.erased} participant${plan.erased === 1 ? ' has' : 's have'} been erased, and their names are gone, so Pairtrail cannot tell whether this file brings any of them back: make sure it holds no one who asked to be erased.`
    : undefined;
