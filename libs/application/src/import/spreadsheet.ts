import { CsvError, parse } from 'csv-parse/sync';
import { ValidationError, isCalendarDate, longDate } from '@pairtrail/domain';
import { newCommandId, storageProblem, type CommandEnvelope, type StorageProblem } from '@pairtrail/event-store';
import type { AppCommand } from '../commands';
import type { PairtrailApplication, WriteResult } from '../pairtrail.application';

/** One problem with a file, at a line (its header is line 1) and, when it is about one, a column. */
export interface ImportProblem {
  line: number;
  column?: string;
  message: string;
}

/** What a kind of spreadsheet holds: its columns, those it must have, and what one of its rows is. */
export interface SpreadsheetKind<C extends string> {
  columns: readonly C[];
  required: readonly C[];
  /** What its rows are, in the plural: "participants", "pairs". */
  rowsAre: string;
}

/** A row of a spreadsheet: the line it starts on, and its cells by column (undefined when empty or absent). */
export interface SpreadsheetRow<C extends string> {
  line: number;
  cell(column: C): string | undefined;
}

/** A column's heading as people write it: any case, with spaces, hyphens or underscores, or in US spelling. */
const headingKey = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace('organization', 'organisation');

const csvMessage = (error: CsvError) => `cannot be read as CSV (${error.message})`;

/**
 * Reads a spreadsheet saved as CSV with a header row, as people save one: Excel's "sep=" first line, a
 * byte-order mark, headings in any case or spacing, rows of empty cells passed over. What a file cannot
 * be read as is said once, at its line: text that is not UTF-8, columns separated by semicolons or tabs,
 * a column it must have or one it cannot have, a row of another length. Each row comes with the line it
 * starts on, as an editor and a spreadsheet's row number show it.
 */
export function readSpreadsheet<C extends string>(file: string, kind: SpreadsheetKind<C>): { rows: SpreadsheetRow<C>[]; problems: ImportProblem[] } {
  const { columns: known, required, rowsAre } = kind;
  const refused = (problem: ImportProblem) => ({ rows: [], problems: [problem] });
  // Line ends as one: the CSV reader counts a CRLF inside a quoted cell as two lines, naming every line
  // after it one too far. A line break in a cell (consent evidence may hold one) is kept, as the LF a
  // spreadsheet itself writes inside a cell.
  const text = file.replace(/\r\n/g, '\n');
  // Excel's plain "CSV" is not UTF-8: read as UTF-8, an accented name comes out as U+FFFD, and would be recorded so.
  const garbled = text.indexOf('\uFFFD');
  if (garbled >= 0) {
    return refused({
      line: text.slice(0, garbled).split('\n').length,
      message: 'has characters that are not UTF-8; in Excel, save the spreadsheet as "CSV UTF-8", then import that file',
    });
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
    return refused({
      line: declared === undefined ? 1 : 2,
      message: `has its columns separated by ${by}; save the spreadsheet as CSV with commas between columns`,
    });
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
    if (error instanceof CsvError) return refused({ line: Number((error as { lines?: number }).lines ?? 1), message: csvMessage(error) });
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return refused({ line: 1, message: `the file is empty; its first line names the columns: ${known.join(', ')}` });
  const problems: ImportProblem[] = [];
  const at = header.info.lines;
  const byHeading = new Map(known.map((c) => [headingKey(c), c]));
  const columns = header.record.map((heading) => byHeading.get(headingKey(heading)));
  header.record.forEach((heading, i) => {
    const column = columns[i];
    if (!column) problems.push({ line: at, column: heading, message: `is not a column of a ${rowsAre} file; the columns are ${known.join(', ')}` });
    else if (columns.indexOf(column) < i) problems.push({ line: at, column, message: 'appears twice; keep one of them' });
  });
  for (const column of required) if (!columns.includes(column)) problems.push({ line: at, column, message: 'is a required column, and is missing' });
  if (problems.length) return { rows: [], problems };
  if (body.every(({ record }) => record.every((value) => value === ''))) return refused({ line: at + 1, message: `the file has a header but no ${rowsAre}` });

  const rows: SpreadsheetRow<C>[] = [];
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
    rows.push({
      line,
      cell: (column) => {
        const value = record[columns.indexOf(column)];
        return value === undefined || value === '' ? undefined : value;
      },
    });
  }
  return { rows, problems };
}

/**
 * A date as a spreadsheet shows it and saves it to CSV (01/11/2026 in a UK locale): the date it reads
 * as, day first, said back to be written YYYY-MM-DD, rather than only "must be YYYY-MM-DD". It is not
 * taken as that date, since a sheet set to another locale writes the month first.
 */
export function spreadsheetDateHint(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (!match) return undefined;
  const [, day, month, year] = match;
  const iso = `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
  const reads = isCalendarDate(iso) ? `: ${iso} if it means ${longDate(iso)}` : '';
  return `must be written YYYY-MM-DD${reads}. A spreadsheet writes dates as it shows them: format the column as Text, or as yyyy-mm-dd, before saving the file`;
}

/** A cell holding a list: its items, split at semicolons, as a consents cell is. */
export const listIn = (cell: string | undefined): string[] => (cell ?? '').split(';').flatMap((item) => (item.trim() ? [item.trim()] : []));

/** Where a problem is, as people read it: "line 3, email", or "line 3" for the whole line. */
export const placeOf = (problem: ImportProblem): string => `line ${problem.line}${problem.column ? `, ${problem.column}` : ''}`;

/** An import's problems as the API's 400: each one a detail, its field the line and column. */
export function importProblemsError(problems: ImportProblem[]): ValidationError {
  return new ValidationError(problems.map((p) => ({ field: placeOf(p), message: p.message })));
}

/**
 * An import the disk or the event store stopped part way: what it recorded before is kept, for the log
 * never loses what it took. The message says how far it got and that sending the same file again
 * finishes it, rather than the "nothing was changed" a single write's failure says.
 */
export class ImportStoppedError extends Error {
  constructor(
    readonly recorded: number,
    readonly of: number,
    readonly storage: StorageProblem,
    cause: unknown,
    rowsAre = 'people',
  ) {
    super(
      `The import stopped part way: ${recorded} of ${of} ${rowsAre} are recorded, and kept. ${storage.failure}. ${storage.remedy} Then send the same file again: it records the rest, and records nothing twice.`,
      { cause },
    );
  }
}

/** Rows recorded at once by an import: enough to fill the store's group commits. */
const ROWS_AT_ONCE = 16;

/**
 * Records an import's rows, each a task of its own (a person's registration and then their consents, in
 * order), several at a time so that their appends share commits (group commit). After a failure no row
 * is begun; one the disk or the store stopped is an `ImportStoppedError`, saying how far it got, and a
 * refusal (a row changed meanwhile) is said as it is.
 */
export async function recordRows(tasks: (() => Promise<void>)[], rowsAre: string, onProgress: (done: number, total: number) => void): Promise<void> {
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < tasks.length) {
      const task = tasks[next++]!;
      try {
        await task();
      } catch (error) {
        failed = true;
        throw error;
      }
      onProgress(++done, tasks.length);
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(ROWS_AT_ONCE, tasks.length) }, worker));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (!failure) return;
  const storage = storageProblem(failure.reason);
  throw storage ? new ImportStoppedError(done, tasks.length, storage, failure.reason, rowsAre) : failure.reason;
}

/** Runs one of an import's commands, by `by`, with source `import`: what it wrote. */
export const recordImported = (app: PairtrailApplication, command: AppCommand, by: Pick<CommandEnvelope, 'actor' | 'correlationId'>): Promise<WriteResult> =>
  app.execute(command, { ...by, commandId: newCommandId(), source: 'import' });

/** The later of two log positions, either of which may be unknown. */
export const laterOf = (a: bigint | undefined, b: bigint): bigint => (a === undefined || b > a ? b : a);

/**
 * Runs an import's commands, one a row, several at a time (`recordRows`), by `by` (the system, from the
 * CLI; the coordinator, from the API), with source `import`; says the log position after the last.
 */
export async function recordCommands(
  app: PairtrailApplication,
  commands: AppCommand[],
  rowsAre: string,
  by: Pick<CommandEnvelope, 'actor' | 'correlationId'>,
  onProgress: (done: number, total: number) => void,
): Promise<bigint | undefined> {
  let position: bigint | undefined;
  const tasks = commands.map((command) => async () => void (position = laterOf(position, (await recordImported(app, command, by)).position)));
  await recordRows(tasks, rowsAre, onProgress);
  return position;
}
