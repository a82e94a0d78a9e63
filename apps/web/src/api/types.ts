/**
 * What the read routes answer (api.md), by the names the screens use. Each is the schema /openapi.json
 * gives that answer, generated from the type its handler returns (`npm run web:api-types`), so a screen
 * reads the fields the API serves, as it serves them.
 */
import type { Role } from '@pairtrail/vocabulary';
import type { AttentionReason } from '../attention';
import type { components } from './schema';

export type { AttentionReason, Role };
export type { Page } from './pages';

type Schemas = components['schemas'];

export type Me = Schemas['Me'];
export type Cohort = Schemas['Cohort'];
export type Participant = Schemas['ParticipantAsSeen'];
export type Consent = Participant['consents'][number];

/** A pair as a list gives it: a summary (`?view=summary`), or in full, which has all a summary has. */
export type Pair = Schemas['PairSummaryResource'];
/** One pair as `GET /pairs/:id` gives it, with its meetings, actions, milestones, outcomes and reflections. */
export type PairDetail = Schemas['PairResource'];
export type PairAction = PairDetail['actions'][number];
/** An action still to do, with its pair and owner, as `GET /actions` lists it. */
export type OpenAction = Schemas['OpenAction'];
export type TimelineEntry = Schemas['TimelineEntry'];
/** What happened across the programme in a period (`GET /timeline`): a page of entries, and the whole period's counts. */
export type ProgrammeTimelinePage = Schemas['ProgrammeTimelinePage'];

export type PairFigures = Schemas['PairFigures'];
export type Categories = PairFigures['outcomesByCategory'];
export type CohortFigures = Schemas['CohortEvaluationPage']['items'][number];
export type ServiceAreaFigures = Schemas['ServiceAreaFigures'];
/** One of the five approaches, and how the pairs that practised it fared beside those that met without it. */
export type ApproachFigures = Schemas['ApproachFigures'];
export type Monthly = Schemas['MonthlySeries'];
/** How the partnerships felt, month by month (`GET /analytics/relationship`). */
export type RelationshipByMonth = Schemas['RelationshipSeries'];
export type Funnel = Schemas['Funnel'];
/** What each figure means, file by file (`GET /evaluation/definitions`), as a report pack's datapackage.json says. */
export type FigureDefinitions = Schemas['FigureDefinitions'];
/** The headline figures in words (`GET /evaluation/summary`), as a report pack's summary.md says them. */
export type FiguresInWords = Schemas['FiguresInWords'];
export type RecordGaps = Schemas['RecordGaps'];
export type ReflectionDue = Schemas['ReflectionDuePage']['items'][number];
export type FiguresSince = Schemas['FiguresSince'];

export type AuditRow = Schemas['AuditRow'];
export type VerifyReport = Schemas['VerifyReport'];
/** A check of the hash chains running in the background (`/audit/verifications`). */
export type Verification = Schemas['VerificationJob'];
/** A report pack being made (`/reports`): every figure at one position, and the head digest there once the record is checked. */
export type Report = Schemas['ReportStatus'];
/** A check of a report pack against the record (`/reports/checks`): its findings once the record is checked. */
export type PackCheck = Schemas['ReportCheck'];
/** What a report and the check of a pack have in common: a job that checks the record up to a position. */
export type RecordCheckJob = Pick<Report & PackCheck, 'id' | 'state' | 'asOf' | 'position' | 'percent' | 'eventsChecked' | 'error'>;

export type CaseStudyVersion = Schemas['CaseStudyVersion'];
export type CaseStudyJson = Schemas['CaseStudy'];
