import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import type { Me, PairAction, PairDetail, Participant } from '../api/types';
import { Button, Checkboxes, ErrorSummary, SelectField, TextArea, TextField, check, compact, useForm } from '../components/form';
import { humanDate } from '../dates';
import { takesPart } from '../consents';
import {
  APPROACH_OPTIONS,
  CATEGORIES,
  FORMATS,
  MeasureFields,
  NO_MEASURE,
  SCORES,
  SPREADS,
  checkMeasure,
  lines,
  measureGiven,
  measureSent,
  partnerName,
  partnerOptions,
  today,
  usePreset,
  type FormProps,
  type PutRight,
} from './record-parts';
import { CorrectionForm, RetractionForm } from './put-right-forms';

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
      {kind === 'reflection' ? <ReflectionForm {...forms} preset={preset} /> : null}
      {kind === 'milestone' ? <MilestoneForm {...props} /> : null}
      {kind === 'initiative' ? <InitiativeForm {...props} /> : null}
      {kind === 'pause' || kind === 'resume' || kind === 'conclude' ? <CourseForm key={kind} {...props} change={kind} /> : null}
      {kind === 'correction' ? <CorrectionForm {...props} preset={preset} /> : null}
      {kind === 'retraction' ? <RetractionForm {...props} preset={preset} /> : null}
    </>
  );
}

/** An action agreed at a meeting, as its form takes it: recorded with the meeting, agreed on its date. */
type AgreedAction = { description: string; ownerId: string; dueOn: string };
const NO_AGREED_ACTION: AgreedAction = { description: '', ownerId: '', dueOn: '' };

/** Each agreed action's problems, keyed by field as its inputs are (`action-0-description`), each saying which action. */
function agreedActionErrors(actions: AgreedAction[], heldOn: string) {
  return Object.fromEntries(
    actions.flatMap((a, i) => {
      const which = (message: string | undefined) => (message ? `Action ${i + 1}: ${message.charAt(0).toLowerCase()}${message.slice(1)}` : undefined);
      return [
        [`action-${i}-description`, which(check.required(a.description, 'what was agreed'))],
        [`action-${i}-ownerId`, which(check.required(a.ownerId, 'who will do it'))],
        [
          `action-${i}-dueOn`,
          which(
            check.date(a.dueOn, 'The due date') ??
              (a.dueOn && heldOn && a.dueOn < heldOn ? 'The due date must be on or after the date of the meeting' : undefined),
          ),
        ],
      ];
    }),
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
    actions: [] as AgreedAction[],
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
      ...agreedActionErrors(v.actions, v.heldOn),
    }),
    { draft: true },
  );
  const agreed = form.values.actions;
  const setAgreed = (i: number, change: Partial<AgreedAction>) =>
    form.set(
      'actions',
      agreed.map((a, j) => (j === i ? { ...a, ...change } : a)),
    );
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async ({ actions, ...v }) => {
      const body: Schemas['MeetingDto'] = compact({
        ...v,
        durationMinutes: Number(v.durationMinutes),
        topics: lines(v.topics),
        approaches: v.approaches as Schemas['MeetingDto']['approaches'],
        format: v.format as Schemas['MeetingDto']['format'],
      });
      await write(
        async (headers) => {
          const meeting = ok<{ id: string }>(await api.POST('/pairs/{id}/meetings', { params: { path: { id: pair.pairId } }, body, headers }));
          // Each action after it, linked to it and agreed on its date. They carry no If-Match: the meeting's
          // moved the pair on, and an action is recorded against the latest state. Sent again after a lost
          // answer, each write is answered from the first (the form's submission keys them), so none is doubled.
          for (const a of actions)
            ok(
              await api.POST('/pairs/{id}/actions', {
                params: { path: { id: pair.pairId } },
                body: compact({ description: a.description, ownerId: a.ownerId, dueOn: a.dueOn, agreedOn: v.heldOn, meetingId: meeting.id }),
              }),
            );
        },
        actions.length > 0 ? `Meeting recorded, with the ${actions.length === 1 ? 'action' : `${actions.length} actions`} agreed at it` : 'Meeting recorded',
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
      <fieldset className="nhsuk-fieldset" aria-describedby="meeting-actions-hint" data-testid="agreed-actions">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Actions agreed at this meeting (optional)</legend>
        <div className="nhsuk-hint" id="meeting-actions-hint">
          Each is recorded with the meeting, agreed on its date, and says on the timeline which meeting it was agreed at.
        </div>
        {agreed.map((a, i) => (
          <div className="pt-agreed-action" key={i}>
            <TextArea
              id={`meeting-action-${i}-description`}
              label={`Action ${i + 1}: what was agreed`}
              rows={2}
              value={a.description}
              onChange={(description) => setAgreed(i, { description })}
              error={form.shown(`action-${i}-description`)}
            />
            <SelectField
              id={`meeting-action-${i}-ownerId`}
              label={`Action ${i + 1}: who will do it`}
              value={a.ownerId}
              onChange={(ownerId) => setAgreed(i, { ownerId })}
              options={partnerOptions(present)}
              error={form.shown(`action-${i}-ownerId`)}
            />
            <TextField
              id={`meeting-action-${i}-dueOn`}
              label={`Action ${i + 1}: due date (optional)`}
              type="date"
              width={10}
              value={a.dueOn}
              onChange={(dueOn) => setAgreed(i, { dueOn })}
              error={form.shown(`action-${i}-dueOn`)}
            />
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              onClick={() =>
                form.set(
                  'actions',
                  agreed.filter((_, j) => j !== i),
                )
              }
            >
              Remove action {i + 1}
            </button>
          </div>
        ))}
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => form.set('actions', [...agreed, NO_AGREED_ACTION])}>
          {agreed.length === 0 ? 'Add an action agreed at it' : 'Add another action'}
        </button>
      </fieldset>
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

function ReflectionForm({ pair, partners, present = partners, write, me, preset }: FormProps & { preset?: PutRight }) {
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
  // Asked for from My pair: the author chosen (if they may write it), and the score next to give.
  usePreset(preset, (author) => authors.some((a) => a.participantId === author) && form.set('participantId', author), 'reflection-relationshipScore');
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
      {change === 'conclude' ? (
        <p>
          Once concluded, nothing more is recorded for the pair but corrections and retractions. A conclusion recorded by mistake is undone by retracting it,
          beside it on the timeline.
        </p>
      ) : null}
      <TextField {...form.bind('on')} label={{ pause: 'Date paused', resume: 'Date resumed', conclude: 'Date concluded' }[change]} type="date" width={10} />
      {change === 'pause' ? <TextArea {...form.bind('text')} label="Why the pair is pausing" rows={2} /> : null}
      {change === 'conclude' ? <TextArea {...form.bind('text')} label="Summary of what the pair did" rows={4} /> : null}
      <Button busy={form.busy} warning={change === 'conclude'}>
        {{ pause: 'Pause pair', resume: 'Resume pair', conclude: 'Conclude pair' }[change]}
      </Button>
    </form>
  );
}
