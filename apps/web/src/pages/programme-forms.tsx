import { useMemo } from 'react';
import { api, ok } from '../api/client';
import { sendAsShown } from '../as-shown';
import type { Cohort, Pair, Participant } from '../api/types';
import { comparable } from '@pairtrail/vocabulary';
import { byLabel, counted, narrowed, titleOf } from '../lists';
import { humanDate } from '../dates';
import { Button, Checkboxes, ErrorSummary, SelectField, TextArea, TextField, check, compact, useChoiceFinder, useForm } from '../components/form';
import { WarningCallout } from '../components/layout';

/** Says what was done, once the page shows it. */
export type Done = (message: string) => Promise<void>;

/** A cohort's dates: a start, and an end (if any) on or after it. */
const checkCohortDates = (v: { startsOn: string; endsOn: string }) => ({
  startsOn: check.required(v.startsOn, 'the date it starts') ?? check.date(v.startsOn, 'The start date'),
  endsOn:
    check.date(v.endsOn, 'The end date') ?? (v.endsOn && v.startsOn && v.endsOn < v.startsOn ? 'The end date must be on or after the start date' : undefined),
});

/**
 * A cohort's name: given, and no other cohort's (however it was typed): every list of cohorts, and every
 * choice of one, tells them apart by name alone.
 */
function checkCohortName(name: string, cohorts: Cohort[], except?: string): string | undefined {
  const same = cohorts.find((c) => c.cohortId !== except && comparable(c.name, { accents: 'ignored' }) === comparable(name, { accents: 'ignored' }));
  return (
    check.required(name, 'the name of the cohort') ??
    (same
      ? `There is a cohort named "${same.name}" already, starting ${humanDate(same.startsOn)}: give this one a name of its own, one that says which wave or year it is`
      : undefined)
  );
}

/** A coordinator opens a cohort: a wave of pairs with its dates. */
export function OpenCohortForm({ cohorts, done }: { cohorts: Cohort[]; done: Done }) {
  const form = useForm('cohort', { name: '', startsOn: '', endsOn: '' }, (v) => ({
    name: checkCohortName(v.name, cohorts),
    ...checkCohortDates(v),
  }));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      ok(await api.POST('/cohorts', { body: compact(v) }));
      form.reset();
      await done(`Cohort "${v.name}" is open.`);
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Open a cohort">
      <ErrorSummary form={form} />
      <TextField {...form.bind('name')} label="Name" hint="For example, Northfield collaborative pairs, wave 2" />
      <TextField {...form.bind('startsOn')} label="Starts on" type="date" width={10} />
      <TextField {...form.bind('endsOn')} label="Ends on (optional)" type="date" width={10} />
      <Button busy={form.busy}>Open cohort</Button>
    </form>
  );
}

/**
 * Those of a perspective who may be put in a pair (not erased, and consenting to take part), by name,
 * each saying how many pairs they are in now (active or paused), as `current` counts them.
 */
const eligible = (people: Participant[], perspective: Participant['perspective'], current: Map<string, number>) =>
  byLabel(
    people.filter((p) => p.perspective === perspective && !p.erased && p.consents.some((c) => c.scope === 'participation' && c.pairId === null)),
    (p) => p.name ?? '',
  ).map((p) => {
    const pairs = current.get(p.participantId) ?? 0;
    return {
      value: p.participantId,
      label: `${p.name ?? 'a participant'}${p.role ? `, ${p.role}` : ''}${p.organisation ? ` (${p.organisation})` : ''}${pairs ? `: in ${counted(pairs, 'pair')} now` : ''}`,
    };
  });

/** How many pairs each person is in now (active or paused). */
function currentPairs(pairs: Pair[]): Map<string, number> {
  const current = new Map<string, number>();
  for (const pair of pairs.filter((p) => p.status !== 'concluded')) {
    for (const id of [pair.livedExperiencePartnerId, pair.professionalPartnerId]) current.set(id, (current.get(id) ?? 0) + 1);
  }
  return current;
}

/** A pair of these two people that has not concluded: perhaps the same pair about to be formed again. */
const samePair = (pairs: Pair[], lived: string, professional: string) =>
  pairs.find((p) => p.status !== 'concluded' && p.livedExperiencePartnerId === lived && p.professionalPartnerId === professional);

/** A coordinator forms a pair: one partner of each perspective, in a cohort, with what they set out to change. */
export function FormPairForm({ cohorts, people, pairs, done }: { cohorts: Cohort[]; people: Participant[]; pairs: Pair[]; done: Done }) {
  // Sorted once per list of people, not on every key typed in the form (a programme has thousands).
  const { lived, professional } = useMemo(() => {
    const current = currentPairs(pairs);
    return { lived: eligible(people, 'lived-experience', current), professional: eligible(people, 'professional', current) };
  }, [people, pairs]);
  const finder = useChoiceFinder(
    { id: 'find-partners', label: 'Find people to pair', hint: 'By name, role or organisation: narrows both lists of partners below', about: 'People to pair' },
    lived.length + professional.length,
  );
  const form = useForm(
    'form-pair',
    {
      cohortId: cohorts.length === 1 ? cohorts[0]!.cohortId : '',
      livedExperiencePartnerId: '',
      professionalPartnerId: '',
      focus: '',
      serviceArea: '',
      formedOn: '',
      another: [] as string[],
    },
    (v) => ({
      cohortId: check.required(v.cohortId, 'the cohort'),
      livedExperiencePartnerId: check.required(v.livedExperiencePartnerId, 'the partner with lived experience'),
      professionalPartnerId: check.required(v.professionalPartnerId, 'the professional partner'),
      focus: check.required(v.focus, 'what they set out to change'),
      serviceArea: check.required(v.serviceArea, 'the service area'),
      formedOn: check.date(v.formedOn, 'The date formed'),
      another:
        samePair(pairs, v.livedExperiencePartnerId, v.professionalPartnerId) && v.another.length === 0
          ? 'Tick this if they are taking on a second piece of work together; if not, they are a pair already'
          : undefined,
    }),
  );
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async ({ another: _another, ...v }) => {
      ok(await api.POST('/pairs', { body: compact(v) }));
      form.reset();
      await done(`The pair is formed: "${v.focus}".`);
    });
  };
  const already = samePair(pairs, form.values.livedExperiencePartnerId, form.values.professionalPartnerId);
  if (cohorts.length === 0) return <p>Open a cohort first: every pair belongs to one.</p>;
  return (
    <>
      {finder.box}
      <form onSubmit={submit} noValidate aria-label="Form a pair">
        <ErrorSummary form={form} />
        <p>
          Only people who have consented to take part are offered, by name, with how many pairs they are in now, if any. Record consent on the Participants
          page.
        </p>
        <SelectField {...form.bind('cohortId')} label="Cohort" options={cohorts.map((c) => ({ value: c.cohortId, label: c.name }))} />
        <SelectField
          {...form.bind('livedExperiencePartnerId')}
          label="Partner with lived experience"
          options={narrowed(lived, finder.typed, form.values.livedExperiencePartnerId)}
        />
        <SelectField
          {...form.bind('professionalPartnerId')}
          label="Professional partner"
          options={narrowed(professional, finder.typed, form.values.professionalPartnerId)}
        />
        <TextArea {...form.bind('focus')} label="What they set out to change" hint="One line" rows={2} />
        <TextField {...form.bind('serviceArea')} label="Service area" hint="For example, cardiac or neuro-rehabilitation" />
        <TextField {...form.bind('formedOn')} label="Date formed (optional)" hint="Leave empty for today" type="date" width={10} />
        {already ? (
          <WarningCallout label="Already a pair?" level={3} testId="same-pair">
            <p>
              These two are a pair already: "{titleOf(already)}", formed on {humanDate(already.formedOn)} and {already.status} now. Form them as a pair again
              only for a second piece of work; a pair formed cannot be undone, only concluded.
            </p>
            <Checkboxes {...form.bind('another')} label="A second pair?" options={[{ value: 'yes', label: 'They are taking on a second piece of work' }]} />
          </WarningCallout>
        ) : null}
        <Button busy={form.busy}>Form pair</Button>
      </form>
    </>
  );
}

/**
 * A coordinator closes a cohort whose pairs have finished. A closing cannot be undone (no pair can be
 * formed in the cohort after it), so a cohort whose pairs are still going is closed only once the
 * coordinator ticks that they mean it: choosing the wrong cohort in the list is the likeliest mistake.
 */
export function CloseCohortForm({ cohorts, pairs, done, only }: { cohorts: Cohort[]; pairs: Pair[]; done: Done; only?: string }) {
  const goingIn = (cohortId: string) => pairs.filter((p) => p.cohortId === cohortId && p.status !== 'concluded');
  const first = only ?? (cohorts.length === 1 ? cohorts[0]!.cohortId : '');
  const form = useForm('close-cohort', { cohortId: first, closedOn: '', meant: [] as string[] }, (v) => ({
    cohortId: check.required(v.cohortId, 'the cohort to close'),
    closedOn: check.date(v.closedOn, 'The date closed'),
    meant:
      v.cohortId && goingIn(v.cohortId).length > 0 && v.meant.length === 0
        ? 'Tick this to close the cohort while its pairs go on; if they are to finish first, conclude them before closing it'
        : undefined,
  }));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      ok(await api.POST('/cohorts/{id}/close', { params: { path: { id: v.cohortId } }, body: compact({ closedOn: v.closedOn }) }));
      form.reset();
      await done(`Cohort "${cohorts.find((c) => c.cohortId === v.cohortId)?.name ?? ''}" is closed.`);
    });
  };
  if (cohorts.length === 0) return <p>Every cohort is closed.</p>;
  const going = form.values.cohortId ? goingIn(form.values.cohortId) : [];
  return (
    <form onSubmit={submit} noValidate aria-label="Close a cohort">
      <ErrorSummary form={form} />
      <p>A closing cannot be undone: no pair can be formed in a closed cohort. It does not conclude the cohort&apos;s pairs.</p>
      {only ? null : <SelectField {...form.bind('cohortId')} label="Cohort to close" options={cohorts.map((c) => ({ value: c.cohortId, label: c.name }))} />}
      <TextField {...form.bind('closedOn')} label="Date closed (optional)" hint="Leave empty for today" type="date" width={10} />
      {going.length > 0 ? (
        <WarningCallout label="Pairs still going" level={3} testId="cohort-pairs-going">
          <p>
            {counted(going.length, 'pair')} of this cohort {going.length === 1 ? 'is' : 'are'} still going ({going.map(titleOf).slice(0, 3).join('; ')}
            {going.length > 3 ? '; …' : ''}). Closing the cohort leaves {going.length === 1 ? 'it' : 'them'} going, to be recorded and concluded as before.
          </p>
          <Checkboxes {...form.bind('meant')} label="Close it now?" options={[{ value: 'yes', label: 'Close the cohort while its pairs go on' }]} />
        </WarningCallout>
      ) : null}
      <Button busy={form.busy}>Close cohort</Button>
    </form>
  );
}

type CohortValues = { cohortId: string; name: string; startsOn: string; endsOn: string; reason: string };
type CohortField = 'name' | 'startsOn' | 'endsOn';

/** The fields of a cohort correction that differ from the cohort as recorded; an end date emptied is removed (null). */
function cohortChanges(v: CohortValues, now: Cohort | undefined): [CohortField, string | null][] {
  if (!now) return [];
  const fields: [CohortField, string, string][] = [
    ['name', v.name.trim(), now.name],
    ['startsOn', v.startsOn, now.startsOn],
    ['endsOn', v.endsOn, now.endsOn ?? ''],
  ];
  return fields.filter(([, value, was]) => value !== was).map(([field, value]) => [field, field === 'endsOn' && !value ? null : value]);
}

/**
 * A coordinator puts a cohort's name or dates right: recorded as a correction, with the reason. `only`:
 * the cohort to correct, its page's, rather than one chosen from `cohorts`.
 */
export function CorrectCohortForm({ cohorts, done, only }: { cohorts: Cohort[]; done: Done; only?: string }) {
  const chosen = (id: string) => cohorts.find((c) => c.cohortId === id);
  const changed = (v: CohortValues) => cohortChanges(v, chosen(v.cohortId));
  const valuesOf = (c: Cohort | undefined): CohortValues => ({
    cohortId: c?.cohortId ?? '',
    name: c?.name ?? '',
    startsOn: c?.startsOn ?? '',
    endsOn: c?.endsOn ?? '',
    reason: '',
  });
  const form = useForm('correct-cohort', valuesOf(only ? chosen(only) : undefined), (v) => ({
    cohortId: check.required(v.cohortId, 'the cohort to correct'),
    name: checkCohortName(v.name, cohorts, v.cohortId),
    ...checkCohortDates(v),
    reason: v.cohortId && changed(v).length === 0 ? 'Change the name or a date' : check.required(v.reason, 'why it is being corrected'),
  }));
  const pick = (id: string) => {
    const c = valuesOf(chosen(id));
    form.set('cohortId', id);
    form.set('name', c.name);
    form.set('startsOn', c.startsOn);
    form.set('endsOn', c.endsOn);
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      const body = { ...Object.fromEntries(changed(v)), reason: v.reason };
      const path = { id: v.cohortId };
      await sendAsShown(
        chosen(v.cohortId)!,
        changed(v).map(([field]) => field),
        `the cohort's`,
        async (header) => api.PATCH('/cohorts/{id}', { params: { path, header }, body }),
        async () => ok<Cohort>(await api.GET('/cohorts/{id}', { params: { path } })),
      );
      form.reset();
      await done(`Cohort "${v.name.trim()}" is corrected.`);
    });
  };
  if (cohorts.length === 0) return <p>There is no cohort yet.</p>;
  return (
    <form onSubmit={submit} noValidate aria-label="Correct a cohort">
      <p>The correction is recorded beside what it corrects, with your reason.</p>
      <ErrorSummary form={form} />
      {only ? null : (
        <SelectField
          {...form.bind('cohortId')}
          onChange={pick}
          label="Cohort to correct"
          options={cohorts.map((c) => ({ value: c.cohortId, label: c.name }))}
        />
      )}
      {form.values.cohortId ? (
        <>
          <TextField {...form.bind('name')} label="Name" />
          <TextField {...form.bind('startsOn')} label="Starts on" type="date" width={10} />
          <TextField {...form.bind('endsOn')} label="Ends on (optional)" hint="Empty it to remove the end date" type="date" width={10} />
          <TextArea {...form.bind('reason')} label="Why it is being corrected" rows={2} />
        </>
      ) : null}
      <Button busy={form.busy}>Correct cohort</Button>
    </form>
  );
}
