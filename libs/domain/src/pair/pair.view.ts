import type { CalendarDate } from '../shared/dates';
import type {
  ActionAgreedData,
  InitiativeData,
  MeetingData,
  OutcomeData,
  PairEvent,
  PairFact,
  PairFactType,
  PairFormedData,
  ReflectionData,
} from './pair.events';
import { HAPPENED_ON, isPairFactType } from './pair.events';

/** One event of a pair's stream, in log order. */
export interface PairEntry {
  eventId: string;
  event: PairEvent;
}

export interface PairState {
  exists: boolean;
  pairId?: string;
  entries: PairEntry[];
}

/** A correction that currently applies to a fact. */
export interface AppliedCorrection {
  eventId: string;
  reason: string;
  replacement: Record<string, unknown>;
}

/** A fact as it now stands: corrections applied, retraction marked. */
export interface EffectiveFact {
  eventId: string;
  /** Index in the stream: ties in date break by it. */
  seq: number;
  type: PairFactType;
  /** The date it happened, after corrections. */
  on: CalendarDate;
  data: Record<string, unknown>;
  corrections: AppliedCorrection[];
  retracted: null | { eventId: string; reason: string };
}

export interface ActionView extends ActionAgreedData {
  completed?: { completedOn: CalendarDate; note?: string };
  dropped?: { droppedOn: CalendarDate; reason: string };
  /** How many active completions and drops it has; the rules allow one at most. */
  closures: number;
}

export type PairStatus = 'active' | 'paused' | 'concluded';

/** A pair as it now stands, with corrections applied and retracted facts left out. */
export interface PairView extends PairFormedData {
  status: PairStatus;
  concludedOn?: CalendarDate;
  concludedSummary?: string;
  pausedOn?: CalendarDate;
  initiative?: InitiativeData;
  meetings: MeetingData[];
  actions: ActionView[];
  milestones: { milestoneId: string; description: string; reachedOn: CalendarDate }[];
  outcomes: OutcomeData[];
  reflections: ReflectionData[];
  /** Every fact in log order, retracted ones included (marked). */
  facts: EffectiveFact[];
}

/** Which events are in force: a retraction in force switches its target off; retracting it switches it back on. */
function activity(entries: PairEntry[]): (eventId: string) => boolean {
  const retractionsOf = new Map<string, string[]>();
  for (const { eventId, event } of entries) {
    if (event.type === 'EntryRetracted') {
      const list = retractionsOf.get(event.data.targetEventId) ?? [];
      list.push(eventId);
      retractionsOf.set(event.data.targetEventId, list);
    }
  }
  const memo = new Map<string, boolean>();
  const isActive = (eventId: string): boolean => {
    const known = memo.get(eventId);
    if (known !== undefined) return known;
    // A retraction always targets an earlier event, so this recursion ends.
    const active = !(retractionsOf.get(eventId) ?? []).some(isActive);
    memo.set(eventId, active);
    return active;
  };
  return isActive;
}

/** The facts of a pair with their corrections and retractions resolved, in log order. */
export function effectiveFacts(entries: PairEntry[]): EffectiveFact[] {
  const isActive = activity(entries);
  const facts = new Map<string, EffectiveFact>();
  const list: EffectiveFact[] = [];
  entries.forEach(({ eventId, event }, seq) => {
    if (isPairFactType(event.type)) {
      const fact: EffectiveFact = {
        eventId,
        seq,
        type: event.type,
        on: '',
        data: { ...(event.data as unknown as Record<string, unknown>) },
        corrections: [],
        retracted: null,
      };
      facts.set(eventId, fact);
      list.push(fact);
    } else if (event.type === 'EntryCorrected') {
      const target = facts.get(event.data.targetEventId);
      if (target && isActive(eventId)) {
        target.corrections.push({ eventId, reason: event.data.reason, replacement: event.data.replacement });
        Object.assign(target.data, event.data.replacement);
      }
    } else if (event.type === 'EntryRetracted') {
      const target = facts.get(event.data.targetEventId);
      if (target && isActive(eventId) && target.retracted === null) {
        target.retracted = { eventId, reason: event.data.reason };
      }
    }
  });
  for (const fact of list) fact.on = fact.data[HAPPENED_ON[fact.type]] as CalendarDate;
  return list;
}

/**
 * The pair as it now stands, built from the effective facts. With `asOf`, only facts whose own
 * (corrected) date is on or before it count, with every correction and retraction applied whenever it
 * was recorded; a pair formed after `asOf` gives undefined there.
 */
export function pairView(state: PairState): PairView;
export function pairView(state: PairState, options: { asOf?: CalendarDate }): PairView | undefined;
export function pairView(state: PairState, options: { asOf?: CalendarDate } = {}): PairView | undefined {
  const facts = effectiveFacts(state.entries);
  const asOf = options.asOf;
  const active = facts.filter((f) => f.retracted === null && (asOf === undefined || f.on <= asOf));
  const formed = active.find((f) => f.type === 'PairFormed');
  if (!formed) {
    if (asOf !== undefined) return undefined;
    throw new Error('pairView needs a formed pair');
  }
  const view: PairView = {
    ...(formed.data as unknown as PairFormedData),
    status: 'active',
    meetings: [],
    actions: [],
    milestones: [],
    outcomes: [],
    reflections: [],
    facts: asOf === undefined ? facts : facts.filter((f) => f.on <= asOf),
  };
  const actions = new Map<string, ActionView>();
  for (const fact of active) {
    const data = fact.data as never;
    const typed = { type: fact.type, data } as PairFact;
    switch (typed.type) {
      case 'InitiativeDefined':
      case 'InitiativeRevised': {
        const { title, aim, context, successMeasures, on } = typed.data;
        view.initiative = { title, aim, context, successMeasures, on };
        break;
      }
      case 'MeetingHeld':
        view.meetings.push(typed.data);
        break;
      case 'ActionAgreed': {
        const action: ActionView = { ...typed.data, closures: 0 };
        actions.set(action.actionId, action);
        view.actions.push(action);
        break;
      }
      case 'ActionCompleted': {
        const action = actions.get(typed.data.actionId);
        if (action) {
          action.completed = { completedOn: typed.data.completedOn, ...(typed.data.note ? { note: typed.data.note } : {}) };
          action.closures += 1;
        }
        break;
      }
      case 'ActionDropped': {
        const action = actions.get(typed.data.actionId);
        if (action) {
          action.dropped = { droppedOn: typed.data.droppedOn, reason: typed.data.reason };
          action.closures += 1;
        }
        break;
      }
      case 'MilestoneReached':
        view.milestones.push(typed.data);
        break;
      case 'OutcomeRecorded':
        view.outcomes.push(typed.data);
        break;
      case 'ReflectionRecorded':
        view.reflections.push(typed.data);
        break;
      case 'PairPaused':
        view.status = 'paused';
        view.pausedOn = typed.data.on;
        break;
      case 'PairResumed':
        view.status = 'active';
        delete view.pausedOn;
        break;
      case 'PairConcluded':
        view.status = 'concluded';
        view.concludedOn = typed.data.concludedOn;
        view.concludedSummary = typed.data.summary;
        break;
      case 'PairFormed':
        break;
    }
  }
  return view;
}

/** The partner ids of a pair. */
export const partnersOf = (view: PairFormedData): [string, string] => [view.livedExperiencePartnerId, view.professionalPartnerId];
