import { comparable, toKebabCase, type CalendarDate, type Measure, type RecordOutcome } from '@pairtrail/domain';
import type { CommandEnvelope } from '@pairtrail/event-store';
import type { PairtrailApplication } from '../pairtrail.application';
import { PAIR_NAMING_COLUMNS, PLACEHOLDER_ID, PairsOnFile, decideRow, placeRow, runFactsImport, type PairFactsImportContext } from './pair-facts-import';
import { readSpreadsheet, spreadsheetDateHint, type ImportProblem } from './spreadsheet';

/** The columns of an outcomes file, in the order the README gives them. */
export const OUTCOME_COLUMNS = [
  ...PAIR_NAMING_COLUMNS,
  'category',
  'description',
  'evidence',
  'measureName',
  'measureUnit',
  'measureBaseline',
  'measureValue',
  'recordedOn',
  'spread',
] as const;
type Column = (typeof OUTCOME_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['category', 'description', 'recordedOn', 'spread'];
const MEASURE_COLUMNS = ['measureName', 'measureUnit', 'measureBaseline', 'measureValue'] as const;

/** An outcome the file records, its pair found. */
export interface OutcomeImportRow {
  line: number;
  data: Omit<RecordOutcome['data'], 'outcomeId'> & { recordedOn: CalendarDate };
}

/** What an outcomes import will do: record some outcomes, pass over those recorded before, or refuse. */
export interface OutcomeImportPlan {
  record: OutcomeImportRow[];
  /** Outcomes recorded before: of the same pair, with the same description, on the same date. */
  recorded: { line: number; pairId: string }[];
  problems: ImportProblem[];
}

const FIELD_COLUMNS: Record<string, Column> = {
  'measure.name': 'measureName',
  'measure.unit': 'measureUnit',
  'measure.baseline': 'measureBaseline',
  'measure.value': 'measureValue',
};
const columnOf = (field: string): Column | undefined => FIELD_COLUMNS[field] ?? OUTCOME_COLUMNS.find((c) => c === field);
const key = (text: string) => comparable(text, { accents: 'kept' });

/**
 * Reads an outcomes file (CSV with a header row: a programme's register of benefits, say) and sets it
 * beside the programme: each outcome's pair found by its id or its two partners, its category and spread
 * as written in any case or spacing ("Service change" is service-change), and its measure, if it has one,
 * from four columns (what was measured, its unit, before and now). Every outcome is decided against its
 * pair as recording it one by one would decide it, so that a file with any problem records nothing. One
 * recorded before, of the same pair with the same description on the same date, is not recorded again,
 * so running a file again records nothing twice.
 */
export function planOutcomeImport(file: string, context: PairFactsImportContext, today: CalendarDate): OutcomeImportPlan {
  const read = readSpreadsheet(file, { columns: OUTCOME_COLUMNS, required: REQUIRED, rowsAre: 'outcomes' });
  const plan: OutcomeImportPlan = { record: [], recorded: [], problems: [...read.problems] };
  const onFile = new PairsOnFile(context, 'outcomes');
  const firstLineOf = new Map<string, number>();
  for (const { line, cell } of read.rows) {
    const problems: ImportProblem[] = [];
    const problem = (column: Column | undefined, message: string) => void problems.push({ line, ...(column ? { column } : {}), message });
    const pair = onFile.pair(cell, problem);
    const recordedOn = cell('recordedOn');
    if (recordedOn === undefined) problem('recordedOn', 'is empty; write the date the outcome was recorded, like 2026-03-01');
    const measure = measureOf(cell, problem);
    const evidence = cell('evidence');
    const data = {
      pairId: pair?.pairId ?? PLACEHOLDER_ID,
      category: toKebabCase(cell('category') ?? '') as RecordOutcome['data']['category'],
      description: cell('description') ?? '',
      ...(evidence !== undefined ? { evidence } : {}),
      ...(measure ? { measure } : {}),
      recordedOn: recordedOn ?? today,
      spread: toKebabCase(cell('spread') ?? '') as RecordOutcome['data']['spread'],
    };
    if (pair) {
      decideRow(
        pair.state,
        { type: 'RecordOutcome', data: { ...data, outcomeId: PLACEHOLDER_ID }, today },
        new Map(),
        columnOf,
        (column, message) => (recordedOn === undefined && column === 'recordedOn') || problem(column, message),
        (column, message) =>
          (column === 'recordedOn' && spreadsheetDateHint(recordedOn)) ||
          (column === 'description' && !data.description ? 'is empty; write what changed' : message),
      );
    }
    placeRow(plan, firstLineOf, line, problems, pair, ({ view }) => ({
      data,
      same: `${key(data.description)}|${data.recordedOn}`,
      had: view.outcomes.some((o) => key(o.description) === key(data.description) && o.recordedOn === data.recordedOn),
      twice: (first) => ({ message: `is the same outcome as line ${first} (the same pair, description and date); keep one of them` }),
    }));
  }
  return plan;
}

/** The measure a row gives in its four columns, all or none of them; numbers as a spreadsheet writes them ("1,250"). */
function measureOf(cell: (column: Column) => string | undefined, problem: (column: Column, message: string) => void): Measure | undefined {
  const given = MEASURE_COLUMNS.filter((c) => cell(c) !== undefined);
  if (given.length === 0) return undefined;
  const missing = MEASURE_COLUMNS.filter((c) => cell(c) === undefined);
  for (const column of missing) problem(column, `is empty; a measure has all four of ${MEASURE_COLUMNS.join(', ')}, or none of them`);
  if (missing.length) return undefined;
  const number = (column: 'measureBaseline' | 'measureValue') => {
    const written = cell(column)!.replace(/,/g, '');
    return /^-?\d+(\.\d+)?$/.test(written) ? Number(written) : (cell(column) as unknown as number);
  };
  return { name: cell('measureName')!, unit: cell('measureUnit')!, baseline: number('measureBaseline'), value: number('measureValue') };
}

/** Records the outcomes of a plan without problems, as `runFactsImport` records facts. */
export const runOutcomeImport = (
  app: PairtrailApplication,
  plan: OutcomeImportPlan,
  by: Pick<CommandEnvelope, 'actor' | 'correlationId'>,
  onProgress?: (done: number, total: number) => void,
) => runFactsImport(app, plan, 'RecordOutcome', 'outcomes', by, onProgress);
