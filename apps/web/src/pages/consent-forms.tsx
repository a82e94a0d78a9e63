import { CONSENT_SCOPES, type ConsentScope } from '@pairtrail/vocabulary';
import { api, ok, type Schemas } from '../api/client';
import type { Consent, Participant } from '../api/types';
import { consentReachSaid } from '../consents';
import { Button, ErrorSummary, SelectField, TextArea, TextField, check, compact, useForm } from '../components/form';

const SCOPE_LABELS: Record<ConsentScope, string> = {
  participation: 'Taking part',
  'case-study': 'Appearing in case studies',
  named: 'Being named in case studies',
  quotes: 'Being quoted',
};
/** The words for the person a consent is of: the one signed in (you), or someone else (they). */
type Person = { they: string; them: string; their: string };
const YOU: Person = { they: 'you', them: 'you', their: 'your' };
const THEY: Person = { they: 'they', them: 'them', their: 'their' };
const SCOPE_MEANINGS: Record<ConsentScope, (p: Person) => string> = {
  participation: ({ they, their }) => `${their} records may be kept, and ${they} may be in a pair and at its meetings`,
  'case-study': ({ their }) => `${their} pair's work may appear in a case study`,
  named: ({ them, their }) => `a case study may name ${them}, rather than describe ${them} by ${their} role`,
  quotes: ({ they }) => `a case study may quote the reflections ${they} offer for quotation`,
};
/** What withdrawing each consent does (domain.md), said before it is done. */
const WITHDRAWN: Record<ConsentScope, (who: { they: string; their: string }) => string> = {
  participation: ({ they, their }) =>
    `${they} can no longer be put in a pair or recorded at a meeting, and ${they.toLowerCase()} leave every case study. What was recorded before stays, so the figures still add up; ${their} details stay until erased.`,
  'case-study': ({ their }) => `Without it, there is no case study of ${their} pair, and a published one is no longer served.`,
  named: ({ they }) => `Case studies describe ${they.toLowerCase() === 'you' ? 'you' : 'them'} by role and kind of organisation instead of by name.`,
  quotes: ({ their }) => `Case studies no longer quote ${their} reflections.`,
};

const SCOPES = CONSENT_SCOPES.map((s) => ({ value: s, label: SCOPE_LABELS[s] }));
export const scopeLabel = (scope: string) => SCOPES.find((s) => s.value === scope)?.label ?? scope;

type Choice = { value: string; label: string };

/** A pair member's own evidence: that they said so here themselves. */
const OWN_EVIDENCE = { give: 'Given by me in Pairtrail', withdraw: 'Withdrawn by me in Pairtrail' } as const;

/**
 * Gives or withdraws one consent of a person. `self`: the person is the one signed in (a pair member),
 * so the form speaks to them, and their evidence defaults to having given it here themselves.
 */
export function ConsentForms({
  person,
  pairs,
  done,
  self = false,
}: {
  person: Participant;
  pairs: Choice[];
  done: (m: string) => Promise<void>;
  self?: boolean;
}) {
  const form = useForm('consent', { action: 'give', scope: '', pairId: '', evidence: self ? OWN_EVIDENCE.give : '', reason: '', on: '' }, (v) => ({
    scope: check.required(v.scope, 'what the consent covers'),
    evidence: v.action === 'give' ? check.required(v.evidence, 'the evidence of consent, such as a signed form and its date') : undefined,
    on: check.date(v.on, 'The date'),
  }));
  // Only a consent the person holds can be withdrawn: the API refuses the rest.
  const held = SCOPES.filter((s) => person.consents.some((c: Consent) => c.scope === s.value));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      const id = person.participantId;
      if (v.action === 'give') {
        const body = compact({ scope: v.scope, pairId: v.pairId, evidence: v.evidence, on: v.on }) as Schemas['GiveConsentDto'];
        ok(await api.POST('/participants/{id}/consents', { params: { path: { id } }, body }));
      } else {
        const body = compact({ pairId: v.pairId, reason: v.reason, evidence: v.evidence, on: v.on });
        ok(await api.POST('/participants/{id}/consents/{scope}/withdraw', { params: { path: { id, scope: v.scope } }, body }));
      }
      form.reset();
      if (self) form.set('evidence', OWN_EVIDENCE.give);
      const what = `${v.action === 'give' ? 'given' : 'withdrawn'}: ${scopeLabel(v.scope).toLowerCase()}`;
      await done(self ? `Your consent is ${what}.` : `Consent ${v.action === 'give' ? 'given' : 'withdrawn'} for ${person.name}.`);
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="consent-heading">
      <h3 id="consent-heading">{self ? 'Give or withdraw your consent' : `Consent for ${person.name}`}</h3>
      {self ? null : (
        <>
          <p>What they have agreed to now:</p>
          <ConsentList person={person} pairs={pairs} testId="their-consents" self={false} />
        </>
      )}
      <ErrorSummary form={form} />
      <SelectField
        {...form.bind('action')}
        label="Give or withdraw"
        onChange={(v) => {
          form.set('action', v || 'give');
          // Their own evidence follows what they do, unless they wrote their own.
          if (self && Object.values(OWN_EVIDENCE).includes(form.values.evidence as never))
            form.set('evidence', OWN_EVIDENCE[v === 'withdraw' ? 'withdraw' : 'give']);
          if (v === 'withdraw' && !held.some((s) => s.value === form.values.scope)) form.set('scope', '');
        }}
        options={[
          { value: 'give', label: 'Give consent' },
          { value: 'withdraw', label: 'Withdraw consent' },
        ]}
      />
      <SelectField {...form.bind('scope')} label="What it covers" options={form.values.action === 'withdraw' ? held : SCOPES} />
      {form.values.action === 'withdraw' && held.length === 0 ? (
        <p data-testid="nothing-to-withdraw">{self ? 'You have given no consent to withdraw.' : `${person.name} has given no consent to withdraw.`}</p>
      ) : null}
      {pairs.length ? <SelectField {...form.bind('pairId')} label="For one pair only (optional)" options={pairs} placeholder="Every pair" /> : null}
      <TextArea
        {...form.bind('evidence')}
        label={form.values.action === 'give' ? 'Evidence' : 'Evidence (optional)'}
        hint="For example: signed consent form, 2026-03-01"
        rows={2}
      />
      {form.values.action === 'withdraw' && form.values.scope in WITHDRAWN ? (
        <div className="nhsuk-inset-text" data-testid="withdraw-effect">
          <p>{WITHDRAWN[form.values.scope as ConsentScope](self ? { they: 'You', their: 'your' } : { they: 'They', their: 'their' })}</p>
        </div>
      ) : null}
      {form.values.action === 'withdraw' ? <TextArea {...form.bind('reason')} label="Reason (optional)" rows={2} /> : null}
      <TextField {...form.bind('on')} label="Date (optional)" type="date" width={10} />
      <Button busy={form.busy}>Save consent</Button>
    </form>
  );
}

/** Each consent a person may give, what it means, and where they have given it, each pair by name. */
function ConsentList({ person, pairs, testId, self }: { person: Participant; pairs: Choice[]; testId: string; self: boolean }) {
  const pairName = (id: string) => `"${pairs.find((p) => p.value === id)?.label ?? 'one pair'}"`;
  const reach = (scope: ConsentScope) => consentReachSaid(person, scope, pairName);
  return (
    <ul data-testid={testId}>
      {CONSENT_SCOPES.map((scope) => (
        <li key={scope}>
          <strong>{SCOPE_LABELS[scope]}</strong>: {SCOPE_MEANINGS[scope](self ? YOU : THEY)}. {reach(scope) ? `Given, for ${reach(scope)}.` : 'Not given.'}
        </li>
      ))}
    </ul>
  );
}

/** What the signed-in pair member consents to, in words, with the form to change it. */
export function MyConsent({ me, pairs, done }: { me: Participant; pairs: Choice[]; done: (m: string) => Promise<void> }) {
  return (
    <section aria-labelledby="my-consent-heading">
      <h2 id="my-consent-heading">Your consent</h2>
      <p>What you have agreed to. You may withdraw any of it at any time; what was recorded before stays, so the programme's figures still add up.</p>
      <ConsentList person={me} pairs={pairs} testId="my-consents" self />
      <ConsentForms person={me} pairs={pairs} done={done} self />
    </section>
  );
}
