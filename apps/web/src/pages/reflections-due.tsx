import { api, download, okAs } from '../api/client';
import { everyReflectionDue } from '../api/lists';
import { ActionButton } from '../components/form';
import { DataTable, MoreRows, useFirstRows } from '../components/layout';
import { humanDate } from '../dates';
import { counted, localToday } from '../lists';
import { href } from '../router';
import { useLoad } from '../use-load';

/** How many reflections are due, in how many pairs (of a cohort, if one is given): the way to the list that chases them. */
export function ReflectionsDueLine({ cohortId }: { cohortId?: string }) {
  const { data } = useLoad(() => everyReflectionDue(), []);
  const due = data?.filter((r) => !cohortId || r.cohortId === cohortId) ?? [];
  if (due.length === 0) return null;
  return (
    <p data-testid="reflections-due-line">
      {counted(due.length, 'reflection')} due, in {counted(new Set(due.map((r) => r.pairId)).size, 'pair')}: see who, the longest waiting first, on{' '}
      <a href={cohortId ? href.inCohort('actions', cohortId) : href.actions}>Actions</a>.
    </p>
  );
}

/**
 * The reflections due in the pairs going on (of a cohort, if one is chosen), those waiting longest first:
 * each partner who has not reflected in a pair yet, or last did a quarter ago, as My pair asks them. How
 * the partnership feels is the programme's measure, and its change is known once they have reflected twice.
 */
export function ReflectionsDue({ cohortId }: { cohortId: string }) {
  const { data } = useLoad(() => everyReflectionDue(), []);
  const due = data?.filter((r) => !cohortId || r.cohortId === cohortId) ?? [];
  const { shown, more, showAll } = useFirstRows(due);
  if (!data) return null;
  const save = async () => {
    const result = await api.GET('/reflections/due', { params: { query: { format: 'csv', ...(cohortId ? { cohortId } : {}) } }, parseAs: 'blob' });
    download(okAs<Blob>(result), `pairtrail-reflections-due-${localToday()}.csv`);
  };
  return (
    <section aria-labelledby="reflections-due">
      <h2 id="reflections-due">Reflections due</h2>
      <p>
        Each partner of a pair going on who has not reflected in it yet, or whose last reflection there is a quarter (91 days) old, as My pair asks them; those
        waiting longest first. How the partnership feels, from 1 (&quot;them and us&quot;) to 5 (&quot;equal partners&quot;), is the programme&apos;s measure,
        and its change is known once a partner has reflected twice.
      </p>
      {due.length === 0 ? (
        <p data-testid="no-reflections-due">No reflection is due: every partner of a pair going on has reflected within the last quarter.</p>
      ) : (
        <>
          <p data-testid="reflections-due-count">
            {counted(due.length, 'reflection')} due, in {counted(new Set(due.map((r) => r.pairId)).size, 'pair')}.
          </p>
          <div className="pt-inline-actions">
            <ActionButton run={save} busyLabel="Downloading…">
              Download the reflections due (CSV)
            </ActionButton>
          </div>
          <MoreRows shown={shown.length} more={more} noun="reflections due" order="waiting longest" hint="download them all above" onShowAll={showAll} />
          <DataTable
            caption="Reflections due"
            testId="reflections-due"
            headings={['Partner', 'Pair', 'Last reflected']}
            rows={shown}
            rowKey={(r) => `${r.pairId}/${r.participantId}`}
            cells={(r) => [
              r.name ?? '[erased]',
              <>
                <a href={href.pair(r.pairId)}>{r.title}</a>
                <div className="nhsuk-body-s nhsuk-u-margin-bottom-0">
                  <a href={href.reflect(r.pairId, r.participantId)}>
                    Record a reflection<span className="nhsuk-u-visually-hidden"> of {r.name ?? 'this partner'}</span>
                  </a>
                </div>
              </>,
              r.lastReflectedOn
                ? `${humanDate(r.lastReflectedOn)}, ${counted(r.daysSince ?? 0, 'day')} ago`
                : `Not yet (the pair formed on ${humanDate(r.formedOn)})`,
            ]}
          />
        </>
      )}
    </section>
  );
}
