import type { Pair, PairFigures } from './api/types';
import { titleOf } from './lists';

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
