import {
  NotFoundError,
  UUID,
  caseStudyDecider,
  cohortDecider,
  pairDecider,
  participantDecider,
  userDecider,
  type Decider,
  type DomainEvent,
} from '@pairtrail/domain';

export { UUID };

/** Throws not-found for an id that cannot name anything (every id is a UUID). */
export function requireUuid(kind: string, id: string): void {
  if (!UUID.test(id)) throw new NotFoundError(`No ${kind} ${id}.`);
}

export const streams = {
  cohort: (id: string) => `cohort-${id}`,
  participant: (id: string) => `participant-${id}`,
  pair: (id: string) => `pair-${id}`,
  user: (id: string) => `user-${id}`,
  caseStudy: (pairId: string) => `casestudy-${pairId}`,
};

/** The categories of every stream Pairtrail writes: what an EventStoreDB subscription keeps. */
export const STREAM_CATEGORIES = Object.values(streams).map((name) => name('').slice(0, -1));

/** The decider whose events each category of stream holds, by the category before the dash. */
export function deciderOf(stream: string): Decider<unknown, DomainEvent, unknown> {
  const deciders: Record<string, unknown> = {
    cohort: cohortDecider,
    participant: participantDecider,
    pair: pairDecider,
    user: userDecider,
    casestudy: caseStudyDecider,
  };
  const decider = deciders[stream.slice(0, stream.indexOf('-'))];
  if (!decider) throw new Error(`No decider for stream ${stream}`);
  return decider as Decider<unknown, DomainEvent, unknown>;
}

/** True for a name Pairtrail could have given a stream: a category of its own, a dash, and a UUID. */
export function isStreamName(name: string): boolean {
  const dash = name.indexOf('-');
  return dash > 0 && STREAM_CATEGORIES.includes(name.slice(0, dash)) && UUID.test(name.slice(dash + 1));
}
