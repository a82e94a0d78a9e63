import { useEffect, useMemo, useState } from 'react';
import { CONSENT_SCOPES, ORGANISATION_TYPES, comparable, toKebabCase } from '@pairtrail/vocabulary';
import { api, download, ok, okAs, type Schemas } from '../api/client';
import { sendAsShown } from '../as-shown';
import { everyPair, everyPairFigures, everyParticipant } from '../api/lists';
import type { Participant, Role } from '../api/types';
import { pairsByPerson, type PairOf } from '../partners';
import {
  ActionButton,
  Button,
  Checkboxes,
  ErrorSummary,
  SelectField,
  TextArea,
  TextField,
  check,
  compact,
  hasDraft,
  useForm,
  FindBox,
} from '../components/form';
import { DataTable, Disclosure, MoreRows, Notice, RowButton, Status, Tag, WarningCallout, useFirstRows } from '../components/layout';
import { can, useSession } from '../session';
import { useLoad } from '../use-load';
import { byLabel, findIn, localToday, wordsOf } from '../lists';
import { TokenOnce } from './users';
import { ConsentForms, scopeLabel } from './consent-forms';
import { ImportForm, PARTICIPANTS_IMPORT } from './import-form';
import { consentReach } from '../consents';
import { humanDate, humanInstant } from '../dates';
import { href } from '../router';

/**
 * Which people the list shows, for a coordinator's next step with them: pairing those in no pair now,
 * chasing the consent to take part, or a reflection (the change in how a partner sees the relationship
 * is known only once they have reflected twice), or giving a sign-in; for an administrator, reviewing
 * whose personal data is still needed. The erased are in none of these.
 */
const PEOPLE_SHOWN = [
  { value: 'unpaired', label: 'Not in a pair now', shows: (_p: Participant, pairs: PairOf[]) => !pairs.some((pair) => pair.now) },
  { value: 'no-consent', label: 'Without consent to take part', shows: (p: Participant) => !consentReach(p, 'participation') },
  {
    value: 'to-reflect',
    label: 'Yet to reflect twice in a pair going on',
    shows: (_p: Participant, pairs: PairOf[]) => pairs.some((pair) => pair.now && pair.reflectedTwice === false),
    forEvaluation: true,
  },
  { value: 'no-sign-in', label: 'Who cannot sign in', shows: (p: Participant) => signInSaid(p) !== 'Yes', forSignIns: true },
  // For an administrator deciding whose personal data is no longer needed: those taking part in nothing now.
  { value: 'retention', label: 'For a retention review', shows: (p: Participant) => p.pairsGoingOn === 0, forErasure: true },
];

/** A person's consents for the list: each scope given, and where it does not reach every pair. */
const consentsSaid = (person: Participant) =>
  CONSENT_SCOPES.flatMap((scope) => {
    const reach = consentReach(person, scope);
    if (!reach) return [];
    const pairs = (n: number) => (n === 1 ? 'one pair' : `${n} pairs`);
    const where = reach.everyPair ? (reach.except.length ? ` (not for ${pairs(reach.except.length)})` : '') : ` (${pairs(reach.pairs.length)})`;
    return [`${scopeLabel(scope)}${where}`];
  }).join('; ');

const ORG_TYPES = ORGANISATION_TYPES.map((t) => ({ value: t, label: wordsOf(t) }));

/** Participants with their consents; coordinators register people and record consent, admins erase. */
export function ParticipantsPage() {
  const { me } = useSession();
  const [selected, setSelected] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const { data, error, loading, reload } = useLoad(async () => {
    const [participants, pairs] = await Promise.all([everyParticipant(), everyPair()]);
    // By name; the erased, who have none, last.
    return { participants: byLabel(participants, (p) => (p.erased ? '\uffff' : (p.name ?? ''))), pairs };
  }, []);
  const [typed, setTyped] = useState('');
  const [show, setShow] = useState('');
  // Who has reflected twice in each pair, from every pair's figures: read only when asked for (a page of
  // them a thousand pairs), and again with the list, since a reflection recorded since changes it.
  const reflections = show === 'to-reflect';
  const { data: figures, loading: readingFigures } = useLoad(async () => (reflections && data ? everyPairFigures() : undefined), [reflections, data]);
  const pairsBy = useMemo(() => pairsByPerson(data?.pairs ?? [], figures), [data, figures]);
  const pairsOf = (person: Participant) => pairsBy.get(person.participantId) ?? [];
  const choices = PEOPLE_SHOWN.filter(
    (c) => (!c.forSignIns || can.giveSignIn(me.role)) && (!c.forEvaluation || can.evaluate(me.role)) && (!c.forErasure || can.erase(me.role)),
  );
  const chosen = choices.find((c) => c.value === show);
  const reviewing = chosen?.value === 'retention';
  const chosenPeople = data && chosen ? data.participants.filter((p) => !p.erased && chosen.shows(p, pairsOf(p))) : data?.participants;
  // Those who took part longest ago first, for a review of whose data is still needed.
  const listed =
    reviewing && chosenPeople
      ? [...chosenPeople].sort((a, b) => (a.lastInvolvedOn < b.lastInvolvedOn ? -1 : a.lastInvolvedOn > b.lastInvolvedOn ? 1 : 0))
      : chosenPeople;
  const found = listed
    ? findIn(listed, typed, (p) => [...(p.erased ? [] : [p.name, p.role, p.organisation, p.perspective]), ...pairsOf(p).map((pair) => pair.label)])
    : [];
  const { shown, more, showAll } = useFirstRows(found);
  // The forms for the chosen person open above the list, which may be long: focus moves to them.
  useEffect(() => {
    if (selected) document.getElementById('manage-heading')?.focus();
  }, [selected]);
  // Everyone, with their consents and pairs, for a coordinator's own lists: the columns import participants reads first.
  const saveRegister = async () => {
    const result = await api.GET('/participants', { params: { query: { format: 'csv' } }, parseAs: 'blob' });
    download(okAs<Blob>(result), `pairtrail-participants-${localToday()}.csv`);
  };
  // The news shows once the page shows what changed.
  const done = async (message: string) => {
    await reload();
    setNotice(message);
  };
  const person = data?.participants.find((p) => p.participantId === selected);
  // Opened on a draft, so that what was typed is seen waiting (and left as the user leaves it after).
  const [registerOpen] = useState(() => hasDraft(REGISTER));
  return (
    <>
      <h1 tabIndex={-1}>Participants</h1>
      <Status loading={loading} error={error} />
      <Notice text={notice} />
      {person && !person.erased ? (
        // Keyed by the person: another one chosen, every form starts afresh, holding nothing typed for the last.
        <section key={person.participantId} aria-labelledby="manage-heading">
          <h2 id="manage-heading" tabIndex={-1}>
            {person.name}
          </h2>
          {can.manageParticipants(me.role) ? <ConsentForms person={person} pairs={pairsOf(person)} done={done} /> : null}
          {can.manageParticipants(me.role) ? <CorrectDetailsForm person={person} done={done} /> : null}
          {can.giveSignIn(me.role) ? <SignInGiver person={person} role={me.role} /> : null}
          {can.subjectAccess(me.role) ? <SubjectAccess person={person} /> : null}
          {can.erase(me.role) ? <EraseForm person={person} done={done} /> : null}
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setSelected(undefined)}>
            Close<span className="nhsuk-u-visually-hidden"> {person.name}</span>
          </button>
        </section>
      ) : null}
      {can.manageParticipants(me.role) ? (
        <Disclosure summary="Register a participant" open={registerOpen}>
          <RegisterForm people={data?.participants ?? []} done={done} />
        </Disclosure>
      ) : null}
      {can.manageParticipants(me.role) ? (
        <Disclosure summary="Import participants from a spreadsheet">
          <ImportForm kind={PARTICIPANTS_IMPORT} done={done} />
        </Disclosure>
      ) : null}
      {data && data.participants.length > 1 ? (
        <FindBox
          about="Participants"
          id="find-participant"
          label="Find a participant"
          hint="By name, role, organisation or pair"
          typed={typed}
          onChange={setTyped}
          shown={shown.length}
          of={data.participants.length}
          noun="participants"
        >
          <SelectField id="participants-shown" label="Show" value={show} onChange={setShow} options={choices} placeholder="Everyone" />
        </FindBox>
      ) : null}
      {data && data.participants.length > 0 ? (
        <div className="pt-inline-actions">
          <ActionButton run={saveRegister} busyLabel="Downloading…">
            Download everyone as a spreadsheet (CSV)
          </ActionButton>
        </div>
      ) : null}
      {reflections && (readingFigures || !figures) ? (
        <p role="status" data-testid="reading-reflections">
          Reading who has reflected in each pair…
        </p>
      ) : null}
      {reviewing ? (
        <p data-testid="retention-review">
          Everyone taking part in no pair now, those who last took part longest ago first. When they last took part is the latest of the day they were
          registered, their consents and the entries of their pairs. How long their personal data is kept is the programme&apos;s to decide. Erasing someone
          (Manage) keeps every count and figure of the evaluation, while the case studies they are in are no longer served.
        </p>
      ) : null}
      <MoreRows
        shown={shown.length}
        more={more}
        noun="participants"
        order={reviewing ? 'longest since they took part' : 'by name'}
        hint="find a participant above"
        onShowAll={showAll}
      />
      {data && data.participants.length === 0 ? (
        <p data-testid="no-participants">
          No one is registered yet.
          {can.manageParticipants(me.role)
            ? ' Register people one by one, or import them from a spreadsheet (above), each with their consent to take part.'
            : ' A coordinator registers the people of the programme.'}
        </p>
      ) : null}
      {data && data.participants.length > 0 ? (
        <DataTable
          caption="Participants"
          headings={[
            'Name',
            'Perspective',
            'Organisation',
            'Pairs',
            'Consents',
            ...(reviewing ? ['Last took part'] : []),
            ...(can.giveSignIn(me.role) ? ['Can sign in'] : []),
            <span className="nhsuk-u-visually-hidden">Actions</span>,
          ]}
          testId="participants"
          rows={shown}
          rowKey={(p) => p.participantId}
          cells={(p) => [
            p.erased ? <Tag colour="grey">[erased]</Tag> : p.name,
            wordsOf(p.perspective),
            p.erased ? '' : p.organisation,
            pairsOf(p).map((pair, i) => (
              <span key={pair.value}>
                {i > 0 ? <br /> : null}
                <a href={href.pair(pair.value)}>{pair.label}</a>
              </span>
            )),
            // An erased person's consents no longer let anything be done with their data.
            p.erased ? '' : consentsSaid(p) || 'None',
            ...(reviewing ? [humanDate(p.lastInvolvedOn)] : []),
            // Who still needs a sign-in, for those who give them, without opening each person.
            ...(can.giveSignIn(me.role) ? [p.erased ? '' : signInSaid(p)] : []),
            !p.erased && (can.manageParticipants(me.role) || can.erase(me.role)) ? (
              <RowButton label="Manage" about={p.name ?? ''} onClick={() => setSelected(p.participantId)} />
            ) : null,
          ]}
        />
      ) : null}
    </>
  );
}

/** Whether a person can sign in, as a pair member: yes, no, or not now (their sign-in's tokens all taken back). */
function signInSaid(person: Participant): string {
  const signIns = person.signIns ?? [];
  if (signIns.some((s) => s.liveTokens > 0)) return 'Yes';
  return signIns.length > 0 ? 'No: their tokens were taken back' : 'No';
}

/** The registration form's name, under which its draft is kept. */
const REGISTER = 'register';

/**
 * Someone already registered under this name (as `comparable` reads it, accents aside: José typed as
 * Jose may be him), of this perspective: perhaps the same person again.
 */
const namesakeOf = (people: Participant[], name: string, perspective: string) => {
  const key = comparable(name, { accents: 'ignored' });
  return people.find((p) => !p.erased && p.name !== undefined && comparable(p.name, { accents: 'ignored' }) === key && p.perspective === perspective);
};

function RegisterForm({ people, done }: { people: Participant[]; done: (m: string) => Promise<void> }) {
  const blank = { name: '', email: '', perspective: '', role: '', organisation: '', organisationType: '', registeredOn: '', another: [] as string[] };
  const form = useForm(
    REGISTER,
    blank,
    (v) => ({
      name: check.required(v.name, 'their name'),
      another:
        namesakeOf(people, v.name, v.perspective) && v.another.length === 0
          ? 'Tick this if they are someone else of the same name; if not, they are registered already'
          : undefined,
      email: check.email(v.email),
      perspective: check.required(v.perspective, 'whether they bring lived experience or are a professional'),
      role: check.required(v.role, 'their role'),
      organisation: check.required(v.organisation, 'their organisation'),
      organisationType: check.required(v.organisationType, 'the kind of organisation'),
      registeredOn: check.date(v.registeredOn, 'The date registered'),
    }),
    // Kept as typed until sent: leaving the screen loses nothing.
    { draft: true },
  );
  const namesake = namesakeOf(people, form.values.name, form.values.perspective);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      const { another: _another, ...details } = v;
      const body = compact(details) as Schemas['RegisterParticipantDto'];
      ok(await api.POST('/participants', { body }));
      form.reset();
      await done(`${v.name} is registered.`);
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Register a participant">
      <ErrorSummary form={form} />
      <TextField {...form.bind('name')} label="Name" />
      <TextField {...form.bind('email')} label="Email (optional)" type="email" />
      <SelectField
        {...form.bind('perspective')}
        label="Perspective"
        options={[
          { value: 'lived-experience', label: 'Lived experience (patient, carer, community)' },
          { value: 'professional', label: 'NHS or care professional' },
        ]}
      />
      <TextField {...form.bind('role')} label="Role" hint="For example, patient leader or consultant cardiologist" />
      <TextField {...form.bind('organisation')} label="Organisation" />
      <SelectField {...form.bind('organisationType')} label="Kind of organisation" options={ORG_TYPES} />
      <TextField {...form.bind('registeredOn')} label="Date registered (optional)" type="date" width={10} />
      {namesake ? (
        <WarningCallout label="Already registered?" level={3} testId="namesake">
          <p>
            {namesake.name} is already registered, as {namesake.role} at {namesake.organisation}, on {humanDate(namesake.registeredOn)}. Register them again
            only if this is someone else of the same name.
          </p>
          <Checkboxes {...form.bind('another')} label="Someone else?" options={[{ value: 'yes', label: 'This is a different person' }]} />
        </WarningCallout>
      ) : null}
      <Button busy={form.busy}>Register</Button>
    </form>
  );
}

function EraseForm({ person, done }: { person: Participant; done: (m: string) => Promise<void> }) {
  const form = useForm('erase', { reason: '', confirm: '' }, (v) => ({
    reason: check.required(v.reason, 'why this person is being erased'),
    confirm: v.confirm.trim() !== 'ERASE' ? 'Type ERASE to confirm: erasure cannot be undone' : undefined,
  }));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      ok(await api.POST('/participants/{id}/erase', { params: { path: { id: person.participantId } }, body: { reason: v.reason } }));
      form.reset();
      await done('The participant is erased: their personal data can no longer be read anywhere. Figures are unchanged.');
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="erase-heading">
      <h3 id="erase-heading">Erase {person.name}</h3>
      <WarningCallout label="This cannot be undone" level={4}>
        <p>Their name, contact details and words become unreadable everywhere, for good. Counts and evaluation figures stay as they are.</p>
      </WarningCallout>
      <ErrorSummary form={form} />
      <TextArea {...form.bind('reason')} label="Reason" rows={2} />
      <TextField {...form.bind('confirm')} label="Type ERASE to confirm" width={10} />
      <Button busy={form.busy} busyLabel="Erasing…" warning>
        Erase this person
      </Button>
      {form.busy ? (
        <p aria-live="polite" data-testid="erasing">
          Erasing: the read models are being rebuilt without their data. On a large programme this takes a minute or so; keep this page open.
        </p>
      ) : null}
    </form>
  );
}

/**
 * Gives a participant a sign-in of their own, as a pair member, and shows its token once. Someone who
 * has one already is not given a second: a lost token is replaced on the sign-in they have (by an
 * administrator, who takes the lost one back), or it would go on working beside the new one.
 */
function SignInGiver({ person, role }: { person: Participant; role: Role }) {
  const [token, setToken] = useState<string>();
  const give = async () => {
    const created = ok<{ token: string | null }>(
      await api.POST('/users', { body: { name: person.name ?? 'Pair member', role: 'pair-member', participantId: person.participantId } }),
    );
    setToken(created.token ?? undefined);
  };
  const had = person.signIns ?? [];
  const live = had.filter((s) => s.liveTokens > 0);
  const latest = live
    .map((s) => s.lastIssuedAt ?? '')
    .sort()
    .at(-1);
  // An administrator gives tokens; a coordinator asks one to.
  const admin = can.manageUsers(role);
  const usersScreen = admin ? <a href={href.users}>Users screen</a> : 'Users screen';
  const giveThem = admin ? 'give them' : 'ask an administrator to give them';
  return (
    <section aria-labelledby="sign-in-heading">
      <h3 id="sign-in-heading">A sign-in for {person.name}</h3>
      {/* Given here: its token, once, and no button to give a second. */}
      {token ? (
        <TokenOnce name={person.name ?? 'Their'} token={token} letter />
      ) : had.length === 0 ? (
        <>
          <p>So that they can record their pair's meetings, actions and reflections themselves, and read their own pairs.</p>
          <ActionButton run={give} busyLabel="Giving a sign-in…">
            Give {person.name} a sign-in
          </ActionButton>
        </>
      ) : live.length > 0 ? (
        <p data-testid="has-sign-in">
          {person.name} can sign in already: their {live.reduce((n, s) => n + s.liveTokens, 0) > 1 ? 'latest token' : 'token'} was given on{' '}
          {humanInstant(latest ?? '')}. If they have lost it, {giveThem} a new one on the {usersScreen} and take the lost one back: a second sign-in would leave
          the lost token working.
        </p>
      ) : (
        <p data-testid="has-sign-in">
          {person.name} has a sign-in whose tokens have all been taken back, so they cannot sign in. To let them, {giveThem} a new token on the {usersScreen}.
        </p>
      )}
    </section>
  );
}

/**
 * Subject access: everything Pairtrail holds about a person, in one file, for an administrator answering
 * their request (api.md's GET /participants/:id/export, which only an admin may ask for).
 */
function SubjectAccess({ person }: { person: Participant }) {
  // The data itself, or the same in words for them: a page to print or send.
  const save = async (format: 'json' | 'html') => {
    const held = ok<Blob>(await api.GET('/participants/{id}/export', { params: { path: { id: person.participantId }, query: { format } }, parseAs: 'blob' }));
    download(held, `subject-access-${toKebabCase(person.name ?? '').slice(0, 60) || person.participantId}-${localToday()}.${format}`);
  };
  return (
    <section aria-labelledby="subject-access-heading">
      <h3 id="subject-access-heading">Everything held about {person.name}</h3>
      <p>
        For their subject access request: their record and its history, the events of their pairs that name them, their reflections, each pair&apos;s case study
        and the approvals they gave, and their sign-ins with what was recorded under them: as data in one file (JSON), or the same in words, addressed to them,
        as a page to print or send (HTML). Each holds their personal data: keep it as safe as the programme&apos;s own, and give it to no one but them.
      </p>
      <div className="pt-inline-actions">
        <ActionButton run={() => save('json')} busyLabel="Gathering what is held…">
          Download everything held about {person.name}
        </ActionButton>
        <ActionButton run={() => save('html')} busyLabel="Gathering what is held…">
          Download it in words, to send them (HTML)
        </ActionButton>
      </div>
    </section>
  );
}

const DETAILS = ['name', 'email', 'role', 'organisation', 'organisationType', 'registeredOn'] as const;

/** Puts a participant's details right: a correction recorded with its reason, beside what it corrects. */
function CorrectDetailsForm({ person, done }: { person: Participant; done: (m: string) => Promise<void> }) {
  const now = Object.fromEntries(DETAILS.map((k) => [k, person[k] ?? ''])) as Record<(typeof DETAILS)[number], string>;
  const changed = (v: typeof now) => DETAILS.filter((k) => v[k].trim() !== now[k]);
  const form = useForm('details', { ...now, reason: '' }, (v) => ({
    name: check.required(v.name, 'their name'),
    role: check.required(v.role, 'their role'),
    organisation: check.required(v.organisation, 'their organisation'),
    email: check.email(v.email),
    registeredOn: check.required(v.registeredOn, 'the date they were registered') ?? check.date(v.registeredOn, 'The date registered'),
    reason: changed(v).length === 0 ? 'Change at least one detail' : check.required(v.reason, 'why they are being corrected'),
  }));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      // An email emptied is removed (null); every other detail is required.
      const value = (k: (typeof DETAILS)[number]) => (k === 'email' && !v.email.trim() ? null : v[k].trim());
      const body = { ...Object.fromEntries(changed(v).map((k) => [k, value(k)])), reason: v.reason } as Schemas['CorrectParticipantDto'];
      const path = { id: person.participantId };
      await sendAsShown(
        person,
        changed(v),
        `${person.name}'s`,
        async (header) => api.PATCH('/participants/{id}', { params: { path, header }, body }),
        async () => ok<Participant>(await api.GET('/participants/{id}', { params: { path } })),
      );
      await done(`${v.name}'s details are corrected.`);
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="details-heading">
      <h3 id="details-heading">Correct {person.name}'s details</h3>
      <p>The correction is recorded beside the details it corrects, with your reason.</p>
      <ErrorSummary form={form} />
      <TextField {...form.bind('name')} label="Name" />
      <TextField
        {...form.bind('email')}
        label="Email (optional)"
        type="email"
        hint={now.email ? 'Empty it to remove their email address, if they ask us not to hold it.' : undefined}
      />
      <TextField {...form.bind('role')} label="Role" />
      <TextField {...form.bind('organisation')} label="Organisation" />
      <SelectField {...form.bind('organisationType')} label="Kind of organisation" options={ORG_TYPES} />
      <TextField
        {...form.bind('registeredOn')}
        label="Date registered"
        type="date"
        width={10}
        hint="The day they joined the programme: a consent cannot be dated before it."
      />
      <TextArea {...form.bind('reason')} label="Why they are being corrected" rows={2} />
      <Button busy={form.busy}>Correct details</Button>
    </form>
  );
}
