import { useState } from 'react';
import { RecordGaps } from './record-gaps';
import { FiguresSince } from './figures-since';
import { api, download, messageOf, ok, okAs } from '../api/client';
import { everyCohort, everyPair } from '../api/lists';
import { everyItem, pageQuery } from '../api/pages';
import type {
  Categories,
  CohortFigures,
  FigureDefinitions,
  FiguresInWords,
  Funnel,
  Monthly,
  RelationshipByMonth,
  PackCheck,
  Page,
  PairFigures,
  RecordCheckJob,
  Report,
  ServiceAreaFigures,
  ApproachFigures,
} from '../api/types';
import { ChartFigure } from '../components/chart';
import { ActionButton, Button, Checkboxes, Failure, FileField, SelectField, TextField, check, useForm, FindBox } from '../components/form';
import { DataTable, Disclosure, MoreRows, Status, useFirstRows } from '../components/layout';
import { byLabel, changeDistribution, changeKnownOf, findIn, localToday, PAIRS_CHARTED_ONE_BY_ONE, titleOf, wordsOf } from '../lists';
import { attentionText } from '../attention';
import { can, useSession } from '../session';
import { href } from '../router';
import { useLoad } from '../use-load';
import { useJob } from '../use-job';
import { toKebabCase } from '@pairtrail/vocabulary';
import { humanDate } from '../dates';
import { APPROACH_LABELS, CATEGORY_LABELS, approachLabel, percent, type ApproachKey } from '../figures';

const STAGE_LABELS: Record<string, string> = {
  formed: 'Formed',
  initiativeDefined: 'Initiative defined',
  firstMeeting: 'First meeting',
  firstOutcome: 'First outcome',
  concluded: 'Concluded',
};
const month = (date: string) => date.slice(0, 7);

/** The query of a look-back: a date, a log position, both or neither. */
const lookBackOf = (asOf: string, position: string) => ({ ...(asOf ? { asOf } : {}), ...(position ? { position } : {}) });

/** Figures per cohort, service area and pair, as of a date, with charts of the programme. */
export function EvaluationPage({ cohortId: inCohort }: { cohortId?: string }) {
  const { me } = useSession();
  const [shown, setShown] = useState({ asOf: '', position: '', cohortId: inCohort ?? '' });
  const { asOf, position, cohortId } = shown;
  const [typed, setTyped] = useState('');
  const form = useForm('asof', { asOf: '', position: '', cohortId: inCohort ?? '' }, (v) => ({
    asOf: check.lookBack(v.asOf, 'The date'),
    position: check.position(v.position),
  }));
  // As things stood on a date, and as they were known at a log position: together, how a past report is reproduced.
  const lookBack = lookBackOf(asOf, position);
  const { data, error, loading } = useLoad(async () => {
    const query = { ...lookBack, ...(cohortId ? { cohortId } : {}) };
    // The asOf and position that give these figures again (the API says them with every answer): what a report quotes.
    let again: { asOf: string; position: string } | undefined;
    const [pairs, allCohorts, serviceAreas, approachFigures, funnel, cohortList, pairList, definitions, inWords] = await Promise.all([
      everyItem((cursor) =>
        api.GET('/evaluation/pairs', { params: { query: { ...query, ...pageQuery(cursor) } } }).then((r) => {
          const [asOf, position] = [r.response.headers.get('x-as-of'), r.response.headers.get('x-log-position')];
          if (asOf && position) again ??= { asOf, position };
          return okAs<Page<PairFigures>>(r);
        }),
      ),
      everyItem((cursor) =>
        api.GET('/evaluation/cohorts', { params: { query: { ...lookBack, ...pageQuery(cursor) } } }).then((r) => okAs<Page<CohortFigures>>(r)),
      ),
      api.GET('/evaluation/service-areas', { params: { query } }).then((r) => okAs<{ items: ServiceAreaFigures[] }>(r).items),
      api.GET('/evaluation/approaches', { params: { query } }).then((r) => okAs<{ items: ApproachFigures[] }>(r).items),
      api.GET('/analytics/funnel', { params: { query } }).then((r) => okAs<Funnel>(r)),
      everyCohort(),
      everyPair(),
      api.GET('/evaluation/definitions').then((r) => ok<FigureDefinitions>(r)),
      api.GET('/evaluation/summary', { params: { query } }).then((r) => okAs<FiguresInWords>(r)),
    ]);
    const end = month(asOf || localToday());
    const starts = cohortList
      .filter((c) => !cohortId || c.cohortId === cohortId)
      .map((c) => c.startsOn)
      .sort();
    const from = starts[0] ? month(starts[0]) : end;
    const months = { from, to: end < from ? from : end };
    const [monthly, relationship] = await Promise.all([
      api.GET('/analytics/monthly', { params: { query: { ...query, ...months } } }).then((r) => okAs<Monthly>(r)),
      api.GET('/analytics/relationship', { params: { query: { ...query, ...months } } }).then((r) => okAs<RelationshipByMonth>(r)),
    ]);
    const pairNames = new Map(pairList.map((p) => [p.pairId, titleOf(p)]));
    return {
      pairs: byLabel(pairs, (p) => pairNames.get(p.pairId) ?? p.pairId),
      cohorts: allCohorts.filter((c) => !cohortId || c.cohortId === cohortId),
      serviceAreas,
      approachFigures,
      funnel,
      monthly,
      relationship,
      months,
      cohortList,
      cohortNames: new Map(cohortList.map((c) => [c.cohortId, c.name])),
      // What these figures are for: said from the data, so it never runs ahead of the tables while loading.
      shown: { asOf, position, cohortId },
      again,
      pairNames,
      definitions: definitions.resources,
      inWords: inWords.sections,
    };
  }, [asOf, position, cohortId, me.role]);
  const nameOfPair = (pairId: string) => data?.pairNames.get(pairId) ?? pairId;
  const pairsFound = data ? findIn(data.pairs, typed, (p) => [nameOfPair(p.pairId), p.status, p.needsAttention ? 'needs attention' : '']) : [];
  const { shown: pairsShown, more: morePairs, showAll: showAllPairs } = useFirstRows(pairsFound);
  const forCohort = data?.shown.cohortId ? (data.cohortNames.get(data.shown.cohortId) ?? 'the chosen cohort') : undefined;

  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      // A position the log does not hold is said at its field, by the API, before the figures are asked for.
      const look = lookBackOf(v.asOf, v.position.trim());
      if (look.asOf || look.position) ok(await api.GET('/analytics/funnel', { params: { query: look } }));
      setShown({ asOf: v.asOf, position: v.position.trim(), cohortId: v.cohortId });
    });
  };
  const csv = async (of: 'pairs' | 'cohorts' | 'service-areas' | 'approaches' | 'monthly' | 'relationship' | 'funnel') => {
    // The figures on the screen, at the position they were read at, though the programme has gone on
    // since: a download is what the page said it was. The cohorts' file holds every cohort; the others,
    // the chosen cohort's pairs.
    const shownAt = data?.again ?? lookBack;
    const query = { format: 'csv' as const, ...shownAt, ...(cohortId && of !== 'cohorts' ? { cohortId } : {}) };
    const options = { params: { query }, parseAs: 'blob' } as const;
    // The charts' figures, the months as the chart shows them.
    const result =
      of === 'monthly'
        ? await api.GET('/analytics/monthly', { ...options, params: { query: { ...query, ...data!.months } } })
        : of === 'relationship'
          ? await api.GET('/analytics/relationship', { ...options, params: { query: { ...query, ...data!.months } } })
          : of === 'funnel'
            ? await api.GET('/analytics/funnel', options)
            : await api.GET(`/evaluation/${of}`, options);
    const kind = of === 'monthly' || of === 'relationship' || of === 'funnel' ? 'analytics' : 'evaluation';
    // A cohort's file named for it, beside the programme's (the cohorts' file holds every cohort).
    const cohort = cohortId && of !== 'cohorts' ? toKebabCase(data?.cohortNames.get(cohortId) ?? '').slice(0, 60) : '';
    download(ok<Blob>(result), `pairtrail-${kind}-${of}${cohort ? `-${cohort}` : ''}${asOf ? `-${asOf}` : ''}${position ? `-at-${position}` : ''}.csv`);
  };
  const csvButton = (of: Parameters<typeof csv>[0], label: string) => (
    <ActionButton run={() => csv(of)} busyLabel="Downloading…">
      {label}
    </ActionButton>
  );

  const totals = data ? (Object.keys(CATEGORY_LABELS) as (keyof Categories)[]).map((k) => data.pairs.reduce((sum, p) => sum + p.outcomesByCategory[k], 0)) : [];
  const approaches = Object.keys(APPROACH_LABELS) as ApproachKey[];
  return (
    <>
      <h1 tabIndex={-1}>Evaluation</h1>
      <form onSubmit={apply} noValidate className="pt-inline-actions" aria-label="Which figures">
        <TextField {...form.bind('asOf')} label="Figures as of" hint="Leave empty for today" type="date" width={10} />
        <TextField {...form.bind('position')} label="As recorded up to log position" hint="To reproduce a report: the position it gives" width={10} />
        {data && data.cohortList.length > 1 ? (
          <SelectField
            {...form.bind('cohortId')}
            label="Cohort"
            hint="Or every cohort"
            placeholder="Every cohort"
            options={data.cohortList.map((c) => ({ value: c.cohortId, label: c.name }))}
          />
        ) : null}
        <div>
          <Button busy={loading} busyLabel="Loading…">
            Show figures
          </Button>
        </div>
      </form>
      <p>
        {data?.shown.asOf
          ? `As the programme stood on ${humanDate(data.shown.asOf)}`
          : data?.shown.position
            ? 'As the programme stood then'
            : 'As the programme stands today'}
        {data?.shown.position ? `, as recorded up to log position ${data.shown.position}` : ''}
        {forCohort ? `, for ${forCohort}.` : '.'}
        {data?.shown.position && can.audit(me.role) ? (
          <>
            {' '}
            <a href={href.audit({ after: data.shown.position })}>What has been recorded since</a>, in the audit trail.
          </>
        ) : null}
      </p>
      {data?.again && !data.shown.position && data.pairs.length > 0 ? (
        <p data-testid="reproduce">
          To give these figures again later, as a report that quotes them must, ask for them as of {humanDate(data.again.asOf)}, as recorded up to log position{' '}
          {data.again.position}. The downloads below say so on each row.
          {can.audit(me.role) ? (
            <>
              {' '}
              Beside the position, a report quotes the log&apos;s head digest there, which shows later that nothing up to it has changed:{' '}
              <a href={href.auditVerify(data.again.position)}>check the record up to position {data.again.position}</a> for it.
            </>
          ) : null}
        </p>
      ) : null}
      {data && data.pairs.length > 0 ? <AtAGlance sections={data.inWords} /> : null}
      {/* Looking back to an earlier report: how its figures have moved since. */}
      {data && data.pairs.length > 0 && (data.shown.asOf || data.shown.position) ? (
        <FiguresSince asOf={data.shown.asOf} position={data.shown.position} cohortId={data.shown.cohortId || undefined} />
      ) : null}
      {/* As the record stands now: not said of figures looked back at. */}
      {data && data.pairs.length > 0 && !data.shown.asOf && !data.shown.position ? <RecordGaps cohortId={data.shown.cohortId || undefined} /> : null}
      {data?.again && data.pairs.length > 0 && can.audit(me.role) ? (
        <ReportPack asOf={data.again.asOf} position={data.again.position} cohortId={data.shown.cohortId} />
      ) : null}
      {data?.again && data.pairs.length > 0 && can.audit(me.role) ? <CheckPack /> : null}
      <Status loading={loading} error={error} />
      {data && data.pairs.length === 0 ? (
        <p data-testid="no-figures">
          {data.shown.asOf || data.shown.position ? 'No pair had been formed then' : 'There are no pairs yet'}
          {forCohort ? ` in ${forCohort}` : ''}: the figures and charts of a programme are those of its pairs, and appear here once a coordinator forms them.
        </p>
      ) : null}
      {data && data.pairs.length > 0 ? (
        <>
          <h2>Cohorts</h2>
          <DataTable
            caption="Figures per cohort"
            testId="cohort-figures"
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
            rows={data.cohorts}
            rowKey={(c) => c.cohortId}
            cells={(c) => [
              c.name,
              c.pairs,
              c.pairsMet,
              c.pairsWithOutcome,
              c.pairsConcluded,
              c.medianDaysToFirstMeeting ?? '—',
              changeBySide(c),
              c.pairsNeedingAttention,
            ]}
          />
          <FigureMeanings
            definitions={data.definitions}
            file="cohorts"
            shown={[
              ['Pairs', 'pairs'],
              ['Met', 'pairsMet'],
              ['With an outcome', 'pairsWithOutcome'],
              ['Concluded', 'pairsConcluded'],
              ['Median days to first meeting', 'medianDaysToFirstMeeting'],
              ['Mean relationship change', 'meanRelationshipChange'],
              ['Lived experience', 'meanRelationshipChangeByPerspective.livedExperience'],
              ['Professional', 'meanRelationshipChangeByPerspective.professional'],
              ['Needing attention', 'pairsNeedingAttention'],
            ]}
          />
          {csvButton('cohorts', 'Download cohort figures (CSV)')}
          <h2>Service areas</h2>
          <DataTable
            caption="Figures per service area"
            testId="service-area-figures"
            headings={['Service area', 'Pairs', 'Meetings', 'Outcomes', 'Mean relationship change']}
            rows={data.serviceAreas}
            rowKey={(s) => s.serviceArea}
            cells={(s) => [wordsOf(s.serviceArea), s.pairs, s.meetingsHeld, s.outcomes, changeBySide(s)]}
          />
          <FigureMeanings
            definitions={data.definitions}
            file="service-areas"
            shown={[
              ['Pairs', 'pairs'],
              ['Meetings', 'meetingsHeld'],
              ['Outcomes', 'outcomes'],
              ['Mean relationship change', 'meanRelationshipChange'],
              ['Lived experience', 'meanRelationshipChangeByPerspective.livedExperience'],
              ['Professional', 'meanRelationshipChangeByPerspective.professional'],
            ]}
          />
          {csvButton('service-areas', 'Download service-area figures (CSV)')}
          <h2>The five approaches</h2>
          <p>
            Of the pairs that have met, those that practised each of the programme&apos;s approaches at a meeting beside those that never did: how many recorded
            an outcome, and how their partners&apos; relationship scores moved. These are what went with an approach, not what it caused: read each beside how
            many pairs, and partners, it is of.
          </p>
          <DataTable
            caption="The five approaches, and how the pairs that practised them fared"
            testId="approach-figures"
            headings={[
              'Approach',
              'Meetings',
              'Pairs that practised it',
              'With an outcome (practised)',
              'Mean relationship change (practised)',
              'Pairs that met without it',
              'With an outcome (without)',
              'Mean relationship change (without)',
            ]}
            rows={data.approachFigures}
            rowKey={(a) => a.approach}
            cells={(a) => [
              approachLabel(a.approach),
              a.meetings,
              ...[a.practiced, a.notPracticed].flatMap((g) => [g.pairs, withOutcome(g), relationshipChange(g)]),
            ]}
          />
          <FigureMeanings
            definitions={data.definitions}
            file="approaches"
            shown={[
              ['Meetings', 'meetings'],
              ['Pairs that practised it', 'practiced.pairs'],
              ['With an outcome', 'practiced.outcomeRate'],
              ['Mean relationship change', 'practiced.meanRelationshipChange'],
              ['Partners it is over', 'practiced.partnersWithChange'],
              ['Pairs that met without it', 'notPracticed.pairs'],
            ]}
          />
          {csvButton('approaches', 'Download approach figures (CSV)')}
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
          <FigureMeanings
            definitions={data.definitions}
            file="monthly"
            shown={[
              ['Meetings', 'meetings'],
              ['Outcomes', 'outcomes'],
              ['Reflections', 'reflections'],
              ['Active pairs', 'activePairs'],
            ]}
          />
          {csvButton('monthly', 'Download monthly figures (CSV)')}
          <ChartFigure
            id="relationship-by-month"
            title="How the partnerships felt, month by month"
            scale={{ min: 1, max: 5 }}
            note={`Each partner's latest relationship score by each month's end, from 1 ("them and us") to 5 ("equal partners"), over the pairs active that month: every partner who had scored it, and each side apart.`}
            type="line"
            labels={data.relationship.months.map((m) => m.month)}
            series={[
              { label: 'Every partner', data: data.relationship.months.map((m) => oneDecimal(m.meanScore)) },
              { label: 'Lived-experience partners', data: data.relationship.months.map((m) => oneDecimal(m.livedExperience.meanScore)) },
              { label: 'Professional partners', data: data.relationship.months.map((m) => oneDecimal(m.professional.meanScore)) },
            ]}
          />
          <FigureMeanings
            definitions={data.definitions}
            file="relationship"
            shown={[
              ['Every partner', 'meanScore'],
              ['Lived-experience partners', 'livedExperience.meanScore'],
              ['Professional partners', 'professional.meanScore'],
            ]}
          />
          {csvButton('relationship', 'Download the relationship by month (CSV)')}
          <ChartFigure
            id="funnel"
            title="How far pairs have come"
            type="bar"
            horizontal
            labels={data.funnel.stages.map((s) => STAGE_LABELS[s.stage] ?? s.stage)}
            series={[{ label: 'Pairs', data: data.funnel.stages.map((s) => s.pairs) }]}
          />
          <FigureMeanings definitions={data.definitions} file="funnel" shown={[['Pairs', 'pairs']]} />
          {csvButton('funnel', 'Download the funnel (CSV)')}
          {data.pairs.length <= PAIRS_CHARTED_ONE_BY_ONE ? (
            <ChartFigure
              id="relationship"
              title="Change in relationship score, by pair"
              note={changeKnownOf(data.pairs)}
              type="bar"
              labels={data.pairs.map((p) => nameOfPair(p.pairId))}
              series={[
                { label: 'Lived-experience partner', data: data.pairs.map((p) => p.relationship.livedExperience.change) },
                { label: 'Professional partner', data: data.pairs.map((p) => p.relationship.professional.change) },
              ]}
            />
          ) : (
            <DistributionOfChange pairs={data.pairs} cohorts={data.cohortList.length} />
          )}
          <FigureMeanings
            definitions={data.definitions}
            file="pairs"
            shown={[
              ['Lived-experience partner', 'relationship.livedExperience.change'],
              ['Professional partner', 'relationship.professional.change'],
            ]}
          />
          <ChartFigure
            id="outcomes"
            title="Outcomes by category"
            type="bar"
            labels={Object.values(CATEGORY_LABELS)}
            series={[{ label: 'Outcomes', data: totals }]}
          />
          <ChartFigure
            id="approaches"
            title="Approaches practised"
            note="The programme's five approaches: how many meetings practised each, and how many pairs did at any of their meetings."
            type="bar"
            horizontal
            labels={Object.values(APPROACH_LABELS)}
            series={[
              { label: 'Meetings', data: approaches.map((k) => data.pairs.reduce((sum, p) => sum + p.approachesPracticed[k], 0)) },
              { label: 'Pairs', data: approaches.map((k) => data.pairs.filter((p) => p.approachesPracticed[k] > 0).length) },
            ]}
          />
          <h2>Pairs</h2>
          {data.pairs.length > 1 ? (
            <FindBox
              about="Pairs' figures"
              id="find-pair-figures"
              label="Find a pair"
              hint="By initiative or status"
              typed={typed}
              onChange={setTyped}
              shown={pairsShown.length}
              of={data.pairs.length}
              noun="pairs"
            />
          ) : null}
          <MoreRows
            shown={pairsShown.length}
            more={morePairs}
            noun="pairs"
            hint="find a pair above, or download the figures of every pair"
            onShowAll={showAllPairs}
          />
          <DataTable
            caption="Figures per pair"
            testId="pair-figures"
            headings={['Pair', 'Status', 'Meetings', 'Both partners present', 'Actions completed', 'Overdue actions', 'Needs attention']}
            rows={pairsShown}
            rowKey={(p) => p.pairId}
            cells={(p) => [
              <a href={href.pair(p.pairId)}>{nameOfPair(p.pairId)}</a>,
              p.status,
              p.meetingsHeld,
              percent(p.bothPartnersPresentRate),
              percent(p.actionCompletionRate),
              p.overdueActions,
              p.needsAttention ? `Yes: ${attentionText(p)}` : 'No',
            ]}
          />
          <FigureMeanings
            definitions={data.definitions}
            file="pairs"
            shown={[
              ['Status', 'status'],
              ['Meetings', 'meetingsHeld'],
              ['Both partners present', 'bothPartnersPresentRate'],
              ['Actions completed', 'actionCompletionRate'],
              ['Overdue actions', 'overdueActions'],
              ['Needs attention', 'needsAttention'],
            ]}
          />
          {csvButton('pairs', 'Download pair figures (CSV)')}
        </>
      ) : null}
    </>
  );
}

/**
 * Every figure shown, with the head digest of the record up to their position, as one download: the
 * server checks the record first (half a minute at a million events), showing how far it has got.
 */
function ReportPack({ asOf, position, cohortId }: { asOf: string; position: string; cohortId: string }) {
  const [takeAway, setTakeAway] = useState<string[]>([]);
  const [downloaded, setDownloaded] = useState<Report>();
  const [making, setMaking] = useState(false);
  const { job, error, setError, follow } = useJob<Report>(async (report) =>
    ok<Report>(await api.GET('/reports/{id}', { params: { path: { id: report.id } } })),
  );
  const make = async () => {
    setError(undefined);
    setDownloaded(undefined);
    setMaking(true);
    try {
      const pseudonymise = takeAway.includes('pseudonymise');
      const started = ok<Report>(
        await api.POST('/reports', { body: { asOf, position, ...(cohortId ? { cohortId } : {}), ...(pseudonymise ? { pseudonymise } : {}) } }),
      );
      const report = await follow(started);
      if (report?.state !== 'done') return;
      const pack = ok<Blob>(await api.GET('/reports/{id}/pack', { params: { path: { id: report.id } }, parseAs: 'blob' }));
      download(pack, report.file);
      setDownloaded(report);
    } catch (failed) {
      setError(`The report was not made: ${messageOf(failed)} Try again; nothing was changed.`);
    } finally {
      setMaking(false);
    }
  };
  return (
    <section aria-labelledby="report-pack">
      <h2 id="report-pack">Report pack</h2>
      <p>
        Every figure below{cohortId ? ' for the chosen cohort' : ''}, as of {humanDate(asOf)} as recorded up to log position {position}, in one ZIP: the
        pairs&apos;, cohorts&apos; and service areas&apos; figures, the monthly series and the funnel as CSV; what each of their columns means, in{' '}
        <span className="pt-code">datapackage.json</span> (a Frictionless data package, which data tools read to load the files with their types); the headline
        figures in words, to quote, in <span className="pt-code">summary.md</span>; and a manifest with the head digest of the record up to that position and
        each file&apos;s SHA-256, once it has been checked. A report that quotes the position and digest can be shown later to come from an untouched record: a
        pack, as downloaded, is checked against the record below (or by <span className="pt-code">pairtrail check-report</span>).
      </p>
      <Checkboxes
        id="report-take-away"
        label="To take away"
        value={takeAway}
        onChange={setTakeAway}
        options={[{ value: 'pseudonymise', label: "Each pair's id a pseudonym (new with every pack)" }]}
      />
      <Button type="button" secondary busy={making} busyLabel="Making the report…" onClick={() => void make()}>
        Download the report pack (ZIP)
      </Button>
      <CheckProgress job={job} error={error} testId="report-progress" />
      {downloaded ? (
        <p role="status" data-testid="report-downloaded">
          Downloaded: the figures as of {humanDate(downloaded.asOf)}, as recorded up to log position {downloaded.position}; head digest there{' '}
          <span className="pt-code">{downloaded.headDigest}</span>.
        </p>
      ) : null}
    </section>
  );
}

/**
 * A report pack, as downloaded, checked against the record by the server (as `pairtrail check-report`
 * does): the head digest it quotes, each file as made, and its figures given again.
 */
function CheckPack() {
  const [file, setFile] = useState<File>();
  const [starting, setStarting] = useState(false);
  const [checked, setChecked] = useState<PackCheck>();
  const { job, error, setError, follow } = useJob<PackCheck>(async (check) =>
    ok<PackCheck>(await api.GET('/reports/checks/{id}', { params: { path: { id: check.id } } })),
  );
  const check = async () => {
    setError(undefined);
    setChecked(undefined);
    if (!file) return setError('Choose the report pack (its ZIP) to check.');
    setStarting(true);
    try {
      const started = ok<PackCheck>(
        await api.POST('/reports/checks', {
          body: file as never,
          bodySerializer: (body: unknown) => body as Blob,
          headers: { 'content-type': 'application/zip' },
        }),
      );
      const ended = await follow(started);
      if (ended?.state === 'done') setChecked(ended);
    } catch (failed) {
      setError(`The pack was not checked: ${messageOf(failed)}`);
    } finally {
      setStarting(false);
    }
  };
  const findings = checked ? [{ label: 'The record', ...checked.record! }, ...checked.files!.map((f) => ({ label: f.file, ...f }))] : [];
  return (
    <section aria-labelledby="check-pack">
      <h2 id="check-pack">Check a report pack</h2>
      <p>
        A report pack as it was downloaded, checked against the record: that the record up to its position still gives the head digest it quotes, that each file
        is as the pack was made, and that its figures are what the record gives again at its date and position.
      </p>
      <FileField
        id="check-pack-file"
        label="Report pack (ZIP)"
        accept=".zip,application/zip"
        onChange={(chosen) => {
          setFile(chosen);
          setChecked(undefined);
          setError(undefined);
        }}
      />
      <Button type="button" secondary busy={starting} busyLabel="Checking the pack…" onClick={() => void check()}>
        Check the pack
      </Button>
      <CheckProgress job={job} error={error} testId="check-pack-progress" />
      {checked ? (
        <div role="status" data-testid="pack-checked" className="pt-wrap-anywhere">
          <p>
            <strong>{checked.ok ? 'The pack is what the record gives' : 'The pack is not what the record gives'}</strong>: figures as of{' '}
            {humanDate(checked.asOf)}, as recorded up to log position {checked.position}.
          </p>
          <ul>
            {findings.map((f) => (
              <li key={f.label}>
                {f.ok ? 'Checked' : 'Problem'}: {f.label}: {f.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

/** How far a job's check of the record has got while it runs, and what went wrong if it failed. */
function CheckProgress({ job, error, testId }: { job?: RecordCheckJob; error?: string; testId: string }) {
  return (
    <>
      {job?.state === 'running' ? (
        <p role="status" data-testid={testId}>
          Checking the record: {job.eventsChecked.toLocaleString('en-GB')} events, {job.percent}% of the log up to position {job.position}…
        </p>
      ) : null}
      <Failure text={error} />
    </>
  );
}

/** Relationship-score change for more pairs than a chart can show one by one: partners by how far their score moved. */
function DistributionOfChange({ pairs, cohorts }: { pairs: PairFigures[]; cohorts: number }) {
  const { labels, livedExperience, professional } = changeDistribution(pairs);
  return (
    <ChartFigure
      id="relationship"
      title="Change in relationship score: partners by how far their score moved"
      note={`${pairs.length.toLocaleString('en-GB')} pairs are too many to chart one by one. ${cohorts > 1 ? 'Choose a cohort to see its pairs, or download' : 'Download'} the pair figures for each pair's change. ${changeKnownOf(pairs)}`}
      type="bar"
      labels={labels}
      series={[
        { label: 'Lived-experience partners', data: livedExperience },
        { label: 'Professional partners', data: professional },
      ]}
    />
  );
}

/** A figure to one decimal place, as a chart shows it; none stays none. */
const oneDecimal = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/** A mean change in relationship score, signed to one decimal place; a dash where there is none. */
const signedChange = (change: number | null) => (change === null ? '—' : `${change > 0 ? '+' : ''}${change.toFixed(1)}`);

/** A cohort's or service area's mean relationship change, and each perspective's beside it: whether both sides see it move alike. */
const changeBySide = ({ meanRelationshipChange: all, meanRelationshipChangeByPerspective: side }: CohortFigures | ServiceAreaFigures) =>
  all === null ? '—' : `${signedChange(all)} (lived experience ${signedChange(side.livedExperience)}, professional ${signedChange(side.professional)})`;

/** Of a group of pairs, how many recorded an outcome, and what share of them that is. */
const withOutcome = (g: ApproachFigures['practiced']) => (g.pairs === 0 ? '—' : `${g.pairsWithOutcome} (${percent(g.outcomeRate)})`);

/** A group's mean relationship change, and how many partners it is over. */
const relationshipChange = (g: ApproachFigures['practiced']) =>
  g.meanRelationshipChange === null
    ? '—'
    : `${signedChange(g.meanRelationshipChange)} (${g.partnersWithChange} ${g.partnersWithChange === 1 ? 'partner' : 'partners'})`;

/**
 * What the figures of a table or chart mean, under its headings, as the API defines them (`GET
 * /evaluation/definitions`, a report pack's datapackage.json): an evaluator reads a rate or a median
 * rightly without evaluation.md at hand, in the words a download's reader gets.
 */
function FigureMeanings({
  definitions,
  file,
  shown,
}: {
  definitions: FigureDefinitions['resources'];
  file: string;
  shown: [heading: string, field: string][];
}) {
  const fields = new Map(definitions.find((r) => r.name === file)?.schema.fields.map((f) => [f.name, f.description]));
  return (
    <Disclosure summary="What these figures mean">
      <p>A rate (from 0 to 1 in a download) is shown here as a percentage, and a figure that does not exist (empty in a download) as —.</p>
      <dl className="nhsuk-summary-list" data-testid={`meanings-${file}`}>
        {shown.map(([heading, field]) => (
          <div className="nhsuk-summary-list__row" key={field}>
            <dt className="nhsuk-summary-list__key">{heading}</dt>
            <dd className="nhsuk-summary-list__value">{fields.get(field) ?? '—'}</dd>
          </div>
        ))}
      </dl>
    </Disclosure>
  );
}

/**
 * The headline figures in words, first: what a coordinator tells a steering group and a report writer
 * quotes, before the tables and charts they come from (a report pack's summary.md says the same).
 */
export function AtAGlance({ sections }: { sections: FiguresInWords['sections'] }) {
  return (
    <section aria-labelledby="at-a-glance" data-testid="in-words">
      <h2 id="at-a-glance">At a glance</h2>
      {sections.map((section) => (
        <div key={section.key}>
          <h3>{section.title}</h3>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {section.sentences.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
