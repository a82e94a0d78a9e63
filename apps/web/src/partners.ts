import type { Pair, PairDetail, PairFigures, Participant } from './api/types';
import { takesPart } from './consents';
import { titleOf } from './lists';
import { REFLECTION_DUE_AFTER_DAYS, reflectionIsDue } from '@pairtrail/vocabulary';

/**
 * A person's pair, as a choice for a consent that covers it and as what a coordinator chases them for:
 * `now`, it has not concluded; `reflectedTwice`, whether they have reflected at least twice in it, so that
 * the change in how they see the relationship is known (undefined where the figures are not read).
 */
export type PairOf = { value: string; label: string; now: boolean; reflectedTwice?: boolean };

/**
 * Each person's pairs, found once rather than per person (a programme has thousands), with whether they
 * have reflected twice in each, from the pairs' figures when given: a partner's relationship `change` is
 * known (not null) once they have.
 */
export function pairsByPerson(pairs: readonly Pair[], figures?: readonly PairFigures[]): Map<string, PairOf[]> {
  const figuresOf = new Map(figures?.map((f) => [f.pairId, f]));
  const byPerson = new Map<string, PairOf[]>();
  for (const pair of pairs) {
    const known = figuresOf.get(pair.pairId)?.relationship;
    const partners = [
      [pair.livedExperiencePartnerId, known?.livedExperience],
      [pair.professionalPartnerId, known?.professional],
    ] as const;
    for (const [id, relationship] of partners) {
      const of: PairOf = { value: pair.pairId, label: titleOf(pair), now: pair.status !== 'concluded' };
      if (relationship) of.reflectedTwice = relationship.change !== null;
      byPerson.set(id, [...(byPerson.get(id) ?? []), of]);
    }
  }
  return byPerson;
}

export { REFLECTION_DUE_AFTER_DAYS };

/** A reflection a partner is asked for: in which pair, and their last one, if any, with how long ago. */
export interface ReflectionDue {
  pairId: string;
  title: string;
  /** Their last reflection's date, and how many days before today it was; absent when they have none. */
  last?: { on: string; daysAgo: number };
  /** Each score they gave, in the order of its date (those of one day in the order recorded): how the partnership has felt to them. */
  scores?: { on: string; score: number }[];
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * Whether a partner is asked to reflect in a pair going on that they take part in now: when they have not
 * yet, or their last reflection is a quarter old. How they see the partnership is the programme's measure
 * of moving from "them and us" to equal partners, and its change is known only once they have reflected
 * twice. Not in a pair they do not take part in, where no reflection of theirs could be recorded.
 */
export function reflectionDue(pair: PairDetail, partner: Participant, today: string): ReflectionDue | undefined {
  if (pair.status === 'concluded' || !takesPart(partner, pair.pairId)) return undefined;
  const mine = pair.reflections.filter((r) => r.participantId === partner.participantId);
  const title = titleOf(pair);
  if (mine.length === 0) return { pairId: pair.pairId, title };
  // Sorted stably: those of one day keep the order they were recorded in.
  const scores = [...mine]
    .sort((a, b) => (a.recordedOn < b.recordedOn ? -1 : a.recordedOn > b.recordedOn ? 1 : 0))
    .map((r) => ({ on: r.recordedOn, score: r.relationshipScore }));
  const on = scores[scores.length - 1]!.on;
  return reflectionIsDue(on, today) ? { pairId: pair.pairId, title, last: { on, daysAgo: daysBetween(on, today) }, scores } : undefined;
}
