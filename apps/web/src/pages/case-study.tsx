import { useEffect, useState } from 'react';
import { ApiError, api, download, messageOf, ok, okAs } from '../api/client';
import type { CaseStudyJson, CaseStudyVersion, Pair, Participant } from '../api/types';
import { ActionButton, Button, ErrorSummary, SelectField, TextArea, TextField, check, useForm } from '../components/form';
import { Notice, RowButton, Status, Tag } from '../components/layout';
import { href } from '../router';
import { can, useSession } from '../session';
import { useLoad } from '../use-load';
import { nameOf, partnersOf } from './programme';
import { titleOf } from '../lists';
import { humanDate } from '../dates';
import { approvalsOf, changedSections, lastApproved } from '../case-study-standing';

/**
 * Makes a framed case study as tall as its text, and keeps it so as the text reflows (a narrower window,
 * a larger font), so it reads with the page rather than in a box of its own with a scroll bar.
 */
function fitToContent(frame: HTMLIFrameElement) {
  const inner = frame.contentDocument;
  if (!inner?.body) return;
  const fit = () => {
    // The frame's own border is inside its height (border-box), around the text's.
    frame.style.height = `${inner.documentElement.scrollHeight + frame.offsetHeight - frame.clientHeight}px`;
  };
  fit();
  new ResizeObserver(fit).observe(inner.body);
}

/** A pair's case study: the narrative as it stands, its approved versions, and approval, publication and withdrawal. */
export function CaseStudyPage({ pairId }: { pairId: string }) {
  const { me } = useSession();
  const [notice, setNotice] = useState<string>();
  // A date to regenerate it as of: what the pair's story was on that day, with today's consents.
  const [asOf, setAsOf] = useState('');
  const asOfForm = useForm('case-study-as-of', { asOf: '' }, (v) => ({ asOf: check.lookBack(v.asOf, 'The date') }));
  // An approved or published version to read, byte for byte as it was approved, rather than the one told now.
  const [version, setVersion] = useState<string>();
  // The case study shown: a version as it was approved, or the one told now (as of the date asked for).
  const told = (format: 'json' | 'md' | 'html', parseAs: 'json' | 'text' | 'blob') =>
    version
      ? api.GET('/case-studies/{pairId}/versions/{contentHash}', { params: { path: { pairId, contentHash: version }, query: { format } }, parseAs })
      : api.GET('/case-studies/{pairId}', { params: { path: { pairId }, query: { format, ...(asOf ? { asOf } : {}) } }, parseAs });
  const { data, error, loading, reload } = useLoad(async () => {
    const pair = ok<Pair>(await api.GET('/pairs/{id}', { params: { path: { id: pairId } } }));
    const people = await partnersOf(pair);
    const versions = ok<{ items: CaseStudyVersion[] }>(await api.GET('/case-studies/{pairId}/versions', { params: { path: { pairId } } })).items;
    try {
      const [html, json] = await Promise.all([told('html', 'text').then((r) => okAs<string>(r)), told('json', 'json').then((r) => okAs<CaseStudyJson>(r))]);
      // Told anew since a version a partner approved: what they would read anew in it, if anything.
      const approved = version || asOf ? undefined : lastApproved(versions);
      const sinceApproved =
        approved && approved.contentHash !== json.provenance.contentHash
          ? await api
              .GET('/case-studies/{pairId}/versions/{contentHash}', {
                params: { path: { pairId, contentHash: approved.contentHash }, query: { format: 'json' } },
              })
              .then((r) => ({ approved, changed: changedSections(okAs<CaseStudyJson>(r), json) }))
              // A version a later withdrawal or erasure affects is no longer served: nothing to read it against.
              .catch(() => undefined)
          : undefined;
      // The date it was made as of: said from the data, so the page never claims a date its text is not yet of.
      return { pair, people, html, json, versions, unavailable: undefined, asOf, version, sinceApproved };
    } catch (error) {
      // A 404 here, the pair found, is a date before it was formed: said in the page, the date kept to change.
      if (error instanceof ApiError && asOf && error.status === 404)
        return {
          pair,
          people,
          unavailable: `This pair was formed on ${humanDate(pair.formedOn)}, so it had no story on ${humanDate(asOf)}. Choose a later date.`,
        };
      if (error instanceof ApiError && (error.status === 409 || error.status === 410)) return { pair, people, versions, unavailable: error.message, version };
      throw error;
    }
  }, [pairId, asOf, version]);
  const save = async (format: 'md' | 'html') => {
    download(okAs<Blob>(await told(format, 'blob')), `case-study-${pairId}${version ? `-${version.slice(0, 12)}` : asOf ? `-${asOf}` : ''}.${format}`);
  };

  const print = () => {
    const frame = document.getElementById('case-study-frame') as HTMLIFrameElement | null;
    frame?.contentWindow?.print();
  };
  const show = (contentHash: string) => {
    setNotice(undefined);
    setVersion(contentHash);
    window.scrollTo(0, 0);
  };
  // The news shows once the page shows what changed.
  const done = async (message: string) => {
    await reload();
    setNotice(message);
  };
  // A version both partners approved, published as it was approved: one told before the latest entries
  // or consents changed the telling is still theirs to have published.
  const [publishing, setPublishing] = useState<string>();
  const publish = can.manageCaseStudies(me.role)
    ? async (contentHash: string) => {
        setPublishing(undefined);
        try {
          ok(await api.POST('/case-studies/{pairId}/publish', { params: { path: { pairId } }, body: { contentHash } }));
          await done('Case study published.');
        } catch (failure) {
          setPublishing(messageOf(failure));
        }
      }
    : undefined;

  return (
    <>
      <p className="pt-no-print">
        <a href={href.pair(pairId)}>Back to the pair</a>
      </p>
      <h1 tabIndex={-1}>Case study{data ? `: ${titleOf(data.pair)}` : ''}</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void asOfForm.submit(async (v) => {
            setVersion(undefined);
            setAsOf(v.asOf);
          });
        }}
        noValidate
        className="pt-inline-actions pt-no-print"
        aria-label="Case study as of a date"
      >
        <TextField {...asOfForm.bind('asOf')} label="As the story stood on" hint="Leave empty for today" type="date" width={10} />
        <div>
          <Button busy={loading} busyLabel="Loading…">
            Show
          </Button>
        </div>
      </form>
      <Status loading={loading} error={error} />
      <Notice text={notice} />
      {data?.version ? (
        <div className="nhsuk-inset-text pt-no-print" data-testid="shown-version">
          <p>
            This is version <span className="pt-code">{data.version.slice(0, 16)}…</span>, byte for byte as its partners approved it
            {data.versions?.find((v) => v.contentHash === data.version)?.published ? ', and as it is published' : ''}.
          </p>
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" onClick={() => setVersion(undefined)}>
            Back to the case study as told now
          </button>
        </div>
      ) : null}
      {data?.unavailable ? (
        <div className="nhsuk-inset-text">
          <p>{data.unavailable}</p>
        </div>
      ) : null}
      {data?.versions && !data.html ? (
        <Versions versions={data.versions} people={data.people} shown={data.version} show={show} publish={publish} problem={publishing} />
      ) : null}
      {data && data.html && data.json ? (
        <>
          <p>
            Generated from the record up to position {data.json.provenance.position} ({data.json.provenance.eventsUsed} events). Content hash{' '}
            <span className="pt-code">{data.json.provenance.contentHash}</span>.{data.asOf ? ` As the story stood on ${humanDate(data.asOf)}.` : ''}
          </p>
          {data.sinceApproved ? <SinceApproved {...data.sinceApproved} now={data.json.provenance.position} people={data.people} show={show} /> : null}
          <div className="pt-inline-actions pt-no-print">
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={print}>
              Print
            </button>
            <ActionButton run={() => save('md')} busyLabel="Downloading…">
              Download (Markdown)
            </ActionButton>
            <ActionButton run={() => save('html')} busyLabel="Downloading…">
              Download (HTML)
            </ActionButton>
          </div>
          <iframe
            id="case-study-frame"
            className="pt-case-study"
            title="The case study, as it would be printed"
            srcDoc={data.html}
            data-testid="case-study"
            onLoad={(event) => fitToContent(event.currentTarget)}
          />
          <Versions versions={data.versions!} people={data.people} shown={data.version} show={show} publish={publish} problem={publishing} />
          {data.version ? null : data.asOf ? (
            <p className="pt-no-print">
              As the story stood on {humanDate(data.asOf)}: a version is approved and published as it stands today, so clear the date to do that.
            </p>
          ) : can.manageCaseStudies(me.role) || me.role === 'pair-member' ? (
            <CaseStudyActions
              pair={data.pair}
              people={data.people}
              contentHash={data.json.provenance.contentHash}
              version={data.versions?.find((v) => v.contentHash === data.json!.provenance.contentHash)}
              withdrawable={(data.versions ?? []).some((v) => v.published || v.approvals.some((a) => !a.takenBack))}
              done={done}
              reload={reload}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}

/**
 * What a partner would read anew in the case study as told now, against the latest version approved:
 * the sections whose words changed, or that only the record it is told from moved on (which gives it a
 * content hash of its own, for its partners to approve again).
 */
function SinceApproved({
  approved,
  changed,
  now,
  people,
  show,
}: {
  approved: CaseStudyVersion;
  changed: string[];
  now: string;
  people: Map<string, Participant>;
  show: (contentHash: string) => void;
}) {
  const which = `version ${approved.contentHash.slice(0, 16)}…, ${approvalsOf(approved.approvals, (id) => nameOf(people, id)).said}`;
  return (
    <div className="nhsuk-inset-text pt-no-print" data-testid="since-approved">
      {changed.length === 0 ? (
        <p>
          Its words are the same as those of {which}: only the record it is told from has moved on (from position {approved.position} to {now}), which gives it
          a content hash of its own.
        </p>
      ) : (
        <>
          <p>
            Since {which}, {changed.length === 1 ? 'this has' : 'these have'} changed: {changed.join('; ')}.
          </p>
          <RowButton label="Read that version" about={`${approved.contentHash.slice(0, 16)}, as approved`} onClick={() => show(approved.contentHash)} />
        </>
      )}
    </div>
  );
}

/** The approved and published versions, each with who approved it, and a way to read it as approved. */
function Versions({
  versions,
  people,
  shown,
  show,
  publish,
  problem,
}: {
  versions: CaseStudyVersion[];
  people: Map<string, Participant>;
  shown?: string;
  show: (contentHash: string) => void;
  /** For a coordinator: publishes a version waiting to be published. */
  publish?: (contentHash: string) => Promise<void>;
  /** Why the latest publication asked for here was refused. */
  problem?: string;
}) {
  // Left out of a printed page, like the page's other controls: the case study is what is printed.
  return (
    <div className="pt-no-print">
      <h2>Versions</h2>
      {problem ? (
        <div className="nhsuk-error-summary" role="alert">
          <p>Could not publish that version: {problem}</p>
        </div>
      ) : null}
      {versions.length === 0 ? <p>No version has been approved yet.</p> : null}
      <ul className="nhsuk-list nhsuk-list--bullet" data-testid="versions">
        {versions.map((v) => {
          const approvals = approvalsOf(v.approvals, (id) => nameOf(people, id));
          return (
            <li key={v.contentHash}>
              <span className="pt-code">{v.contentHash.slice(0, 16)}…</span> at position {v.position}: {approvals.said}{' '}
              {v.published ? <Tag colour="green">Published</Tag> : null}{' '}
              {v.contentHash === shown ? (
                <strong>(shown above)</strong>
              ) : approvals.readable ? (
                <RowButton label="Read this version" about={`${v.contentHash.slice(0, 16)}, as approved`} onClick={() => show(v.contentHash)} />
              ) : null}{' '}
              {publish && v.publishable ? (
                <RowButton
                  label="Publish this version"
                  about={`${v.contentHash.slice(0, 16)}, as both partners approved it`}
                  onClick={() => void publish(v.contentHash)}
                />
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function CaseStudyActions({
  pair,
  people,
  contentHash,
  version,
  withdrawable,
  done,
  reload,
}: {
  pair: Pair;
  people: Map<string, Participant>;
  contentHash: string;
  /** The version shown, as approved or published, if it has been. */
  version: CaseStudyVersion | undefined;
  /** Something is published or approved, for a withdrawal to take back. */
  withdrawable: boolean;
  done: (m: string) => Promise<void>;
  reload: () => Promise<unknown>;
}) {
  const { me } = useSession();
  // The partners whose approval of it stands (not taken back by a withdrawal).
  const approvedBy = (version?.approvals ?? []).filter((a) => !a.takenBack).map((a) => a.participantId);
  const published = version?.published === true;
  const both = [pair.livedExperiencePartnerId, pair.professionalPartnerId];
  // Those who may approve it here and have not: a pair member only themself.
  const partners = both.filter((id) => (me.role !== 'pair-member' || id === me.participantId) && !approvedBy.includes(id));
  const approvedAll = both.every((id) => approvedBy.includes(id));
  const actions = [
    ...(partners.length
      ? [{ value: 'approve', label: me.role === 'pair-member' ? 'Approve this version' : 'Record a partner’s approval of this version' }]
      : []),
    // Published once both partners have approved it (the API refuses it before).
    ...(me.role === 'coordinator' && approvedAll && !published ? [{ value: 'publish', label: 'Publish this version' }] : []),
    ...(withdrawable ? [{ value: 'withdraw', label: 'Withdraw the case study, and every approval of it' }] : []),
  ];
  // Where this version stands, so that what is not offered is not a mystery.
  const stands = published
    ? 'This version is the one published.'
    : approvedAll
      ? `Both partners have approved this version${me.role === 'coordinator' ? ': it can be published.' : '; a coordinator publishes it.'}`
      : me.role === 'pair-member' && approvedBy.includes(me.participantId ?? '')
        ? `You have approved this version; it waits for ${both
            .filter((id) => !approvedBy.includes(id))
            .map((id) => nameOf(people, id))
            .join(' and ')} to approve it too.`
        : undefined;
  // Approving or publishing is chosen to start with; withdrawing never is.
  const first = actions.find((a) => a.value !== 'withdraw')?.value ?? '';
  const form = useForm('case-study', { action: first, participantId: partners.length === 1 ? partners[0]! : '', reason: '' }, (v) => ({
    action: v.action ? undefined : 'Choose what to do',
    participantId: v.action === 'approve' ? check.required(v.participantId, 'which partner approves') : undefined,
    reason: v.action === 'withdraw' ? check.required(v.reason, 'why it is being withdrawn') : undefined,
  }));
  // Once the approvals change (one just given, or the page shown again), what is chosen follows what is left to do.
  const offered = actions.map((a) => a.value).join(' ');
  const approvers = partners.join(' ');
  // Set as the form starts, not as if typed: a choice nobody has made yet is not an error to show.
  useEffect(() => {
    const action = offered.split(' ').includes(form.values.action) ? form.values.action : first;
    const participantId = approvers.split(' ').includes(form.values.participantId) ? form.values.participantId : partners.length === 1 ? partners[0]! : '';
    if (action !== form.values.action || participantId !== form.values.participantId) form.reset({ ...form.values, action, participantId });
  }, [offered, approvers, first]);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      const path = { pairId: pair.pairId };
      if (v.action === 'approve') {
        const approval = await api.POST('/case-studies/{pairId}/approvals', { params: { path }, body: { participantId: v.participantId, contentHash } });
        // Refused because the case study changed since this page showed it (an entry recorded, a consent
        // changed): said so in words, and shown again as told now, to be read before it is approved.
        if (approval.response.status === 409) {
          const now = await api.GET('/case-studies/{pairId}', { params: { path, query: { format: 'json' } } });
          if (now.response.ok && (now.data as unknown as CaseStudyJson).provenance.contentHash !== contentHash) {
            await reload();
            throw new Error(
              'The case study has changed since this page showed it, so that version can no longer be approved. It is shown again now, as told now: read it, then approve it.',
            );
          }
        }
        ok(approval);
      } else if (v.action === 'publish') ok(await api.POST('/case-studies/{pairId}/publish', { params: { path }, body: { contentHash } }));
      else ok(await api.POST('/case-studies/{pairId}/withdraw', { params: { path }, body: { reason: v.reason } }));
      form.reset();
      await done(
        v.action === 'approve'
          ? 'Approval recorded.'
          : v.action === 'publish'
            ? 'Case study published.'
            : 'Case study withdrawn: every approval given before is taken back.',
      );
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="case-study-actions" className="pt-no-print">
      <h2 id="case-study-actions">Approve, publish or withdraw</h2>
      {stands ? <p data-testid="version-stands">{stands}</p> : null}
      <ErrorSummary form={form} />
      {actions.length === 0 ? null : <SelectField {...form.bind('action')} label="What to do" onChange={(v) => form.set('action', v)} options={actions} />}
      {form.values.action === 'approve' && me.role !== 'pair-member' ? (
        <SelectField {...form.bind('participantId')} label="Partner who approves" options={partners.map((id) => ({ value: id, label: nameOf(people, id) }))} />
      ) : null}
      {form.values.action === 'withdraw' ? <TextArea {...form.bind('reason')} label="Why it is being withdrawn" rows={2} /> : null}
      {actions.length === 0 ? null : <Button busy={form.busy}>Save</Button>}
    </form>
  );
}
