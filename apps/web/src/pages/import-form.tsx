import { useRef, useState, type ReactNode } from 'react';
import { ApiError, api, download, messageOf, ok, type FieldProblem, type Schemas } from '../api/client';
import { Button, Failure, FileField, ProblemSummary, SelectField, TextField } from '../components/form';
import { WarningCallout } from '../components/layout';
import { IMPORT_EXAMPLE_PERSON } from '@pairtrail/vocabulary';
import { counted, splitFor } from '../lists';

type ParticipantsImported = Schemas['ImportResultDto'];
type PairsImported = Schemas['PairImportResultDto'];
export type MeetingsImported = Schemas['MeetingImportResultDto'];
type ActionsImported = Schemas['ActionImportResultDto'];
type ReflectionsImported = Schemas['ReflectionImportResultDto'];
type OutcomesImported = Schemas['OutcomeImportResultDto'];
type MilestonesImported = Schemas['MilestoneImportResultDto'];

/** The API's limit on a request body (api.md). */
const MAX_BYTES = 256 * 1024;

/** What an import did, or would do, in a sentence. */
const importSummary = (r: ParticipantsImported) =>
  `${counted(r.registered, 'person', 'people')} ${r.dryRun ? 'to register' : 'registered'}, ${counted(r.alreadyRegistered, 'person', 'people')} registered already, ${counted(r.consents, 'consent')} ${r.dryRun ? 'to record' : 'recorded'}`;

/** What a kind of spreadsheet is, and how its import is sent and said. */
interface ImportKind<R extends { dryRun: boolean }> {
  /** The form's name, for assistive technology. */
  label: string;
  columns: string;
  /** A file to start from: the header row, and a line as an example to overwrite. */
  template: string;
  templateName: string;
  /** What a row is, one and many: "person", "people". */
  row: [one: string, many: string];
  command: string;
  about: ReactNode;
  send(text: string, dryRun: boolean): Promise<R>;
  summary(result: R): string;
  caution?(result: R): string | null;
}

export const asCsv = { bodySerializer: (body: unknown) => body as string, headers: { 'content-type': 'text/csv' } } as const;

const PARTICIPANT_COLUMNS = 'name, email, perspective, role, organisation, organisationType, registeredOn, consents, consentEvidence, consentOn';

/** A programme's people, with their consents. */
export const PARTICIPANTS_IMPORT: ImportKind<ParticipantsImported> = {
  label: 'Import participants',
  columns: PARTICIPANT_COLUMNS,
  template: [PARTICIPANT_COLUMNS.replace(/, /g, ','), IMPORT_EXAMPLE_PERSON.line].join('\r\n'),
  templateName: 'participants-template.csv',
  row: ['person', 'people'],
  command: 'pairtrail import participants',
  about: (
    <>
      Consents are listed like <code>participation;case-study</code>, with their evidence, and dates written like <code>2026-03-01</code>. The file is checked
      first, and nothing is recorded until every row is right. People registered already are not registered twice.
    </>
  ),
  send: async (text, dryRun) =>
    ok<ParticipantsImported>(await api.POST('/participants/imports', { params: { query: dryRun ? { dryRun: 'true' } : {} }, body: text as never, ...asCsv })),
  summary: importSummary,
  caution: (r) => r.caution,
};

const PAIR_COLUMNS = 'cohort, livedExperiencePartner, professionalPartner, formedOn, focus, serviceArea, title, aim, context, successMeasures';

/** Pairs of people registered already, in the programme's cohorts. */
export const PAIRS_IMPORT: ImportKind<PairsImported> = {
  label: 'Import pairs',
  columns: PAIR_COLUMNS,
  template: [
    PAIR_COLUMNS.replace(/, /g, ','),
    'Wave 1,margaret@example.org,Dr Samir Patel,2026-03-01,Cardiac rehab that people actually start,cardiac,Rehab people start,More people start cardiac rehab,Half of those referred never start,People starting rehab; Waiting time',
  ].join('\r\n'),
  templateName: 'pairs-template.csv',
  row: ['pair', 'pairs'],
  command: 'pairtrail import pairs',
  about: (
    <>
      A cohort is named by its name, and each partner by their name or email as registered (register them first, and record their consent to take part). Dates
      are written like <code>2026-03-01</code>; without one, a pair is formed today. The file is checked first, and nothing is recorded until every row is
      right. Pairs formed already, of the same partners in the same cohort, are not formed twice. A pair&apos;s initiative may come with it (its{' '}
      <code>title</code>, <code>aim</code>, <code>context</code> and <code>successMeasures</code>, separated by semicolons: all of them, or none), for a pair
      formed already too, if it has none yet.
    </>
  ),
  send: async (text, dryRun) =>
    ok<PairsImported>(await api.POST('/pairs/imports', { params: { query: dryRun ? { dryRun: 'true' } : {} }, body: text as never, ...asCsv })),
  summary: (r) =>
    `${counted(r.formed, 'pair')} ${r.dryRun ? 'to form' : 'formed'}, ${counted(r.alreadyFormed, 'pair')} formed already` +
    (r.initiativesDefined ? `, ${counted(r.initiativesDefined, 'initiative')} ${r.dryRun ? 'to define' : 'defined'}` : ''),
};

const MEETING_COLUMNS = 'pair, livedExperiencePartner, professionalPartner, heldOn, durationMinutes, format, attendees, topics, notes, approaches';

/** The pairs' meetings, kept in a spreadsheet before the programme used Pairtrail, say. */
export const MEETINGS_IMPORT: ImportKind<MeetingsImported> = {
  label: 'Import meetings',
  columns: MEETING_COLUMNS,
  template: [
    MEETING_COLUMNS.replace(/, /g, ','),
    ',margaret@example.org,Dr Samir Patel,2026-03-14,60,in-person,,Referral letters;Clinic times,Agreed to draft a letter together,finding-partner',
  ].join('\r\n'),
  templateName: 'meetings-template.csv',
  row: ['meeting', 'meetings'],
  command: 'pairtrail import meetings',
  about: (
    <>
      A pair is named by its two partners, each by their name or email as registered (or, for two pairs of the same partners, by the id its page&apos;s address
      ends with, in <code>pair</code>). How long it took is in minutes (<code>90</code>), or as a sheet writes it (<code>1h 30m</code>, <code>1:30</code>). The
      format is one of in-person, video, phone, workshop or coaching; attendees, topics and approaches are lists like <code>Ann Smith;Dr Samir Patel</code>, and
      a meeting without attendees is taken as attended by both partners. Dates are written like <code>2026-03-14</code>. The file is checked first, each meeting
      as the pair&apos;s meeting form checks it, and nothing is recorded until every row is right. A pair&apos;s meeting on a date it has one already is not
      recorded twice.
    </>
  ),
  send: async (text, dryRun) =>
    ok<MeetingsImported>(await api.POST('/pairs/meetings/imports', { params: { query: dryRun ? { dryRun: 'true' } : {} }, body: text as never, ...asCsv })),
  summary: (r) =>
    `${counted(r.recorded, 'meeting')} ${r.dryRun ? 'to record' : 'recorded'}, ${counted(r.alreadyRecorded, 'meeting')} recorded already` +
    (r.bothPartnersTaken ? ` (${counted(r.bothPartnersTaken, 'meeting')} without attendees written, as attended by both partners)` : ''),
};

const ACTION_COLUMNS =
  'pair, livedExperiencePartner, professionalPartner, description, owner, agreedOn, dueOn, meetingOn, completedOn, completionNote, droppedOn, dropReason';

/** The pairs' actions, from an action log kept in a spreadsheet: agreed, and completed or dropped. */
export const ACTIONS_IMPORT: ImportKind<ActionsImported> = {
  label: 'Import actions',
  columns: ACTION_COLUMNS,
  template: [
    ACTION_COLUMNS.replace(/, /g, ','),
    ',margaret@example.org,Dr Samir Patel,Ask the ward for its leaflets,Margaret Hughes,,2026-04-01,2026-03-14,2026-03-28,Six of them,,',
  ].join('\r\n'),
  templateName: 'actions-template.csv',
  row: ['action', 'actions'],
  command: 'pairtrail import actions',
  about: (
    <>
      A pair is named as in a meetings file, and the owner, one of its partners, by their name or email. <code>meetingOn</code> is the date of the pair&apos;s
      meeting at which the action was agreed (import the meetings first), and its date agreed when <code>agreedOn</code> is empty. An action that was completed
      has <code>completedOn</code> (and a <code>completionNote</code> if you like); one dropped has <code>droppedOn</code> and <code>dropReason</code>. The file
      is checked first, each action as the pair&apos;s forms check it, and nothing is recorded until every row is right. An action recorded before (the same
      pair, description and date agreed) is not recorded twice, but its completion or drop is, if the file has one since: import a later copy of the same log to
      bring it up to date.
    </>
  ),
  send: async (text, dryRun) =>
    ok<ActionsImported>(await api.POST('/pairs/actions/imports', { params: { query: dryRun ? { dryRun: 'true' } : {} }, body: text as never, ...asCsv })),
  summary: (r) =>
    [
      `${counted(r.agreed, 'action')} ${r.dryRun ? 'to record' : 'recorded'}`,
      `${counted(r.completed, 'completion')} and ${counted(r.dropped, 'drop')} ${r.dryRun ? 'to record' : 'recorded'}`,
      `${counted(r.alreadyRecorded, 'action')} recorded already`,
    ].join(', '),
};

const OUTCOME_COLUMNS =
  'pair, livedExperiencePartner, professionalPartner, category, description, evidence, measureName, measureUnit, measureBaseline, measureValue, recordedOn, spread';

/** The pairs' outcomes, from a programme's register of benefits. */
export const OUTCOMES_IMPORT: ImportKind<OutcomesImported> = {
  label: 'Import outcomes',
  columns: OUTCOME_COLUMNS,
  template: [
    OUTCOME_COLUMNS.replace(/, /g, ','),
    ',margaret@example.org,Dr Samir Patel,patient-experience,More people start cardiac rehab,Clinic figures,People starting rehab,per cent,40,65,2026-06-30,organisation',
  ].join('\r\n'),
  templateName: 'outcomes-template.csv',
  row: ['outcome', 'outcomes'],
  command: 'pairtrail import outcomes',
  about: (
    <>
      A pair is named as in a meetings file. The <code>category</code> is one of service-change, new-model-of-care, patient-experience, staff-practice, policy,
      relationship or other, and the <code>spread</code> one of pair, team, organisation or system (in any case or spacing: <code>Service change</code>
      ); a measure, if the outcome has one, takes all four of its columns (what was measured, its unit, before and now). The file is checked first, each outcome
      as the pair&apos;s outcome form checks it, and nothing is recorded until every row is right. An outcome of a pair with the same description and date as
      one it has already is not recorded twice.
    </>
  ),
  send: async (text, dryRun) =>
    ok<OutcomesImported>(await api.POST('/pairs/outcomes/imports', { params: { query: dryRun ? { dryRun: 'true' } : {} }, body: text as never, ...asCsv })),
  summary: (r) => `${counted(r.recorded, 'outcome')} ${r.dryRun ? 'to record' : 'recorded'}, ${counted(r.alreadyRecorded, 'outcome')} recorded already`,
};

const REFLECTION_COLUMNS = 'pair, livedExperiencePartner, professionalPartner, author, recordedOn, relationshipScore, text, quotable';

/** Partners' reflections: how the partnership feels, as a survey of them gathers it. */
export const REFLECTIONS_IMPORT: ImportKind<ReflectionsImported> = {
  label: 'Import reflections',
  columns: REFLECTION_COLUMNS,
  template: [
    REFLECTION_COLUMNS.replace(/, /g, ','),
    ',margaret@example.org,Dr Samir Patel,Margaret Hughes,2026-03-31,4,We plan the clinic together now,yes',
  ].join('\r\n'),
  templateName: 'reflections-template.csv',
  row: ['reflection', 'reflections'],
  command: 'pairtrail import reflections',
  about: (
    <>
      A pair is named as in a meetings file, and the <code>author</code>, one of its partners, by their name or email. The <code>relationshipScore</code> is
      from 1 (&ldquo;them and us&rdquo;) to 5 (&ldquo;equal partners&rdquo;), the first thing in its cell, as a survey exports it (<code>4 - mostly equal</code>{' '}
      is 4); <code>quotable</code> is yes or no, whether its author offers it for quotation (not said: no). The file is checked first, each reflection as the
      pair&apos;s reflection form checks it, and nothing is recorded until every row is right. A partner&apos;s reflection on a date they have one already is
      not recorded twice.
    </>
  ),
  send: async (text, dryRun) =>
    ok<ReflectionsImported>(
      await api.POST('/pairs/reflections/imports', { params: { query: dryRun ? { dryRun: 'true' } : {} }, body: text as never, ...asCsv }),
    ),
  summary: (r) => `${counted(r.recorded, 'reflection')} ${r.dryRun ? 'to record' : 'recorded'}, ${counted(r.alreadyRecorded, 'reflection')} recorded already`,
};

const MILESTONE_COLUMNS = 'pair, livedExperiencePartner, professionalPartner, description, reachedOn';

/** The pairs' milestones, from a project plan or a progress log kept before. */
export const MILESTONES_IMPORT: ImportKind<MilestonesImported> = {
  label: 'Import milestones',
  columns: MILESTONE_COLUMNS,
  template: [MILESTONE_COLUMNS.replace(/, /g, ','), ',margaret@example.org,Dr Samir Patel,New rehab letter agreed with the ward,2026-02-14'].join('\r\n'),
  templateName: 'milestones-template.csv',
  row: ['milestone', 'milestones'],
  command: 'pairtrail import milestones',
  about: (
    <>
      A pair is named as in a meetings file; the <code>description</code> says what the pair reached, and <code>reachedOn</code> the day they reached it. The
      file is checked first, each milestone as the pair&apos;s milestone form checks it, and nothing is recorded until every row is right. A milestone of a pair
      with the same description and date as one it has already is not recorded twice.
    </>
  ),
  send: async (text, dryRun) =>
    ok<MilestonesImported>(await api.POST('/pairs/milestones/imports', { params: { query: dryRun ? { dryRun: 'true' } : {} }, body: text as never, ...asCsv })),
  summary: (r) => `${counted(r.recorded, 'milestone')} ${r.dryRun ? 'to record' : 'recorded'}, ${counted(r.alreadyRecorded, 'milestone')} recorded already`,
};

/**
 * Records a spreadsheet saved as CSV (people, or pairs of them): checked first (nothing is recorded),
 * then imported. A file with problems lists each one by line and column, and records nothing.
 */
export function ImportForm<R extends { dryRun: boolean; importId?: string | null }>({
  kind,
  done,
}: {
  kind: ImportKind<R>;
  done: (message: string) => Promise<void>;
}) {
  const [file, setFile] = useState<File>();
  const [checked, setChecked] = useState<R>();
  const [problems, setProblems] = useState<{ message: string; details: FieldProblem[] }>();
  const [busy, setBusy] = useState<'check' | 'import'>();
  // A new file input after an import: the browser keeps showing the old file's name in the old one.
  const [inputKey, setInputKey] = useState(0);
  const summary = useRef<HTMLDivElement>(null);
  // The import just made, while it may be undone from here (an import of pairs' facts says its id).
  const [made, setMade] = useState<{ name: string; importId: string }>();
  // Ids of this kind's own: a screen may offer two imports (pairs, and their meetings).
  const ids = `import-${kind.row[1]}`;

  const send = async (dryRun: boolean) => {
    if (!file) {
      setProblems({ message: 'Choose a CSV file to import.', details: [] });
      setTimeout(() => summary.current?.focus(), 0);
      return;
    }
    if (file.size > MAX_BYTES) {
      const { parts, rowsEach } = splitFor(await file.text(), file.size, MAX_BYTES);
      setProblems({
        message: `${file.name} is ${Math.ceil(file.size / 1024).toLocaleString('en-GB')} KiB, more than the 256 KiB a request may carry. Split it into ${parts} files of at most ${counted(rowsEach, ...kind.row)} each, each starting with the header row, and import each; or ask an administrator to run "${kind.command}" on the server.`,
        details: [],
      });
      setTimeout(() => summary.current?.focus(), 0);
      return;
    }
    setBusy(dryRun ? 'check' : 'import');
    setProblems(undefined);
    try {
      const result = await kind.send(await file.text(), dryRun);
      if (dryRun) setChecked(result);
      else {
        setChecked(undefined);
        setFile(undefined);
        setInputKey((k) => k + 1);
        setMade(result.importId ? { name: file.name, importId: result.importId } : undefined);
        await done(`Imported ${file.name}: ${kind.summary(result)}.`);
      }
    } catch (error) {
      setChecked(undefined);
      setProblems(
        error instanceof ApiError
          ? {
              message: error.details.length ? `${file.name} has ${counted(error.details.length, 'problem')}; nothing was recorded.` : error.message,
              details: error.details,
            }
          : { message: messageOf(error), details: [] },
      );
      setTimeout(() => summary.current?.focus(), 0);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <>
      <UndoImport made={made} clear={() => setMade(undefined)} done={done} />
      <form
        noValidate
        aria-label={kind.label}
        onSubmit={(event) => {
          event.preventDefault();
          void send(!checked);
        }}
      >
        <p>
          Save the spreadsheet as CSV, with a first row naming its columns: <code>{kind.columns}</code>. {kind.about}
        </p>
        {problems ? (
          <ProblemSummary id={ids} message={problems.message} summary={summary} testId="import-problems">
            {problems.details.map((d, i) => (
              <li key={i}>
                {d.field[0]!.toUpperCase()}
                {d.field.slice(1)}: {d.message}
              </li>
            ))}
          </ProblemSummary>
        ) : null}
        <p>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            onClick={() => download(new Blob([`${kind.template}\r\n`], { type: 'text/csv' }), kind.templateName)}
          >
            Download a template (CSV)
          </button>
        </p>
        <FileField
          key={inputKey}
          id={`${ids}-file`}
          label="CSV file"
          accept=".csv,text/csv"
          error={!!problems && !file}
          onChange={(chosen) => {
            setFile(chosen);
            setChecked(undefined);
            setProblems(undefined);
          }}
        />
        {checked ? (
          <div className="nhsuk-inset-text" data-testid="import-checked">
            <p>
              {file?.name} is ready: {kind.summary(checked)}.
            </p>
          </div>
        ) : null}
        {checked && kind.caution?.(checked) ? (
          <WarningCallout label="Before you import" testId="import-caution">
            <p>{kind.caution(checked)}</p>
          </WarningCallout>
        ) : null}
        {checked ? (
          <Button busy={busy === 'import'} busyLabel="Importing…">
            Import
          </Button>
        ) : (
          <Button busy={busy === 'check'} busyLabel="Checking…">
            Check the file
          </Button>
        )}
      </form>
    </>
  );
}

/**
 * Undoes the import just made, with a reason: every entry it recorded is retracted, so none of it counts,
 * while the record keeps both (POST /pairs/imports/undo). For a file imported by mistake.
 */
export function UndoImport({
  made,
  clear,
  done,
}: {
  /** The import just made, if any: nothing shows without one. */
  made: { name: string; importId: string } | undefined;
  /** Forgets it, once undone. */
  clear: () => void;
  done: (message: string) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const undo = async () => {
    if (!reason.trim()) return setError('Say why the import is undone: it is kept with each retraction.');
    setBusy(true);
    setError(undefined);
    try {
      const r = ok<Schemas['ImportUndoResultDto']>(await api.POST('/pairs/imports/undo', { body: { importId: made!.importId, reason } }));
      clear();
      await done(`Undid the import of ${made!.name}: ${counted(r.retracted, 'entry', 'entries')} retracted.`);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  if (!made) return null;
  return (
    <form
      noValidate
      aria-label="Undo this import"
      className="nhsuk-inset-text"
      onSubmit={(event) => {
        event.preventDefault();
        void undo();
      }}
    >
      <p>Imported {made.name} by mistake? Undo it: each entry it recorded is retracted, so none of it counts, and the record keeps both.</p>
      <TextField id="undo-import-reason" label="Why it is undone" value={reason} onChange={setReason} error={error && !reason.trim() ? error : undefined} />
      <Failure text={reason.trim() ? error : undefined} />
      <Button busy={busy} busyLabel="Undoing…" secondary>
        Undo this import
      </Button>
    </form>
  );
}

/** A kind of file a screen imports, and its form. */
export interface ImportChoice {
  value: string;
  /** What such a file holds, in the list to choose from. */
  label: string;
  form: ReactNode;
}

/**
 * A screen's several imports in one place: what the file holds is chosen first (the first offered, to
 * begin with), then its form. One on its own is its form.
 */
export function ImportChooser({ choices }: { choices: ImportChoice[] }) {
  const [chosen, setChosen] = useState(choices[0]?.value ?? '');
  const choice = choices.find((c) => c.value === chosen) ?? choices[0];
  return (
    <>
      {choices.length > 1 ? (
        <SelectField
          id="import-kind"
          label="What the file holds"
          value={choice?.value ?? ''}
          onChange={setChosen}
          options={choices.map(({ value, label }) => ({ value, label }))}
          placeholder={false}
        />
      ) : null}
      {/* A form of its own for each kind, so that nothing chosen or checked for one is kept for another. */}
      <div key={choice?.value}>{choice?.form}</div>
    </>
  );
}
