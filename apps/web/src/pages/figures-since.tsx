import { api, download, okAs } from '../api/client';
import type { FiguresSince as Since } from '../api/types';
import { ActionButton } from '../components/form';
import { DataTable } from '../components/layout';
import { humanDate } from '../dates';
import { localToday } from '../lists';
import { useLoad } from '../use-load';

/** A figure as the table says it: whole numbers as counted, a median's days and a mean's score to one place. */
const said = (figure: string, n: number | null, signed = false): string => {
  if (n === null) return '—';
  const text = figure === 'meanRelationshipChange' || !Number.isInteger(n) ? Math.abs(n).toFixed(1) : Math.abs(n).toLocaleString('en-GB');
  return `${n < 0 ? '−' : signed && n > 0 ? '+' : ''}${text}`;
};

/**
 * How the headline figures moved since the report the screen looks back to (`asOf`, `position`): each then
 * and now, and the change, with what grew in a sentence. A report's "since our last report".
 */
export function FiguresSince({ asOf, position, cohortId }: { asOf: string; position: string; cohortId?: string }) {
  const query = { ...(asOf ? { asOf } : {}), ...(position ? { position } : {}), ...(cohortId ? { cohortId } : {}) };
  const { data } = useLoad(async () => okAs<Since>(await api.GET('/evaluation/since', { params: { query } })), [asOf, position, cohortId]);
  if (!data) return null;
  const save = async () => {
    const result = await api.GET('/evaluation/since', { params: { query: { ...query, format: 'csv' } }, parseAs: 'blob' });
    download(okAs<Blob>(result), `pairtrail-figures-since-${data.then.asOf}-${localToday()}.csv`);
  };
  return (
    <section aria-labelledby="figures-since" data-testid="figures-since">
      <h2 id="figures-since">Since then</h2>
      <p>{data.inWords}</p>
      <DataTable
        caption={`The headline figures on ${humanDate(data.then.asOf)} and now`}
        testId="figures-since-table"
        headings={[
          'Figure',
          `Then (${humanDate(data.then.asOf)}, position ${data.then.position})`,
          `Now (${humanDate(data.now.asOf)}, position ${data.now.position})`,
          'Change',
        ]}
        rows={data.figures}
        rowKey={(f) => f.figure}
        cells={(f) => [f.label, said(f.figure, f.then), said(f.figure, f.now), said(f.figure, f.change, true)]}
      />
      <div className="pt-inline-actions">
        <ActionButton run={save} busyLabel="Downloading…">
          Download the figures then and now (CSV)
        </ActionButton>
      </div>
    </section>
  );
}
