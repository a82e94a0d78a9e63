import { useState } from 'react';
import { api, download, ok } from '../api/client';
import { everyCohort, everyPair } from '../api/lists';
import { everyItem, pageQuery } from '../api/pages';
import type { Categories, CohortFigures, Funnel, Monthly, Page, PairFigures, ServiceAreaFigures } from '../api/types';
import { ChartFigure } from '../components/chart';
import { Button, TextField, check, useForm } from '../components/form';
import { DataTable, Status } from '../components/layout';
import { useSession } from '../session';
import { useLoad } from '../use-load';

const CATEGORY_LABELS: Record<keyof Categories, string> = {
  serviceChange: 'Service change',
  newModelOfCare: 'New model of care',
  patientExperience: 'Patient experience',
  staffPractice: 'Staff practice',
  policy: 'Policy',
  relationship: 'Relationship',
  other: 'Other',
};
const STAGE_LABELS: Record<string, string> = {
  formed: 'Formed',
  initiativeDefined: 'Initiative defined',
  firstMeeting: 'First meeting',
  firstOutcome: 'First outcome',
  concluded: 'Concluded',
};
const percent = (n: number | null) => (n === null ? '—' : `${Math.round(n * 100)}%`);
const month = (date: string) => date.slice(0, 7);

/** Figures per cohort, service area and pair, as of a date, with charts of the programme. */
export function EvaluationPage() {
  const { me } = useSession();
  const [asOf, setAsOf] = useState('');
  const form = useForm('asof', { asOf: '' }, (v) => ({ asOf: check.date(v.asOf, 'The date') }));
  const { data, error, loading } = useLoad(async () => {
    const query = asOf ? { asOf } : {};
    const [pairs, cohorts, serviceAreas, funnel, cohortList, pairList] = await Promise.all([
      everyItem((cursor) => api.GET('/evaluation/pairs', { params: { query: { ...query, ...pageQuery(cursor) } } }).then((r) => ok<Page<PairFigures>>(r))),
      everyItem((cursor) => api.GET('/evaluation/cohorts', { params: { query: { ...query, ...pageQuery(cursor) } } }).then((r) => ok<Page<CohortFigures>>(r))),
      api.GET('/evaluation/service-areas', { params: { query } }).then((r) => ok<{ items: ServiceAreaFigures[] }>(r).items),
      api.GET('/analytics/funnel', { params: { query } }).then((r) => ok<Funnel>(r)),
      everyCohort(),
      everyPair(),
    ]);
    const end = month(asOf || new Date().toISOString());
    const starts = cohortList.map((c) => c.startsOn).sort();
    const from = starts[0] ? month(starts[0]) : end;
    const monthly = ok<Monthly>(await api.GET('/analytics/monthly', { params: { query: { ...query, from, to: end < from ? from : end } } }));
    return {
      pairs,
      cohorts,
      serviceAreas,
      funnel,
      monthly,
      cohortNames: new Map(cohortList.map((c) => [c.cohortId, c.name])),
      pairNames: new Map(pairList.map((p) => [p.pairId, p.initiative?.title ?? p.focus])),
    };
  }, [asOf, me.role]);

  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => setAsOf(v.asOf));
  };
  const csv = async (of: 'pairs' | 'cohorts' | 'service-areas') => {
    const result = await api.GET(`/evaluation/${of}`, { params: { query: { format: 'csv', ...(asOf ? { asOf } : {}) } }, parseAs: 'text' });
    download(ok<string>(result), `pairtrail-evaluation-${of}${asOf ? `-${asOf}` : ''}.csv`, 'text/csv');
  };
  const csvButton = (of: Parameters<typeof csv>[0], label: string) => (
    <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void csv(of)}>
      {label}
    </button>
  );

  const totals = data ? (Object.keys(CATEGORY_LABELS) as (keyof Categories)[]).map((k) => data.pairs.reduce((sum, p) => sum + p.outcomesByCategory[k], 0)) : [];
  return (
    <>
      <h1 tabIndex={-1}>Evaluation</h1>
      <form onSubmit={apply} noValidate className="pt-inline-actions" aria-label="Figures as of a date">
        <TextField {...form.bind('asOf')} label="Figures as of" hint="Leave empty for today" type="date" width={10} />
        <div>
          <Button busy={loading} busyLabel="Loading…">
            Show figures
          </Button>
        </div>
      </form>
      <p>{asOf ? `As the programme stood on ${asOf}.` : 'As the programme stands today.'}</p>
      <Status loading={loading} error={error} />
      {data ? (
        <>
          <h2>Cohorts</h2>
          <DataTable
            caption="Figures per cohort"
            headings={[
              'Cohort',
              'Pairs',
              'Met',
              'With an outcome',
              'Concluded',
              'Median days to first meeting',
              'Mean relationship change',
              'Needing attention',
            ]}
          >
            {data.cohorts.map((c) => (
              <tr key={c.cohortId}>
                <td>{data.cohortNames.get(c.cohortId) ?? c.cohortId}</td>
                <td>{c.pairs}</td>
                <td>{c.pairsMet}</td>
                <td>{c.pairsWithOutcome}</td>
                <td>{c.pairsConcluded}</td>
                <td>{c.medianDaysToFirstMeeting ?? '—'}</td>
                <td>{c.meanRelationshipChange === null ? '—' : c.meanRelationshipChange.toFixed(1)}</td>
                <td>{c.pairsNeedingAttention}</td>
              </tr>
            ))}
          </DataTable>
          {csvButton('cohorts', 'Download cohort figures (CSV)')}
          <h2>Service areas</h2>
          <DataTable
            caption="Figures per service area"
            testId="service-area-figures"
            headings={['Service area', 'Pairs', 'Meetings', 'Outcomes', 'Mean relationship change']}
          >
            {data.serviceAreas.map((s) => (
              <tr key={s.serviceArea}>
                <td>{s.serviceArea}</td>
                <td>{s.pairs}</td>
                <td>{s.meetingsHeld}</td>
                <td>{s.outcomes}</td>
                <td>{s.meanRelationshipChange === null ? '—' : s.meanRelationshipChange.toFixed(1)}</td>
              </tr>
            ))}
          </DataTable>
          {csvButton('service-areas', 'Download service-area figures (CSV)')}
          <h2>Pairs</h2>
          <DataTable
            caption="Figures per pair"
            testId="pair-figures"
            headings={['Pair', 'Status', 'Meetings', 'Both partners present', 'Actions completed', 'Overdue actions', 'Needs attention']}
          >
            {data.pairs.map((p) => (
              <tr key={p.pairId}>
                <td>{data.pairNames.get(p.pairId) ?? p.pairId}</td>
                <td>{p.status}</td>
                <td>{p.meetingsHeld}</td>
                <td>{percent(p.bothPartnersPresentRate)}</td>
                <td>{percent(p.actionCompletionRate)}</td>
                <td>{p.overdueActions}</td>
                <td>{p.needsAttention ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </DataTable>
          {csvButton('pairs', 'Download pair figures (CSV)')}
          <h2>Charts</h2>
          <ChartFigure
            id="monthly"
            title="Activity by month"
            type="line"
            labels={data.monthly.months.map((m) => m.month)}
            series={[
              { label: 'Meetings', data: data.monthly.months.map((m) => m.meetings) },
              { label: 'Outcomes', data: data.monthly.months.map((m) => m.outcomes) },
              { label: 'Reflections', data: data.monthly.months.map((m) => m.reflections) },
              { label: 'Active pairs', data: data.monthly.months.map((m) => m.activePairs) },
            ]}
          />
          <ChartFigure
            id="funnel"
            title="How far pairs have come"
            type="bar"
            horizontal
            labels={data.funnel.stages.map((s) => STAGE_LABELS[s.stage] ?? s.stage)}
            series={[{ label: 'Pairs', data: data.funnel.stages.map((s) => s.pairs) }]}
          />
          <ChartFigure
            id="relationship"
            title="Change in relationship score, by pair"
            type="bar"
            labels={data.pairs.map((p) => data.pairNames.get(p.pairId) ?? p.pairId)}
            series={[
              { label: 'Lived-experience partner', data: data.pairs.map((p) => p.relationship.livedExperience.change) },
              { label: 'Professional partner', data: data.pairs.map((p) => p.relationship.professional.change) },
            ]}
          />
          <ChartFigure
            id="outcomes"
            title="Outcomes by category"
            type="bar"
            labels={Object.values(CATEGORY_LABELS)}
            series={[{ label: 'Outcomes', data: totals }]}
          />
        </>
      ) : null}
    </>
  );
}
