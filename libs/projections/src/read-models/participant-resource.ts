import type { CalendarDate, ConsentScope, OrganisationType, Perspective } from '@pairtrail/domain';

/**
 * A participant: their details and current consents. An erased one keeps only their
 * role and kind of organisation, no personal field; their email is left out for those who do not contact people.
 */
export interface ParticipantResource {
  participantId: string;
  perspective: Perspective;
  registeredOn: CalendarDate;
  revision: string;
  /** The consents given: pairId null for every pair, else for that pair alone. */
  consents: { scope: ConsentScope; pairId: string | null }[];
  /** Scopes withdrawn for one pair, which there override a consent given for every pair. */
  withdrawnFor: { scope: ConsentScope; pairId: string }[];
  erased: boolean;
  name?: string;
  email?: string;
  role?: string;
  organisation?: string;
  organisationType?: OrganisationType;
  /**
   * The latest date the record holds of their part in the programme: the day they were registered, each
   * consent given or withdrawn, and the latest entry of each pair they are in. What a review of how long
   * their personal data is kept starts from, with `pairsGoingOn`.
   */
  lastInvolvedOn: CalendarDate;
  /** The pairs they are in that have not concluded: while any goes on, they take part now. */
  pairsGoingOn: number;
}
