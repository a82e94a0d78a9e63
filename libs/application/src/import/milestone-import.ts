import { comparable, type CalendarDate, type ReachMilestone } from '@pairtrail/domain';
import type { CommandEnvelope } from '@pairtrail/event-store';
import type { PairtrailApplication } from '../pairtrail.application';
import { PAIR_NAMING_COLUMNS, PLACEHOLDER_ID, PairsOnFile, decideRow, placeRow, runFactsImport, type PairFactsImportContext } from './pair-facts-import';
import { readSpreadsheet, spreadsheetDateHint, type ImportProblem } from './spreadsheet';

/** The columns of a milestones file, in the order the README gives them. */
export const MILESTONE_COLUMNS = [...PAIR_NAMING_COLUMNS, 'description', 'reachedOn'] as const;
type Column = (typeof MILESTONE_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['description', 'reachedOn'];

/** A milestone the file records, its pair found. */
export interface MilestoneImportRow {
  line: number;
  data: Omit<ReachMilestone['data'], 'milestoneId'> & { reachedOn: CalendarDate };
}

/** What a milestones import will do: record some milestones, pass over those recorded before, or refuse. */
export interface MilestoneImportPlan {
  record: MilestoneImportRow[];
  /** Milestones recorded before: of the same pair, with the same description, on the same date. */
  recorded: { line: number; pairId: string }[];
  problems: ImportProblem[];
}

const columnOf = (field: string): Column | undefined => MILESTONE_COLUMNS.find((c) => c === field);
const key = (text: string) => comparable(text, { accents: 'kept' });

/**
 * Reads a milestones file (CSV with a header row: a programme's project plan or progress log, say) and
 * sets it beside the programme: each milestone's pair found by its id or its two partners, with what was
 * reached and the day it was. Every milestone is decided against its pair as marking it one by one would
 * decide it (a date before the pair was formed or still to come, a concluded pair), so that a file with
 * any problem records nothing. One recorded before, of the same pair with the same description on the
 * same date, is not recorded again, so running a file again records nothing twice.
 */
export function planMilestoneImport(file: string, context: PairFactsImportContext, today: CalendarDate): MilestoneImportPlan {
  const read = readSpreadsheet(file, { columns: MILESTONE_COLUMNS, required: REQUIRED, rowsAre: 'milestones' });
  const plan: MilestoneImportPlan = { record: [], recorded: [], problems: [...read.problems] };
  const onFile = new PairsOnFile(context, 'milestones');
  const firstLineOf = new Map<string, number>();
  for (const { line, cell } of read.rows) {
    const problems: ImportProblem[] = [];
    const problem = (column: Column | undefined, message: string) => void problems.push({ line, ...(column ? { column } : {}), message });
    const pair = onFile.pair(cell, problem);
    const reachedOn = cell('reachedOn');
    if (reachedOn === undefined) problem('reachedOn', 'is empty; write the date the milestone was reached, like 2026-03-01');
    const data = { pairId: pair?.pairId ?? PLACEHOLDER_ID, description: cell('description') ?? '', reachedOn: reachedOn ?? today };
    if (pair) {
      decideRow(
        pair.state,
        { type: 'ReachMilestone', data: { ...data, milestoneId: PLACEHOLDER_ID }, today },
        new Map(),
        columnOf,
        (column, message) => (reachedOn === undefined && column === 'reachedOn') || problem(column, message),
        (column, message) =>
          (column === 'reachedOn' && spreadsheetDateHint(reachedOn)) ||
          (column === 'description' && !data.description ? 'is empty; write what the pair reached' : message),
      );
    }
    placeRow(plan, firstLineOf, line, problems, pair, ({ view }) => ({
      data,
      same: `${key(data.description)}|${data.reachedOn}`,
      had: view.milestones.some((m) => key(m.description) === key(data.description) && m.reachedOn === data.reachedOn),
      twice: (first) => ({ message: `is the same milestone as line ${first} (the same pair, description and date); keep one of them` }),
    }));
  }
  return plan;
}

/** Records the milestones of a plan without problems, as `runFactsImport` records facts. */
export const runMilestoneImport = (
  app: PairtrailApplication,
  plan: MilestoneImportPlan,
  by: Pick<CommandEnvelope, 'actor' | 'correlationId'>,
  onProgress?: (done: number, total: number) => void,
) => runFactsImport(app, plan, 'ReachMilestone', 'milestones', by, onProgress);
