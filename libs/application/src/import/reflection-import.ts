import type { CalendarDate, RecordReflection } from '@pairtrail/domain';
import type { CommandEnvelope } from '@pairtrail/event-store';
import type { PairtrailApplication } from '../pairtrail.application';
import { PAIR_NAMING_COLUMNS, PLACEHOLDER_ID, PairsOnFile, decideRow, placeRow, runFactsImport, type PairFactsImportContext } from './pair-facts-import';
import { readSpreadsheet, spreadsheetDateHint, type ImportProblem } from './spreadsheet';

/** The columns of a reflections file, in the order the README gives them. */
export const REFLECTION_COLUMNS = [...PAIR_NAMING_COLUMNS, 'author', 'recordedOn', 'relationshipScore', 'text', 'quotable'] as const;
type Column = (typeof REFLECTION_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['author', 'recordedOn', 'relationshipScore', 'text'];

/** A reflection the file records, its pair and author found. */
export interface ReflectionImportRow {
  line: number;
  data: Omit<RecordReflection['data'], 'reflectionId'> & { recordedOn: CalendarDate };
}

/** What a reflections import will do: record some reflections, pass over those recorded before, or refuse. */
export interface ReflectionImportPlan {
  record: ReflectionImportRow[];
  /** Reflections recorded before: by the same partner of the same pair, on the same date. */
  recorded: { line: number; pairId: string }[];
  problems: ImportProblem[];
}

const FIELD_COLUMNS: Record<string, Column> = { participantId: 'author' };
const columnOf = (field: string): Column | undefined => FIELD_COLUMNS[field] ?? REFLECTION_COLUMNS.find((c) => c === field);
/** What a survey's yes-or-no answer may say. */
const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);

/**
 * Reads a reflections file (CSV with a header row: a survey's answers, say) and sets it beside the
 * programme: each reflection's pair found by its id or its two partners, its author (one of them) by
 * name or email, its score (a whole number from 1, "them and us", to 5, "equal partners", as the first
 * thing in its cell: "4 - mostly equal" is 4), and whether its author offers it for quotation (yes or
 * no; not said, no). Every reflection is decided against its pair as recording it one by one would
 * decide it, so that a file with any problem records nothing. One recorded before, by the same partner
 * of the same pair on the same date, is not recorded again, so running a file again records nothing twice.
 */
export function planReflectionImport(file: string, context: PairFactsImportContext, today: CalendarDate): ReflectionImportPlan {
  const read = readSpreadsheet(file, { columns: REFLECTION_COLUMNS, required: REQUIRED, rowsAre: 'reflections' });
  const plan: ReflectionImportPlan = { record: [], recorded: [], problems: [...read.problems] };
  const onFile = new PairsOnFile(context, 'reflections');
  const firstLineOf = new Map<string, number>();
  for (const { line, cell } of read.rows) {
    const problems: ImportProblem[] = [];
    const problem = (column: Column | undefined, message: string) => void problems.push({ line, ...(column ? { column } : {}), message });
    const pair = onFile.pair(cell, problem);
    const authorCell = cell('author');
    const author = authorCell === undefined ? undefined : onFile.person(authorCell, (message) => problem('author', message));
    if (authorCell === undefined) problem('author', 'is empty; write which partner reflected, by name or email');
    const recordedOn = cell('recordedOn');
    if (recordedOn === undefined) problem('recordedOn', 'is empty; write the date of the reflection, like 2026-03-01');
    const score = /^\d+\b/.exec(cell('relationshipScore') ?? '')?.[0];
    const text = cell('text');
    if (text === undefined) problem('text', 'is empty; a reflection is recorded with its words: write what they said, even a line');
    const quotable = yesOrNo(cell('quotable'), (message) => problem('quotable', message));
    const data = {
      pairId: pair?.pairId ?? PLACEHOLDER_ID,
      participantId: author ?? PLACEHOLDER_ID,
      recordedOn: recordedOn ?? today,
      // A whole number as written first; anything else as written, for the decider to say what it must be.
      relationshipScore: score !== undefined ? Number(score) : ((cell('relationshipScore') ?? '') as unknown as number),
      text: text ?? '',
      quotable: quotable ?? false,
    };
    if (pair) {
      decideRow(
        pair.state,
        {
          type: 'RecordReflection',
          data: { ...data, reflectionId: PLACEHOLDER_ID },
          today,
          participants: author ? { [author]: onFile.participantState(author) } : {},
        },
        new Map(author ? [[author, authorCell!]] : []),
        columnOf,
        // What is missing, or an author not found, is said above; meanwhile the rest is checked.
        (column, message) =>
          (author === undefined && (column === undefined || column === 'author')) ||
          (text === undefined && column === 'text') ||
          (recordedOn === undefined && column === 'recordedOn') ||
          problem(column, message),
        (column, message) =>
          (column === 'recordedOn' && spreadsheetDateHint(recordedOn)) ||
          (column === 'relationshipScore' ? `${message}: 1 is "them and us", 5 "equal partners"` : message),
      );
    }
    placeRow(plan, firstLineOf, line, problems, pair, ({ view }) => ({
      data,
      same: `${data.participantId}|${data.recordedOn}`,
      had: view.reflections.some((r) => r.participantId === data.participantId && r.recordedOn === data.recordedOn),
      twice: (first) => ({ message: `is a second reflection of the same partner on the same day as line ${first}; keep one of them` }),
    }));
  }
  return plan;
}

/** A yes-or-no cell: yes, no, or not said (undefined); anything else said to be wrong. */
function yesOrNo(cell: string | undefined, problem: (message: string) => void): boolean | undefined {
  if (cell === undefined) return undefined;
  if (YES.has(cell.toLowerCase())) return true;
  if (NO.has(cell.toLowerCase())) return false;
  problem('must be yes or no: whether its author offers it for quotation');
  return undefined;
}

/** Records the reflections of a plan without problems, as `runFactsImport` records facts. */
export const runReflectionImport = (
  app: PairtrailApplication,
  plan: ReflectionImportPlan,
  by: Pick<CommandEnvelope, 'actor' | 'correlationId'>,
  onProgress?: (done: number, total: number) => void,
) => runFactsImport(app, plan, 'RecordReflection', 'reflections', by, onProgress);
