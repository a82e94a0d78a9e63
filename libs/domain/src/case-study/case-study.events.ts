import type { DomainEvent } from '../shared/decider';

export type CaseStudyApproved = DomainEvent<'CaseStudyApproved', { pairId: string; participantId: string; contentHash: string; position: string }>;
export type CaseStudyPublished = DomainEvent<'CaseStudyPublished', { pairId: string; contentHash: string; position: string; publishedBy: string }>;
export type CaseStudyWithdrawn = DomainEvent<'CaseStudyWithdrawn', { pairId: string; reason: string }>;
export type CaseStudyEvent = CaseStudyApproved | CaseStudyPublished | CaseStudyWithdrawn;
