import { CONSENT_SCOPES, comparable, type ConsentScope } from '@pairtrail/domain';
import type { ParticipantResource } from './participant-resource';

/**
 * The programme's people as a spreadsheet, for a coordinator's own lists (who is in which pair, who has
 * consented to what): a row a person, in name order, its first columns named and written as `import
 * participants` reads them.
 */

/** A person as the register lists them: their record as the caller may see it, and whether they can sign in where that is shown. */
export type RegisteredPerson = ParticipantResource & { signIns?: { liveTokens: number }[] };

/** A pair as the register names it. */
export interface RegisterPair {
  pairId: string;
  title: string;
  livedExperiencePartnerId: string;
  professionalPartnerId: string;
}

/** One row of the register. */
export interface RegisterRow {
  name: string;
  email: string;
  perspective: string;
  role: string;
  organisation: string;
  organisationType: string;
  registeredOn: string;
  /** The scopes consented to for every pair, as `import participants` reads them: "participation; case-study". */
  consents: string;
  /** Scopes consented to for one pair only: "named (Pair title)". */
  consentsForOnePair: string;
  /** Scopes withdrawn for one pair, which there override a consent for every pair. */
  withdrawnForOnePair: string;
  /** The titles of their pairs. */
  pairs: string;
  pairsGoingOn: number;
  lastInvolvedOn: string;
  /** Whether they can sign in as a pair member: yes or no, or empty for a caller not shown sign-ins. */
  canSignIn: string;
  erased: boolean;
  participantId: string;
}

/** A row of the kind, for the header of a register of no one. */
export const NO_REGISTER_ROW: RegisterRow = {
  name: '',
  email: '',
  perspective: '',
  role: '',
  organisation: '',
  organisationType: '',
  registeredOn: '',
  consents: '',
  consentsForOnePair: '',
  withdrawnForOnePair: '',
  pairs: '',
  pairsGoingOn: 0,
  lastInvolvedOn: '',
  canSignIn: '',
  erased: false,
  participantId: '',
};

/** The register's rows: every person given, by name as a list sorts it (the erased, who have none, last). */
export function participantRegister(people: readonly RegisteredPerson[], pairs: readonly RegisterPair[]): RegisterRow[] {
  const titles = new Map(pairs.map((p) => [p.pairId, p.title]));
  const pairsOf = new Map<string, string[]>();
  for (const p of pairs)
    for (const partner of [p.livedExperiencePartnerId, p.professionalPartnerId]) {
      const titlesOfPartner = pairsOf.get(partner) ?? [];
      if (titlesOfPartner.length === 0) pairsOf.set(partner, titlesOfPartner);
      titlesOfPartner.push(p.title);
    }
  const forPair = (scoped: { scope: string; pairId: string }[]) => scoped.map(({ scope, pairId }) => `${scope} (${titles.get(pairId) ?? pairId})`).join('; ');
  const sortKey = (p: RegisteredPerson) => (p.erased ? '\uffff' : comparable(p.name ?? '', { accents: 'ignored' }));
  return [...people]
    .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0))
    .map((p) => ({
      name: p.name ?? '',
      email: p.email ?? '',
      perspective: p.perspective,
      role: p.role ?? '',
      organisation: p.organisation ?? '',
      organisationType: p.organisationType ?? '',
      registeredOn: p.registeredOn,
      consents: CONSENT_SCOPES.filter((scope) => p.consents.some((c) => c.scope === scope && c.pairId === null)).join('; '),
      consentsForOnePair: forPair(p.consents.filter((c): c is { scope: ConsentScope; pairId: string } => c.pairId !== null)),
      withdrawnForOnePair: forPair(p.withdrawnFor),
      pairs: (pairsOf.get(p.participantId) ?? []).join('; '),
      pairsGoingOn: p.pairsGoingOn,
      lastInvolvedOn: p.lastInvolvedOn,
      canSignIn: p.signIns === undefined ? '' : p.signIns.some((s) => s.liveTokens > 0) ? 'yes' : 'no',
      erased: p.erased,
      participantId: p.participantId,
    }));
}
