import { useState } from 'react';
import { ApiError, api, download, ok, okAs } from '../api/client';
import type { Cohort, PairAction, PairDetail, PairFigures, Participant, TimelineEntry } from '../api/types';
import { DataTable, STATUS_COLOUR, Status, Tag, WarningCallout } from '../components/layout';
import { ActionButton, FindBox, SelectField } from '../components/form';
import { href } from '../router';
import { can, useSession } from '../session';
import { useLoad } from '../use-load';
import { Due } from './actions';
import { RecordForms, toRecordForms } from './pair-forms';
import { entryLabel } from './put-right-forms';
import { mayPutRight, type PutRight, type Write } from './record-parts';
import { nameOf, partnersOf } from './programme';
import { attentionText } from '../attention';
import { latest, localToday, titleOf, wordsOf } from '../lists';
import { TIMELINE_KINDS, correctionText, entryDetails, entryLookups } from '@pairtrail/vocabulary';
import { byWhom, findInTimeline } from '../timeline';
import { humanDate, humanDates } from '../dates';
import { glanceOf } from '../figures';
import { pairFileName, saveMeetingBrief } from './pair-documents';

/** Entries of the timeline shown until the whole story is asked for. */
const LATEST_ENTRIES = 50;
/** A timeline longer than this can be narrowed to one kind of entry, or found in by its words. */
const FIND_IN_TIMELINE_PAST = 10;

/** One pair: its timeline, with corrections and retractions shown, and the forms to record its work. */
export function PairPage({ pairId, closing, reflecting, author }: { pairId: string; closing?: string; reflecting?: boolean; author?: string }) {
  const { me } = useSession();
  const [notice, setNotice] = useState<string>();
  const [stale, setStale] = useState<{ retry: () => Promise<void> }>();
  const [wholeStory, setWholeStory] = useState(false);
  const [kind, setKind] = useState('');
  const [typed, setTyped] = useState('');
  const [putRight, setPutRight] = useState<PutRight>();
  const ask = (kind: PutRight['kind'], target: string) => setPutRight({ kind, target });
  // An address naming an open action (from the Actions list) asks for its form, as its "Complete or drop"
  // does; one asking for a reflection (from My pair), for the reflection form, its author the one signed in.
  const wanted = closing ? `close:${closing}` : reflecting ? `reflect:${author ?? ''}` : undefined;
  const [asked, setAsked] = useState<string>();
  if (wanted !== asked) {
    setAsked(wanted);
    if (closing) ask('close-action', closing);
    else if (reflecting) ask('reflection', author ?? me.participantId ?? '');
  }
  const { data, error, loading, reload } = useLoad(async () => {
    const [{ pair, people, cohortName }, timeline, figures] = await Promise.all([
      api
        .GET('/pairs/{id}', { params: { path: { id: pairId } } })
        .then((r) => ok<PairDetail>(r))
        .then(async (pair) => {
          // Its cohort by name, for those who may read cohorts (a pair member may not).
          const cohort = can.seeCohorts(me.role)
            ? api.GET('/cohorts/{id}', { params: { path: { id: pair.cohortId } } }).then((r) => ok<Cohort>(r).name)
            : Promise.resolve(undefined);
          return { pair, people: await partnersOf(pair), cohortName: await cohort };
        }),
      api.GET('/pairs/{id}/timeline', { params: { path: { id: pairId } } }).then((r) => ok<{ items: TimelineEntry[] }>(r).items),
      // Its figures, for those who may read the evaluation (a pair member may not).
      can.evaluate(me.role) ? api.GET('/evaluation/pairs/{id}', { params: { path: { id: pairId } } }).then((r) => ok<PairFigures>(r)) : undefined,
    ]);
    return { pair, timeline, people, figures, cohortName };
  }, [pairId]);

  /**
   * Sends a write with the revision this page shows as If-Match. If someone else changed the pair in
   * the meantime (412), offer to reload it and send the same entry again.
   */
  const write: Write = async (send, done) => {
    const revision = data?.pair.revision;
    setNotice(undefined);
    try {
      await send(revision === undefined ? {} : { 'If-Match': `"${revision}"` });
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        setStale({
          retry: async () => {
            const fresh = await reload();
            setStale(undefined);
            await send(fresh ? { 'If-Match': `"${fresh.pair.revision}"` } : {});
            await reload();
            setNotice(`${done} (after reloading the pair).`);
          },
        });
        return;
      }
      throw error;
    }
    await reload();
    setNotice(`${done}.`);
  };

  if (!data) return <Status loading={loading} error={error} />;
  const { pair, timeline, people, figures } = data;
  const lookups = entryLookups(timeline);
  const person = (id: string) => nameOf(people, id);
  const found = findInTimeline(timeline, kind, typed, person, lookups);
  // A pair of some years has a thousand entries or more: its latest are what a visit is usually for.
  const { shown, earlier } = wholeStory ? { shown: found, earlier: 0 } : latest(found, LATEST_ENTRIES);
  const recording = can.record(me.role);
  const puttingRight = (entry: TimelineEntry) => recording && mayPutRight(entry, me);
  const partners: Participant[] = [pair.livedExperiencePartnerId, pair.professionalPartnerId].map(
    (id) => people.get(id) ?? ({ participantId: id, name: undefined } as unknown as Participant),
  );
  return (
    <>
      <h1 tabIndex={-1}>{titleOf(pair)}</h1>
      <p className="nhsuk-body-l">
        {nameOf(people, pair.livedExperiencePartnerId)} (lived experience) and {nameOf(people, pair.professionalPartnerId)} (professional),{' '}
        {wordsOf(pair.serviceArea, { inSentence: true })}. <Tag colour={STATUS_COLOUR[pair.status]}>{pair.status}</Tag>{' '}
        {pair.needsAttention ? <Tag colour="red">Needs attention</Tag> : null}
      </p>
      {pair.needsAttention ? (
        <div className="nhsuk-inset-text" data-testid="attention">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            <strong>Needs attention:</strong> {attentionText(pair)}.
          </p>
        </div>
      ) : null}
      {pair.status === 'paused' ? <PausedNote timeline={timeline} /> : null}
      <p className="pt-inline-actions">
        <a href={href.caseStudy(pair.pairId)}>Case study</a>
        {data.cohortName ? <a href={href.cohort(pair.cohortId)}>Its cohort: {data.cohortName}</a> : null}
        {can.audit(me.role) ? <a href={href.audit({ stream: `pair-${pair.pairId}` })}>This pair's audit trail</a> : null}
        {recording ? (
          // On a phone the forms come after the whole timeline: this goes straight to them.
          <button type="button" className="nhsuk-link" onClick={toRecordForms}>
            Record a meeting, action or reflection
          </button>
        ) : null}
      </p>
      {notice ? (
        <div className="nhsuk-notification-banner nhsuk-notification-banner--success" role="alert" aria-labelledby="notice-title">
          <div className="nhsuk-notification-banner__header">
            <h2 className="nhsuk-notification-banner__title" id="notice-title">
              Success
            </h2>
          </div>
          <div className="nhsuk-notification-banner__content">
            <p className="nhsuk-notification-banner__heading">{notice}</p>
          </div>
        </div>
      ) : null}
      {stale ? (
        <WarningCallout label="Someone else changed this pair" alert testId="stale">
          <p>
            Since you opened this page, someone recorded something else for this pair, so your entry was not saved. Reload the pair and save your entry again.
          </p>
          <button type="button" className="nhsuk-button" onClick={() => void stale.retry()}>
            Reload and save again
          </button>
        </WarningCallout>
      ) : null}
      {figures ? <AtAGlance figures={figures} untagged={pair.meetingsWithoutApproach} /> : null}
      <OpenActions
        actions={pair.actions}
        // The reader's own said to be theirs, as on My pair.
        person={(id) => (id === me.participantId ? 'You' : person(id))}
        close={recording && pair.status !== 'concluded' ? (actionId) => ask('close-action', actionId) : undefined}
      />
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half">
          <h2>Timeline</h2>
          {timeline.length > FIND_IN_TIMELINE_PAST ? (
            <FindBox
              about="The timeline"
              id="find-entry"
              label="Find in the timeline"
              hint="By its words, a name or a date"
              typed={typed}
              onChange={setTyped}
              shown={found.length}
              of={timeline.length}
              noun="entries"
            >
              <SelectField id="entry-kind" label="Show" value={kind} onChange={setKind} options={[...TIMELINE_KINDS]} placeholder="Every entry" />
            </FindBox>
          ) : null}
          {earlier > 0 ? (
            <p>
              The latest {shown.length} of {found.length.toLocaleString('en-GB')} entries.{' '}
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setWholeStory(true)}>
                Show all {found.length.toLocaleString('en-GB')} entries
              </button>
            </p>
          ) : null}
          {timeline.length > 0 ? <PairDocuments pairId={pairId} title={titleOf(pair)} formedOn={pair.formedOn} goingOn={pair.status !== 'concluded'} /> : null}
          <ol className="pt-timeline" data-testid="timeline">
            {shown.map((entry) => (
              <li key={entry.eventId} className={entry.retracted ? 'pt-retracted' : undefined}>
                <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
                  <strong>{humanDate(entry.on)}</strong> · {entry.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}
                </p>
                <p className="pt-summary nhsuk-u-margin-bottom-1">{humanDates(entry.summary)}</p>
                {entryDetails(entry, person, lookups).map((line, i) => (
                  <p className="nhsuk-body-s nhsuk-u-margin-bottom-1" key={i}>
                    {humanDates(line)}
                  </p>
                ))}
                {entry.corrections.map((c) => (
                  <p className="nhsuk-body-s nhsuk-u-margin-bottom-1" key={c.eventId}>
                    <Tag colour="orange">Corrected</Tag> {humanDates(correctionText(c.replacement, person))}: {c.reason}{' '}
                    <By actor={c.actor} at={c.recordedAt} />{' '}
                    {puttingRight(entry) ? (
                      <PutRightButton onClick={() => ask('retraction', c.eventId)} about={`this correction of ${entryLabel(entry)}`}>
                        Undo
                      </PutRightButton>
                    ) : null}
                  </p>
                ))}
                {entry.retracted ? (
                  <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
                    <Tag colour="grey">Retracted</Tag> {entry.retracted.reason} <By actor={entry.retracted.actor} at={entry.retracted.recordedAt} />{' '}
                    {puttingRight(entry) ? (
                      <PutRightButton onClick={() => ask('retraction', entry.retracted!.eventId)} about={`this entry: ${entryLabel(entry)}`}>
                        Restore
                      </PutRightButton>
                    ) : null}
                  </p>
                ) : puttingRight(entry) ? (
                  <p className="nhsuk-body-s nhsuk-u-margin-bottom-1 pt-inline-actions">
                    <PutRightButton onClick={() => ask('correction', entry.eventId)} about={`this entry: ${entryLabel(entry)}`}>
                      Correct
                    </PutRightButton>
                    {entry.type !== 'PairFormed' ? (
                      <PutRightButton onClick={() => ask('retraction', entry.eventId)} about={`this entry: ${entryLabel(entry)}`}>
                        Retract
                      </PutRightButton>
                    ) : null}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </div>
        <div className="nhsuk-grid-column-one-half">
          {recording ? (
            <RecordForms pair={pair} partners={partners} timeline={timeline} write={write} me={me} person={person} request={putRight} />
          ) : (
            <p>Your role can read this pair but not record for it.</p>
          )}
        </div>
      </div>
    </>
  );
}

/** The pair's figures in a few words each, with the way to the whole programme's; `untagged`: its meetings that name no approach. */
function AtAGlance({ figures, untagged }: { figures: PairFigures; untagged: number }) {
  return (
    <>
      <h2>At a glance</h2>
      <dl className="nhsuk-summary-list" data-testid="at-a-glance">
        {glanceOf(figures, untagged).map(({ key, value }) => (
          <div className="nhsuk-summary-list__row" key={key}>
            <dt className="nhsuk-summary-list__key">{key}</dt>
            <dd className="nhsuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
      <p>
        <a href={href.evaluation}>Compare with every pair's figures</a>
      </p>
    </>
  );
}

/**
 * The pair's documents to print or keep: while it goes on, a brief before its next meeting (what it set
 * out to do, what was agreed last time and where it stands, what is open, what happened since, whose
 * reflection is due); and its story from the day it formed to today (what What happened gives of one
 * pair), for its partners and for a review of its work.
 */
function PairDocuments({ pairId, title, formedOn, goingOn }: { pairId: string; title: string; formedOn: string; goingOn: boolean }) {
  const saveStory = async () => {
    const to = localToday();
    const query = { pairId, from: formedOn < to ? formedOn : to, to, format: 'html' as const };
    const result = await api.GET('/timeline', { params: { query }, parseAs: 'blob' });
    download(okAs<Blob>(result), pairFileName(title, ''));
  };
  const saveBrief = () => saveMeetingBrief(pairId, title);
  return (
    <div className="pt-inline-actions">
      {goingOn ? (
        <ActionButton run={saveBrief} busyLabel="Downloading…">
          Download a brief for the next meeting (HTML)
        </ActionButton>
      ) : null}
      <ActionButton run={saveStory} busyLabel="Downloading…">
        Download its story as a document (HTML)
      </ActionButton>
    </div>
  );
}

/** Why and since when a pair is paused, from its latest pause in force, and what pausing means. */

function PausedNote({ timeline }: { timeline: TimelineEntry[] }) {
  const pause = [...timeline].reverse().find((e) => e.type === 'PairPaused' && !e.retracted);
  const reason = typeof pause?.data.reason === 'string' ? pause.data.reason : undefined;
  return (
    <div className="nhsuk-inset-text" data-testid="paused">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      <p>
        <strong>Paused{pause ? ` since ${humanDate(pause.on)}` : ''}</strong>
        {reason ? `: ${reason}` : ''}. While paused, the pair is not flagged as needing attention, and what is recorded still counts. A coordinator resumes it
        when the pair starts again.
      </p>
    </div>
  );
}

/**
 * The pair's open actions, the overdue first and then by due date: what "1 action overdue" means, without
 * reading the whole timeline for it; with `close`, each goes to the form that completes or drops it.
 */
function OpenActions({ actions, person, close }: { actions: PairAction[]; person: (id: string) => string; close?: (actionId: string) => void }) {
  const open = actions
    .filter((a) => !a.completed && !a.dropped)
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'));
  if (open.length === 0) return null;
  return (
    <section aria-labelledby="open-actions">
      <h2 id="open-actions">Open actions</h2>
      <DataTable
        caption="Open actions"
        headings={['Action', 'Owner', 'Agreed', 'Due']}
        testId="open-actions"
        rows={open}
        rowKey={(a) => a.actionId}
        cells={(a) => [
          <>
            {a.description}
            {/* Under the action it puts right, where the eye already is. */}
            {close ? (
              <div className="nhsuk-body-s nhsuk-u-margin-bottom-0">
                <PutRightButton onClick={() => close(a.actionId)} about={`this action: ${a.description}`}>
                  Complete or drop
                </PutRightButton>
              </div>
            ) : null}
          </>,
          person(a.ownerId),
          humanDate(a.agreedOn),
          <Due action={a} />,
        ]}
      />
    </section>
  );
}

/** A button that reads as a link, taking the record forms to one entry or action; `about` ("this entry: …") names it to a screen reader. */
function PutRightButton({ onClick, about, children }: { onClick: () => void; about: string; children: string }) {
  return (
    <button type="button" className="nhsuk-link" onClick={onClick}>
      {children}
      <span className="nhsuk-u-visually-hidden"> {about}</span>
    </button>
  );
}

/** Who put an entry right, and on which day: "(a coordinator, 5 December 2026)". The log keeps both; the pair may want to know. */
function By({ actor, at }: { actor: TimelineEntry['corrections'][number]['actor']; at: string }) {
  const { me } = useSession();
  const who = byWhom(actor, me.userId);
  return <span className="nhsuk-u-secondary-text-colour">({[who, humanDate(localToday(new Date(at)))].filter(Boolean).join(', ')})</span>;
}
