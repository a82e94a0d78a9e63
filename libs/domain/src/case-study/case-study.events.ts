import type { DomainEvent } from '../shared/decider';

/**
 * A partner's approval of a version: the one generated from the log up to `position`, worded in
 * `rendering` (see the case-studies library), whose canonical JSON hashes to `contentHash`.
 */
export type CaseStudyApproved = DomainEvent<
  'CaseStudyApproved',
  { pairId: string; participantId: string; contentHash: string; position: string; rendering: number }
>;

/** CaseStudyApproved as first stored (schemaVersion 1): every version then was in rendering 1. */
export type CaseStudyApprovedV1Data = Omit<CaseStudyApproved['data'], 'rendering'>;

/** Upcasts a v1 CaseStudyApproved payload to the current (v2) shape. */
export const upcastCaseStudyApprovedV1 = (data: CaseStudyApprovedV1Data): CaseStudyApproved['data'] => ({ ...data, rendering: 1 });
export type CaseStudyPublished = DomainEvent<'CaseStudyPublished', { pairId: string; contentHash: string; position: string; publishedBy: string }>;
export type CaseStudyWithdrawn = DomainEvent<'CaseStudyWithdrawn', { pairId: string; reason: string }>;
/**
 * A version approved on another log, before the log was moved (\`pairtrail migrate\`): `position` is
 * the version's position as approved, on that log, and `positionHere` the position on this log of the
 * same event. The version is regenerated from this log up to `positionHere`, and still says `position`,
 * so it stays byte-identical to what was approved.
 */
export type CaseStudyVersionCarriedOver = DomainEvent<
  'CaseStudyVersionCarriedOver',
  { pairId: string; contentHash: string; position: string; positionHere: string }
>;
export type CaseStudyEvent = CaseStudyApproved | CaseStudyPublished | CaseStudyWithdrawn | CaseStudyVersionCarriedOver;
