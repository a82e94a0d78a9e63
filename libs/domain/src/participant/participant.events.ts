import type { CalendarDate } from '../shared/dates';
import type { DomainEvent } from '../shared/decider';
import type { ConsentScope, OrganisationType, Perspective } from '../shared/vocabulary';

export interface ParticipantDetails {
  name: string;
  email?: string;
  role: string;
  organisation: string;
  organisationType: OrganisationType;
}

export type ParticipantRegistered = DomainEvent<
  'ParticipantRegistered',
  ParticipantDetails & { participantId: string; perspective: Perspective; registeredOn: CalendarDate }
>;
/**
 * The details a correction changes. `email: null` removes the email. `registeredOn` puts right the day
 * they joined (registered on the day they were entered, say, when they had joined before).
 */
export type ParticipantCorrection = Partial<Omit<ParticipantDetails, 'email'>> & { email?: string | null; registeredOn?: CalendarDate };
export type ParticipantDetailsCorrected = DomainEvent<
  'ParticipantDetailsCorrected',
  { participantId: string; corrected: ParticipantCorrection; reason: string }
>;
export interface ConsentData {
  participantId: string;
  scope: ConsentScope;
  pairId?: string;
  on: CalendarDate;
  evidence?: string;
  reason?: string;
}
export type ConsentGiven = DomainEvent<'ConsentGiven', ConsentData>;
export type ConsentWithdrawn = DomainEvent<'ConsentWithdrawn', ConsentData>;
export type ParticipantErased = DomainEvent<'ParticipantErased', { participantId: string; reason: string; on: CalendarDate }>;

export type ParticipantEvent = ParticipantRegistered | ParticipantDetailsCorrected | ConsentGiven | ConsentWithdrawn | ParticipantErased;
