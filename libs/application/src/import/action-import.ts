import { comparable, type AgreeAction, type CalendarDate, type CompleteAction, type DropAction, type PairCommand } from '@pairtrail/domain';
import type { CommandEnvelope } from '@pairtrail/event-store';
import type { AppCommand } from '../commands';
import type { PairtrailApplication } from '../pairtrail.application';
import { PAIR_NAMING_COLUMNS, PLACEHOLDER_ID, PairsOnFile, decideRow, withPlanned, type PairFactsImportContext, type PairOnFile } from './pair-facts-import';
import { laterOf, readSpreadsheet, recordImported, recordRows, spreadsheetDateHint, type ImportProblem } from './spreadsheet';

/** The columns of an actions file, in the order the README gives them. */
export const ACTION_COLUMNS = [
  ...PAIR_NAMING_COLUMNS,
  'description',
  'owner',
  'agreedOn',
  'dueOn',
  'meetingOn',
  'completedOn',
  'completionNote',
  'droppedOn',
  'dropReason',
] as const;
type Column = (typeof ACTION_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['description', 'owner'];

type Agreed = Omit<AgreeAction['data'], 'actionId'>;
/** How an action was closed, if it was: completed or dropped, its id given when the row is recorded. */
type Closing = { type: 'CompleteAction'; data: Omit<CompleteAction['data'], 'actionId'> } | { type: 'DropAction'; data: Omit<DropAction['data'], 'actionId'> };

/** An action the file records: agreed (and perhaps completed or dropped), or an action recorded before, now closed. */
export type ActionImportRow = { line: number; closing?: Closing } & ({ agreed: Agreed } | { actionId: string; closing: Closing });

/** What an actions import will do: record some actions and closings, pass over those recorded before, or refuse. */
export interface ActionImportPlan {
  record: ActionImportRow[];
  /** Actions recorded before (the same pair, description and date agreed), with nothing new to record of them. */
  recorded: { line: number; pairId: string }[];
  problems: ImportProblem[];
}

/** The column a domain field's problem is about. */
const FIELD_COLUMNS: Record<string, Column> = { ownerId: 'owner', meetingId: 'meetingOn', note: 'completionNote', reason: 'dropReason' };
const columnOf = (field: string): Column | undefined => FIELD_COLUMNS[field] ?? ACTION_COLUMNS.find((c) => c === field);
const DATE_COLUMNS: ReadonlySet<Column> = new Set(['agreedOn', 'dueOn', 'meetingOn', 'completedOn', 'droppedOn']);
const key = (text: string) => comparable(text, { accents: 'kept' });

/**
 * Reads an actions file (CSV with a header row) and sets it beside the programme: each action's pair
 * found by its id or its two partners, its owner by name or email, the meeting it was agreed at by that
 * meeting's date, and its completion or drop, if it has one. Every action is decided against its pair
 * as recording it one by one would decide it (the pair's own decider: agreeing it, then closing it), so
 * that a file with any problem records nothing. An action recorded before (the same pair, description
 * and date agreed) is not recorded again; a completion or drop the file gives it since is, so running a
 * file again, or a later copy of the same action log, records only what is new.
 */
export function planActionImport(file: string, context: PairFactsImportContext, today: CalendarDate): ActionImportPlan {
  const read = readSpreadsheet(file, { columns: ACTION_COLUMNS, required: REQUIRED, rowsAre: 'actions' });
  const plan: ActionImportPlan = { record: [], recorded: [], problems: [...read.problems] };
  const onFile = new PairsOnFile(context, 'actions');
  const firstLineOf = new Map<string, number>();
  for (const { line, cell } of read.rows) {
    const problems: ImportProblem[] = [];
    const problem = (column: Column | undefined, message: string) => void problems.push({ line, ...(column ? { column } : {}), message });
    const pair = onFile.pair(cell, problem);
    const description = cell('description') ?? '';
    const ownerCell = cell('owner');
    const ownerId = ownerCell === undefined ? undefined : onFile.person(ownerCell, (message) => problem('owner', message));
    if (ownerCell === undefined) problem('owner', 'is empty; write which partner owns the action, by name or email');
    const meetingOn = cell('meetingOn');
    const meetingId = pair && meetingOn !== undefined ? meetingOf(pair, meetingOn, (message) => problem('meetingOn', message)) : undefined;
    const agreedOn = cell('agreedOn') ?? meetingOn;
    if (agreedOn === undefined) problem('agreedOn', 'is empty; write the date the action was agreed, like 2026-03-01');
    const closing = closingOf(cell, problem);
    const agreed: Agreed = {
      pairId: pair?.pairId ?? PLACEHOLDER_ID,
      description,
      ownerId: ownerId ?? PLACEHOLDER_ID,
      agreedOn: agreedOn ?? today,
      ...(cell('dueOn') !== undefined ? { dueOn: cell('dueOn') } : {}),
      ...(meetingId !== undefined ? { meetingId } : {}),
    };
    const before = pair?.view.actions.find((a) => key(a.description) === key(description) && a.agreedOn === agreed.agreedOn);
    if (pair && agreedOn !== undefined && !problems.some((p) => p.column === 'meetingOn')) {
      // The row as recording it would go: agreeing the action (unless it was, before), then closing it.
      // An owner not found is said above; meanwhile the action's own fields are checked.
      const writtenAs = new Map([...(ownerId ? [[ownerId, ownerCell!] as const] : []), [before?.actionId ?? PLACEHOLDER_ID, description] as const]);
      const decide = (command: PairCommand, state = pair.state) =>
        decideRow(
          state,
          command,
          writtenAs,
          columnOf,
          (column, message) => (ownerId === undefined && column === undefined) || problem(column, message),
          (column, message) =>
            (column && DATE_COLUMNS.has(column) && spreadsheetDateHint(cell(column))) ||
            (column === 'description' && !description ? 'is empty; write what is to be done' : message),
        );
      const participants = ownerId ? { [ownerId]: onFile.participantState(ownerId) } : {};
      const events = before ? [] : decide({ type: 'AgreeAction', data: { ...agreed, actionId: PLACEHOLDER_ID }, today, participants });
      // Closed before as the file says: nothing to record. Closed otherwise: the decider says so.
      const closedAlike = closing && (closing.type === 'CompleteAction' ? before?.completed : before?.dropped);
      if (events && closing && !closedAlike) {
        decide({ ...closing, data: { ...closing.data, actionId: before?.actionId ?? PLACEHOLDER_ID }, today } as PairCommand, withPlanned(pair.state, events));
      }
    }
    if (problems.length || !pair) {
      plan.problems.push(...problems);
      continue;
    }
    const action = `${pair.pairId}|${key(description)}|${agreed.agreedOn}`;
    const first = firstLineOf.get(action);
    if (first !== undefined) {
      plan.problems.push({ line, message: `is the same action as line ${first} (the same pair, description and date agreed); keep one of them` });
      continue;
    }
    firstLineOf.set(action, line);
    const closed = closing && ({ ...closing, data: { ...closing.data, pairId: pair.pairId } } as Closing);
    if (!before) plan.record.push({ line, agreed, ...(closed ? { closing: closed } : {}) });
    else if (closed && !before.completed && !before.dropped) plan.record.push({ line, actionId: before.actionId, closing: closed });
    else plan.recorded.push({ line, pairId: pair.pairId });
  }
  return plan;
}

/** The meeting of the pair's on a date, which an action was agreed at; or undefined, said why. */
function meetingOf(pair: PairOnFile, on: string, problem: (message: string) => void): string | undefined {
  const hint = spreadsheetDateHint(on);
  if (hint) return void problem(hint);
  const held = pair.view.meetings.filter((m) => m.heldOn === on);
  if (held.length === 1) return held[0]!.meetingId;
  if (held.length === 0) problem(`names no meeting of this pair: it has none on ${on}. Import its meetings first, or leave this empty`);
  else problem(`names ${held.length} meetings of this pair, all on ${on}; leave this empty, and say which on the pair's page`);
  return undefined;
}

/** How a row says its action was closed: completed, dropped, or neither; what cannot be, said. */
function closingOf(cell: (column: Column) => string | undefined, problem: (column: Column | undefined, message: string) => void): Closing | undefined {
  const completed = cell('completedOn') !== undefined || cell('completionNote') !== undefined;
  const dropped = cell('droppedOn') !== undefined || cell('dropReason') !== undefined;
  if (completed && dropped) return void problem(undefined, 'says the action was completed and dropped; an action is one or the other, so keep one');
  if (completed) {
    if (cell('completedOn') === undefined)
      return void problem('completedOn', 'is empty; write the date the action was completed, or leave completionNote empty too');
    const note = cell('completionNote');
    return { type: 'CompleteAction', data: { pairId: PLACEHOLDER_ID, completedOn: cell('completedOn'), ...(note !== undefined ? { note } : {}) } };
  }
  if (dropped) {
    if (cell('droppedOn') === undefined) return void problem('droppedOn', 'is empty; write the date the action was dropped, or leave dropReason empty too');
    if (cell('dropReason') === undefined) return void problem('dropReason', 'is empty; write why the action was dropped');
    return { type: 'DropAction', data: { pairId: PLACEHOLDER_ID, droppedOn: cell('droppedOn'), reason: cell('dropReason') ?? '' } };
  }
  return undefined;
}

/**
 * Records the actions of a plan without problems, several at a time, by `by` (the system, from the CLI;
 * the coordinator, from the API), with source `import`: each agreed, then closed if it was. A run stopped
 * part way is finished by running the same file again: the actions it recorded are found, and not
 * recorded twice (an action agreed whose closing was not yet recorded is closed then).
 */
export async function runActionImport(
  app: PairtrailApplication,
  plan: ActionImportPlan,
  by: Pick<CommandEnvelope, 'actor' | 'correlationId'>,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<{ agreed: number; completed: number; dropped: number; position: bigint | undefined }> {
  if (plan.problems.length) throw new Error('An import with problems records nothing.');
  let position: bigint | undefined;
  const tasks = plan.record.map((row) => async () => {
    let actionId = 'actionId' in row ? row.actionId : undefined;
    if ('agreed' in row) {
      const agreed = await recordImported(app, { type: 'AgreeAction', data: row.agreed }, by);
      [actionId, position] = [agreed.id, laterOf(position, agreed.position)];
    }
    if (row.closing) {
      const closing = { ...row.closing, data: { ...row.closing.data, actionId: actionId! } } as AppCommand;
      position = laterOf(position, (await recordImported(app, closing, by)).position);
    }
  });
  await recordRows(tasks, 'actions', onProgress);
  return { ...countsOf(plan), position };
}

/** What a plan records: actions agreed, and completions and drops. */
export const countsOf = (plan: ActionImportPlan) => ({
  agreed: plan.record.filter((r) => 'agreed' in r).length,
  completed: plan.record.filter((r) => r.closing?.type === 'CompleteAction').length,
  dropped: plan.record.filter((r) => r.closing?.type === 'DropAction').length,
});
