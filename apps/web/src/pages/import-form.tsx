import { useRef, useState } from 'react';
import { ApiError, api, download, messageOf, ok, type FieldProblem, type Schemas } from '../api/client';
import { Button, FileField, ProblemSummary } from '../components/form';
import { WarningCallout } from '../components/layout';
import { IMPORT_EXAMPLE_PERSON } from '@pairtrail/vocabulary';
import { splitFor } from '../lists';

type ImportResult = Schemas['ImportResultDto'];

const COLUMNS = 'name, email, perspective, role, organisation, organisationType, registeredOn, consents, consentEvidence, consentOn';

/** The API's limit on a request body (api.md). */
const MAX_BYTES = 256 * 1024;

/** A file to start from: the header row, and one person as an example to overwrite. */
const TEMPLATE = [COLUMNS.replace(/, /g, ','), IMPORT_EXAMPLE_PERSON.line].join('\r\n');

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** What an import did, or would do, in a sentence. */
export const importSummary = (r: ImportResult) =>
  `${plural(r.registered, 'person', 'people')} ${r.dryRun ? 'to register' : 'registered'}, ${plural(r.alreadyRegistered, 'person', 'people')} registered already, ${plural(r.consents, 'consent')} ${r.dryRun ? 'to record' : 'recorded'}`;

/**
 * Registers people from a spreadsheet saved as CSV: checked first (nothing is recorded), then imported.
 * A file with problems lists each one by line and column, and records nothing.
 */
export function ImportForm({ done }: { done: (message: string) => Promise<void> }) {
  const [file, setFile] = useState<File>();
  const [checked, setChecked] = useState<ImportResult>();
  const [problems, setProblems] = useState<{ message: string; details: FieldProblem[] }>();
  const [busy, setBusy] = useState<'check' | 'import'>();
  // A new file input after an import: the browser keeps showing the old file's name in the old one.
  const [inputKey, setInputKey] = useState(0);
  const summary = useRef<HTMLDivElement>(null);

  const send = async (dryRun: boolean) => {
    if (!file) {
      setProblems({ message: 'Choose a CSV file to import.', details: [] });
      setTimeout(() => summary.current?.focus(), 0);
      return;
    }
    if (file.size > MAX_BYTES) {
      const { parts, rowsEach } = splitFor(await file.text(), file.size, MAX_BYTES);
      setProblems({
        message: `${file.name} is ${Math.ceil(file.size / 1024).toLocaleString('en-GB')} KiB, more than the 256 KiB a request may carry. Split it into ${parts} files of at most ${rowsEach.toLocaleString('en-GB')} people each, each starting with the header row, and import each; or ask an administrator to run "pairtrail import participants" on the server.`,
        details: [],
      });
      setTimeout(() => summary.current?.focus(), 0);
      return;
    }
    setBusy(dryRun ? 'check' : 'import');
    setProblems(undefined);
    try {
      const text = await file.text();
      const result = ok<ImportResult>(
        await api.POST('/participants/imports', {
          params: { query: dryRun ? { dryRun: 'true' } : {} },
          body: text as never,
          bodySerializer: (body: unknown) => body as string,
          headers: { 'content-type': 'text/csv' },
        }),
      );
      if (dryRun) setChecked(result);
      else {
        setChecked(undefined);
        setFile(undefined);
        setInputKey((k) => k + 1);
        await done(`Imported ${file.name}: ${importSummary(result)}.`);
      }
    } catch (error) {
      setChecked(undefined);
      setProblems(
        error instanceof ApiError
          ? {
              message: error.details.length ? `${file.name} has ${plural(error.details.length, 'problem')}; nothing was recorded.` : error.message,
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
    <form
      noValidate
      aria-label="Import participants"
      onSubmit={(event) => {
        event.preventDefault();
        void send(!checked);
      }}
    >
      <p>
        Save the spreadsheet as CSV, with a first row naming its columns: <code>{COLUMNS}</code>. Consents are listed like <code>participation;case-study</code>
        , with their evidence, and dates written like <code>2026-03-01</code>. The file is checked first, and nothing is recorded until every row is right.
        People registered already are not registered twice.
      </p>
      {problems ? (
        <ProblemSummary id="import" message={problems.message} summary={summary} testId="import-problems">
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
          onClick={() => download(new Blob([`${TEMPLATE}\r\n`], { type: 'text/csv' }), 'participants-template.csv')}
        >
          Download a template (CSV)
        </button>
      </p>
      <FileField
        key={inputKey}
        id="import-file"
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
            {file?.name} is ready: {importSummary(checked)}.
          </p>
        </div>
      ) : null}
      {checked?.caution ? (
        <WarningCallout label="Before you import" testId="import-caution">
          <p>{checked.caution}</p>
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
  );
}
