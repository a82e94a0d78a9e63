import {
  PairtrailError,
  ValidationError,
  UUID,
  pairDecider,
  pairView,
  partnersOf,
  type PairCommand,
  type PairEvent,
  type PairState,
  type PairView,
  type ParticipantState,
  type Perspective,
} from '@pairtrail/domain';
import type { CommandEnvelope } from '@pairtrail/event-store';
import type { AppCommand } from '../commands';
import type { PairtrailApplication } from '../pairtrail.application';
import { PeopleByWhatNamesThem, findPartner, namedBy, tellApart, type KnownPerson } from './pair-import';
import { recordCommands, type ImportProblem } from './spreadsheet';

/** The columns that name the pair a row of a pair's facts is about: its id, or its two partners. */
export const PAIR_NAMING_COLUMNS = ['pair', 'livedExperiencePartner', 'professionalPartner'] as const;
type Naming = (typeof PAIR_NAMING_COLUMNS)[number];

/** Who is paired with whom. */
type Pairing = { pairId: string; livedExperiencePartnerId: string; professionalPartnerId: string };

/** What the programme holds already, as the read models show it, for a file of pairs' facts to be decided against. */
export interface PairFactsImportContext {
  participants: Iterable<KnownPerson>;
  pairings: Iterable<Pairing>;
  /** A pair's state as the write side folds it; undefined for an unknown pair. */
  pairState(pairId: string): PairState | undefined;
  participantState(participantId: string): ParticipantState | undefined;
}

/** The context of an import of pairs' facts, from the read models as they stand (the CLI's and the API's alike). */
export const pairFactsImportContext = (reads: {
  everyParticipant(): PairFactsImportContext['participants'];
  pairings(): PairFactsImportContext['pairings'];
  pairState(pairId: string): PairState | undefined;
  participantState(participantId: string): ParticipantState | undefined;
}): PairFactsImportContext => ({
  participants: reads.everyParticipant(),
  pairings: reads.pairings(),
  pairState: (pairId) => reads.pairState(pairId),
  participantState: (participantId) => reads.participantState(participantId),
});

/** A pair a file names, as it stands: its state to decide against, its view, and its two partners. */
export interface PairOnFile {
  pairId: string;
  state: PairState;
  view: PairView;
  partners: [string, string];
}

export const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';
const PARTNER_COLUMNS: Record<Perspective, Naming> = { 'lived-experience': 'livedExperiencePartner', professional: 'professionalPartner' };

/**
 * The pairs and people a file of pairs' facts names, found among those the read models hold: each pair
 * by its id or its two partners (read once however many rows name it), each person by name or email.
 */
export class PairsOnFile {
  private readonly people: PeopleByWhatNamesThem;
  private readonly pairings: Pairing[];
  private readonly pairs = new Map<string, PairOnFile | undefined>();

  constructor(
    private readonly context: PairFactsImportContext,
    /** What the file's rows are, in the plural: "meetings", "actions". */
    private readonly rowsAre: string,
  ) {
    this.people = new PeopleByWhatNamesThem(context.participants);
    this.pairings = [...context.pairings];
  }

  /** The pair a row names, by its id or by its two partners; or undefined, said why. */
  pair(cell: (column: Naming) => string | undefined, problem: (column: Naming | undefined, message: string) => void): PairOnFile | undefined {
    const id = cell('pair');
    if (id !== undefined) {
      const pair = UUID.test(id) ? this.pairOf(id) : undefined;
      if (!pair) problem('pair', 'names no pair; write the id its page ends with (#/pairs/<id>), or leave it empty and name its two partners');
      return pair;
    }
    const [lep, pro] = (Object.keys(PARTNER_COLUMNS) as Perspective[]).map((perspective) =>
      findPartner(cell(PARTNER_COLUMNS[perspective]), perspective, this.people, (message) => problem(PARTNER_COLUMNS[perspective], message)),
    );
    if (cell('livedExperiencePartner') === undefined || cell('professionalPartner') === undefined) {
      problem(undefined, 'names no pair; write its two partners (livedExperiencePartner and professionalPartner), or its id in the pair column');
      return undefined;
    }
    if (!lep || !pro) return undefined;
    const theirs = this.pairings.filter((p) => p.livedExperiencePartnerId === lep.participantId && p.professionalPartnerId === pro.participantId);
    if (theirs.length === 1) return this.pairOf(theirs[0]!.pairId);
    if (theirs.length === 0) problem(undefined, `names two partners who are not a pair; form the pair first, then import its ${this.rowsAre}`);
    else problem('pair', `is needed: these partners are ${theirs.length} pairs (${theirs.map((p) => p.pairId).join(', ')}); write the id of the one meant`);
    return undefined;
  }

  /** The participant a name or email names, of either perspective; or undefined, said why. */
  person(name: string, problem: (message: string) => void): string | undefined {
    const found = this.people.named(name);
    if (found.length === 1) return found[0]!.participantId;
    const by = namedBy(name);
    if (found.length === 0) problem(`"${name}" names no registered participant by that ${by}; write the ${by} as registered`);
    else problem(`"${name}" names ${found.length} participants; ${tellApart(name, found)}`);
    return undefined;
  }

  participantState(participantId: string): ParticipantState | undefined {
    return this.context.participantState(participantId);
  }

  private pairOf(pairId: string): PairOnFile | undefined {
    if (!this.pairs.has(pairId)) {
      const state = this.context.pairState(pairId);
      const view = state && pairView(state);
      this.pairs.set(pairId, state && view && { pairId, state, view, partners: partnersOf(view) });
    }
    return this.pairs.get(pairId);
  }
}

/**
 * Decides a command against its pair, as recording it one by one would (the pair's own decider), giving
 * the events it would record; or undefined, each refusal said at the column `columnOf` finds for its
 * field (an item of a list by what it was written as: `"ballet" must be one of …`), or at the line, the
 * people it names by id said as the file wrote them (`writtenAs`).
 */
export function decideRow<C extends string>(
  state: PairState,
  command: PairCommand,
  writtenAs: Map<string, string>,
  columnOf: (field: string) => C | undefined,
  problem: (column: C | undefined, message: string) => void,
  hint: (column: C | undefined, message: string) => string = (_column, message) => message,
): PairEvent[] | undefined {
  try {
    return pairDecider.decide(command, state);
  } catch (error) {
    if (!(error instanceof PairtrailError)) throw error;
    if (!(error instanceof ValidationError)) {
      problem(
        undefined,
        [...writtenAs].reduce((m, [id, as]) => m.replaceAll(id, `"${as}"`), error.message),
      );
      return undefined;
    }
    const data = command.data as Record<string, unknown>;
    for (const { field, message } of error.details) {
      const column = columnOf(field.replace(/\[\d+\]$/, ''));
      const index = /\[(\d+)\]$/.exec(field)?.[1];
      const list = data[field.replace(/\[\d+\]$/, '')];
      const item =
        index !== undefined && Array.isArray(list) && typeof list[Number(index)] === 'string'
          ? (writtenAs.get(list[Number(index)]) ?? list[Number(index)])
          : undefined;
      problem(column, hint(column, item === undefined ? message : `"${item}" ${message}`));
    }
    return undefined;
  }
}

/** The pair's state with events a row would record: what the row's next command is decided against. */
export const withPlanned = (state: PairState, events: PairEvent[]): PairState =>
  events.reduce((s, event, i) => pairDecider.evolve(s, { ...event, eventId: `planned-${i}` }), state);

/**
 * Places a row of a file of one fact a row, once decided, in its plan: with problems (or no pair found),
 * its problems; a second row of one fact of a pair (`same`: what makes it the same, such as its date), a
 * problem saying so (`twice`, of the first one's line); a fact the pair has already (`had`), passed over,
 * so that a file run again records nothing twice; else it is to record. True when it is to record.
 */
export function placeRow<D>(
  plan: FactsPlan<D> & { recorded: { line: number; pairId: string }[] },
  firstLineOf: Map<string, number>,
  line: number,
  problems: ImportProblem[],
  pair: PairOnFile | undefined,
  fact: (pair: PairOnFile) => { data: D; same: string; had: boolean; twice: (first: number) => Omit<ImportProblem, 'line'> },
): boolean {
  if (problems.length || !pair) {
    plan.problems.push(...problems);
    return false;
  }
  const { data, same, had, twice } = fact(pair);
  const key = `${pair.pairId}|${same}`;
  const first = firstLineOf.get(key);
  if (first !== undefined) {
    plan.problems.push({ line, ...twice(first) });
    return false;
  }
  firstLineOf.set(key, line);
  if (had) {
    plan.recorded.push({ line, pairId: pair.pairId });
    return false;
  }
  plan.record.push({ line, data });
  return true;
}

/** A plan of rows that each record one fact of a pair: a meeting, an outcome, a reflection, a milestone. */
export interface FactsPlan<D> {
  record: { line: number; data: D }[];
  problems: ImportProblem[];
}

/**
 * Records the facts of a plan without problems, several at a time, by `by` (the system, from the CLI;
 * the coordinator, from the API), with source `import`. A run stopped part way is finished by running
 * the same file again: the facts it recorded are found, and not recorded twice.
 */
export async function runFactsImport<D>(
  app: PairtrailApplication,
  plan: FactsPlan<D>,
  type: 'RecordMeeting' | 'RecordOutcome' | 'RecordReflection' | 'ReachMilestone',
  rowsAre: string,
  by: Pick<CommandEnvelope, 'actor' | 'correlationId'>,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<{ recorded: number; position: bigint | undefined }> {
  if (plan.problems.length) throw new Error('An import with problems records nothing.');
  const commands = plan.record.map(({ data }) => ({ type, data }) as AppCommand);
  return { recorded: plan.record.length, position: await recordCommands(app, commands, rowsAre, by, onProgress) };
}
