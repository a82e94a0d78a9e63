/** Where a person's consents reach, pair by pair. Pure, so tested without a browser. */

/** A person's consents as `GET /participants` gives them. */
export interface ConsentsHeld {
  consents: { scope: string; pairId: string | null }[];
  /** Scopes withdrawn for one pair, which there override a consent given for every pair. */
  withdrawnFor?: { scope: string; pairId: string }[];
}

/**
 * Where a consent to `scope` is given: for every pair (but those it was withdrawn for since), or for
 * some pairs only; null when for none.
 */
export function consentReach(person: ConsentsHeld, scope: string): { everyPair: true; except: string[] } | { everyPair: false; pairs: string[] } | null {
  const given = person.consents.filter((c) => c.scope === scope);
  if (given.length === 0) return null;
  if (given.some((c) => c.pairId === null)) {
    return { everyPair: true, except: (person.withdrawnFor ?? []).filter((c) => c.scope === scope).map((c) => c.pairId) };
  }
  return { everyPair: false, pairs: given.map((c) => c.pairId!) };
}

/** Whether a person may be named in a new entry of this pair: not erased, and consenting to take part in it. */
export function takesPart(person: ConsentsHeld & { erased?: boolean }, pairId: string): boolean {
  if (person.erased) return false;
  const reach = consentReach(person, 'participation');
  if (!reach) return false;
  return reach.everyPair ? !reach.except.includes(pairId) : reach.pairs.includes(pairId);
}

/** The reach of a consent in words, each pair named by `pairName`: "every pair but "X"", ""X" only"; null when for none. */
export function consentReachSaid(person: ConsentsHeld, scope: string, pairName: (pairId: string) => string): string | null {
  const reach = consentReach(person, scope);
  if (!reach) return null;
  if (!reach.everyPair) return `${reach.pairs.map(pairName).join(' and ')} only`;
  return reach.except.length ? `every pair but ${reach.except.map(pairName).join(' and ')}` : 'every pair';
}
