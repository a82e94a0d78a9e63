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

/** An action as it stands: agreed, and completed or dropped once at most. */
export interface ActionView extends ActionAgreedData {
  completed?: { completedOn: CalendarDate; note?: string };
  dropped?: { droppedOn: CalendarDate; reason: string };
  /** How many active completions and drops it has; the rules allow one at most. */
  closures: number;
}

/** Where a pair's work stands: `active`, `paused` or `concluded`. */
export type PairStatus = 'active' | 'paused' | 'concluded';

/** A pair as it now stands, with corrections applied and retracted facts left out. */
export interface PairView extends PairFormedData {
  status: PairStatus;
  concludedOn?: CalendarDate;
  concludedSummary?: string;
  pausedOn?: CalendarDate;
  initiative?: InitiativeData;
  /** Each revision of the initiative, in the order recorded: when, and why. */
  initiativeRevisions: { on: CalendarDate; reason: string }[];
  meetings: MeetingData[];
  actions: ActionView[];
  milestones: { milestoneId: string; description: string; reachedOn: CalendarDate }[];
  outcomes: OutcomeData[];
  reflections: ReflectionData[];
  /** Every fact in log order, retracted ones included (marked). */
  facts: EffectiveFact[];
}

/** A pair as it is formed, before anything else is recorded of it. */
export function newPairView(formed: PairFormedData, facts: EffectiveFact[] = []): PairView {
  return { ...formed, status: 'active', initiativeRevisions: [], meetings: [], actions: [], milestones: [], outcomes: [], reflections: [], facts };
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

/** A fact as recorded, before any correction or retraction; its date is set once corrections are known. */
const newFact = ({ eventId, event }: PairEntry, seq: number): EffectiveFact => ({
  eventId,
  seq,
  type: event.type as PairFactType,
  on: '',
  data: { ...(event.data as unknown as Record<string, unknown>) },
  corrections: [],
  retracted: null,
});

/** The facts of a pair with their corrections and retractions resolved, in log order. */
export function effectiveFacts(entries: PairEntry[]): EffectiveFact[] {
  const isActive = activity(entries);
  const facts = new Map<string, EffectiveFact>();
  const list: EffectiveFact[] = [];
  entries.forEach(({ eventId, event }, seq) => {
    if (isPairFactType(event.type)) {
      const fact = newFact({ eventId, event }, seq);
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

/** Views already built, by the state they were built from: a state never changes, so neither does its view. */
const built = new WeakMap<PairState, PairView>();

/**
 * The pair as it now stands, built from the effective facts. With `asOf`, only facts whose own
 * (corrected) date is on or before it count, with every correction and retraction applied whenever it
 * was recorded; a pair formed after `asOf` gives undefined there. A view is shared by everyone who asks
 * for the same state's, so it must never be changed.
 */
export function pairView(state: PairState): PairView;
export function pairView(state: PairState, options: { asOf?: CalendarDate }): PairView | undefined;
export function pairView(state: PairState, options: { asOf?: CalendarDate } = {}): PairView | undefined {
  const asOf = options.asOf;
  if (asOf === undefined) {
    const known = built.get(state);
    if (known) return known;
  }
  const facts = effectiveFacts(state.entries);
  const active = facts.filter((f) => f.retracted === null && (asOf === undefined || f.on <= asOf));
  const formed = active.find((f) => f.type === 'PairFormed');
  if (!formed) {
    if (asOf !== undefined) return undefined;
    throw new Error('pairView needs a formed pair');
  }
  const view = newPairView(formed.data as unknown as PairFormedData, asOf === undefined ? facts : facts.filter((f) => f.on <= asOf));
  for (const fact of active) applyFact(view, fact);
  if (asOf === undefined) built.set(state, view);
  return view;
}

/** Whether an entry is a fact that only adds to a pair, so a view can take it without being rebuilt. */
const isPlainFact = (entry: PairEntry): boolean => entry.event.type !== 'PairFormed' && isPairFactType(entry.event.type);

/**
 * The view of `previous` with more facts recorded after it: a copy of its lists with the new facts
 * applied, rather than a rebuild from every entry. Undefined when a new entry is a correction, a
 * retraction or a formation, which can change anything and need the rebuild.
 */
export function extendView(view: PairView, added: readonly PairEntry[], firstSeq: number): PairView | undefined {
  if (!added.every(isPlainFact)) return undefined;
  const next: PairView = {
    ...view,
    initiativeRevisions: [...view.initiativeRevisions],
    meetings: [...view.meetings],
    actions: [...view.actions],
    milestones: [...view.milestones],
    outcomes: [...view.outcomes],
    reflections: [...view.reflections],
    facts: [...view.facts],
  };
  added.forEach((entry, i) => {
    const fact = newFact(entry, firstSeq + i);
    fact.on = fact.data[HAPPENED_ON[fact.type]] as CalendarDate;
    next.facts.push(fact);
    applyFact(next, fact);
  });
  return next;
}

/**
 * Keeps the view of a state that grew only by plain facts, when its predecessor's was already built:
 * a command's decision builds its pair's view, so the state it leaves behind gets its view for the
 * price of the new facts.
 */
export function carryView(previous: PairState, next: PairState): void {
  const view = built.get(previous);
  if (!view || !previous.exists || next.pairId !== previous.pairId) return;
  const seq = previous.entries.length;
  const extended = extendView(view, next.entries.slice(seq), seq);
  if (extended) built.set(next, extended);
}

/** Applies an active fact to a view being built. Actions are replaced, never changed, as views share them. */
function applyFact(view: PairView, fact: EffectiveFact): void {
  const typed = { type: fact.type, data: fact.data as never } as PairFact;
  const closeAction = (actionId: string, closing: Pick<ActionView, 'completed'> | Pick<ActionView, 'dropped'>) => {
    const i = view.actions.findIndex((a) => a.actionId === actionId);
    if (i >= 0) view.actions[i] = { ...view.actions[i]!, ...closing, closures: view.actions[i]!.closures + 1 };
  };
  switch (typed.type) {
    case 'InitiativeDefined':
    case 'InitiativeRevised': {
      const { title, aim, context, successMeasures, on } = typed.data;
      view.initiative = { title, aim, context, successMeasures, on };
      if (typed.type === 'InitiativeRevised') view.initiativeRevisions.push({ on, reason: typed.data.reason });
      break;
    }
    case 'MeetingHeld':
      view.meetings.push(typed.data);
      break;
    case 'ActionAgreed':
      view.actions.push({ ...typed.data, closures: 0 });
      break;
    case 'ActionCompleted': {
      const { completedOn, note } = typed.data;
      closeAction(typed.data.actionId, { completed: { completedOn, ...(note ? { note } : {}) } });
      break;
    }
    case 'ActionDropped': {
      const { droppedOn, reason } = typed.data;
      closeAction(typed.data.actionId, { dropped: { droppedOn, reason } });
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

/** The partner ids of a pair. */
export const partnersOf = (view: PairFormedData): [string, string] => [view.livedExperiencePartnerId, view.professionalPartnerId];
