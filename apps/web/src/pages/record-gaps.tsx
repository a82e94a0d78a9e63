import { api, download, okAs } from '../api/client';
import type { RecordGaps as Gaps } from '../api/types';
import { ActionButton } from '../components/form';
import { DataTable, MoreRows, useFirstRows } from '../components/layout';
import { counted, localToday } from '../lists';
import { href } from '../router';
import { useLoad } from '../use-load';

type PairGaps = Gaps['items'][number];

/** What a pair's record misses, in words: "1 meeting naming no approach; 2 outcomes without evidence". */
function missingInWords(p: PairGaps): string {
  return [
    p.partnersReflectedFewerThanTwice ? `${counted(p.partnersReflectedFewerThanTwice, 'partner')} yet to reflect twice` : '',
    p.meetingsWithoutApproach ? `${counted(p.meetingsWithoutApproach, 'meeting')} naming no approach` : '',
    p.openActionsWithoutDueDate ? `${counted(p.openActionsWithoutDueDate, 'open action')} with no date due` : '',
    p.outcomesWithoutEvidence ? `${counted(p.outcomesWithoutEvidence, 'outcome')} without evidence` : '',
    p.outcomesWithoutMeasure ? `${counted(p.outcomesWithoutMeasure, 'outcome')} without a measure` : '',
    p.initiativeUndefined ? 'its initiative yet to be defined' : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * What the record is missing that the figures need (of a cohort, if one is given), as it stands now: each
 * gap counted, what it means for the figures and what puts it right, then the pairs with any, each opening
 * its page to put it right. What an evaluator says of a report's limits, and a coordinator chases.
 */
export function RecordGaps({ cohortId }: { cohortId?: string }) {
  const query = cohortId ? { cohortId } : {};
  const { data } = useLoad(async () => okAs<Gaps>(await api.GET('/evaluation/gaps', { params: { query } })), [cohortId]);
  const { shown, more, showAll } = useFirstRows(data?.items ?? []);
  if (!data || data.pairs === 0) return null;
  const save = async () => {
    const result = await api.GET('/evaluation/gaps', { params: { query: { ...query, format: 'csv' } }, parseAs: 'blob' });
    download(okAs<Blob>(result), `pairtrail-record-gaps-${localToday()}.csv`);
  };
  return (
    <section aria-labelledby="record-gaps" data-testid="record-gaps">
      <h2 id="record-gaps">What the record is missing</h2>
      {data.gaps.length === 0 ? (
        <p>
          Nothing the figures need is missing: every partner has reflected at least twice, every meeting names an approach, every open action has a date due,
          every outcome has its evidence and measure, and every pair has defined its initiative.
        </p>
      ) : (
        <>
          <p>As the record stands now, of {counted(data.pairs, 'pair')}: what a report says of its figures&apos; limits, and what the pairs can put right.</p>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {data.gaps.map((g) => (
              <li key={g.gap}>{g.says}</li>
            ))}
          </ul>
          <div className="pt-inline-actions">
            <ActionButton run={save} busyLabel="Downloading…">
              Download the pairs with gaps (CSV)
            </ActionButton>
          </div>
          <MoreRows shown={shown.length} more={more} noun="pairs with gaps" order="by title" hint="download them all above" onShowAll={showAll} />
          <DataTable
            caption="Pairs whose record misses something the figures need"
            testId="record-gaps-pairs"
            headings={['Pair', 'What is missing']}
            rows={shown}
            rowKey={(p) => p.pairId}
            cells={(p) => [<a href={href.pair(p.pairId)}>{p.title}</a>, missingInWords(p)]}
          />
        </>
      )}
    </section>
  );
}
