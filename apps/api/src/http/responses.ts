/**
 * The answers of the API's JSON routes, by name, as their handlers return them: the types the OpenAPI
 * document's response schemas are generated from (`npm run api:schemas` writes responses.schema.ts).
 * Named after the handler, not written again, so a schema cannot drift from what is served. A name here
 * must name no other type (the generator knows types by name): `npm run api:schemas` says if one does.
 */
import type { CaseStudy } from '@pairtrail/case-studies';
import type { AuditController } from '../controllers/audit.controller';
import type { CaseStudiesController } from '../controllers/case-studies.controller';
import type { OperationsController } from '../controllers/operations.controller';
import type { PersonalDataController } from '../controllers/personal-data.controller';
import type { EvaluationController } from '../controllers/evaluation.controller';
import type { ProjectionsController } from '../controllers/projections.controller';
import type { ReadsController } from '../controllers/reads.controller';
import type { ReportsController } from '../controllers/reports.controller';
import type { UsersController } from '../controllers/users.controller';

/** What a handler answers in JSON: its result, awaited, without the text a CSV or Markdown answer is. */
type Answer<C, M extends keyof C> = C[M] extends (...args: never[]) => infer R ? Exclude<R extends Promise<infer A> ? A : R, string> : never;

export type Health = Answer<OperationsController, 'health'>;
export type Me = Answer<OperationsController, 'me'>;
export type UserPage = Answer<UsersController, 'list'>;
export type CohortPage = Answer<ReadsController, 'cohorts'>;
export type CohortResource = Answer<ReadsController, 'cohort'>;
export type ParticipantPage = Answer<ReadsController, 'participants'>;
export type Participant = Answer<ReadsController, 'participant'>;
export type PairPage = Answer<ReadsController, 'pairs'>;
export type Pair = Answer<ReadsController, 'pair'>;
export type OpenActionPage = Answer<ReadsController, 'openActions'>;
export type ReflectionDuePage = Answer<ReadsController, 'reflectionsDue'>;
export type Timeline = Answer<ReadsController, 'timeline'>;
export type ProgrammeTimelinePage = Answer<ReadsController, 'programmeTimeline'>;
export type NextMeetingBrief = Answer<ReadsController, 'brief'>;
export type PairEvents = Answer<ReadsController, 'events'>;
export type PairEvaluationPage = Answer<EvaluationController, 'pairs'>;
export type PairEvaluation = Answer<EvaluationController, 'pair'>;
export type CohortEvaluationPage = Answer<EvaluationController, 'cohorts'>;
export type CohortEvaluation = Answer<EvaluationController, 'cohort'>;
export type ServiceAreaEvaluation = Answer<EvaluationController, 'serviceAreas'>;
export type ApproachEvaluation = Answer<EvaluationController, 'approaches'>;
export type MonthlySeries = Answer<EvaluationController, 'monthly'>;
export type RelationshipSeries = Answer<EvaluationController, 'relationship'>;
export type Funnel = Answer<EvaluationController, 'funnel'>;
export type FigureDefinitions = Answer<EvaluationController, 'definitions'>;
export type FiguresInWords = Answer<EvaluationController, 'summary'>;
export type RecordGaps = Answer<EvaluationController, 'gaps'>;
export type FiguresSince = Answer<EvaluationController, 'since'>;
export type AuditPage = Answer<AuditController, 'audit'>;
export type VerificationJob = Answer<AuditController, 'verification'>;
export type AuditVerification = Answer<AuditController, 'verify'>;
export type ProjectionList = Answer<ProjectionsController, 'projections'>;
export type Rebuilding = Answer<ProjectionsController, 'rebuild'>;
export type ReportStatus = Answer<ReportsController, 'report'>;
export type ReportCheck = Answer<ReportsController, 'checked'>;
export type CaseStudyStandingPage = Answer<CaseStudiesController, 'list'>;
export type CaseStudyVersions = Answer<CaseStudiesController, 'versions'>;
export type PublishedCaseStudies = Answer<CaseStudiesController, 'published'>;
export type CaseStudyQuotes = Answer<CaseStudiesController, 'quotes'>;
export type CaseStudyDocument = CaseStudy;
export type SubjectAccess = Answer<PersonalDataController, 'export'>;
