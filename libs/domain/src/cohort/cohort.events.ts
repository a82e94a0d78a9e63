import type { CalendarDate } from '../shared/dates';
import type { DomainEvent } from '../shared/decider';

export type CohortOpened = DomainEvent<'CohortOpened', { cohortId: string; name: string; startsOn: CalendarDate; endsOn?: CalendarDate }>;
export type CohortClosed = DomainEvent<'CohortClosed', { cohortId: string; closedOn: CalendarDate }>;
export type CohortEvent = CohortOpened | CohortClosed;
