import { useState } from 'react';
import { api, ok, okAs } from '../api/client';
import { everyCaseStudy, everyCohort, everyPair } from '../api/lists';
import type { Cohort, FiguresInWords, Pair } from '../api/types';
import { ActionButton } from '../components/form';
import { Disclosure, Notice, Status } from '../components/layout';
import { humanDate } from '../dates';
import { byLabel, counted, titleOf } from '../lists';
import { href } from '../router';
import { can, useSession } from '../session';
import { useLoad } from '../use-load';
import { AtAGlance } from './evaluation';
import { RecordGaps } from './record-gaps';
import { WorkshopForm } from './workshop-form';
import { ReflectionsDueLine } from './reflections-due';
import { StandingCounts } from './case-studies';
import { CloseCohortForm, CorrectCohortForm } from './programme-forms';
import { LatelyHappened, OverdueActions, PairsTable, participantNames, savePairs } from './programme';

const STATUSES: Pair['status'][] = ['active', 'paused', 'concluded'];

/** How many pairs a cohort has, and how many of each status: "3 pairs: 2 active, 1 concluded". */
function pairsInWords(pairs: readonly Pair[]): string {
  if (pairs.length === 0) return 'No pairs yet';
  const each = STATUSES.map((s) => [s, pairs.filter((p) => p.status === s).length] as const).filter(([, n]) => n > 0);
  return `${counted(pairs.length, 'pair')}: ${each.map(([s, n]) => `${n.toLocaleString('en-GB')} ${s}`).join(', ')}`;
}

/**
 * One cohort, for the coordinator running it and those who report on it: its dates and standing, its
 * figures in words, its pairs, what is late and what happened in it lately, where its case studies
 * stand, and the ways to each screen narrowed to it. A coordinator corrects or closes it here.
 */
export function CohortPage({ cohortId }: { cohortId: string }) {
  const { me } = useSession();
  const [notice, setNotice] = useState<string>();
  const { data, error, loading, reload } = useLoad(async () => {
    // An address naming no cohort is said by the API's 404, as a pair's is.
    const cohort = ok<Cohort>(await api.GET('/cohorts/{id}', { params: { path: { id: cohortId } } }));
    const [pairs, people, cohorts, inWords, caseStudies] = await Promise.all([
      everyPair(cohortId),
      participantNames(),
      can.manageParticipants(me.role) ? everyCohort() : Promise.resolve([cohort]),
      can.evaluate(me.role)
        ? api.GET('/evaluation/summary', { params: { query: { cohortId } } }).then((r) => okAs<FiguresInWords>(r).sections)
        : Promise.resolve(undefined),
      can.seeCaseStudies(me.role) ? everyCaseStudy(cohortId) : Promise.resolve([]),
    ]);
    return { cohort, cohorts, pairs: byLabel(pairs, titleOf), people, inWords, caseStudies };
  }, [cohortId, me.role]);
  const done = async (message: string) => {
    await reload();
    setNotice(message);
  };

  if (!data) return <Status loading={loading} error={error} />;
  const { cohort, pairs } = data;
  return (
    <>
      <span className="nhsuk-caption-l">Cohort</span>
      <h1 tabIndex={-1}>{cohort.name}</h1>
      <Status loading={loading} error={error} />
      <Notice text={notice} />
      <dl className="nhsuk-summary-list" data-testid="cohort">
        {[
          ['Starts', humanDate(cohort.startsOn)],
          ['Ends', cohort.endsOn ? humanDate(cohort.endsOn) : 'No end date'],
          ['Status', cohort.status === 'closed' ? `Closed on ${humanDate(cohort.closedOn ?? '')}: no pair can be formed in it` : 'Open'],
          ['Pairs', pairsInWords(pairs)],
        ].map(([key, value]) => (
          <div className="nhsuk-summary-list__row" key={key}>
            <dt className="nhsuk-summary-list__key">{key}</dt>
            <dd className="nhsuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
      {can.manageParticipants(me.role) ? (
        <>
          <Disclosure summary="Correct its name or dates">
            <CorrectCohortForm key={`${cohort.name}|${cohort.startsOn}|${cohort.endsOn ?? ''}`} cohorts={data.cohorts} only={cohort.cohortId} done={done} />
          </Disclosure>
          {pairs.some((p) => p.status !== 'concluded') ? (
            <Disclosure summary="Record a meeting its pairs held together">
              <WorkshopForm pairs={pairs} people={data.people} done={done} />
            </Disclosure>
          ) : null}
          {cohort.status === 'open' ? (
            <Disclosure summary="Close it">
              <CloseCohortForm cohorts={[cohort]} pairs={pairs} only={cohort.cohortId} done={done} />
            </Disclosure>
          ) : null}
        </>
      ) : null}
      <h2>Pairs</h2>
      {pairs.length ? (
        <>
          {can.seeActions(me.role) ? (
            <>
              <OverdueActions pairs={pairs} cohortId={cohort.cohortId} />
              <ReflectionsDueLine cohortId={cohort.cohortId} />
            </>
          ) : null}
          {can.seeWhatHappened(me.role) ? <LatelyHappened cohortId={cohort.cohortId} /> : null}
          <div className="pt-inline-actions">
            <ActionButton run={() => savePairs(cohort.cohortId)} busyLabel="Downloading…">
              Download its pairs as a spreadsheet (CSV)
            </ActionButton>
          </div>
          <PairsTable pairs={pairs} people={data.people} />
        </>
      ) : (
        <p data-testid="no-pairs-yet">
          No pair has been formed in this cohort yet.
          {can.manageParticipants(me.role) && cohort.status === 'open' ? (
            <>
              {' '}
              Pairs are formed on <a href={href.programme}>Programme</a>, one by one or from a spreadsheet.
            </>
          ) : null}
        </p>
      )}
      {data.inWords && pairs.length ? (
        <>
          <AtAGlance sections={data.inWords} />
          <p>
            Its figures by pair and service area, its charts, and their downloads are on{' '}
            <a href={href.inCohort('evaluation', cohort.cohortId)}>Evaluation, for this cohort</a>.
          </p>
          <RecordGaps cohortId={cohort.cohortId} />
        </>
      ) : null}
      {can.seeCaseStudies(me.role) && pairs.length ? (
        <section aria-labelledby="cohort-case-studies">
          <h2 id="cohort-case-studies">Case studies</h2>
          <StandingCounts groups={data.caseStudies.map((c) => c.state)} testId="cohort-case-studies" />
          <p>
            Each, and every published one of this cohort in one document for its report, on{' '}
            <a href={href.inCohort('case-studies', cohort.cohortId)}>Case studies, for this cohort</a>.
          </p>
        </section>
      ) : null}
    </>
  );
}
