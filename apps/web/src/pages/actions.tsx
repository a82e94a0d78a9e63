import { useState } from 'react';
import { api, download, ok } from '../api/client';
import { everyCohort, everyOpenAction } from '../api/lists';
import type { OpenAction } from '../api/types';
import { ActionButton, CohortChoice, FindBox, SelectField } from '../components/form';
import { DataTable, MoreRows, STATUS_COLOUR, Status, Tag, useFirstRows } from '../components/layout';
import { humanDate } from '../dates';
import { counted, findIn, localToday } from '../lists';
import { href } from '../router';
import { useLoad } from '../use-load';
import { ReflectionsDue } from './reflections-due';

const SHOW = [
  { value: 'overdue', label: 'Overdue actions' },
  { value: 'fortnight', label: 'Due within two weeks, or overdue' },
];

/** The last day of the next two weeks where the browser is: what is due by a fortnightly check-in. */
function inTwoWeeks(): string {
  const day = new Date();
  day.setDate(day.getDate() + 14);
  return localToday(day);
}

/**
 * Every action agreed and not yet completed or dropped, across the programme's pairs that have not
 * concluded, the most overdue first: what a coordinator chases, without opening each pair that needs
 * attention to find which of its actions is late.
 */
export function ActionsPage({ cohortId: inCohort }: { cohortId?: string }) {
  const { data, error, loading } = useLoad(async () => {
    const [actions, cohorts] = await Promise.all([everyOpenAction(), everyCohort()]);
    return { actions, cohorts };
  }, []);
  const [typed, setTyped] = useState('');
  const [show, setShow] = useState('');
  const [cohortId, setCohortId] = useState(inCohort ?? '');
  const dueBy = show === 'fortnight' ? inTwoWeeks() : undefined;
  const shows = (a: OpenAction) => !show || (show === 'overdue' ? a.overdue : a.dueOn !== null && a.dueOn <= dueBy!);
  const found = data
    ? findIn(
        data.actions.filter((a) => shows(a) && (!cohortId || a.cohortId === cohortId)),
        typed,
        (a) => [a.description, a.title, a.ownerName],
      )
    : [];
  const { shown, more, showAll } = useFirstRows(found);
  const overdue = data?.actions.filter((a) => a.overdue).length ?? 0;
  // The list as chosen (overdue or every one, of a cohort or all), every row, for a meeting's papers.
  const saveCsv = async () => {
    const chosen = show === 'overdue' ? { state: 'overdue' as const } : dueBy ? { dueBy } : {};
    const query = { format: 'csv' as const, ...chosen, ...(cohortId ? { cohortId } : {}) };
    const result = await api.GET('/actions', { params: { query }, parseAs: 'blob' });
    const which = show === 'overdue' ? 'overdue-actions' : dueBy ? `actions-due-by-${dueBy}` : 'open-actions';
    download(ok<Blob>(result), `pairtrail-${which}-${localToday()}.csv`);
  };
  return (
    <>
      <h1 tabIndex={-1}>Actions</h1>
      <p>
        Every action a pair agreed and has not yet completed or dropped, in the pairs that have not concluded: the most overdue first, then by the date it is
        due, those with no date last. Complete or drop one from here, on its pair&apos;s page. Below them, the reflections due.
      </p>
      <Status loading={loading} error={error} />
      {data ? (
        <>
          {data.actions.length === 0 ? (
            <p data-testid="no-open-actions">
              No action is waiting to be done: none has been agreed yet, or every one agreed has been completed or dropped. A pair agrees its actions on its own
              page, at a meeting or after it.
            </p>
          ) : (
            <p data-testid="actions-count">
              {counted(data.actions.length, 'open action')}, {overdue === 0 ? 'none' : overdue.toLocaleString('en-GB')} overdue.
            </p>
          )}
          {data.actions.length > 1 ? (
            <FindBox
              about="Actions"
              id="find-action"
              label="Find an action"
              hint="By what it is, its pair or its owner"
              typed={typed}
              onChange={setTyped}
              shown={shown.length}
              of={data.actions.length}
              noun="actions"
            >
              <SelectField id="action-show" label="Show" value={show} onChange={setShow} options={SHOW} placeholder="Every open action" />
              <CohortChoice id="action-cohort" cohorts={data.cohorts} value={cohortId} onChange={setCohortId} />
            </FindBox>
          ) : null}
          {data.actions.length > 0 ? (
            <div className="pt-inline-actions">
              <ActionButton run={saveCsv} busyLabel="Downloading…">
                {show === 'overdue'
                  ? 'Download the overdue actions (CSV)'
                  : dueBy
                    ? 'Download the actions due within two weeks (CSV)'
                    : 'Download the open actions (CSV)'}
              </ActionButton>
            </div>
          ) : null}
          <MoreRows
            shown={shown.length}
            more={more}
            noun="actions"
            order="by due date"
            hint="find an action above, or choose which to show"
            onShowAll={showAll}
          />
          {found.length > 0 ? <OpenActionsTable actions={shown} /> : null}
          <ReflectionsDue cohortId={cohortId} />
        </>
      ) : null}
    </>
  );
}

/** When an action is due, and how late it is: "20 October 2026 Overdue by 3 days", or "No date". */
export function Due({ action }: { action: { dueOn?: string | null; daysOverdue: number | null } }) {
  if (!action.dueOn) return <>No date</>;
  return (
    <>
      {humanDate(action.dueOn)} {action.daysOverdue !== null ? <Tag colour="red">Overdue by {counted(action.daysOverdue, 'day')}</Tag> : null}
    </>
  );
}

/**
 * Open actions, each with its pair (unless `ofOnePair`), its owner (`you`: the reader, so named) and
 * when it is due, and a link to the form on its pair's page that completes or drops it.
 */
export function OpenActionsTable({ actions, ofOnePair = false, you }: { actions: readonly OpenAction[]; ofOnePair?: boolean; you?: string }) {
  return (
    <DataTable
      caption="Open actions"
      testId="open-actions"
      headings={['Action', ...(ofOnePair ? [] : ['Pair']), 'Owner', 'Agreed', 'Due']}
      rows={actions}
      rowKey={(a) => `${a.pairId}/${a.actionId}`}
      cells={(a) => [
        <>
          {a.description}
          <div className="nhsuk-body-s nhsuk-u-margin-bottom-0">
            <a href={href.closeAction(a.pairId, a.actionId)}>
              Complete or drop<span className="nhsuk-u-visually-hidden"> this action: {a.description}</span>
            </a>
          </div>
        </>,
        // A paused pair's are said to be so: while paused, it is not chased for them.
        ...(ofOnePair
          ? []
          : [
              <>
                <a href={href.pair(a.pairId)}>{a.title}</a>
                {a.pairStatus === 'active' ? null : (
                  <>
                    {' '}
                    <Tag colour={STATUS_COLOUR[a.pairStatus]}>{a.pairStatus}</Tag>
                  </>
                )}
              </>,
            ]),
        a.ownerId === you ? 'You' : (a.ownerName ?? '[erased]'),
        humanDate(a.agreedOn),
        <Due action={a} />,
      ]}
    />
  );
}
