/** Putting a pair's record right: correcting an entry, and retracting one (or a correction, or a retraction). */
import { api, ok } from '../api/client';
import type { Me, Participant, TimelineEntry } from '../api/types';
import { capitalised, glimpse } from '../lists';
import { correctionText, fieldLabel, valueText } from '@pairtrail/vocabulary';
import { Button, Checkboxes, ErrorSummary, SelectField, TextArea, TextField, check, useForm } from '../components/form';
import { humanDate, humanDates } from '../dates';
import {
  CATEGORIES,
  FORMATS,
  MeasureFields,
  NO_MEASURE,
  SCORES,
  SPREADS,
  YES_NO,
  APPROACH_OPTIONS,
  checkMeasure,
  lines,
  mayPutRight,
  partnerOptions,
  measureSent,
  measureTyped,
  usePreset,
  type FormProps,
  type MeasureValues,
} from './record-parts';

/** Every entry of a timeline is a fact of the pair, and each can be corrected; each but the forming retracted. */
const isRetractable = (e: TimelineEntry) => e.type !== 'PairFormed';
export const entryLabel = (e: Pick<TimelineEntry, 'on' | 'summary'>) => `${humanDate(e.on)}: ${humanDates(e.summary)}`;
/** Optional fields an entry may have been recorded without, which a correction can still give it. */
const OPTIONAL_FIELDS: Record<string, string[]> = { ActionAgreed: ['dueOn'], ActionCompleted: ['note'], OutcomeRecorded: ['evidence', 'measure'] };

/** The ids a correction may change, each a choice among the pair's partners: who attended, who owns an action. */
const PEOPLE_FIELDS = new Set(['attendeeIds', 'ownerId']);

/**
 * The fields of an entry a person can correct here: plain values and an outcome's measure, not ids, and
 * the optional ones it was recorded without (a due date forgotten), as undefined.
 */
const correctableFields = (e: TimelineEntry | undefined): [string, unknown][] =>
  e
    ? [
        ...Object.entries(e.data).filter(
          ([k, v]) =>
            (!/Id$|Ids$/.test(k) || PEOPLE_FIELDS.has(k)) &&
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

function valueInput(field: string, now: unknown, partners: Participant[]): ValueInput {
  if (field === 'measure') return { kind: 'measure' };
  if (field === 'ownerId') return { kind: 'choice', options: partnerOptions(partners) };
  if (field === 'attendeeIds') return { kind: 'choices', options: partnerOptions(partners) };
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

/** Whether two values are the same, ticked choices in any order. */
const same = (a: unknown, b: unknown) => JSON.stringify(Array.isArray(a) ? [...a].sort() : a) === JSON.stringify(Array.isArray(b) ? [...b].sort() : b);

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

export function CorrectionForm({ pair, partners, timeline, write, me, person, preset }: FormProps) {
  const entries = timeline.filter((e) => !e.retracted && mayPutRight(e, me));
  const fieldsOf = (eventId: string) => correctableFields(entries.find((e) => e.eventId === eventId));
  const nowOf = (v: { targetEventId: string; field: string }) => fieldsOf(v.targetEventId).find(([k]) => k === v.field)?.[1];
  const form = useForm(
    'correction',
    { targetEventId: '', field: '', value: '', choices: [] as string[], ...NO_MEASURE, reason: '' },
    (v) => {
      const now = nowOf(v);
      const input = valueInput(v.field, now, partners);
      const unchanged = v.field !== '' && same(asSent(input, now, v), asSent(input, now, asTyped(v.field, now)));
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
  const input = valueInput(form.values.field, now, partners);
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

export function RetractionForm({ pair, timeline, write, me, person, preset }: FormProps) {
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
