import { useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import type { Me } from '../api/types';
import { href } from '../router';
import { can, homeLabel } from '../session';
import { first, wordsOf } from '../lists';

interface NavItem {
  label: string;
  href: string;
  page: string;
}

function navFor(me: Me): NavItem[] {
  return [
    { label: homeLabel(me.role), href: href.programme, page: 'programme' },
    ...(can.seeParticipants(me.role) ? [{ label: 'Participants', href: href.participants, page: 'participants' }] : []),
    ...(can.seeActions(me.role) ? [{ label: 'Actions', href: href.actions, page: 'actions' }] : []),
    ...(can.seeWhatHappened(me.role) ? [{ label: 'What happened', href: href.whatHappened, page: 'what-happened' }] : []),
    ...(can.evaluate(me.role) ? [{ label: 'Evaluation', href: href.evaluation, page: 'evaluation' }] : []),
    ...(can.seeCaseStudies(me.role) ? [{ label: 'Case studies', href: href.caseStudies, page: 'case-studies' }] : []),
    ...(can.audit(me.role) ? [{ label: 'Audit', href: href.audit(), page: 'audit' }] : []),
    ...(can.manageUsers(me.role) ? [{ label: 'Users', href: href.users, page: 'users' }] : []),
    ...(can.seeReadModels(me.role) ? [{ label: 'Read models', href: href.readModels, page: 'read-models' }] : []),
  ];
}

/** The NHS.UK page frame: skip link, header with the service name and the role's menu, main, footer. */
export function Layout({ me, page, onSignOut, children }: { me?: Me; page: string; onSignOut?: () => void; children: ReactNode }) {
  const skip = (event: React.MouseEvent) => {
    event.preventDefault();
    document.getElementById('maincontent')?.focus();
  };
  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent" onClick={skip}>
        Skip to main content
      </a>
      <header className="nhsuk-header" role="banner">
        <div className="nhsuk-header__container nhsuk-width-container">
          <div className="nhsuk-header__service">
            <a className="nhsuk-header__service-logo" href={href.programme}>
              <span className="nhsuk-header__service-name">Pairtrail</span>
            </a>
          </div>
          {me && onSignOut ? (
            <nav className="nhsuk-header__account" aria-label="Account">
              <ul className="nhsuk-header__account-list">
                <li className="nhsuk-header__account-item">
                  {me.name} ({wordsOf(me.role, { inSentence: true })})
                </li>
                <li className="nhsuk-header__account-item">
                  <button type="button" className="nhsuk-header__account-button" onClick={onSignOut}>
                    Sign out
                  </button>
                </li>
              </ul>
            </nav>
          ) : null}
        </div>
        {me ? (
          <nav className="nhsuk-header__navigation" aria-label="Menu">
            <div className="nhsuk-header__navigation-container nhsuk-width-container">
              <ul className="nhsuk-header__navigation-list">
                {navFor(me).map((item) => (
                  <li key={item.page} className="nhsuk-header__navigation-item">
                    <a className="nhsuk-header__navigation-link" href={item.href} aria-current={item.page === page ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          </nav>
        ) : null}
      </header>
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent" role="main" tabIndex={-1}>
          {children}
        </main>
      </div>
      <footer role="contentinfo">
        <div className="nhsuk-footer">
          <div className="nhsuk-width-container">
            <p className="nhsuk-footer__meta">Pairtrail: every pairing, meeting, action, outcome, reflection and consent, kept as an immutable record.</p>
          </div>
        </div>
      </footer>
    </>
  );
}

/**
 * The NHS warning callout: `label` says what it is about, `children` what to know or do. `alert` announces
 * it as it appears; `level` keeps the page's headings in order.
 */
export function WarningCallout({
  label,
  children,
  alert,
  testId,
  level = 2,
}: {
  label: string;
  children: ReactNode;
  alert?: boolean;
  testId?: string;
  level?: 2 | 3 | 4;
}) {
  const Heading = `h${level}` as const;
  return (
    <div className="nhsuk-warning-callout" role={alert ? 'alert' : undefined} data-testid={testId}>
      <Heading className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          {label}
        </span>
      </Heading>
      {children}
    </div>
  );
}

/**
 * What to do when a page could not load, by the API's status: reloading asks again for the same, so it
 * is the advice only when the server or the network failed.
 */
const WHAT_TO_DO: Record<number, { label: string; advice: ReactNode }> = {
  // What was asked for is wrong (a link with a bad date, say).
  400: { label: 'Check what you asked for', advice: 'Change it and try again.' },
  // Not theirs to see (another pair's page, from a link someone shared).
  403: {
    label: 'You cannot see this',
    advice: (
      <>
        It belongs to another pair, or needs another role. Go to <a href={href.programme}>your start page</a>, or ask your programme's coordinator if you need
        it.
      </>
    ),
  },
  // A link to something that is not there (mistyped, or from another programme).
  404: {
    label: 'There is nothing here',
    advice: (
      <>
        The address may be mistyped, or from another programme. Go to <a href={href.programme}>your start page</a> to find what you are looking for.
      </>
    ),
  },
};
const FAILED = { label: 'Could not load this page', advice: "Reload the page to try again. If it keeps happening, tell your programme's administrator." };

/** A message while something loads, or what went wrong and what to do. */
export function Status({ loading, error }: { loading?: boolean; error?: Error }) {
  if (error) {
    const { label, advice } = (error instanceof ApiError && WHAT_TO_DO[error.status]) || FAILED;
    return (
      <WarningCallout label={label} alert>
        <p>{error.message}</p>
        <p>{advice}</p>
      </WarningCallout>
    );
  }
  if (loading) return <p aria-live="polite">Loading…</p>;
  return null;
}

/** The colour of a pair's status, wherever it is shown. */
export const STATUS_COLOUR = { active: 'green', paused: 'yellow', concluded: 'grey' } as const;

export function Tag({ children, colour }: { children: ReactNode; colour: 'green' | 'grey' | 'orange' | 'red' | 'blue' | 'yellow' }) {
  return <strong className={`nhsuk-tag nhsuk-tag--${colour}`}>{children}</strong>;
}

/** What just happened, announced politely to screen readers; nothing when there is no news. */
export function Notice({ text }: { text?: string }) {
  if (!text) return null;
  return (
    <div className="nhsuk-inset-text" role="status">
      <p>{text}</p>
    </div>
  );
}

/**
 * A small button in a table's row: `label` shows, and `about` (which row it acts on) is read out too, so
 * each of a column of "Revoke" buttons says whose it is.
 */
export function RowButton({ label, about, onClick, disabled }: { label: string; about: string; onClick: () => void; disabled?: boolean }) {
  return (
    <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" disabled={disabled} onClick={onClick}>
      {label}
      <span className="nhsuk-u-visually-hidden"> {about}</span>
    </button>
  );
}

/** An NHS details component: a summary that opens to show what it holds (a form a screen offers now and then). */
export function Disclosure({ summary, open, children }: { summary: string; open?: boolean; children: ReactNode }) {
  return (
    <details className="nhsuk-details" open={open}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">{summary}</span>
      </summary>
      <div className="nhsuk-details__text">{children}</div>
    </details>
  );
}

/**
 * An NHS responsive table: a caption for screen readers, a row of column headings, and a row of `cells`
 * for each of `rows`. On a phone (below the NHS.UK desktop breakpoint) each row stacks into a block with
 * each cell's column heading beside it, so that no column is pushed off the screen; the heading shown so
 * is hidden from screen readers, which have the table's own. A heading that is not text (a visually
 * hidden "Actions"), or is empty, is not repeated. With `rowHeadings`, each row's first cell heads it
 * (a chart's table: the month, or the stage, its figures are of).
 */
export function DataTable<T>({
  caption,
  headings,
  testId,
  rows,
  rowKey,
  cells,
  rowHeadings,
}: {
  caption: string;
  headings: ReactNode[];
  testId?: string;
  rows: readonly T[];
  rowKey: (row: T) => string;
  cells: (row: T) => ReactNode[];
  rowHeadings?: boolean;
}) {
  return (
    <div className="pt-scroll">
      <table className="nhsuk-table nhsuk-table--responsive" role="table" data-testid={testId}>
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{caption}</caption>
        <thead className="nhsuk-table__head" role="rowgroup">
          <tr className="nhsuk-table__row" role="row">
            {headings.map((heading, i) => (
              <th className="nhsuk-table__header" role="columnheader" scope="col" key={i}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {rows.map((row) => (
            <tr className="nhsuk-table__row" role="row" key={rowKey(row)}>
              {cells(row).map((cell, i) => {
                const content = (
                  <>
                    {typeof headings[i] === 'string' && headings[i] !== '' ? (
                      <span className="nhsuk-table__heading" aria-hidden="true">
                        {headings[i]}{' '}
                      </span>
                    ) : null}
                    <div>{cell}</div>
                  </>
                );
                return rowHeadings && i === 0 ? (
                  <th className="nhsuk-table__header" role="rowheader" scope="row" key={i}>
                    {content}
                  </th>
                ) : (
                  <td className="nhsuk-table__cell" role="cell" key={i}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** How many rows a long list shows until every one is asked for: a national programme's thousands would take seconds to draw. */
export const ROWS_SHOWN = 50;

/** A long list's first rows (`ROWS_SHOWN`), or every one once `showAll` is called. */
export function useFirstRows<T>(rows: readonly T[]): { shown: readonly T[]; more: number; showAll: () => void } {
  const [all, setAll] = useState(false);
  const { shown, more } = all ? { shown: rows, more: 0 } : first(rows, ROWS_SHOWN);
  return { shown, more, showAll: () => setAll(true) };
}

/** Says that a list shows its first rows only, how to find the others (`hint`), and offers to show every one. */
export function MoreRows({
  shown,
  more,
  noun,
  hint,
  order = 'by name',
  onShowAll,
}: {
  shown: number;
  more: number;
  noun: string;
  hint: string;
  /** How the list is ordered, as the sentence says it. */
  order?: string;
  onShowAll: () => void;
}) {
  if (more === 0) return null;
  return (
    <p>
      The first {shown} {order}; {hint}.{' '}
      <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={onShowAll}>
        Show all {(shown + more).toLocaleString('en-GB')} {noun}
      </button>
    </p>
  );
}
