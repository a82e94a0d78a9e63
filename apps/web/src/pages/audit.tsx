import { useState } from 'react';
import { api, download, messageOf, ok, okAs } from '../api/client';
import type { AuditRow, Page, Verification } from '../api/types';
import { EVENT_TYPES, type EventType } from '@pairtrail/vocabulary';
import { Button, Checkboxes, ErrorSummary, Failure, SelectField, TextField, check, compact, useForm } from '../components/form';
import { DataTable, Status, Tag } from '../components/layout';
import { href, type AuditLink } from '../router';
import { useLoad } from '../use-load';
import { useJob } from '../use-job';

/** `order`: newest or oldest (first), as the select gives it. */
type Filters = { stream: string; type: string; actor: string; source: string; from: string; to: string; after: string; upTo: string; order: string };
/** Newest first: on a programme of a million events, what happened lately is on the first page, not the 20,000th. */
const EMPTY: Filters = { stream: '', type: '', actor: '', source: '', from: '', to: '', after: '', upTo: '', order: 'newest' };
/** The filters as the API takes them: only those given, the event type one of the log's (the order is the list's alone). */
const asQuery = ({ order: _order, ...filters }: Filters) => ({
  ...compact({ ...filters, after: filters.after.trim(), upTo: filters.upTo.trim() }),
  type: filters.type ? (filters.type as EventType) : undefined,
  source: filters.source ? (filters.source as Source) : undefined,
});
type Source = NonNullable<AuditRow['source']>;
/** How an event came to be recorded, as a row says it (the web app's and the API's, most of them, go unsaid). */
const SOURCES: Record<Source, string> = {
  api: 'through the web app or the API',
  cli: 'on the command line',
  import: 'from an import of a spreadsheet',
  demo: 'as the demo',
};
const SOURCE_OPTIONS = Object.entries(SOURCES).map(([value, label]) => ({ value, label: label[0]!.toUpperCase() + label.slice(1) }));
const TYPE_OPTIONS = EVENT_TYPES.map((type) => ({ value: type, label: type }));
const ORDER_OPTIONS = [
  { value: 'newest', label: 'Newest first' },
  { value: 'oldest', label: 'Oldest first' },
];
const PAGE_SIZE = 50;

/** A count as people read it: 192,000. */
const count = (n: number) => n.toLocaleString('en-GB');

/**
 * Saves a streamed answer of lines as a file, saying how many lines have arrived as they arrive: a large
 * programme's trail or log runs to hundreds of MB.
 */
async function saveLines(answer: Parameters<typeof okAs>[0], type: string, name: string, onLines: (lines: number) => void): Promise<number> {
  const reader = okAs<ReadableStream<Uint8Array<ArrayBuffer>>>(answer).getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let lines = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    chunks.push(next.value);
    for (const byte of next.value) if (byte === 10) lines++;
    onLines(lines);
  }
  download(new Blob(chunks, { type }), name);
  return lines;
}

const actorOf = (actor: AuditRow['actor']) => (typeof actor === 'string' ? actor : `${actor.role} ${actor.userId.slice(0, 8)}`);

/** The audit trail: every event, filtered and paged, with exports and a check of the hash chains. */
export function AuditPage({ link = {}, verifyUpTo = '' }: { link?: AuditLink; verifyUpTo?: string }) {
  const opened: Filters = { ...EMPTY, ...link };
  const [filters, setFilters] = useState<Filters>(opened);
  const [cursors, setCursors] = useState<string[]>([]);
  // The check runs on the server in the background (half a minute at a million events); its progress is
  // shown as it goes.
  const {
    job: verification,
    error: verifyError,
    setError: setVerifyError,
    busy: verifying,
    follow,
  } = useJob<Verification>(async (job) => ok<Verification>(await api.GET('/audit/verifications/{id}', { params: { path: { id: job.id } } })));
  const form = useForm('audit', opened, (v) => ({
    from: check.date(v.from, 'The first date'),
    to: check.date(v.to, 'The last date'),
    after: check.position(v.after),
    upTo: check.position(v.upTo),
  }));
  const cursor = cursors[cursors.length - 1];
  const { data, error, loading } = useLoad(
    async () =>
      ok<Page<AuditRow>>(
        await api.GET('/audit', {
          params: { query: { ...asQuery(filters), order: filters.order === 'oldest' ? 'oldest' : 'newest', limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    [filters, cursor],
  );
  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      // Filters the API refuses (a last date before the first) are said at their fields, before the trail is asked for.
      ok(await api.GET('/audit', { params: { query: { ...asQuery(v), limit: 1 } } }));
      setCursors([]);
      setFilters(v);
    });
  };
  // For taking away: stable pseudonyms within the file, free text dropped, and dates shifted if asked.
  const [takeAway, setTakeAway] = useState<string[]>([]);
  // A large programme's trail runs to hundreds of MB: its rows are counted as they arrive.
  const [exporting, setExporting] = useState<{ rows: number; done: boolean }>();
  const [exportError, setExportError] = useState<string>();
  const exportAs = async (format: 'csv' | 'jsonl') => {
    const pseudonymised = takeAway.includes('pseudonymise')
      ? { pseudonymise: 'true' as const, ...(takeAway.includes('shiftDates') ? { shiftDates: 'true' as const } : {}) }
      : {};
    setExportError(undefined);
    setExporting({ rows: 0, done: false });
    // Each row is a line; a CSV's first line is its header.
    const rows = (lines: number) => (format === 'csv' ? Math.max(0, lines - 1) : lines);
    try {
      const result = await api.GET('/audit/export', { params: { query: { ...asQuery(filters), format, ...pseudonymised } }, parseAs: 'stream' });
      const lines = await saveLines(result, format === 'csv' ? 'text/csv' : 'application/x-ndjson', `pairtrail-audit.${format}`, (n) =>
        setExporting({ rows: rows(n), done: false }),
      );
      setExporting({ rows: rows(lines), done: true });
    } catch (error) {
      setExporting(undefined);
      setExportError(`The export did not finish: ${messageOf(error)} Try again; nothing was changed.`);
    }
  };
  // A report's (position, head digest), to show that nothing up to that position has changed since.
  const verifyForm = useForm('verify', { position: verifyUpTo, digest: '' }, (v) => ({
    position: check.position(v.position),
    digest:
      v.digest.trim() && !/^[0-9a-f]{64}$/i.test(v.digest.trim())
        ? 'The head digest must be 64 letters and digits (0 to 9, a to f), as the report gives it'
        : undefined,
  }));
  const [compareWith, setCompareWith] = useState<string>();
  const runVerify = (event: React.FormEvent) => {
    event.preventDefault();
    void verifyForm.submit(async (v) => {
      setVerifyError(undefined);
      const position = v.position.trim();
      // A position past the log's end is refused here, and said at its field.
      const job = ok<Verification>(await api.POST('/audit/verifications', { body: position ? { position } : {} }));
      setCompareWith(v.digest.trim().toLowerCase() || undefined);
      void follow(job);
    });
  };
  const verify = verification?.report;
  // The events a check went up to, as stored, for checking it again with tools of one's own.
  const [saving, setSaving] = useState<{ events: number; done: boolean }>();
  const [saveError, setSaveError] = useState<string>();
  const saveEvents = async (position: string) => {
    setSaveError(undefined);
    setSaving({ events: 0, done: false });
    try {
      const result = await api.GET('/audit/events', { params: { query: { position } }, parseAs: 'stream' });
      const events = await saveLines(result, 'application/x-ndjson', `events-up-to-${position}.jsonl`, (n) => setSaving({ events: n, done: false }));
      setSaving({ events, done: true });
    } catch (error) {
      setSaving(undefined);
      setSaveError(`The download did not finish: ${messageOf(error)} Try again; nothing was changed.`);
    }
  };
  const field = (name: keyof Filters, label: string, type: 'text' | 'date' = 'text') => (
    <TextField {...form.bind(name)} label={label} type={type} width={type === 'date' ? 10 : 20} />
  );
  return (
    <>
      <h1 tabIndex={-1}>Audit trail</h1>
      <h2>Check the record</h2>
      <p>Every stream's events are chained by SHA-256 hashes. Checking them shows that nothing was changed or removed after it was written.</p>
      <form onSubmit={runVerify} noValidate aria-label="Check the hash chains">
        <ErrorSummary form={verifyForm} />
        <p>
          To check a report&apos;s figures, give the log position and head digest it quotes: the check then says whether anything up to that position has been
          changed, truncated or removed since.
        </p>
        <div className="pt-inline-actions">
          <TextField {...verifyForm.bind('position')} label="Up to log position (optional)" hint="By default, the whole log as it is now" width={10} />
          <TextField {...verifyForm.bind('digest')} label="Head digest to compare (optional)" hint="Quoted beside the position in the report" width={30} />
        </div>
        <Button secondary busy={verifying || verifyForm.busy} busyLabel="Checking…">
          Check the hash chains
        </Button>
      </form>
      {verification?.state === 'running' ? (
        <p role="status" data-testid="verify-progress">
          Checked {count(verification.eventsChecked)} events, {verification.percent}% of the log up to position {verification.upTo}…
        </p>
      ) : null}
      <Failure text={verifyError} />
      {verify ? (
        <div className="nhsuk-inset-text" role="status" data-testid="verify">
          <p>
            {verify.ok ? <Tag colour="green">Verified</Tag> : <Tag colour="red">Broken</Tag>} {count(verify.eventsChecked)} events in{' '}
            {count(verify.streamsChecked)} streams, up to position {verify.position}.
          </p>
          <p>
            Head digest: <span className="pt-code">{verify.headDigest}</span>
          </p>
          {compareWith === undefined ? null : compareWith === verify.headDigest ? (
            <p data-testid="digest-compared">
              <Tag colour="green">Matches</Tag> It is the head digest you gave: nothing up to position {verify.position} has been changed, truncated or removed
              since it was quoted.
            </p>
          ) : (
            <p data-testid="digest-compared">
              <Tag colour="red">Does not match</Tag> It is not the head digest you gave. Check that the position and the digest were copied exactly from the
              report; if they were, the log up to position {verify.position} is not as it was when the report quoted it.
            </p>
          )}
          {verify.failures.map((f) => (
            <p key={`${f.stream}-${f.revision}`}>
              Stream {f.stream}, revision {f.revision}: {f.reason}
            </p>
          ))}
        </div>
      ) : null}
      {verify ? (
        <details className="nhsuk-details" data-testid="check-yourself">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Check it with your own tools, without taking Pairtrail&apos;s word for it</span>
          </summary>
          <div className="nhsuk-details__text">
            <p>
              Download the events up to position {verify.position} as they are stored (personal data sealed), and{' '}
              <a href="/check-log.mjs" download="check-log.mjs">
                check-log.mjs
              </a>
              , a short program that shares no code with Pairtrail. With Node.js and its one package (
              <span className="pt-code">npm install canonicalize@4</span>
              ), run <span className="pt-code">node check-log.mjs events-up-to-{verify.position}.jsonl</span>: it works out each hash chain and the head digest
              from the events alone, and should print the head digest above. Any tool that follows the recipe in Pairtrail&apos;s README does the same.
            </p>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              disabled={saving && !saving.done}
              onClick={() => void saveEvents(verify.position)}
            >
              Download the events up to position {verify.position}
            </button>
            {saving ? (
              <p role="status" data-testid="events-progress">
                {saving.done ? `Downloaded ${count(saving.events)} events.` : `Downloading the events: ${count(saving.events)} so far…`}
              </p>
            ) : null}
            <Failure text={saveError} />
          </div>
        </details>
      ) : null}
      <h2>Events</h2>
      <form onSubmit={apply} noValidate aria-label="Filter the audit trail">
        <div className="pt-inline-actions">
          {field('stream', 'Stream')}
          <SelectField {...form.bind('type')} label="Event type" options={TYPE_OPTIONS} placeholder="Any event type" />
          {field('actor', 'Actor (user id)')}
          <SelectField {...form.bind('source')} label="Recorded" options={SOURCE_OPTIONS} placeholder="In any way" />
          {field('from', 'Recorded from', 'date')}
          {field('to', 'Recorded to', 'date')}
        </div>
        <div className="pt-inline-actions">
          <TextField {...form.bind('after')} label="After position" hint="What happened since a report's position" width={10} />
          <TextField {...form.bind('upTo')} label="Up to position" hint="The log as a report saw it" width={10} />
          <SelectField {...form.bind('order')} label="Order" options={ORDER_OPTIONS} placeholder={false} />
        </div>
        <Button busy={loading} busyLabel="Loading…">
          Filter
        </Button>
      </form>
      <Checkboxes
        id="audit-take-away"
        label="Exports to take away"
        value={takeAway}
        onChange={(v) => setTakeAway(v.includes('shiftDates') && !v.includes('pseudonymise') ? [...v, 'pseudonymise'] : v)}
        options={[
          { value: 'pseudonymise', label: 'Pseudonymise: a stable pseudonym for each person within the file, and no free text' },
          { value: 'shiftDates', label: "Also shift each participant's dates by an offset of their own" },
        ]}
      />
      <div className="pt-inline-actions">
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={exporting && !exporting.done} onClick={() => void exportAs('csv')}>
          Export (CSV)
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={exporting && !exporting.done} onClick={() => void exportAs('jsonl')}>
          Export (JSON lines)
        </button>
      </div>
      {exporting ? (
        <p role="status" data-testid="export-progress">
          {exporting.done ? `Exported ${count(exporting.rows)} rows.` : `Exporting the audit trail: ${count(exporting.rows)} rows so far…`}
        </p>
      ) : null}
      <Failure text={exportError} />
      <Status loading={loading} error={error} />
      {data ? (
        <>
          <DataTable
            caption="Audit trail"
            testId="audit"
            headings={['Position', 'Recorded', 'Event', 'Stream', 'By']}
            rows={data.items}
            rowKey={(row) => row.eventId}
            cells={(row) => [
              row.position,
              row.recordedAt.replace('T', ' ').slice(0, 19),
              <>
                <strong>{row.type}</strong>
                <br />
                {row.summary}
              </>,
              <span className="pt-code">
                <a href={href.audit({ stream: row.stream })} title="Only this stream's events">
                  {row.stream}
                </a>{' '}
                #{row.revision}
              </span>,
              <>
                {typeof row.actor === 'string' ? (
                  actorOf(row.actor)
                ) : (
                  <a href={href.audit({ actor: row.actor.userId })} title="Only this person's events">
                    {actorOf(row.actor)}
                  </a>
                )}
                {row.source && row.source !== 'api' ? (
                  <>
                    <br />
                    {SOURCES[row.source]}
                  </>
                ) : null}
              </>,
            ]}
          />
          {data.items.length === 0 ? <p>No events match these filters.</p> : null}
          <nav className="nhsuk-pagination" role="navigation" aria-label="Pages of the audit trail">
            <ul className="nhsuk-list nhsuk-pagination__list">
              {cursors.length > 1 ? (
                <li className="nhsuk-pagination-item--previous">
                  <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setCursors([])}>
                    First page
                  </button>
                </li>
              ) : null}
              {cursors.length > 0 ? (
                <li className="nhsuk-pagination-item--previous">
                  <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setCursors((c) => c.slice(0, -1))}>
                    Previous page
                  </button>
                </li>
              ) : null}
              {data.next ? (
                <li className="nhsuk-pagination-item--next">
                  <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setCursors((c) => [...c, data.next!])}>
                    Next page
                  </button>
                </li>
              ) : null}
            </ul>
          </nav>
        </>
      ) : null}
    </>
  );
}
