import { CONSENT_SCOPES, type ConsentScope } from '../shared/vocabulary';
import type { ConsentData } from './participant.events';

/**
 * A person's consents. A consent without a pairId covers every pair; one with a pairId covers that pair
 * and overrides the general answer there. A general give or withdraw replaces every pair-specific answer
 * for its scope, since it is the person's latest word on it.
 */
export interface Consents {
  general: Partial<Record<ConsentScope, boolean>>;
  perPair: Partial<Record<ConsentScope, Record<string, boolean>>>;
}

export const noConsents = (): Consents => ({ general: {}, perPair: {} });

/** The consents after one give or withdraw. */
export function applyConsent(consents: Consents, consent: ConsentData, given: boolean): Consents {
  const { scope, pairId } = consent;
  if (pairId === undefined) {
    return {
      general: { ...consents.general, [scope]: given },
      perPair: { ...consents.perPair, [scope]: {} },
    };
  }
  return {
    general: consents.general,
    perPair: { ...consents.perPair, [scope]: { ...consents.perPair[scope], [pairId]: given } },
  };
}

/** Whether the person consents to `scope`, for `pairId` when given. */
export function hasConsent(consents: Consents, scope: ConsentScope, pairId?: string): boolean {
  const specific = pairId === undefined ? undefined : consents.perPair[scope]?.[pairId];
  return specific ?? consents.general[scope] ?? false;
}

/** The scopes the person has withdrawn, in general or for a pair, and not given again since. */
export function withdrawnScopes(consents: Consents): ConsentScope[] {
  return CONSENT_SCOPES.filter((scope) => consents.general[scope] === false || Object.values(consents.perPair[scope] ?? {}).includes(false));
}
