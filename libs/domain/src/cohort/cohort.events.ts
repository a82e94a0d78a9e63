import type { CalendarDate } from '../shared/dates';
import type { DomainEvent } from '../shared/decider';

export type CohortOpened = DomainEvent<'CohortOpened', { cohortId: string; name: string; startsOn: CalendarDate; endsOn?: CalendarDate }>;
export type CohortClosed = DomainEvent<'CohortClosed', { cohortId: string; closedOn: CalendarDate }>;
/** The details a correction changes. `endsOn: null` removes the end date. */
export type CohortCorrection = { name?: string; startsOn?: CalendarDate; endsOn?: CalendarDate | null };
export type CohortDetailsCorrected = DomainEvent<'CohortDetailsCorrected', { cohortId: string; corrected: CohortCorrection; reason: string }>;
export type CohortEvent = CohortOpened | CohortClosed | CohortDetailsCorrected;
