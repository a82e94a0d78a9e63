import {
  CONSENT_SCOPES,
  IMPORT_EXAMPLE_PERSON,
  ORGANISATION_TYPES,
  PERSPECTIVES,
  comparable,
  fieldProblems,
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
import { newCommandId, type CommandEnvelope } from '@pairtrail/event-store';
import type { AppCommand } from '../commands';
import type { PairtrailApplication } from '../pairtrail.application';
import { readSpreadsheet, recordRows, spreadsheetDateHint, type ImportProblem } from './spreadsheet';

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
  const read = readSpreadsheet(file, { columns: PARTICIPANT_COLUMNS, required: REQUIRED, rowsAre: 'participants' });
  const problems = [...read.problems];
  const rows: ImportRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, cell } of read.rows) {
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
  await recordRows(people, 'people', (done, total) => onProgress(done, total));
  return { registered: plan.register.length, consents, position };
}

/** What to say when an import would register people and some participants have been erased. */
export const erasureCaution = (plan: Pick<ImportPlan, 'erased' | 'register'>): string | undefined =>
  plan.erased > 0 && plan.register.length > 0
    ? `${plan.erased} participant${plan.erased === 1 ? ' has' : 's have'} been erased, and their names are gone, so Pairtrail cannot tell whether this file brings any of them back: make sure it holds no one who asked to be erased.`
    : undefined;
