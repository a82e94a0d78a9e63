import { requireUuid, streams } from '@pairtrail/application';
import { ForbiddenError, NotFoundError } from '@pairtrail/domain';
import { asJson } from '@pairtrail/event-store';
import { paginate, type ParticipantResource } from '@pairtrail/projections';
import type { Caller, SignIn } from '../identity/identity.cache';
import type { ApiRuntime } from '../runtime';
import type { ReadContext } from './read-context';

type Params = Record<string, string>;

/** A participant as the API answers with them. */
export interface ParticipantAsSeen extends ParticipantResource {
  /** To coordinators and administrators: the pair-member users who are this person (none: they cannot sign in yet). */
  signIns?: SignIn[];
}

/** The programme's record as the read models hold it: cohorts, participants, pairs, timelines and raw events. */
export const RECORD_READS = {
  cohorts: ({ runtime }: ReadContext, { query }: { query: Params }) => paginate(runtime.reads.cohorts(), (c) => c.cohortId, query),

  cohort: ({ runtime }: ReadContext, { id }: { id: string }) => runtime.reads.cohort(id),

  participants: ({ runtime }: ReadContext, { caller, query }: { caller: Caller; query: Params }) => {
    const page = runtime.reads.participants(query, visibleParticipants(runtime, caller));
    const signIns = signInsSeenBy(runtime, caller);
    return { ...page, items: page.items.map((p) => asSeenBy(caller, p, signIns)) };
  },

  /** Every person the caller may see, as a spreadsheet's rows, with the day and log position it was read at. */
  participantRegister: async ({ runtime }: ReadContext, { caller }: { caller: Caller }) => {
    const look = await runtime.reads.lookBack({});
    const signIns = signInsSeenBy(runtime, caller);
    const visible = visibleParticipants(runtime, caller);
    return runtime.reads.reproducibly(look, () => runtime.reads.participantRegister((p) => asSeenBy(caller, p, signIns), visible));
  },

  participant: ({ runtime }: ReadContext, { caller, id }: { caller: Caller; id: string }) => {
    const visible = visibleParticipants(runtime, caller);
    if (visible && !visible.includes(id)) throw new ForbiddenError('A pair member may see only themself and their partners.');
    return asSeenBy(caller, runtime.reads.participant(id), signInsSeenBy(runtime, caller));
  },

  pairs: ({ runtime }: ReadContext, { caller, query }: { caller: Caller; query: Params }) => {
    // A mistyped cohort is 404, as on /evaluation/pairs, not an empty list that looks like an answer.
    if (query.cohortId) runtime.reads.cohort(query.cohortId);
    return runtime.reads.pairs(query, ownPairIds(runtime, caller));
  },

  /** Every pair the filter names that the caller may see, as a spreadsheet's rows, with the day and log position it was read at. */
  pairRegister: async ({ runtime }: ReadContext, { caller, query }: { caller: Caller; query: Params }) => {
    if (query.cohortId) runtime.reads.cohort(query.cohortId);
    const look = await runtime.reads.lookBack({});
    return runtime.reads.reproducibly(look, () => runtime.reads.pairRegister(query, ownPairIds(runtime, caller)));
  },

  pair: ({ runtime }: ReadContext, { id }: { id: string }) => runtime.reads.pair(id),

  openActions: ({ runtime }: ReadContext, { caller, query }: { caller: Caller; query: Params }) =>
    runtime.reads.openActions(query, ownPairIds(runtime, caller)),

  /** Every open action, a CSV's rows, with the day and log position it was read at. */
  everyOpenAction: async ({ runtime }: ReadContext, { caller, query }: { caller: Caller; query: Params }) => {
    const look = await runtime.reads.lookBack({});
    return runtime.reads.reproducibly(look, () => runtime.reads.everyOpenAction(query, ownPairIds(runtime, caller)));
  },

  /** A page of the reflections due in the pairs going on, those waiting longest first: a pair member's own pairs alone. */
  reflectionsDue: ({ runtime }: ReadContext, { caller, query }: { caller: Caller; query: Params }) =>
    runtime.reads.reflectionsDuePage(query, ownPairIds(runtime, caller)),

  /** Every reflection due, a CSV's rows, with the day and log position it was read at. */
  everyReflectionDue: async ({ runtime }: ReadContext, { caller, query }: { caller: Caller; query: Params }) => {
    const look = await runtime.reads.lookBack({});
    return runtime.reads.reproducibly(look, () => runtime.reads.reflectionsDue(query, ownPairIds(runtime, caller)));
  },

  /** A page of what happened across the programme in a period, read reproducibly: a pair member's own pairs alone. */
  programmeTimeline: async ({ runtime }: ReadContext, { caller, query }: { caller: Caller; query: Params }) => {
    const look = await runtime.reads.lookBack({ position: query.position });
    const only = ownPairsAsking(runtime, caller, query.pairId);
    return runtime.reads.reproducibly(look, () => runtime.reads.programmeTimeline(query, look, only));
  },

  /** Every entry of the period, for a download, with the name of the cohort it is of. */
  wholeProgrammeTimeline: async ({ runtime }: ReadContext, { caller, query }: { caller: Caller; query: Params }) => {
    const look = await runtime.reads.lookBack({ position: query.position });
    const only = ownPairsAsking(runtime, caller, query.pairId);
    const read = runtime.reads.reproducibly(look, () => runtime.reads.everyProgrammeTimelineEntry(query, look, only));
    return { ...read, of: runtime.reads.programmeTimelineOf(query) };
  },

  /** A pair before its next meeting, read today, with the day and log position it was read at. */
  pairBrief: async ({ runtime }: ReadContext, { id }: { id: string }) => {
    const look = await runtime.reads.lookBack({});
    return runtime.reads.reproducibly(look, () => runtime.reads.pairBrief(id, look));
  },

  timeline: async ({ runtime }: ReadContext, { id, asOf, position }: { id: string; asOf?: string; position?: string }) => {
    const look = await runtime.reads.lookBack({ asOf, position });
    return { items: runtime.reads.timeline(id, look), asOf: look.asOf, position: look.position };
  },

  pairEvents: async ({ runtime }: ReadContext, { id }: { id: string }) => {
    requireUuid('pair', id);
    const events = await runtime.store.readStream(streams.pair(id));
    if (events.length === 0) throw new NotFoundError(`No pair ${id}.`);
    return {
      items: asJson(
        events.map(({ eventId, stream, revision, position, type, data, metadata }) => ({ eventId, stream, revision, position, type, data, metadata })),
      ),
    };
  },
};

/** A pair member's own pairs, the only ones they may see; undefined for every other role, who see every pair. */
export function ownPairIds(runtime: ApiRuntime, caller: Caller): string[] | undefined {
  return caller.role === 'pair-member' ? runtime.reads.pairsOf(caller.participantId!).map((p) => p.pairId) : undefined;
}

/** A pair member's own pairs, refusing one asked for that is not theirs (403, as its own routes are); undefined for every other role. */
function ownPairsAsking(runtime: ApiRuntime, caller: Caller, pairId: string | undefined): string[] | undefined {
  const own = ownPairIds(runtime, caller);
  if (own && pairId !== undefined && !own.includes(pairId)) throw new ForbiddenError('A pair member may see only their own pairs.');
  return own;
}

/** For a pair member, the participants they may see (themself and their partners); otherwise undefined. */
function visibleParticipants(runtime: ApiRuntime, caller: Caller): string[] | undefined {
  if (caller.role !== 'pair-member') return undefined;
  const own = caller.participantId!;
  return [own, ...runtime.reads.pairsOf(own).flatMap((p) => p.partners)];
}

/** Everyone's sign-ins, for a caller who gives people sign-ins (coordinators and administrators); else none are read. */
function signInsSeenBy(runtime: ApiRuntime, caller: Caller): Map<string, SignIn[]> | undefined {
  return caller.role === 'coordinator' || caller.role === 'admin' ? runtime.identity.signInsByParticipant() : undefined;
}

/**
 * A person's record as the caller may see it. Their email is for those who contact people (coordinators
 * and administrators) and for themself: an evaluator, or their partner in a pair, sees the rest. Those
 * who give people sign-ins (coordinators and administrators) see theirs too.
 */
function asSeenBy(caller: Caller, person: ParticipantResource, signIns: Map<string, SignIn[]> | undefined): ParticipantAsSeen {
  if (signIns) return { ...person, signIns: signIns.get(person.participantId) ?? [] };
  if (person.participantId === caller.participantId) return person;
  const { email: _email, ...rest } = person;
  return rest;
}
