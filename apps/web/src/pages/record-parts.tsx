/**
 * What the pair's record forms share: their props, the vocabularies they choose from, a measure's
 * fields, and how a form is taken to an entry or action asked for from the page (and by whom).
 */
import { useEffect } from 'react';
import { APPROACHES, APPROACH_DESCRIPTIONS, COORDINATOR_ONLY_FACTS, MEETING_FORMATS, OUTCOME_CATEGORIES, SPREAD_LEVELS } from '@pairtrail/vocabulary';
import type { Me, PairDetail, Participant, TimelineEntry } from '../api/types';
import { capitalised, localToday, wordsOf } from '../lists';
import { TextField, check } from '../components/form';

/** Sends a write with the headers it is given (If-Match); `done` is what to tell the person afterwards. */
export type Write = (send: (headers: Record<string, string>) => Promise<void>, done: string) => Promise<void>;

export interface FormProps {
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
  kind: 'correction' | 'retraction' | 'close-action' | 'reflection';
  /** The eventId of the entry, correction or retraction; the actionId of the action; the reflection's author. */
  target: string;
}

/** Whether this person may correct or retract the entry: whoever may record it (a reflection, its author). */
export function mayPutRight(entry: Pick<TimelineEntry, 'type' | 'data'>, me: Me): boolean {
  if (me.role === 'coordinator') return true;
  if (me.role !== 'pair-member' || COORDINATOR_ONLY_FACTS.has(entry.type)) return false;
  return entry.type !== 'ReflectionRecorded' || entry.data.participantId === me.participantId;
}

/**
 * Takes a form to what was asked for from the page, keeping what was already typed in its other fields,
 * then takes the reader and the keyboard to the field that comes next.
 */
export function usePreset(preset: PutRight | undefined, apply: (target: string) => void, next: string) {
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

export const today = () => localToday();
export const lines = (text: string) =>
  text
    .split(/\n|,/)
    .map((t) => t.trim())
    .filter(Boolean);

export const partnerName = (p: Participant) => (p.erased ? '[erased]' : (p.name ?? 'A partner'));

/** The partners as choices: by name, each with their perspective. */
export const partnerOptions = (partners: Participant[]) =>
  partners.map((p) => ({
    value: p.participantId,
    label: `${partnerName(p)} (${p.perspective === 'lived-experience' ? 'lived experience' : 'professional'})`,
  }));

export const APPROACH_OPTIONS = APPROACHES.map((a) => ({ value: a, label: capitalised(APPROACH_DESCRIPTIONS[a]) }));
export const FORMATS = MEETING_FORMATS.map((f) => ({ value: f, label: wordsOf(f) }));
export const CATEGORIES = OUTCOME_CATEGORIES.map((c) => ({ value: c, label: wordsOf(c) }));
export const SPREADS = SPREAD_LEVELS.map((s) => ({ value: s, label: wordsOf(s) }));
export const SCORES = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: `${n}${n === 1 ? ': them and us' : n === 5 ? ': equal partners' : ''}` }));
export const YES_NO = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

/** A measure's four fields as a form holds them: what was measured, its unit, before and now. */
export const NO_MEASURE = { measureName: '', measureUnit: '', measureBaseline: '', measureValue: '' };
export type MeasureValues = typeof NO_MEASURE;

export const measureTyped = (measure: unknown): MeasureValues => {
  if (!measure || typeof measure !== 'object') return NO_MEASURE;
  const m = measure as Record<string, unknown>;
  const typed = (x: unknown) => (x === undefined || x === null ? '' : String(x));
  return { measureName: typed(m.name), measureUnit: typed(m.unit), measureBaseline: typed(m.baseline), measureValue: typed(m.value) };
};
export const measureGiven = (v: MeasureValues) => [v.measureName, v.measureUnit, v.measureBaseline, v.measureValue].some((x) => x.trim() !== '');
export const measureSent = (v: MeasureValues) => ({
  name: v.measureName.trim(),
  unit: v.measureUnit.trim(),
  baseline: Number(v.measureBaseline),
  value: Number(v.measureValue),
});

/** A measure's problems: none when it is optional and left empty; otherwise each of its four, as the API checks them. */
export function checkMeasure(v: MeasureValues, required: boolean): Partial<Record<keyof MeasureValues, string>> {
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
export function MeasureFields({ bind, legend }: { bind: Bind; legend: string }) {
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
