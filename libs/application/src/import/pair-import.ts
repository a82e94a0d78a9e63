import { UUID, comparable, fieldProblems, type CalendarDate, type DefineInitiative, type Perspective } from '@pairtrail/domain';
import type { CommandEnvelope } from '@pairtrail/event-store';
import type { PairtrailApplication } from '../pairtrail.application';
import { laterOf, listIn, readSpreadsheet, recordImported, recordRows, spreadsheetDateHint, type ImportProblem } from './spreadsheet';

/** The columns of a pairs file, in the order the README gives them. */
export const PAIR_COLUMNS = [
  'cohort',
  'livedExperiencePartner',
  'professionalPartner',
  'formedOn',
  'focus',
  'serviceArea',
  'title',
  'aim',
  'context',
  'successMeasures',
] as const;
type Column = (typeof PAIR_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['cohort', 'livedExperiencePartner', 'professionalPartner', 'focus', 'serviceArea'];
/** The columns of a pair's initiative: all of them, or none (it is defined later, on the pair's page). */
const INITIATIVE_COLUMNS = ['title', 'aim', 'context', 'successMeasures'] as const;

/** A pair's initiative, as a pairs file gives it, defined on the day the pair was formed. */
export type ImportedInitiative = Omit<DefineInitiative['data'], 'pairId' | 'reason'>;

/** A pair the file forms, its cohort and partners found among those registered, with its initiative if the file gives one. */
export interface PairImportRow {
  line: number;
  data: { cohortId: string; livedExperiencePartnerId: string; professionalPartnerId: string; formedOn?: CalendarDate; focus: string; serviceArea: string };
  initiative?: ImportedInitiative;
}

/** A participant as the read models show one: whom a partner column may name. */
export interface KnownPerson {
  participantId: string;
  name?: string;
  email?: string;
  perspective?: string;
  /** Their consents as they stand: given, and not withdrawn since. */
  consents: { scope: string; pairId: string | null }[];
  erased: boolean;
}

/** What the programme holds already, as the read models show it, for a pairs file to be matched against. */
export interface PairImportContext {
  cohorts: Iterable<{ cohortId: string; name: string; closedOn?: string }>;
  participants: Iterable<KnownPerson>;
  pairings: Iterable<{ pairId: string; cohortId: string; livedExperiencePartnerId: string; professionalPartnerId: string }>;
  /** Whether a pair formed before has its initiative defined. */
  hasInitiative(pairId: string): boolean;
}

/** The context of a pairs import, from the read models as they stand (the CLI's and the API's alike). */
export const pairImportContext = (reads: {
  cohorts(): PairImportContext['cohorts'];
  everyParticipant(): PairImportContext['participants'];
  pairings(): PairImportContext['pairings'];
  pair(pairId: string, form: 'summary'): { initiative?: unknown };
}): PairImportContext => ({
  cohorts: reads.cohorts(),
  participants: reads.everyParticipant(),
  pairings: reads.pairings(),
  hasInitiative: (pairId) => reads.pair(pairId, 'summary').initiative !== undefined,
});

/** What a pairs import will do: form some pairs, pass over those formed before, or refuse. */
export interface PairImportPlan {
  form: PairImportRow[];
  /** Pairs formed before (by an earlier run of the same file, say): the same partners, in the same cohort. */
  formed: { line: number; pairId: string }[];
  /** Of those, the ones whose initiative the file gives and that have none defined yet. */
  define: { line: number; pairId: string; initiative: ImportedInitiative }[];
  problems: ImportProblem[];
}

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';
const PARTNER_COLUMNS: Record<Perspective, Column> = { 'lived-experience': 'livedExperiencePartner', professional: 'professionalPartner' };
const key = (text: string) => comparable(text, { accents: 'kept' });

/**
 * The people registered, by name and by email as `comparable` reads them (erased ones have neither), so
 * that a file of thousands of pairs is matched against thousands of people without comparing each with each.
 */
export class PeopleByWhatNamesThem {
  private readonly byName = new Map<string, KnownPerson[]>();
  private readonly byEmail = new Map<string, KnownPerson[]>();
  private readonly byId = new Map<string, KnownPerson>();

  constructor(people: Iterable<KnownPerson>) {
    const add = (map: Map<string, KnownPerson[]>, text: string | undefined, person: KnownPerson) => {
      if (text !== undefined) map.set(key(text), [...(map.get(key(text)) ?? []), person]);
    };
    for (const person of people) {
      if (person.erased) continue;
      this.byId.set(person.participantId, person);
      add(this.byName, person.name, person);
      add(this.byEmail, person.email, person);
    }
  }

  /** Those a cell names: by id (as a script writes one), by email when it holds an @, else by name. */
  named(cell: string): KnownPerson[] {
    if (UUID.test(cell)) return this.byId.has(cell) ? [this.byId.get(cell)!] : [];
    return (cell.includes('@') ? this.byEmail : this.byName).get(key(cell)) ?? [];
  }
}

/**
 * Reads a pairs file (CSV with a header row) and sets it beside the programme: each pair's cohort found
 * by its name (or id), each partner by their name or email among the participants registered with that
 * perspective, and every pair checked as forming it would check it, so that a file with any problem
 * forms nothing. A pair formed before, of the same partners in the same cohort, is not formed again, so
 * running a file again, or after a stop part way, finishes it. No problem quotes a person's details
 * beyond what the file itself wrote.
 */
export function planPairImport(file: string, context: PairImportContext, today: CalendarDate): PairImportPlan {
  const read = readSpreadsheet(file, { columns: PAIR_COLUMNS, required: REQUIRED, rowsAre: 'pairs' });
  const plan: PairImportPlan = { form: [], formed: [], define: [], problems: [...read.problems] };
  const cohorts = [...context.cohorts];
  const people = new PeopleByWhatNamesThem(context.participants);
  const pairKey = (cohortId: string, lep: string, pro: string) => `${cohortId}|${lep}|${pro}`;
  const formedBefore = new Map([...context.pairings].map((p) => [pairKey(p.cohortId, p.livedExperiencePartnerId, p.professionalPartnerId), p.pairId]));
  const firstLineOf = new Map<string, number>();
  for (const { line, cell } of read.rows) {
    const problems: ImportProblem[] = [];
    const problem = (column: Column, message: string) => problems.push({ line, column, message });
    const cohort = findCohort(cell('cohort'), cohorts, (message) => problem('cohort', message));
    const partner = (perspective: Perspective) =>
      findPartnerTakingPart(cell(PARTNER_COLUMNS[perspective]), perspective, people, (message) => problem(PARTNER_COLUMNS[perspective], message));
    const [lep, pro] = [partner('lived-experience'), partner('professional')];
    const data = {
      cohortId: cohort?.cohortId ?? PLACEHOLDER_ID,
      livedExperiencePartnerId: lep?.participantId ?? PLACEHOLDER_ID,
      professionalPartnerId: pro?.participantId ?? PLACEHOLDER_ID,
      ...(cell('formedOn') ? { formedOn: cell('formedOn') } : {}),
      focus: cell('focus')!,
      serviceArea: cell('serviceArea')!,
    };
    // The pair's own fields, as forming it checks them: its date, focus and service area.
    for (const { field, message } of fieldProblems('FormPair', { ...data, pairId: PLACEHOLDER_ID }, today)) {
      if (field === 'formedOn' || field === 'focus' || field === 'serviceArea')
        problem(field, (field === 'formedOn' && spreadsheetDateHint(data.formedOn)) || message);
    }
    const initiative = initiativeOf(cell, data.formedOn ?? today, today, problem);
    if (problems.length || !cohort || !lep || !pro) {
      plan.problems.push(...problems);
      continue;
    }
    const pair = pairKey(cohort.cohortId, lep.participantId, pro.participantId);
    const first = firstLineOf.get(pair);
    if (first !== undefined) {
      plan.problems.push({ line, message: `is the same pair as line ${first} (the same partners, in the same cohort); keep one of them` });
      continue;
    }
    firstLineOf.set(pair, line);
    const before = formedBefore.get(pair);
    if (before) {
      plan.formed.push({ line, pairId: before });
      if (initiative && !context.hasInitiative(before)) plan.define.push({ line, pairId: before, initiative });
      continue;
    }
    if (cohort.closedOn) {
      plan.problems.push({ line, column: 'cohort', message: `closed on ${cohort.closedOn}; no new pairs can join it. Form the pair in an open cohort` });
      continue;
    }
    plan.form.push({ line, data: data as PairImportRow['data'], ...(initiative ? { initiative } : {}) });
  }
  return plan;
}

/**
 * The initiative a row gives, if any of its columns has something: all of title, aim and context, with the
 * success measures separated by semicolons, checked as defining it checks them; or undefined, said why.
 */
function initiativeOf(
  cell: (column: Column) => string | undefined,
  on: CalendarDate,
  today: CalendarDate,
  problem: (column: Column, message: string) => void,
): ImportedInitiative | undefined {
  if (INITIATIVE_COLUMNS.every((c) => cell(c) === undefined)) return undefined;
  const initiative = {
    title: cell('title') ?? '',
    aim: cell('aim') ?? '',
    context: cell('context') ?? '',
    successMeasures: listIn(cell('successMeasures')),
    on,
  };
  const problems = fieldProblems('DefineInitiative', { ...initiative, pairId: PLACEHOLDER_ID }, today);
  for (const { field, message } of problems) {
    const column = INITIATIVE_COLUMNS.find((c) => field === c || field.startsWith(`${c}[`));
    if (!column) continue; // its date is the pair's, said at formedOn
    const empty = column !== 'successMeasures' && cell(column) === undefined;
    problem(column, empty ? `is empty; an initiative has a title, an aim and a context, or leave all of ${INITIATIVE_COLUMNS.join(', ')} empty` : message);
  }
  return problems.length ? undefined : initiative;
}

/** The cohort a cell names, by its name (as `comparable` reads it) or its id; or undefined, said why. */
function findCohort<T extends { cohortId: string; name: string }>(cell: string | undefined, cohorts: T[], problem: (message: string) => void): T | undefined {
  if (cell === undefined) return undefined;
  const found = cohorts.filter((c) => c.cohortId === cell || key(c.name) === key(cell));
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    const names = cohorts.map((c) => c.name).slice(0, 10);
    problem(
      names.length
        ? `names no cohort; the cohorts are ${names.join(', ')}${cohorts.length > names.length ? ', …' : ''}`
        : 'names no cohort; open the cohort first',
    );
  } else
    problem(
      `names ${found.length} cohorts of that name; give one of them a name of its own (on the Programme screen, "Correct a cohort's name or dates"), or write the id of the one meant (GET /cohorts lists them)`,
    );
  return undefined;
}

/**
 * The participant a partner column names among those registered (erased ones have no name to match),
 * by name or by email: one of that perspective; or undefined, said why.
 */
export function findPartner(
  cell: string | undefined,
  perspective: Perspective,
  people: PeopleByWhatNamesThem,
  problem: (message: string) => void,
): KnownPerson | undefined {
  if (cell === undefined) return undefined;
  const all = people.named(cell);
  const found = all.filter((p) => p.perspective === perspective);
  const by = namedBy(cell);
  if (found.length === 0) {
    if (all.length > 0) problem(`names a participant with the ${all[0]!.perspective} perspective; this column takes one with the ${perspective} perspective`);
    else
      problem(`names no registered participant by that ${by}; register them first (one by one, or from a participants file), or write the ${by} as registered`);
    return undefined;
  }
  if (found.length > 1) {
    problem(`names ${found.length} participants with the ${perspective} perspective; ${tellApart(cell, found)}`);
    return undefined;
  }
  return found[0];
}

/** What a cell names a person by: their id, their email, or their name. */
export const namedBy = (cell: string): 'id' | 'email' | 'name' => (UUID.test(cell) ? 'id' : cell.includes('@') ? 'email' : 'name');

/** How a file tells apart people a cell names alike: by email, once each has one, as the Participants screen records it. */
export const tellApart = (cell: string, found: KnownPerson[]): string =>
  cell.includes('@')
    ? 'correct their emails first'
    : found.every((p) => p.email)
      ? 'write the email of the one meant'
      : 'write the email of the one meant, once each of them has one recorded (on the Participants screen)';

/** A partner to form a pair of: found, and consenting to take part; or undefined, said why. */
function findPartnerTakingPart(...args: Parameters<typeof findPartner>): KnownPerson | undefined {
  const person = findPartner(...args);
  if (person && !person.consents.some((c) => c.scope === 'participation' && c.pairId === null)) {
    args[3](`names a participant (${person.participantId}) who has not consented to take part; record their participation consent first`);
    return undefined;
  }
  return person;
}

/**
 * Forms the pairs of a plan without problems, several at a time, by `by` (the system, from the CLI; the
 * coordinator, from the API), with source `import`. A run stopped part way is finished by running the
 * same file again: the pairs it formed are found, and not formed twice.
 */
export async function runPairImport(
  app: PairtrailApplication,
  plan: PairImportPlan,
  by: Pick<CommandEnvelope, 'actor' | 'correlationId'>,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<{ formed: number; initiativesDefined: number; position: bigint | undefined }> {
  if (plan.problems.length) throw new Error('An import with problems records nothing.');
  let position: bigint | undefined;
  const define = async (pairId: string, initiative: ImportedInitiative) =>
    void (position = laterOf(position, (await recordImported(app, { type: 'DefineInitiative', data: { pairId, ...initiative } }, by)).position));
  const tasks = [
    ...plan.form.map(({ data, initiative }) => async () => {
      const formed = await recordImported(app, { type: 'FormPair', data }, by);
      position = laterOf(position, formed.position);
      if (initiative) await define(formed.id, initiative);
    }),
    ...plan.define.map(
      ({ pairId, initiative }) =>
        () =>
          define(pairId, initiative),
    ),
  ];
  await recordRows(tasks, 'pairs', onProgress);
  return { formed: plan.form.length, initiativesDefined: initiativesOf(plan), position };
}

/** The initiatives a plan defines: of the pairs it forms, and of those formed before without one. */
export const initiativesOf = (plan: PairImportPlan): number => plan.form.filter((r) => r.initiative).length + plan.define.length;
