import { upcastMeetingHeldV1, type MeetingHeldV1Data } from './pair/pair.events.v1';
import { upcastCaseStudyApprovedV1, type CaseStudyApprovedV1Data } from './case-study/case-study.events';

/** The schema version new events of each type are written with; types not named are at version 1. */
export const SCHEMA_VERSIONS: Readonly<Record<string, number>> = {
  MeetingHeld: 2,
  CaseStudyApproved: 2,
};

/** How each older payload shape becomes the next. Never remove one: old events stay in the log. */
export const UPCASTERS = [
  {
    type: 'MeetingHeld',
    fromVersion: 1,
    upcast: (data: Record<string, unknown>) => upcastMeetingHeldV1(data as unknown as MeetingHeldV1Data) as unknown as Record<string, unknown>,
  },
  {
    type: 'CaseStudyApproved',
    fromVersion: 1,
    upcast: (data: Record<string, unknown>) => upcastCaseStudyApprovedV1(data as unknown as CaseStudyApprovedV1Data) as unknown as Record<string, unknown>,
  },
] as const;
