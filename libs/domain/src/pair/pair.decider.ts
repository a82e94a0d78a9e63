import type { CohortState } from '../cohort/cohort.decider';
import { mayTakePart, unregistered, type ParticipantState } from '../participant/participant.decider';
import { Checks } from '../shared/checks';
import { refuseUnchanged } from '../shared/corrections';
import type { CalendarDate } from '../shared/dates';
import { assertNever, type CommandBase, type Decider, type StoredEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolatedError, ValidationError } from '../shared/errors';
import {
  COORDINATOR_ONLY_FACTS,
  toKebabCase,
  type Approach,
  type MeetingFormat,
  type OutcomeCategory,
  type Role,
  type SpreadLevel,
} from '../shared/vocabulary';
import {
  CORRECTABLE_PAIR_FORMED,
  FACT_FIELDS,
  UNCORRECTABLE,
  isPairFactType,
  type Measure,
  type PairEvent,
  type PairFact,
  type PairFactType,
} from './pair.events';
import { NEW_ENTRY, checkFactFields, checkPairConsistency } from './pair.rules';
import { carryView, effectiveFacts, extendView, pairView, partnersOf, type PairState, type PairView } from './pair.view';

/** Participants named by a command, loaded by the caller from their own streams. */
export type ParticipantLookup = Record<string, ParticipantState | undefined>;

/** Who is acting, where a rule depends on it (only a reflection's author may correct it). */
export interface Acting {
  role: Role;
  participantId?: string;
}

type PairCommandOf<T extends string, D, X = object> = CommandBase<T, D & { pairId: string }> & X;

export type FormPair = PairCommandOf<
  'FormPair',
  { cohortId: string; livedExperiencePartnerId: string; professionalPartnerId: string; formedOn?: CalendarDate; focus: string; serviceArea: string },
  { cohort: CohortState | undefined; participants: ParticipantLookup }
>;
export type DefineInitiative = PairCommandOf<
  'DefineInitiative',
  { title: string; aim: string; context: string; successMeasures: string[]; on?: CalendarDate; reason?: string }
>;
export type RecordMeeting = PairCommandOf<
  'RecordMeeting',
  {
    meetingId: string;
    heldOn?: CalendarDate;
    durationMinutes: number;
    format: MeetingFormat;
    attendeeIds: string[];
    topics: string[];
    notes: string;
    approaches: Approach[];
  },
  { participants: ParticipantLookup }
>;
export type AgreeAction = PairCommandOf<
  'AgreeAction',
  { actionId: string; description: string; ownerId: string; agreedOn?: CalendarDate; dueOn?: CalendarDate; meetingId?: string },
  { participants: ParticipantLookup }
>;
export type CompleteAction = PairCommandOf<'CompleteAction', { actionId: string; completedOn?: CalendarDate; note?: string }>;
export type DropAction = PairCommandOf<'DropAction', { actionId: string; droppedOn?: CalendarDate; reason: string }>;
export type ReachMilestone = PairCommandOf<'ReachMilestone', { milestoneId: string; description: string; reachedOn?: CalendarDate }>;
export type RecordOutcome = PairCommandOf<
  'RecordOutcome',
  {
    outcomeId: string;
    category: OutcomeCategory;
    description: string;
    evidence?: string;
    measure?: Measure;
    recordedOn?: CalendarDate;
    spread: SpreadLevel;
  }
>;
export type RecordReflection = PairCommandOf<
  'RecordReflection',
  { reflectionId: string; participantId: string; recordedOn?: CalendarDate; relationshipScore: number; text: string; quotable: boolean },
  { participants: ParticipantLookup }
>;
export type CorrectEntry = PairCommandOf<
  'CorrectEntry',
  { targetEventId: string; reason: string; replacement: Record<string, unknown> },
  { participants?: ParticipantLookup; by?: Acting }
>;
export type RetractEntry = PairCommandOf<'RetractEntry', { targetEventId: string; reason: string }, { by?: Acting }>;
export type PausePair = PairCommandOf<'PausePair', { reason: string; on?: CalendarDate }>;
export type ResumePair = PairCommandOf<'ResumePair', { on?: CalendarDate }>;
export type ConcludePair = PairCommandOf<'ConcludePair', { concludedOn?: CalendarDate; summary: string }>;

export type PairCommand =
  | FormPair
  | DefineInitiative
  | RecordMeeting
  | AgreeAction
  | CompleteAction
  | DropAction
  | ReachMilestone
  | RecordOutcome
  | RecordReflection
  | CorrectEntry
  | RetractEntry
  | PausePair
  | ResumePair
  | ConcludePair;

export type { PairState } from './pair.view';

function strip<T extends Record<string, unknown>>(data: T): T {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as T;
}

/** The fact a command records, its happened-on date defaulted to today; an initiative defined a second time is its revision. */
function factOf(command: Exclude<PairCommand, FormPair | CorrectEntry | RetractEntry>, hasInitiative: boolean): PairFact {
  const { today } = command;
  switch (command.type) {
    case 'DefineInitiative': {
      const { pairId: _p, reason, ...rest } = command.data;
      const on = rest.on ?? today;
      if (hasInitiative) {
        if (reason === undefined) throw new ValidationError([{ field: 'reason', message: 'is required to revise an initiative' }]);
        return { type: 'InitiativeRevised', data: strip({ ...rest, on, reason }) };
      }
      return { type: 'InitiativeDefined', data: strip({ ...rest, on }) };
    }
    case 'RecordMeeting': {
      const { pairId: _p, ...rest } = command.data;
      return { type: 'MeetingHeld', data: strip({ ...rest, heldOn: rest.heldOn ?? today }) };
    }
    case 'AgreeAction': {
      const { pairId: _p, ...rest } = command.data;
      return { type: 'ActionAgreed', data: strip({ ...rest, agreedOn: rest.agreedOn ?? today }) };
    }
    case 'CompleteAction': {
      const { pairId: _p, ...rest } = command.data;
      return { type: 'ActionCompleted', data: strip({ ...rest, completedOn: rest.completedOn ?? today }) };
    }
    case 'DropAction': {
      const { pairId: _p, ...rest } = command.data;
      return { type: 'ActionDropped', data: strip({ ...rest, droppedOn: rest.droppedOn ?? today }) };
    }
    case 'ReachMilestone': {
      const { pairId: _p, ...rest } = command.data;
      return { type: 'MilestoneReached', data: strip({ ...rest, reachedOn: rest.reachedOn ?? today }) };
    }
    case 'RecordOutcome': {
      const { pairId: _p, ...rest } = command.data;
      return { type: 'OutcomeRecorded', data: strip({ ...rest, recordedOn: rest.recordedOn ?? today }) };
    }
    case 'RecordReflection': {
      const { pairId: _p, ...rest } = command.data;
      return { type: 'ReflectionRecorded', data: strip({ ...rest, recordedOn: rest.recordedOn ?? today }) };
    }
    case 'PausePair':
      return { type: 'PairPaused', data: strip({ reason: command.data.reason, on: command.data.on ?? today }) };
    case 'ResumePair':
      return { type: 'PairResumed', data: { on: command.data.on ?? today } };
    case 'ConcludePair':
      return { type: 'PairConcluded', data: { summary: command.data.summary, concludedOn: command.data.concludedOn ?? today } };
    default:
      return assertNever(command);
  }
}

/**
 * A refusal to name in a new entry someone who does not take part (domain.md: withdrawing participation
 * "blocks any new entry that names them"): what they cannot be, and, besides giving consent, what else to do.
 */
function notTakingPart(who: string, cannot: string, orElse?: string): RuleViolatedError {
  return new RuleViolatedError(
    'participation-consent',
    `Participant ${who} has no participation consent, so ${cannot}; record their consent to take part first${orElse ? `, ${orElse}` : ''}.`,
  );
}

/** The rules on one fact that need the pair's state (and, for meetings, the attendees'). */
function checkFactAgainstPair(
  type: PairFactType,
  data: Record<string, unknown>,
  view: PairView,
  participants: ParticipantLookup | undefined,
  previous?: Record<string, unknown>,
): void {
  const isNew = previous === undefined;
  const partners = partnersOf(view);
  const isPartner = (id: unknown) => partners.includes(id as string);
  switch (type) {
    case 'MeetingHeld': {
      const attendeeIds = data.attendeeIds as string[];
      // A correction answers only for the attendees it adds: those already recorded passed these checks.
      const before = new Set((previous?.attendeeIds as string[] | undefined) ?? []);
      const added = attendeeIds.filter((id) => !before.has(id));
      const field = previous ? 'replacement.attendeeIds' : 'attendeeIds';
      const named = attendeeIds.flatMap((id, i) => (before.has(id) ? [] : unregistered(`${field}[${i}]`, id, participants?.[id])));
      if (named.length > 0) throw new ValidationError(named);
      if (!attendeeIds.some(isPartner))
        throw new RuleViolatedError('attendee-partner', 'A meeting must be attended by at least one of the two partners: add one of them to attendeeIds.');
      const blocked = added.filter((id) => !mayTakePart(participants?.[id], view.pairId));
      if (blocked.length > 0) {
        throw notTakingPart(blocked.join(', '), 'cannot be recorded at a meeting', 'or leave them out of the attendees');
      }
      return;
    }
    case 'ActionAgreed':
      if (!isPartner(data.ownerId))
        throw new RuleViolatedError('owner-partner', `The owner of an action must be one of the pair's two partners, not ${String(data.ownerId)}.`);
      // A new owner is named anew: only one who takes part (a correction that keeps the owner answers for nothing).
      if (data.ownerId !== previous?.ownerId && !mayTakePart(participants?.[data.ownerId as string], view.pairId)) {
        throw notTakingPart(String(data.ownerId), "cannot be named as an action's owner", 'or give the action to the other partner');
      }
      if (data.meetingId !== undefined && !view.meetings.some((m) => m.meetingId === data.meetingId)) {
        throw new ValidationError([{ field: 'meetingId', message: `names no meeting of this pair (${String(data.meetingId)})` }]);
      }
      return;
    case 'ActionCompleted':
    case 'ActionDropped': {
      const action = view.actions.find((a) => a.actionId === data.actionId);
      if (!action) {
        const retracted = view.facts.find((f) => f.type === 'ActionAgreed' && f.data.actionId === data.actionId && f.retracted);
        if (retracted) {
          throw new RuleViolatedError(
            'action-retracted',
            `Action ${String(data.actionId)} was retracted, so it cannot be completed or dropped; to restore it, retract that retraction (targetEventId ${retracted.retracted!.eventId}).`,
          );
        }
        throw new NotFoundError(`Pair ${view.pairId} has no action ${String(data.actionId)}.`);
      }
      if (isNew && action.closures > 0) {
        const closed = action.completed
          ? `completed on ${action.completed.completedOn}`
          : action.dropped
            ? `dropped on ${action.dropped.droppedOn}`
            : 'completed or dropped';
        throw new RuleViolatedError(
          'action-closed',
          `Action ${action.actionId} was already ${closed}, and an action is completed or dropped once. To put its date or note right, correct that entry (POST /pairs/:id/corrections); to undo it, retract it.`,
        );
      }
      return;
    }
    case 'ReflectionRecorded':
      if (!isPartner(data.participantId)) throw new RuleViolatedError('author-partner', "A reflection must be written by one of the pair's two partners.");
      if (isNew && !mayTakePart(participants?.[data.participantId as string], view.pairId)) {
        throw notTakingPart(String(data.participantId), 'a reflection of theirs cannot be recorded');
      }
      return;
    case 'PairPaused':
      if (isNew && view.status !== 'active') {
        const already = view.status === 'paused' ? 'already paused' : view.status;
        throw new RuleViolatedError('pair-status', `Pair ${view.pairId} is ${already}, so it cannot be paused.`);
      }
      return;
    case 'PairResumed':
      if (isNew && view.status !== 'paused')
        throw new RuleViolatedError('pair-status', `Pair ${view.pairId} is ${view.status}, not paused, so it cannot be resumed.`);
      return;
    default:
      return;
  }
}

/** The pair as it would stand with one more event appended; throws if a cross-fact rule would break. */
function checkWith(state: PairState, event: PairEvent): void {
  const entry = { eventId: NEW_ENTRY, event };
  const before = pairView(state);
  checkPairConsistency(extendView(before, [entry], state.entries.length) ?? pairView({ ...state, entries: [...state.entries, entry] }), before);
}

/** Follows corrections and retractions back to the fact they are about. */
function rootFact(state: PairState, eventId: string): PairEvent | undefined {
  let entry = state.entries.find((e) => e.eventId === eventId);
  while (entry && (entry.event.type === 'EntryCorrected' || entry.event.type === 'EntryRetracted')) {
    const target = entry.event.data.targetEventId;
    entry = state.entries.find((e) => e.eventId === target);
  }
  return entry?.event;
}

/**
 * Whoever may record a fact may put it right, and no one else: a pair member may not correct or retract
 * another's reflection, nor undo what only a coordinator records (retracting a conclusion would reopen
 * the pair, which a pair member cannot do).
 */
function requireAuthorFor(state: PairState, targetEventId: string, by: Acting | undefined): void {
  const fact = rootFact(state, targetEventId);
  if (by?.role !== 'pair-member' || !fact) return;
  if (fact.type === 'ReflectionRecorded' && by.participantId !== fact.data.participantId) {
    throw new ForbiddenError('Only the author of a reflection, or a coordinator, may correct or retract it.');
  }
  if (COORDINATOR_ONLY_FACTS.has(fact.type)) {
    throw new ForbiddenError(`Only a coordinator may correct or retract ${fact.type}, as only a coordinator records it. Ask the programme's coordinator.`);
  }
}

/**
 * The checks on a pair command's own fields, which need no stored state. A correction's replacement is
 * checked against the fact it corrects, in `correctEntry`.
 */
export function checkPairFields(command: PairCommand, checks: Checks): void {
  switch (command.type) {
    case 'FormPair': {
      const { cohortId, livedExperiencePartnerId, professionalPartnerId, formedOn, focus, serviceArea } = command.data;
      checks.text('cohortId', cohortId, { max: 100 });
      checks.text('livedExperiencePartnerId', livedExperiencePartnerId, { max: 100 });
      checks.text('professionalPartnerId', professionalPartnerId, { max: 100 });
      checkFactFields('PairFormed', { formedOn: formedOn ?? command.today, focus, serviceArea }, checks);
      if (typeof professionalPartnerId === 'string' && professionalPartnerId === livedExperiencePartnerId) {
        checks.fail('professionalPartnerId', 'must be a different participant from livedExperiencePartnerId');
      }
      return;
    }
    case 'CorrectEntry': {
      const { targetEventId, reason, replacement } = command.data;
      checks.text('targetEventId', targetEventId, { max: 100 });
      checks.text('reason', reason, { max: 20_000 });
      if (typeof replacement !== 'object' || replacement === null || Array.isArray(replacement) || Object.keys(replacement).length === 0) {
        checks.fail('replacement', 'must be an object naming at least one field to correct');
      }
      return;
    }
    case 'RetractEntry':
      checks.text('targetEventId', command.data.targetEventId, { max: 100 });
      checks.text('reason', command.data.reason, { max: 20_000 });
      return;
    default: {
      // Whether an initiative is a revision needs the pair; a revision's reason, if given, is checked here.
      const fact = factOf(command, false);
      checkFactFields(fact.type, fact.data as unknown as Record<string, unknown>, checks);
      if (command.type === 'DefineInitiative') checks.text('reason', command.data.reason, { optional: true, max: 20_000 });
    }
  }
}

function formPair(command: FormPair, state: PairState): PairEvent[] {
  const { pairId, cohortId, livedExperiencePartnerId: lep, professionalPartnerId: pro, focus } = command.data;
  const formedOn = command.data.formedOn ?? command.today;
  const [lepState, proState] = [command.participants[lep], command.participants[pro]];
  const named = [
    ...(command.cohort?.exists ? [] : [{ field: 'cohortId', message: `names no cohort (${cohortId})` }]),
    ...unregistered('livedExperiencePartnerId', lep, lepState),
    ...unregistered('professionalPartnerId', pro, proState),
  ];
  if (named.length > 0 || !command.cohort || !lepState || !proState) throw new ValidationError(named);
  if (state.exists) throw new RuleViolatedError('pair-exists', `Pair ${pairId} already exists.`);
  if (command.cohort.closedOn)
    throw new RuleViolatedError(
      'cohort-closed',
      `Cohort ${cohortId} closed on ${command.cohort.closedOn}; no new pairs can join it. Form the pair in an open cohort.`,
    );
  if (lepState.perspective !== 'lived-experience') {
    throw new RuleViolatedError('partner-perspective', `Participant ${lep} has the ${lepState.perspective} perspective, not lived-experience.`);
  }
  if (proState.perspective !== 'professional') {
    throw new RuleViolatedError('partner-perspective', `Participant ${pro} has the ${proState.perspective} perspective, not professional.`);
  }
  for (const [id, p] of [
    [lep, lepState],
    [pro, proState],
  ] as const) {
    if (!mayTakePart(p)) throw notTakingPart(id, 'cannot be put in a pair');
  }
  const serviceArea = toKebabCase(command.data.serviceArea);
  return [{ type: 'PairFormed', data: { pairId, cohortId, livedExperiencePartnerId: lep, professionalPartnerId: pro, formedOn, focus, serviceArea } }];
}

function correctEntry(command: CorrectEntry, state: PairState, view: PairView): PairEvent[] {
  const checks = new Checks(command.today);
  const { targetEventId, reason, replacement } = command.data;
  const target = effectiveFacts(state.entries).find((f) => f.eventId === targetEventId);
  if (!target) throw new ValidationError([{ field: 'targetEventId', message: 'names no fact of this pair (corrections and retractions cannot be corrected)' }]);
  const allowed =
    target.type === 'PairFormed' ? CORRECTABLE_PAIR_FORMED : FACT_FIELDS[target.type].filter((f) => !(UNCORRECTABLE[target.type] ?? []).includes(f));
  for (const key of Object.keys(replacement)) {
    if (!allowed.includes(key)) checks.fail(`replacement.${key}`, `cannot be corrected on ${target.type}; correctable fields: ${allowed.join(', ')}`);
  }
  checks.done();
  requireAuthorFor(state, targetEventId, command.by);
  const merged = { ...target.data, ...replacement };
  checkFactFields(target.type, merged, checks, 'replacement.');
  checks.done();
  if (target.type === 'PairFormed' && typeof replacement.serviceArea === 'string') replacement.serviceArea = toKebabCase(replacement.serviceArea);
  refuseUnchanged(replacement, target.data, 'Give the value the entry should have.');
  checkFactAgainstPair(target.type, merged, view, command.participants, target.data);
  const subject = target.type === 'ReflectionRecorded' ? { subjectId: String(target.data.participantId) } : {};
  const event: PairEvent = { type: 'EntryCorrected', data: { targetEventId, reason, replacement, ...subject } };
  checkWith(state, event);
  return [event];
}

function retractEntry(command: RetractEntry, state: PairState): PairEvent[] {
  const { targetEventId, reason } = command.data;
  const target = state.entries.find((e) => e.eventId === targetEventId);
  if (!target) throw new ValidationError([{ field: 'targetEventId', message: 'names no entry of this pair' }]);
  if (target.event.type === 'PairFormed') throw new RuleViolatedError('not-retractable', 'PairFormed can be corrected but never retracted.');
  const retractions = state.entries.filter((e) => e.event.type === 'EntryRetracted');
  const facts = effectiveFacts(state.entries);
  const alreadyRetracted = isPairFactType(target.event.type)
    ? facts.find((f) => f.eventId === targetEventId)?.retracted !== null
    : !isInForce(state, targetEventId, retractions);
  if (alreadyRetracted) throw new RuleViolatedError('already-retracted', `Entry ${targetEventId} is already retracted.`);
  requireAuthorFor(state, targetEventId, command.by);
  const event: PairEvent = { type: 'EntryRetracted', data: { targetEventId, reason } };
  checkWith(state, event);
  return [event];
}

/** Whether a correction or retraction is in force (no retraction in force targets it). */
function isInForce(state: PairState, eventId: string, retractions: PairState['entries']): boolean {
  return !retractions.some((r) => r.event.type === 'EntryRetracted' && r.event.data.targetEventId === eventId && isInForce(state, r.eventId, retractions));
}

/**
 * A pair: its formation, initiative, meetings, actions, milestones, outcomes, reflections, status, and
 * the corrections and retractions that put its record right.
 */
export const pairDecider: Decider<PairCommand, PairEvent, PairState> = {
  initialState: () => ({ exists: false, entries: [] }),

  decide(command, state) {
    const checks = new Checks(command.today);
    checkPairFields(command, checks);
    checks.done();
    if (command.type === 'FormPair') return formPair(command, state);
    if (!state.exists) throw new NotFoundError(`No pair ${command.data.pairId}.`);
    const view = pairView(state);
    if (command.type === 'CorrectEntry') return correctEntry(command, state, view);
    if (command.type === 'RetractEntry') return retractEntry(command, state);

    const fact = factOf(command, view.initiative !== undefined);
    const data = fact.data as unknown as Record<string, unknown>;
    if (view.status === 'concluded') {
      throw new RuleViolatedError('pair-concluded', `Pair ${view.pairId} concluded on ${view.concludedOn}; only corrections and retractions can be recorded.`);
    }
    const participants = 'participants' in command ? command.participants : undefined;
    checkFactAgainstPair(fact.type, data, view, participants);
    checkWith(state, fact);
    return [fact];
  },

  evolve(state, event: StoredEvent<PairEvent>) {
    return pairDecider.evolveMany!(state, [event]);
  },

  evolveMany(state, events: readonly StoredEvent<PairEvent>[]) {
    let next: PairState = state;
    const entries = [...state.entries];
    for (const event of events) {
      const { eventId, ...domainEvent } = event;
      entries.push({ eventId, event: domainEvent as PairEvent });
      if (event.type === 'PairFormed') next = { exists: true, pairId: event.data.pairId, entries: [] };
    }
    const evolved = { ...next, entries };
    carryView(state, evolved);
    return evolved;
  },
};
