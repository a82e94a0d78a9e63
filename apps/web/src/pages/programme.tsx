import { useState } from 'react';
import { api, download, ok, okAs } from '../api/client';
import { countInWords } from '@pairtrail/vocabulary';
import { everyCaseStudy, everyCohort, everyOpenAction, everyPair, everyParticipant } from '../api/lists';
import type { CaseStudyStanding } from '../case-study-standing';
import type { Cohort, OpenAction, Pair, PairDetail, Participant, ProgrammeTimelinePage, Role } from '../api/types';
import { reflectionDue, type ReflectionDue } from '../partners';
import { ActionButton, CohortChoice, FindBox, SelectField } from '../components/form';
import { DataTable, Disclosure, MoreRows, Notice, STATUS_COLOUR, Status, Tag, useFirstRows } from '../components/layout';
import { CloseCohortForm, CorrectCohortForm, FormPairForm, OpenCohortForm } from './programme-forms';
import {
  ACTIONS_IMPORT,
  ImportChooser,
  ImportForm,
  MEETINGS_IMPORT,
  OUTCOMES_IMPORT,
  PAIRS_IMPORT,
  REFLECTIONS_IMPORT,
  MILESTONES_IMPORT,
  type ImportChoice,
} from './import-form';
import { OpenActionsTable } from './actions';
import { ReflectionsDueLine } from './reflections-due';
import { saveMeetingBrief } from './pair-documents';
import { lastFourWeeks } from './what-happened';
import { MyConsent } from './consent-forms';
import { byLabel, counted, findIn, localToday, titleOf, wordsOf } from '../lists';
import { attentionText } from '../attention';
import { href } from '../router';
import { can, homeLabel, useSession } from '../session';
import { useLoad } from '../use-load';
import { humanDate } from '../dates';

/** Participants by id, for names; an empty map for a role that may not list them. */
export async function participantNames(): Promise<Map<string, Participant>> {
  try {
    return new Map((await everyParticipant()).map((p) => [p.participantId, p]));
  } catch {
    return new Map();
  }
}

/**
 * A pair's two partners by id, each asked for alone: a pair's screens name no one else, and the whole
 * programme's list (megabytes, for thousands of people) was read again after every entry recorded. A
 * partner who cannot be read is left out, and named as "a partner".
 */
export async function partnersOf(pair: Pick<Pair, 'livedExperiencePartnerId' | 'professionalPartnerId'>): Promise<Map<string, Participant>> {
  const read = (id: string) =>
    api
      .GET('/participants/{id}', { params: { path: { id } } })
      .then((r) => [ok<Participant>(r)])
      .catch(() => []);
  const partners = await Promise.all([read(pair.livedExperiencePartnerId), read(pair.professionalPartnerId)]);
  return new Map(partners.flat().map((p) => [p.participantId, p]));
}

export const nameOf = (people: Map<string, Participant>, id: string) => {
  const person = people.get(id);
  if (!person) return 'a partner';
  return person.erased ? '[erased]' : (person.name ?? 'a partner');
};

const PAIR_FILTERS: { value: string; label: string; shows: (p: Pair) => boolean }[] = [
  { value: 'needs-attention', label: 'Pairs needing attention', shows: (p) => p.needsAttention },
  { value: 'active', label: 'Active pairs', shows: (p) => p.status === 'active' },
  { value: 'paused', label: 'Paused pairs', shows: (p) => p.status === 'paused' },
  { value: 'concluded', label: 'Concluded pairs', shows: (p) => p.status === 'concluded' },
  // The funnel's first steps, for a coordinator chasing the pairs going on that have not taken them.
  { value: 'no-initiative', label: 'Pairs yet to define their initiative', shows: (p) => p.status !== 'concluded' && !p.initiative },
  { value: 'not-met', label: 'Pairs yet to meet', shows: (p) => p.status !== 'concluded' && p.daysSinceLastMeeting === null },
  // The approaches' figures count a meeting by the approaches it names: one that names none counts for none.
  { value: 'untagged', label: 'Pairs with meetings tagged with none', shows: (p) => p.meetingsWithoutApproach > 0 },
];

/**
 * The reflections a partner is asked for in their pairs going on, each pair read whole for its
 * reflections; not in a pair they do not take part in now, where none could be recorded of them.
 */
async function reflectionsDue(pairs: Pair[], me: Participant | undefined): Promise<ReflectionDue[]> {
  if (!me) return [];
  const going = pairs.filter((p) => p.status !== 'concluded');
  const whole = await Promise.all(going.map(async (p) => ok<PairDetail>(await api.GET('/pairs/{id}', { params: { path: { id: p.pairId } } }))));
  return whole.flatMap((pair) => reflectionDue(pair, me, localToday()) ?? []);
}

/** Cohorts, and every pair with its status and whether it needs attention. */
export function ProgrammePage() {
  const { me } = useSession();
  const [notice, setNotice] = useState<string>();
  const { data, error, loading, reload } = useLoad(async () => {
    const [cohorts, pairs, people, caseStudies, actions] = await Promise.all([
      can.seeCohorts(me.role) ? everyCohort() : Promise.resolve([] as Cohort[]),
      everyPair(),
      participantNames(),
      me.participantId ? everyCaseStudy() : Promise.resolve([] as CaseStudyStanding[]),
      // A pair member's to-do list, on the page they start from; a coordinator has every pair's on Actions.
      me.role === 'pair-member' ? everyOpenAction() : Promise.resolve([] as OpenAction[]),
    ]);
    // A partner learns here that their pair's case study, as told now, waits for their approval.
    const awaitingMe = caseStudies.filter((c) => c.current && !c.current.approvedBy.includes(me.participantId!));
    // And that a reflection of theirs is due, in each pair going on (a partner is in one or two).
    const reflections = me.role === 'pair-member' && me.participantId ? await reflectionsDue(pairs, people.get(me.participantId)) : [];
    return { cohorts, pairs: byLabel(pairs, titleOf), people, awaitingMe, actions, reflections };
  }, [me.role, me.participantId]);
  // The news shows once the page shows what changed.
  const done = async (message: string) => {
    await reload();
    setNotice(message);
  };
  const [typed, setTyped] = useState('');
  const [status, setStatus] = useState('');
  const [cohortId, setCohortId] = useState('');
  const shows = PAIR_FILTERS.find((f) => f.value === status)?.shows;
  const found = data
    ? findIn(
        data.pairs.filter((p) => (!shows || shows(p)) && (!cohortId || p.cohortId === cohortId)),
        typed,
        (p) => [titleOf(p), p.focus, nameOf(data.people, p.livedExperiencePartnerId), nameOf(data.people, p.professionalPartnerId), p.serviceArea],
      )
    : [];
  const { shown, more, showAll } = useFirstRows(found);

  const openCohorts = data?.cohorts.filter((c) => c.status === 'open') ?? [];
  const imports: ImportChoice[] = [
    ...(openCohorts.length > 0 ? [{ value: 'pairs', label: 'Pairs of people registered already', form: <ImportForm kind={PAIRS_IMPORT} done={done} /> }] : []),
    ...(data?.pairs.length
      ? [
          { value: 'meetings', label: "Pairs' meetings", form: <ImportForm kind={MEETINGS_IMPORT} done={done} /> },
          { value: 'actions', label: "Pairs' actions, and their completions and drops", form: <ImportForm kind={ACTIONS_IMPORT} done={done} /> },
          { value: 'outcomes', label: "Pairs' outcomes (a register of benefits)", form: <ImportForm kind={OUTCOMES_IMPORT} done={done} /> },
          { value: 'reflections', label: "Partners' reflections (a survey's answers)", form: <ImportForm kind={REFLECTIONS_IMPORT} done={done} /> },
          { value: 'milestones', label: "Pairs' milestones (a project plan or progress log)", form: <ImportForm kind={MILESTONES_IMPORT} done={done} /> },
        ]
      : []),
  ];

  return (
    <>
      <h1 tabIndex={-1}>{homeLabel(me.role)}</h1>
      <Status loading={loading} error={error} />
      <Notice text={notice} />
      {data && can.manageParticipants(me.role) ? (
        <>
          <Disclosure summary="Open a cohort">
            <OpenCohortForm cohorts={data.cohorts} done={done} />
          </Disclosure>
          <Disclosure summary="Form a pair">
            <FormPairForm cohorts={openCohorts} people={[...data.people.values()]} pairs={data.pairs} done={done} />
          </Disclosure>
          {/* Pairs once there is an open cohort to form them in; what pairs did, and how the partners saw it, once there are pairs. */}
          {imports.length > 0 ? (
            <Disclosure summary="Import from a spreadsheet">
              <ImportChooser choices={imports} />
            </Disclosure>
          ) : null}
          {/* Forms about cohorts only once there is one they could be about. */}
          {openCohorts.length > 0 ? (
            <Disclosure summary="Close a cohort">
              <CloseCohortForm cohorts={openCohorts} pairs={data.pairs} done={done} />
            </Disclosure>
          ) : null}
          {data.cohorts.length > 0 ? (
            <Disclosure summary="Correct a cohort's name or dates">
              <CorrectCohortForm cohorts={data.cohorts} done={done} />
            </Disclosure>
          ) : null}
        </>
      ) : null}
      {data?.awaitingMe.length ? (
        <div className="nhsuk-inset-text" data-testid="awaiting-approval">
          {data.awaitingMe.map((c) => (
            <p key={c.pairId}>
              The case study of <a href={href.caseStudy(c.pairId)}>{c.title}</a> waits for your approval: read it, and approve it if it tells your work as you
              would have it told.
            </p>
          ))}
        </div>
      ) : null}
      {data?.reflections.length ? (
        <div className="nhsuk-inset-text" data-testid="reflection-due">
          {data.reflections.map((due) => (
            <p key={due.pairId}>
              {due.last
                ? `Your last reflection on "${due.title}" was on ${humanDate(due.last.on)}, ${counted(due.last.daysAgo, 'day')} ago. `
                : `You have not yet reflected on your work in "${due.title}". `}
              {due.scores?.length ? `Your scores so far: ${due.scores.map((s) => `${s.score} (${humanDate(s.on)})`).join(', ')}. ` : ''}
              <a href={href.reflect(due.pairId)}>Record a reflection</a>: how the partnership feels now, from 1 (&quot;them and us&quot;) to 5 (&quot;equal
              partners&quot;), and a few words. Reflecting from time to time shows how it changes.
            </p>
          ))}
        </div>
      ) : null}
      {data ? (
        <>
          {data.cohorts.length > 0 ? (
            <>
              <h2>Cohorts</h2>
              <DataTable
                caption="Cohorts"
                headings={['Cohort', 'Starts', 'Ends', 'Status', 'Pairs']}
                rows={data.cohorts}
                rowKey={(c) => c.cohortId}
                cells={(c) => [
                  <a href={href.cohort(c.cohortId)}>{c.name}</a>,
                  humanDate(c.startsOn),
                  c.endsOn ? humanDate(c.endsOn) : '—',
                  c.status === 'closed' ? `Closed on ${humanDate(c.closedOn ?? '')}` : 'Open',
                  data.pairs.filter((p) => p.cohortId === c.cohortId).length.toLocaleString('en-GB'),
                ]}
              />
            </>
          ) : null}
          <h2>Pairs</h2>
          {can.seeActions(me.role) ? (
            <>
              <OverdueActions pairs={data.pairs} />
              <ReflectionsDueLine />
            </>
          ) : null}
          {can.seeWhatHappened(me.role) && data.pairs.length > 0 ? <LatelyHappened /> : null}
          {data.pairs.length === 0 ? <NoPairsYet role={me.role} cohorts={openCohorts.length} people={data.people.size} /> : null}
          {data.pairs.length > 1 ? (
            <FindBox
              about="Pairs"
              id="find-pair"
              label="Find a pair"
              hint="By initiative, partner or service area"
              typed={typed}
              onChange={setTyped}
              shown={shown.length}
              of={data.pairs.length}
              noun="pairs"
            >
              <SelectField id="pair-status" label="Show" value={status} onChange={setStatus} options={PAIR_FILTERS} placeholder="All pairs" />
              <CohortChoice id="pair-cohort" cohorts={data.cohorts} value={cohortId} onChange={setCohortId} />
            </FindBox>
          ) : null}
          {can.seeCohorts(me.role) && data.pairs.length > 0 ? (
            <div className="pt-inline-actions">
              <ActionButton run={() => savePairs(cohortId)} busyLabel="Downloading…">
                {cohortId ? "Download this cohort's pairs as a spreadsheet (CSV)" : 'Download the pairs as a spreadsheet (CSV)'}
              </ActionButton>
            </div>
          ) : null}
          <MoreRows shown={shown.length} more={more} noun="pairs" hint="find a pair above, or choose which to show" onShowAll={showAll} />
          {data.pairs.length > 0 ? <PairsTable pairs={shown} people={data.people} /> : null}
          {me.role === 'pair-member' && data.pairs.some((p) => p.status !== 'concluded') ? (
            <section aria-labelledby="before-next-meeting">
              <h2 id="before-next-meeting">Before your next meeting</h2>
              <p>
                A page to read or print: what your pair set out to do, what you agreed last time and where it stands, what is still open, and what has happened
                since.
              </p>
              <div className="pt-inline-actions">
                {data.pairs
                  .filter((p) => p.status !== 'concluded')
                  .map((p) => (
                    <ActionButton key={p.pairId} run={() => saveMeetingBrief(p.pairId, titleOf(p))} busyLabel="Downloading…">
                      {`Download the brief for "${titleOf(p)}" (HTML)`}
                    </ActionButton>
                  ))}
              </div>
            </section>
          ) : null}
          {data.actions.length > 0 ? (
            <section aria-labelledby="my-open-actions">
              <h2 id="my-open-actions">Open actions</h2>
              <p>What your pair agreed to do and has not yet completed or dropped, the most overdue first.</p>
              <OpenActionsTable actions={data.actions} ofOnePair={data.pairs.length === 1} you={me.participantId ?? undefined} />
            </section>
          ) : null}
          {me.participantId && data.people.get(me.participantId) ? (
            <MyConsent me={data.people.get(me.participantId)!} pairs={data.pairs.map((p) => ({ value: p.pairId, label: titleOf(p) }))} done={done} />
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** Pairs, each opening its page, with partners by name, service area, status, and why it needs attention. */
export function PairsTable({ pairs, people }: { pairs: readonly Pair[]; people: Map<string, Participant> }) {
  return (
    <DataTable
      caption="Pairs"
      testId="pairs"
      headings={['Pair', 'Partners', 'Service area', 'Status', 'Needs attention']}
      rows={pairs}
      rowKey={(p) => p.pairId}
      cells={(p) => [
        <a href={href.pair(p.pairId)}>{titleOf(p)}</a>,
        `${nameOf(people, p.livedExperiencePartnerId)} and ${nameOf(people, p.professionalPartnerId)}`,
        wordsOf(p.serviceArea),
        <Tag colour={STATUS_COLOUR[p.status]}>{p.status}</Tag>,
        p.needsAttention ? (
          <>
            <Tag colour="red">Needs attention</Tag> <span className="nhsuk-body-s">{attentionText(p)}</span>
          </>
        ) : (
          'No'
        ),
      ]}
    />
  );
}

/** Every pair (of a cohort, if one is chosen) as a spreadsheet, for a coordinator's papers: partners, status, and why it needs attention. */
export async function savePairs(cohortId: string) {
  const result = await api.GET('/pairs', { params: { query: { format: 'csv', ...(cohortId ? { cohortId } : {}) } }, parseAs: 'blob' });
  download(okAs<Blob>(result), `pairtrail-pairs-${localToday()}.csv`);
}

/** What happened in the four weeks to today (in a cohort, if one is given), counted in words: the way to the screen that lists it. */
export function LatelyHappened({ cohortId }: { cohortId?: string }) {
  const { data } = useLoad(async () => {
    const r = await api.GET('/timeline', { params: { query: { ...lastFourWeeks(), limit: 1, ...(cohortId ? { cohortId } : {}) } } });
    return okAs<ProgrammeTimelinePage>(r);
  }, [cohortId]);
  if (!data) return null;
  const counts = data.counts.filter((c) => c.entries > 0).map(countInWords);
  return (
    <p data-testid="lately-happened">
      {counts.length > 0
        ? `In the four weeks to today: ${counts.join('; ')}.`
        : `Nothing was recorded as happening in the four weeks to today${data.latestBefore ? ` (the latest entry is dated ${humanDate(data.latestBefore)})` : ''}.`}{' '}
      See it, pair by pair, on <a href={cohortId ? href.inCohort('what-happened', cohortId) : href.whatHappened}>What happened</a>.
    </p>
  );
}

/**
 * How many actions are overdue, and in how many pairs that have not concluded: the way to the list that
 * chases them (narrowed to `cohortId`, when the pairs are a cohort's).
 */
export function OverdueActions({ pairs, cohortId }: { pairs: readonly Pair[]; cohortId?: string }) {
  const late = pairs.filter((p) => p.status !== 'concluded' && p.overdueActions > 0);
  if (late.length === 0) return null;
  const actions = late.reduce((sum, p) => sum + p.overdueActions, 0);
  return (
    <p data-testid="overdue-actions">
      {counted(actions, 'action')} overdue in {counted(late.length, 'pair')}: see them, the most overdue first, on{' '}
      <a href={cohortId ? href.inCohort('actions', cohortId) : href.actions}>Actions</a>.
    </p>
  );
}

/** An empty programme, and what each role does next to fill it (`cohorts`: those open, to form pairs in): a new programme's first screen. */
function NoPairsYet({ role, cohorts, people }: { role: Role; cohorts: number; people: number }) {
  if (role === 'pair-member') return <p>You are not in a pair yet.</p>;
  if (role === 'coordinator') {
    return (
      <p data-testid="no-pairs-yet">
        There are no pairs yet. To form one: {cohorts === 0 ? 'open a cohort (above); ' : ''}
        {people < 2 ? (
          <>
            register both partners on <a href={href.participants}>Participants</a> (one by one, or many from a spreadsheet), with their consent to take
            part;{' '}
          </>
        ) : null}
        then form the pair (above){cohorts === 0 ? '' : ', or many pairs at once from a spreadsheet'}.
      </p>
    );
  }
  if (role === 'admin') {
    return (
      <p data-testid="no-pairs-yet">
        There are no pairs yet. Coordinators open cohorts, register participants and form pairs: add one on <a href={href.users}>Users</a>, with a token to sign
        in.
      </p>
    );
  }
  return <p data-testid="no-pairs-yet">There are no pairs yet. Their figures appear once a coordinator forms them.</p>;
}
