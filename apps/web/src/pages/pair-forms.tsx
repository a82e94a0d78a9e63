import { useEffect, useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { APPROACHES, APPROACH_DESCRIPTIONS, MEETING_FORMATS, OUTCOME_CATEGORIES, SPREAD_LEVELS } from '@pairtrail/vocabulary';
import type { Me, PairAction, PairDetail, Participant, TimelineEntry } from '../api/types';
import { glimpse, localToday, wordsOf } from '../lists';
import { correctionText, fieldLabel, valueText } from '../timeline';
import { Button, Checkboxes, ErrorSummary, SelectField, TextArea, TextField, check, compact, useForm } from '../components/form';
import { humanDate, humanDates } from '../dates';
import { takesPart } from '../consents';

/** Sends a write with the headers it is given (If-Match); `done` is what to tell the person afterwards. */
export type Write = (send: (headers: Record<string, string>) => Promise<void>, done: string) => Promise<void>;

interface FormProps {
  pair: PairDetail;
  partners: Participant[];
  /** The partners who take part in this pair now: the only ones a new meeting, action or reflection may name. */
  present?: Participant[];
  timeline: TimelineEntry[];
  write: Write;
  me: Me;
  /** A participant's name by id, for what a correction changed. */
  person: (participantId: string) => string;
  /** What the page asked this form for, if it did: the entry or action it is about. */
  preset?: PutRight;
}

/**
 * A form asked for from where the thing to put right is seen: an entry of the timeline (to correct or
 * retract it), a correction (to undo it), a retraction (to restore its entry), or an open action (to
 * complete or drop it). A new request each time, so asking again for the same one takes the form there again.
 */
export interface PutRight {
  kind: 'correction' | 'retraction' | 'close-action';
  /** The eventId of the entry, correction or retraction; the actionId of the action. */
  target: string;
}

/** The facts only a coordinator records, and so only a coordinator puts right (as the API holds). */
const COORDINATORS_FACTS = new Set(['PairFormed', 'PairPaused', 'PairResumed', 'PairConcluded']);

/** Whether this person may correct or retract the entry: whoever may record it (a reflection, its author). */
export function mayPutRight(entry: Pick<TimelineEntry, 'type' | 'data'>, me: Me): boolean {
  if (me.role === 'coordinator') return true;
  if (me.role !== 'pair-member' || COORDINATORS_FACTS.has(entry.type)) return false;
  return entry.type !== 'ReflectionRecorded' || entry.data.participantId === me.participantId;
}

/**
 * Takes a form to what was asked for from the page, keeping what was already typed in its other fields,
 * then takes the reader and the keyboard to the field that comes next.
 */
function usePreset(preset: PutRight | undefined, apply: (target: string) => void, next: string) {
  useEffect(() => {
    if (!preset) return;
    apply(preset.target);
    setTimeout(() => {
      const field = document.getElementById(next);
      field?.scrollIntoView({ block: 'center' });
      field?.focus();
    }, 0);
    // Once for each request: `apply` is a new function at every render.
  }, [preset]);
}

const today = () => localToday();
const lines = (text: string) =>
  text
    .split(/\n|,/)
    .map((t) => t.trim())
    .filter(Boolean);
const partnerName = (p: Participant) => (p.erased ? '[erased]' : (p.name ?? 'A partner'));
const partnerOptions = (partners: Participant[]) =>
  partners.map((p) => ({
    value: p.participantId,
    label: `${partnerName(p)} (${p.perspective === 'lived-experience' ? 'lived experience' : 'professional'})`,
  }));

/** Who a new entry cannot name, and why, said before the form rather than after it is sent. */
function NotTakingPart({ partners, present, me }: { partners: Participant[]; present: Participant[]; me: Me }) {
  const away = partners.filter((p) => !present.includes(p));
  if (away.length === 0) return null;
  return (
    <div className="nhsuk-inset-text" data-testid="not-taking-part">
      {away.map((p) => (
        <p key={p.participantId}>
          {p.erased
            ? 'One partner was erased, so a new meeting, action or reflection cannot name them.'
            : p.participantId === me.participantId
              ? 'You do not take part in this pair now (your consent to take part is withdrawn), so a new meeting, action or reflection cannot name you until you give it again (on My pair, under Your consent).'
              : `${partnerName(p)} does not take part in this pair now (their consent to take part is withdrawn), so a new meeting, action or reflection cannot name them until it is given again.`}
        </p>
      ))}
    </div>
  );
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const APPROACH_OPTIONS = APPROACHES.map((a) => ({ value: a, label: capitalised(APPROACH_DESCRIPTIONS[a]) }));
const FORMATS = MEETING_FORMATS.map((f) => ({ value: f, label: wordsOf(f) }));
const CATEGORIES = OUTCOME_CATEGORIES.map((c) => ({ value: c, label: wordsOf(c) }));
const SPREADS = SPREAD_LEVELS.map((s) => ({ value: s, label: wordsOf(s) }));
const SCORES = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: `${n}${n === 1 ? ': them and us' : n === 5 ? ': equal partners' : ''}` }));
const YES_NO = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

const KINDS = [
  { value: 'meeting', label: 'A meeting' },
  { value: 'action', label: 'An action agreed' },
  { value: 'close-action', label: 'An action completed or dropped' },
  { value: 'outcome', label: 'An outcome' },
  { value: 'milestone', label: 'A milestone reached' },
  { value: 'reflection', label: 'A reflection' },
  { value: 'initiative', label: 'The initiative: what the pair is working on' },
  { value: 'correction', label: 'A correction to an entry' },
  { value: 'retraction', label: 'A retraction of an entry' },
];

/** What may still be recorded for a concluded pair. */
const PUTTING_RIGHT = new Set(['correction', 'retraction']);

/** What a coordinator may do to a pair's course, by its status. */
const COURSE: Record<PairDetail['status'], { value: string; label: string }[]> = {
  active: [
    { value: 'pause', label: 'Pause the pair' },
    { value: 'conclude', label: 'Conclude the pair' },
  ],
  paused: [
    { value: 'resume', label: 'Resume the pair' },
    { value: 'conclude', label: 'Conclude the pair' },
  ],
  concluded: [],
};

const RECORD_HEADING = 'record-forms';

/** Takes the reader (and the keyboard's focus) to the forms to record for the pair. */
export function toRecordForms() {
  const heading = document.getElementById(RECORD_HEADING);
  heading?.scrollIntoView();
  heading?.focus();
}

/** Chooses what to record, then shows that form. */
export function RecordForms({ request, ...props }: FormProps & { request?: PutRight }) {
  const [chosen, setKind] = useState('meeting');
  // A new request from the page chooses its form at once, in this render (React's way to follow a prop).
  const [answered, setAnswered] = useState<PutRight>();
  if (request !== answered) {
    setAnswered(request);
    if (request) setKind(request.kind);
  }
  const concluded = props.pair.status === 'concluded';
  // A concluded pair takes nothing new, but its record can still be put right (domain.md).
  const kinds = concluded ? KINDS.filter((k) => PUTTING_RIGHT.has(k.value)) : [...KINDS, ...(props.me.role === 'coordinator' ? COURSE[props.pair.status] : [])];
  // What the pair's course allows changes with it: once paused, 'pause' is gone, and the choice with it.
  const kind = kinds.some((k) => k.value === chosen) ? chosen : kinds[0]!.value;
  const present = props.partners.filter((p) => takesPart(p, props.pair.pairId));
  const forms = { ...props, present };
  const preset = request?.kind === kind ? request : undefined;
  return (
    <>
      <h2 id={RECORD_HEADING} tabIndex={-1}>
        Record
      </h2>
      {concluded ? <p>This pair has concluded, so nothing new can be recorded; a mistake in its record can still be corrected or retracted.</p> : null}
      <SelectField
        id="record-kind"
        label="What do you want to record?"
        value={kind}
        onChange={(v) => setKind(v || kinds[0]!.value)}
        options={kinds}
        placeholder="Choose what to record"
      />
      {kind === 'meeting' || kind === 'action' || kind === 'reflection' ? <NotTakingPart partners={props.partners} present={present} me={props.me} /> : null}
      {kind === 'meeting' ? <MeetingForm {...forms} /> : null}
      {kind === 'action' ? <ActionForm {...forms} /> : null}
      {kind === 'close-action' ? <CloseActionForm {...props} preset={preset} /> : null}
      {kind === 'outcome' ? <OutcomeForm {...props} /> : null}
      {kind === 'reflection' ? <ReflectionForm {...forms} /> : null}
      {kind === 'milestone' ? <MilestoneForm {...props} /> : null}
      {kind === 'initiative' ? <InitiativeForm {...props} /> : null}
      {kind === 'pause' || kind === 'resume' || kind === 'conclude' ? <CourseForm key={kind} {...props} change={kind} /> : null}
      {kind === 'correction' ? <CorrectionForm {...props} preset={preset} /> : null}
      {kind === 'retraction' ? <RetractionForm {...props} preset={preset} /> : null}
    </>
  );
}

function MeetingForm({ pair, partners, present = partners, write }: FormProps) {
  const initial = {
    heldOn: today(),
    durationMinutes: '60',
    format: 'in-person',
    attendeeIds: present.map((p) => p.participantId),
    topics: '',
    notes: '',
    approaches: [] as string[],
  };
  const form = useForm(
    'meeting',
    initial,
    (v) => ({
      heldOn: check.required(v.heldOn, 'the date of the meeting') ?? check.date(v.heldOn, 'The date of the meeting'),
      durationMinutes: check.wholeNumber(v.durationMinutes, 'how long the meeting lasted, in minutes', 1, 1440),
      format: check.required(v.format, 'how you met'),
      attendeeIds: v.attendeeIds.length === 0 ? 'Choose at least one partner who attended' : undefined,
      topics: lines(v.topics).length === 0 ? 'Enter at least one topic' : undefined,
      notes: check.required(v.notes, 'notes of the meeting'),
    }),
    { draft: true },
  );
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      const body: Schemas['MeetingDto'] = compact({
        ...v,
        durationMinutes: Number(v.durationMinutes),
        topics: lines(v.topics),
        approaches: v.approaches as Schemas['MeetingDto']['approaches'],
        format: v.format as Schemas['MeetingDto']['format'],
      });
      await write(
        async (headers) => void ok(await api.POST('/pairs/{id}/meetings', { params: { path: { id: pair.pairId } }, body, headers })),
        'Meeting recorded',
      );
      form.reset();
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Record a meeting">
      <ErrorSummary form={form} />
      <TextField {...form.bind('heldOn')} label="Date of the meeting" type="date" width={10} />
      <TextField {...form.bind('durationMinutes')} label="How long it lasted, in minutes" type="number" width={4} />
      <SelectField {...form.bind('format')} label="How you met" options={FORMATS} />
      <Checkboxes {...form.bind('attendeeIds')} label="Who attended" options={partnerOptions(present)} />
      <TextArea {...form.bind('topics')} label="Topics" hint="One per line" rows={3} />
      <TextArea {...form.bind('notes')} label="Notes" />
      <Checkboxes {...form.bind('approaches')} label="Approaches practised (optional)" options={APPROACH_OPTIONS} />
      <Button busy={form.busy}>Record meeting</Button>
    </form>
  );
}

function ActionForm({ pair, partners, present = partners, write }: FormProps) {
  const form = useForm(
    'action',
    { description: '', ownerId: '', agreedOn: today(), dueOn: '' },
    (v) => ({
      description: check.required(v.description, 'what was agreed'),
      ownerId: check.required(v.ownerId, 'who owns the action'),
      agreedOn: check.date(v.agreedOn, 'The date agreed'),
      dueOn:
        check.date(v.dueOn, 'The due date') ?? (v.dueOn && v.agreedOn && v.dueOn < v.agreedOn ? 'The due date must be on or after the date agreed' : undefined),
    }),
    { draft: true },
  );
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      await write(
        async (headers) => void ok(await api.POST('/pairs/{id}/actions', { params: { path: { id: pair.pairId } }, body: compact(v), headers })),
        'Action recorded',
      );
      form.reset();
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Record an action">
      <ErrorSummary form={form} />
      <TextArea {...form.bind('description')} label="What was agreed" rows={2} />
      <SelectField {...form.bind('ownerId')} label="Who will do it" options={partnerOptions(present)} />
      <TextField {...form.bind('agreedOn')} label="Date agreed" type="date" width={10} />
      <TextField {...form.bind('dueOn')} label="Due date (optional)" type="date" width={10} />
      <Button busy={form.busy}>Record action</Button>
    </form>
  );
}

function CloseActionForm({ pair, write, preset }: FormProps) {
  const open = pair.actions.filter((a: PairAction) => !a.completed && !a.dropped);
  const form = useForm('close', { actionId: '', outcome: 'complete', on: today(), note: '' }, (v) => ({
    actionId: check.required(v.actionId, 'which action'),
    on: check.date(v.on, 'The date'),
    note: v.outcome === 'drop' ? check.required(v.note, 'why the action was dropped') : undefined,
  }));
  usePreset(preset, (actionId) => form.reset({ ...form.values, actionId }), 'close-outcome');
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      const path = { id: pair.pairId, actionId: v.actionId };
      if (v.outcome === 'complete') {
        const body = compact({ completedOn: v.on, note: v.note });
        await write(
          async (headers) => void ok(await api.POST('/pairs/{id}/actions/{actionId}/complete', { params: { path }, body, headers })),
          'Action completed',
        );
      } else {
        const body = compact({ droppedOn: v.on, reason: v.note });
        await write(async (headers) => void ok(await api.POST('/pairs/{id}/actions/{actionId}/drop', { params: { path }, body, headers })), 'Action dropped');
      }
      form.reset();
    });
  };
  if (open.length === 0) return <p>There are no open actions.</p>;
  return (
    <form onSubmit={submit} noValidate aria-label="Complete or drop an action">
      <ErrorSummary form={form} />
      <SelectField
        {...form.bind('actionId')}
        label="Action"
        options={open.map((a) => ({ value: a.actionId, label: `${a.description}${a.dueOn ? ` (due ${humanDate(a.dueOn)})` : ''}` }))}
      />
      <SelectField
        {...form.bind('outcome')}
        label="What happened"
        onChange={(v) => form.set('outcome', v || 'complete')}
        options={[
          { value: 'complete', label: 'It was completed' },
          { value: 'drop', label: 'It was dropped' },
        ]}
      />
      <TextField {...form.bind('on')} label="Date" type="date" width={10} />
      <TextArea {...form.bind('note')} label={form.values.outcome === 'drop' ? 'Why it was dropped' : 'Note (optional)'} rows={2} />
      <Button busy={form.busy}>Save</Button>
    </form>
  );
}

/** A measure's four fields as a form holds them: what was measured, its unit, before and now. */
const NO_MEASURE = { measureName: '', measureUnit: '', measureBaseline: '', measureValue: '' };
type MeasureValues = typeof NO_MEASURE;

const measureTyped = (measure: unknown): MeasureValues => {
  if (!measure || typeof measure !== 'object') return NO_MEASURE;
  const m = measure as Record<string, unknown>;
  const typed = (x: unknown) => (x === undefined || x === null ? '' : String(x));
  return { measureName: typed(m.name), measureUnit: typed(m.unit), measureBaseline: typed(m.baseline), measureValue: typed(m.value) };
};
const measureGiven = (v: MeasureValues) => [v.measureName, v.measureUnit, v.measureBaseline, v.measureValue].some((x) => x.trim() !== '');
const measureSent = (v: MeasureValues) => ({
  name: v.measureName.trim(),
  unit: v.measureUnit.trim(),
  baseline: Number(v.measureBaseline),
  value: Number(v.measureValue),
});

/** A measure's problems: none when it is optional and left empty; otherwise each of its four, as the API checks them. */
function checkMeasure(v: MeasureValues, required: boolean): Partial<Record<keyof MeasureValues, string>> {
  if (!required && !measureGiven(v)) return {};
  return {
    measureName: check.required(v.measureName, 'what was measured'),
    measureUnit: check.required(v.measureUnit, 'its unit, such as weeks or %'),
    measureBaseline: check.number(v.measureBaseline, 'the measure before'),
    measureValue: check.number(v.measureValue, 'the measure now'),
  };
}

type Bind = (field: keyof MeasureValues) => { id: string; value: string; onChange: (v: string) => void; error?: string };

/** A measure's four fields, under one legend. */
function MeasureFields({ bind, legend }: { bind: Bind; legend: string }) {
  return (
    <fieldset className="nhsuk-fieldset">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
      <TextField {...bind('measureName')} label="What was measured" hint="For example, weeks from discharge to first session" />
      <TextField {...bind('measureUnit')} label="Unit" hint="For example, weeks or %" width={10} />
      <TextField {...bind('measureBaseline')} label="Before" width={10} />
      <TextField {...bind('measureValue')} label="Now" width={10} />
    </fieldset>
  );
}

function OutcomeForm({ pair, write }: FormProps) {
  const form = useForm(
    'outcome',
    { category: '', description: '', evidence: '', spread: '', recordedOn: today(), ...NO_MEASURE },
    (v) => ({
      category: check.required(v.category, 'the kind of outcome'),
      description: check.required(v.description, 'what changed'),
      spread: check.required(v.spread, 'how far it spread'),
      recordedOn: check.date(v.recordedOn, 'The date'),
      ...checkMeasure(v, false),
    }),
    { draft: true },
  );
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (all) => {
      const { measureName: _n, measureUnit: _u, measureBaseline: _b, measureValue: _v, ...v } = all;
      const body = compact({
        ...v,
        category: v.category as Schemas['OutcomeDto']['category'],
        spread: v.spread as Schemas['OutcomeDto']['spread'],
        measure: measureGiven(all) ? measureSent(all) : undefined,
      });
      await write(
        async (headers) => void ok(await api.POST('/pairs/{id}/outcomes', { params: { path: { id: pair.pairId } }, body, headers })),
        'Outcome recorded',
      );
      form.reset();
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Record an outcome">
      <ErrorSummary form={form} />
      <SelectField {...form.bind('category')} label="Kind of outcome" options={CATEGORIES} />
      <TextArea {...form.bind('description')} label="What changed" rows={3} />
      <TextArea {...form.bind('evidence')} label="Evidence (optional)" rows={2} />
      <SelectField {...form.bind('spread')} label="How far it spread" options={SPREADS} />
      <MeasureFields bind={form.bind} legend="A measure that shows it (optional)" />
      <TextField {...form.bind('recordedOn')} label="Date" type="date" width={10} />
      <Button busy={form.busy}>Record outcome</Button>
    </form>
  );
}

function ReflectionForm({ pair, partners, present = partners, write, me }: FormProps) {
  const authors = me.role === 'pair-member' ? present.filter((p) => p.participantId === me.participantId) : present;
  const form = useForm(
    'reflection',
    { participantId: authors.length === 1 ? authors[0]!.participantId : '', relationshipScore: '', text: '', quotable: [] as string[], recordedOn: today() },
    (v) => ({
      participantId: check.required(v.participantId, 'whose reflection this is'),
      relationshipScore: check.required(v.relationshipScore, 'how the partnership feels, from 1 to 5'),
      text: check.required(v.text, 'the reflection'),
      recordedOn: check.date(v.recordedOn, 'The date'),
    }),
    { draft: true },
  );
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      const body = compact({
        participantId: v.participantId,
        relationshipScore: Number(v.relationshipScore),
        text: v.text,
        quotable: v.quotable.includes('yes'),
        recordedOn: v.recordedOn,
      });
      await write(
        async (headers) =>
          void ok(
            await api.POST('/pairs/{id}/reflections', {
              params: { path: { id: pair.pairId } },
              body: { ...body, quotable: v.quotable.includes('yes') },
              headers,
            }),
          ),
        'Reflection recorded',
      );
      form.reset();
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Record a reflection">
      <ErrorSummary form={form} />
      <SelectField {...form.bind('participantId')} label="Whose reflection" options={partnerOptions(authors)} />
      <SelectField {...form.bind('relationshipScore')} label="How the partnership feels" options={SCORES} />
      <TextArea {...form.bind('text')} label="Reflection" />
      <Checkboxes {...form.bind('quotable')} label="Quotation" options={[{ value: 'yes', label: 'The author offers this for quotation in case studies' }]} />
      <TextField {...form.bind('recordedOn')} label="Date" type="date" width={10} />
      <Button busy={form.busy}>Record reflection</Button>
    </form>
  );
}

/** Every entry of a timeline is a fact of the pair, and each can be corrected; each but the forming retracted. */
const isRetractable = (e: TimelineEntry) => e.type !== 'PairFormed';
export const entryLabel = (e: Pick<TimelineEntry, 'on' | 'summary'>) => `${humanDate(e.on)}: ${humanDates(e.summary)}`;
/** Optional fields an entry may have been recorded without, which a correction can still give it. */
const OPTIONAL_FIELDS: Record<string, string[]> = { ActionAgreed: ['dueOn'], ActionCompleted: ['note'], OutcomeRecorded: ['evidence', 'measure'] };

/**
 * The fields of an entry a person can correct here: plain values and an outcome's measure, not ids, and
 * the optional ones it was recorded without (a due date forgotten), as undefined.
 */
const correctableFields = (e: TimelineEntry | undefined): [string, unknown][] =>
  e
    ? [
        ...Object.entries(e.data).filter(
          ([k, v]) =>
            !/Id$|Ids$/.test(k) &&
            (k === 'measure' ||
              typeof v === 'string' ||
              typeof v === 'number' ||
              typeof v === 'boolean' ||
              (Array.isArray(v) && v.every((x) => typeof x === 'string'))),
        ),
        ...(OPTIONAL_FIELDS[e.type] ?? []).filter((k) => !(k in e.data)).map((k): [string, unknown] => [k, undefined]),
      ]
    : [];

/** How a field's correct value is asked for: as the form that recorded it asked, starting from what it says now. */
type ValueInput =
  | { kind: 'text' | 'long-text' | 'date' | 'lines' | 'measure' }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'choice'; options: { value: string; label: string }[] }
  | { kind: 'choices'; options: { value: string; label: string }[] };

const CHOSEN_FROM: Record<string, { value: string; label: string }[]> = { format: FORMATS, category: CATEGORIES, spread: SPREADS, relationshipScore: SCORES };

function valueInput(field: string, now: unknown): ValueInput {
  if (field === 'measure') return { kind: 'measure' };
  if (CHOSEN_FROM[field]) return { kind: 'choice', options: CHOSEN_FROM[field] };
  if (typeof now === 'boolean') return { kind: 'choice', options: YES_NO };
  if (field === 'approaches') return { kind: 'choices', options: APPROACH_OPTIONS };
  if (Array.isArray(now)) return { kind: 'lines' };
  if (typeof now === 'number') return { kind: 'number', min: 1, max: field === 'durationMinutes' ? 1440 : Number.MAX_SAFE_INTEGER };
  if (/On$/.test(field)) return { kind: 'date' };
  return { kind: typeof now === 'string' && (now.length > 60 || now.includes('\n')) ? 'long-text' : 'text' };
}

/** A field's value as the form holds it (text, the ticked choices, or a measure's four fields), and back. */
type Typed = { value: string; choices: string[] } & MeasureValues;

const asTyped = (field: string, now: unknown): Typed =>
  field === 'measure'
    ? { value: '', choices: [], ...measureTyped(now) }
    : Array.isArray(now)
      ? { value: now.map(String).join('\n'), choices: now.map(String), ...NO_MEASURE }
      : { value: typeof now === 'boolean' ? (now ? 'yes' : 'no') : now === undefined ? '' : String(now), choices: [], ...NO_MEASURE };

function asSent(input: ValueInput, now: unknown, typed: Typed): unknown {
  if (input.kind === 'measure') return measureSent(typed);
  if (input.kind === 'choices') return typed.choices;
  if (input.kind === 'lines') return lines(typed.value);
  if (typeof now === 'boolean') return typed.value === 'yes';
  return typeof now === 'number' ? Number(typed.value) : typed.value;
}

/** The correct value's problem, if it has one: as its field is checked when first recorded, and not what it says now. */
function checkCorrectValue(input: ValueInput, typed: Typed, unchanged: boolean): Partial<Record<keyof Typed, string>> {
  const { value } = typed;
  if (input.kind === 'measure') {
    const problems = checkMeasure(typed, true);
    return Object.values(problems).some(Boolean) || !unchanged ? problems : { measureValue: 'That is the measure it gives now: give the one it should have' };
  }
  if (input.kind === 'choices') return { choices: unchanged ? 'Those are the ones it says now: tick the ones it should have' : undefined };
  const given =
    input.kind === 'number'
      ? check.wholeNumber(value, 'the correct value', input.min, input.max)
      : input.kind === 'date'
        ? (check.required(value, 'the correct date') ?? check.date(value, 'The correct date'))
        : check.required(value, 'the correct value');
  return { value: given ?? (unchanged ? 'That is what it says now: give the value it should have' : undefined) };
}

function CorrectionForm({ pair, timeline, write, me, person, preset }: FormProps) {
  const entries = timeline.filter((e) => !e.retracted && mayPutRight(e, me));
  const fieldsOf = (eventId: string) => correctableFields(entries.find((e) => e.eventId === eventId));
  const nowOf = (v: { targetEventId: string; field: string }) => fieldsOf(v.targetEventId).find(([k]) => k === v.field)?.[1];
  const form = useForm(
    'correction',
    { targetEventId: '', field: '', value: '', choices: [] as string[], ...NO_MEASURE, reason: '' },
    (v) => {
      const now = nowOf(v);
      const input = valueInput(v.field, now);
      const unchanged = v.field !== '' && JSON.stringify(asSent(input, now, v)) === JSON.stringify(asSent(input, now, asTyped(v.field, now)));
      return {
        targetEventId: check.required(v.targetEventId, 'which entry to correct'),
        field: check.required(v.field, 'what to correct'),
        ...checkCorrectValue(input, v, unchanged),
        reason: check.required(v.reason, 'why it is being corrected'),
      };
    },
    { draft: true },
  );
  // Another entry has other fields: what was chosen for the last one goes.
  usePreset(preset, (targetEventId) => form.reset({ ...form.values, ...asTyped('', undefined), targetEventId, field: '' }), 'correction-field');
  const fields = fieldsOf(form.values.targetEventId);
  const now = nowOf(form.values);
  const input = valueInput(form.values.field, now);
  // Chosen, a field starts from what it says now: a typo in long notes is put right, not retyped.
  const chooseField = (field: string) => form.reset({ ...form.values, field, ...asTyped(field, fields.find(([k]) => k === field)?.[1]) });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      const body = { targetEventId: v.targetEventId, reason: v.reason, replacement: { [v.field]: asSent(input, now, v) } };
      await write(
        async (headers) => void ok(await api.POST('/pairs/{id}/corrections', { params: { path: { id: pair.pairId } }, body, headers })),
        'Correction recorded',
      );
      form.reset();
    });
  };
  const value = { ...form.bind('value'), label: 'Correct value' };
  return (
    <form onSubmit={submit} noValidate aria-label="Correct an entry">
      <ErrorSummary form={form} />
      <p>The entry stays in the record; the correction is added beside it, with your reason.</p>
      <SelectField
        {...form.bind('targetEventId')}
        onChange={(targetEventId) => form.reset({ ...form.values, ...asTyped('', undefined), targetEventId, field: '' })}
        label="Entry to correct"
        options={entries.map((e) => ({ value: e.eventId, label: entryLabel(e) }))}
      />
      <SelectField
        {...form.bind('field')}
        onChange={chooseField}
        label="What to correct"
        options={fields.map(([k, v]) => ({
          value: k,
          label: `${capitalised(fieldLabel(k))} (now: ${glimpse(valueText(k, v, person))})`,
        }))}
      />
      {form.values.field === '' ? null : input.kind === 'measure' ? (
        <MeasureFields bind={form.bind} legend="Correct measure" />
      ) : input.kind === 'choices' ? (
        <Checkboxes {...form.bind('choices')} label="Correct value" options={input.options} />
      ) : input.kind === 'choice' ? (
        <SelectField {...value} options={input.options} />
      ) : input.kind === 'long-text' || input.kind === 'lines' ? (
        <TextArea {...value} hint={input.kind === 'lines' ? 'One per line' : undefined} rows={input.kind === 'lines' ? 3 : 5} />
      ) : (
        <TextField
          {...value}
          type={input.kind === 'number' ? 'number' : input.kind === 'date' ? 'date' : 'text'}
          width={input.kind === 'text' ? undefined : 10}
        />
      )}
      <TextArea {...form.bind('reason')} label="Why it is being corrected" rows={2} />
      <Button busy={form.busy}>Record correction</Button>
    </form>
  );
}

/** What can be retracted, in words: an entry; a correction (retracting it undoes it); a retraction (retracting it restores its entry). */
interface Retractable {
  eventId: string;
  label: string;
  done: string;
}

function retractables(timeline: TimelineEntry[], me: Me, person: (id: string) => string): Retractable[] {
  return timeline
    .filter((e) => mayPutRight(e, me))
    .flatMap((e) => [
      ...(e.retracted
        ? [{ eventId: e.retracted.eventId, label: `Restore ${entryLabel(e)} (undo its retraction)`, done: 'Entry restored' }]
        : isRetractable(e)
          ? [{ eventId: e.eventId, label: entryLabel(e), done: 'Retraction recorded' }]
          : []),
      ...e.corrections.map((c) => ({
        eventId: c.eventId,
        label: `Undo the correction of ${entryLabel(e)} (${humanDates(correctionText(c.replacement, person))})`,
        done: 'Correction undone',
      })),
    ]);
}

function RetractionForm({ pair, timeline, write, me, person, preset }: FormProps) {
  const targets = retractables(timeline, me, person);
  const form = useForm('retraction', { targetEventId: '', reason: '' }, (v) => ({
    targetEventId: check.required(v.targetEventId, 'what to retract'),
    reason: check.required(v.reason, 'why it is being retracted'),
  }));
  usePreset(preset, (targetEventId) => form.reset({ ...form.values, targetEventId }), 'retraction-reason');
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      const done = targets.find((t) => t.eventId === v.targetEventId)?.done ?? 'Retraction recorded';
      await write(async (headers) => void ok(await api.POST('/pairs/{id}/retractions', { params: { path: { id: pair.pairId } }, body: v, headers })), done);
      form.reset();
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Retract an entry">
      <ErrorSummary form={form} />
      <p>
        The entry stays in the record, marked as retracted, with your reason. It no longer counts in the figures. Retracting a correction undoes it; retracting
        a retraction restores its entry.
      </p>
      <SelectField {...form.bind('targetEventId')} label="What to retract" options={targets.map((t) => ({ value: t.eventId, label: t.label }))} />
      <TextArea {...form.bind('reason')} label="Why it is being retracted" rows={2} />
      <Button busy={form.busy}>Record retraction</Button>
    </form>
  );
}

function MilestoneForm({ pair, write }: FormProps) {
  const form = useForm(
    'milestone',
    { description: '', reachedOn: today() },
    (v) => ({
      description: check.required(v.description, 'the milestone'),
      reachedOn: check.date(v.reachedOn, 'The date reached'),
    }),
    { draft: true },
  );
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      await write(
        async (headers) => void ok(await api.POST('/pairs/{id}/milestones', { params: { path: { id: pair.pairId } }, body: compact(v), headers })),
        'Milestone recorded',
      );
      form.reset();
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Record a milestone">
      <ErrorSummary form={form} />
      <TextArea {...form.bind('description')} label="What was reached" hint="For example, the new referral letter went live" rows={2} />
      <TextField {...form.bind('reachedOn')} label="Date reached" type="date" width={10} />
      <Button busy={form.busy}>Record milestone</Button>
    </form>
  );
}

/** Defines the pair's initiative, or revises it (with a reason), starting from what it says now. */
function InitiativeForm({ pair, write }: FormProps) {
  const now = pair.initiative;
  const form = useForm(
    'initiative',
    {
      title: now?.title ?? '',
      aim: now?.aim ?? '',
      context: now?.context ?? '',
      successMeasures: (now?.successMeasures ?? []).join('\n'),
      on: today(),
      reason: '',
    },
    (v) => ({
      title: check.required(v.title, 'a title for the initiative'),
      aim: check.required(v.aim, 'what it aims to achieve'),
      context: check.required(v.context, 'its context'),
      successMeasures: lines(v.successMeasures).length === 0 ? 'Enter at least one measure of success' : undefined,
      on: check.date(v.on, 'The date'),
      reason: now ? check.required(v.reason, 'why it is being revised') : undefined,
    }),
    { draft: true },
  );
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      const body = compact({ ...v, successMeasures: lines(v.successMeasures), reason: now ? v.reason : '' });
      await write(
        async (headers) => void ok(await api.PUT('/pairs/{id}/initiative', { params: { path: { id: pair.pairId } }, body, headers })),
        now ? 'Initiative revised' : 'Initiative defined',
      );
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label={now ? 'Revise the initiative' : 'Define the initiative'}>
      <ErrorSummary form={form} />
      <TextField {...form.bind('title')} label="Title" />
      <TextArea {...form.bind('aim')} label="Aim" rows={2} />
      <TextArea {...form.bind('context')} label="Context" hint="Why this, here, now" rows={3} />
      <TextArea {...form.bind('successMeasures')} label="Measures of success" hint="One per line" rows={3} />
      <TextField {...form.bind('on')} label={now ? 'Date revised' : 'Date defined'} type="date" width={10} />
      {now ? <TextArea {...form.bind('reason')} label="Why it is being revised" rows={2} /> : null}
      <Button busy={form.busy}>{now ? 'Revise initiative' : 'Define initiative'}</Button>
    </form>
  );
}

/** A coordinator pauses, resumes or concludes a pair. */
function CourseForm({ pair, write, change }: FormProps & { change: 'pause' | 'resume' | 'conclude' }) {
  const form = useForm(`course-${change}`, { on: today(), text: '' }, (v) => ({
    on: check.date(v.on, 'The date'),
    text: change === 'resume' ? undefined : check.required(v.text, change === 'pause' ? 'why the pair is pausing' : 'a summary of what the pair did'),
  }));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      const path = { id: pair.pairId };
      await write(async (headers) => {
        if (change === 'pause') ok(await api.POST('/pairs/{id}/pause', { params: { path }, body: compact({ reason: v.text, on: v.on }), headers }));
        else if (change === 'resume') ok(await api.POST('/pairs/{id}/resume', { params: { path }, body: compact({ on: v.on }), headers }));
        else ok(await api.POST('/pairs/{id}/conclude', { params: { path }, body: compact({ summary: v.text, concludedOn: v.on }), headers }));
      }, { pause: 'Pair paused', resume: 'Pair resumed', conclude: 'Pair concluded' }[change]);
      form.reset();
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label={{ pause: 'Pause the pair', resume: 'Resume the pair', conclude: 'Conclude the pair' }[change]}>
      <ErrorSummary form={form} />
      {change === 'conclude' ? <p>Once concluded, nothing more is recorded for the pair but corrections and retractions.</p> : null}
      <TextField {...form.bind('on')} label={{ pause: 'Date paused', resume: 'Date resumed', conclude: 'Date concluded' }[change]} type="date" width={10} />
      {change === 'pause' ? <TextArea {...form.bind('text')} label="Why the pair is pausing" rows={2} /> : null}
      {change === 'conclude' ? <TextArea {...form.bind('text')} label="Summary of what the pair did" rows={4} /> : null}
      <Button busy={form.busy} warning={change === 'conclude'}>
        {{ pause: 'Pause pair', resume: 'Resume pair', conclude: 'Conclude pair' }[change]}
      </Button>
    </form>
  );
}
