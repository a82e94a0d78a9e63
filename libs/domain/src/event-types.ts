import type { CaseStudyEvent } from './case-study/case-study.events';
import type { CohortEvent } from './cohort/cohort.events';
import type { PairEvent } from './pair/pair.events';
import type { ParticipantEvent } from './participant/participant.events';
import type { UserEvent } from './user/user.events';
import type { EventType } from './shared/vocabulary';

type Recorded = (CohortEvent | ParticipantEvent | PairEvent | UserEvent | CaseStudyEvent)['type'];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * `EVENT_TYPES` names exactly the event types the deciders record: the type checker fails here when an
 * event is added to a decider's union and not to the list, or the list names one no decider records.
 */
export const EVENT_TYPES_ARE_THE_RECORDED_ONES: Same<EventType, Recorded> = true;
