import { useState } from 'react';
import { countInWords, TIMELINE_KINDS, toKebabCase, undated } from '@pairtrail/vocabulary';
import { api, download, ok, okAs } from '../api/client';
import { everyCohort } from '../api/lists';
import { everyItem, pageQuery } from '../api/pages';
import type { ProgrammeTimelinePage } from '../api/types';
import { ActionButton, Button, CohortChoice, ErrorSummary, FindBox, SelectField, TextField, check, useForm } from '../components/form';
import { DataTable, MoreRows, Status, useFirstRows } from '../components/layout';
import { humanDate, humanDates } from '../dates';
import { findIn, localToday } from '../lists';
import { href } from '../router';
import { useLoad } from '../use-load';

/** The four weeks to a day, YYYY-MM-DD, that day among them. */
function fourWeeksTo(to: string): { from: string; to: string } {
  const day = new Date(`${to}T12:00:00`);
  day.setDate(day.getDate() - 27);
  return { from: localToday(day), to };
}

/** The four weeks to today where the browser is: the period the screen opens on, as the API's default. */
export const lastFourWeeks = () => fourWeeksTo(localToday());

type Period = { from: string; to: string; kind: string; cohortId: string };
type Kind = (typeof TIMELINE_KINDS)[number]['value'];

const queryOf = ({ from, to, kind, cohortId }: Period) => ({ from, to, ...(kind ? { kind: kind as Kind } : {}), ...(cohortId ? { cohortId } : {}) });

/**
 * What happened across the programme between two dates: every pair's entries dated in the period, as
 * each pair's timeline gives them, counted and listed newest first, to download as a spreadsheet or a
 * document. For a coordinator's look at the weeks gone by, and a steering group's update on a quarter.
 */
export function WhatHappenedPage({ cohortId }: { cohortId?: string }) {
  const [shown, setShown] = useState<Period>(() => ({ ...lastFourWeeks(), kind: '', cohortId: cohortId ?? '' }));
  const form = useForm('what-happened', shown, (v) => ({
    from: check.required(v.from, 'the first day') ?? check.date(v.from, 'The first day'),
    to:
      check.required(v.to, 'the last day') ??
      check.date(v.to, 'The last day') ??
      (v.from && v.to && v.from > v.to ? 'The last day must be on or after the first' : undefined),
  }));
  const [typed, setTyped] = useState('');
  const { data, error, loading } = useLoad(async () => {
    let first: ProgrammeTimelinePage | undefined;
    const [items, cohorts] = await Promise.all([
      everyItem((cursor) =>
        api.GET('/timeline', { params: { query: { ...queryOf(shown), ...pageQuery(cursor) } } }).then((r) => {
          const page = okAs<ProgrammeTimelinePage>(r);
          first ??= page;
          return page;
        }),
      ),
      everyCohort(),
    ]);
    return { items, cohorts, counts: first!.counts, latestBefore: first!.latestBefore, asOf: first!.asOf, position: first!.position, shown };
  }, [shown]);
  const found = data ? findIn(data.items, typed, (e) => [e.title, humanDates(e.summary), ...e.details, humanDate(e.on)]) : [];
  const { shown: rows, more, showAll } = useFirstRows(found);

  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      // A period the API refuses is said at its fields, before the screen changes.
      ok(await api.GET('/timeline', { params: { query: { ...queryOf(v), limit: 1 } } }));
      setShown(v);
    });
  };
  // The four weeks to a day, the kind and cohort kept: where the latest entry before an empty period is.
  const showUpTo = (to: string) => {
    const period = { ...shown, ...fourWeeksTo(to) };
    form.reset(period);
    setShown(period);
  };
  const save = async (format: 'csv' | 'html' | 'md') => {
    if (!data) return;
    // What the screen shows, at the position it was read at, though the programme has gone on since.
    const query = { ...queryOf(data.shown), position: data.position, format };
    const result = await api.GET('/timeline', { params: { query }, parseAs: 'blob' });
    const cohort = data.shown.cohortId ? `-${toKebabCase(data.cohorts.find((c) => c.cohortId === data.shown.cohortId)?.name ?? '').slice(0, 60)}` : '';
    download(okAs<Blob>(result), `pairtrail-what-happened${cohort}-${data.shown.from}-to-${data.shown.to}.${format}`);
  };
  const counted = data?.counts.filter((c) => c.entries > 0) ?? [];
  const kindLabel = TIMELINE_KINDS.find((k) => k.value === data?.shown.kind)?.label;
  return (
    <>
      <h1 tabIndex={-1}>What happened</h1>
      <p>
        Every pair&apos;s meetings, actions, outcomes, milestones and reflections dated in a period, and the course of each pair, as its own timeline gives
        them: corrections applied, and an entry retracted left out. For a look at the weeks gone by, or a steering group&apos;s update on a quarter.
      </p>
      <ErrorSummary form={form} />
      <form onSubmit={apply} noValidate className="pt-inline-actions" aria-label="Which period">
        <TextField {...form.bind('from')} label="From" type="date" width={10} />
        <TextField {...form.bind('to')} label="To" type="date" width={10} />
        <SelectField
          {...form.bind('kind')}
          label="Kind of entry"
          placeholder="Every kind"
          options={TIMELINE_KINDS.map((k) => ({ value: k.value, label: k.label }))}
        />
        {data ? <CohortChoice {...form.bind('cohortId')} cohorts={data.cohorts} /> : null}
        <div>
          <Button busy={loading || form.busy} busyLabel="Loading…">
            Show
          </Button>
        </div>
      </form>
      <Status loading={loading} error={error} />
      {data ? (
        <>
          <h2 data-testid="period">
            {humanDate(data.shown.from)} to {humanDate(data.shown.to)}
            {kindLabel ? `: ${kindLabel.toLowerCase()}` : ''}
          </h2>
          {counted.length === 0 ? (
            <>
              <p data-testid="nothing-happened">
                Nothing was recorded as happening in this period{kindLabel ? ' of that kind' : ''}.{' '}
                {data.latestBefore
                  ? `The latest entry before it is dated ${humanDate(data.latestBefore)}.`
                  : `Nothing${kindLabel ? ' of that kind' : ''} was recorded as happening before it either.`}{' '}
                Entries are dated by when they happened, not when they were recorded.
              </p>
              {data.latestBefore ? (
                <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => showUpTo(data.latestBefore!)}>
                  Show the four weeks to {humanDate(data.latestBefore)}
                </button>
              ) : null}
            </>
          ) : (
            <ul data-testid="period-counts">
              {counted.map((c) => (
                <li key={c.type}>{countInWords(c)}</li>
              ))}
            </ul>
          )}
          {data.items.length > 0 ? (
            <p className="nhsuk-body-s">
              Read as recorded up to log position {data.position}, on {humanDate(data.asOf)}: the downloads give the same entries. They name people and give
              their words as the pairs recorded them, for those who may read the pairs&apos; timelines, not for publication: a report quotes the case studies,
              which keep each person&apos;s consent.
            </p>
          ) : null}
          {data.items.length > 0 ? (
            <div className="pt-inline-actions">
              <ActionButton run={() => save('html')} busyLabel="Downloading…">
                Download as a document to print or send (HTML)
              </ActionButton>
              <ActionButton run={() => save('md')} busyLabel="Downloading…">
                As Markdown
              </ActionButton>
              <ActionButton run={() => save('csv')} busyLabel="Downloading…">
                As a spreadsheet (CSV)
              </ActionButton>
            </div>
          ) : null}
          {data.items.length > 1 ? (
            <FindBox
              about="What happened"
              id="find-entry"
              label="Find an entry"
              hint="By its pair or any of its words"
              typed={typed}
              onChange={setTyped}
              shown={rows.length}
              of={data.items.length}
              noun="entries"
            />
          ) : null}
          <MoreRows
            shown={rows.length}
            more={more}
            noun="entries"
            order="newest first"
            hint="find an entry above, or choose a shorter period"
            onShowAll={showAll}
          />
          {found.length > 0 ? (
            <DataTable
              caption="What happened, newest first"
              testId="what-happened"
              headings={['Date', 'Pair', 'What happened']}
              rows={rows}
              rowKey={(e) => e.eventId}
              cells={(e) => [
                humanDate(e.on),
                <a href={href.pair(e.pairId)}>{e.title}</a>,
                <>
                  {humanDates(undated(e.summary))}
                  {e.corrections > 0 ? ' (corrected)' : ''}
                  {e.details.map((line, i) => (
                    <div key={i} className="nhsuk-body-s nhsuk-u-margin-bottom-0">
                      {line}
                    </div>
                  ))}
                </>,
              ]}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}
