/** What the read routes return (api.md); the OpenAPI document types requests, these type responses. */
import type { Role } from '@pairtrail/vocabulary';
import type { AttentionReason } from '../attention';

export type { AttentionReason, Role };

export interface Me {
  userId: string;
  name: string;
  role: Role;
  participantId?: string;
}

export type { Page } from './pages';

export interface Cohort {
  cohortId: string;
  name: string;
  startsOn: string;
  endsOn?: string;
  status: 'open' | 'closed';
  closedOn?: string;
  revision: string;
}

export interface Consent {
  scope: 'participation' | 'case-study' | 'named' | 'quotes';
  pairId: string | null;
}

export interface Participant {
  participantId: string;
  perspective: 'lived-experience' | 'professional';
  registeredOn: string;
  consents: Consent[];
  /** Scopes withdrawn for one pair, which there override a consent given for every pair. */
  withdrawnFor: { scope: Consent['scope']; pairId: string }[];
  erased: boolean;
  name?: string;
  email?: string;
  role?: string;
  organisation?: string;
  organisationType?: string;
}

export interface Pair {
  pairId: string;
  cohortId: string;
  livedExperiencePartnerId: string;
  professionalPartnerId: string;
  formedOn: string;
  focus: string;
  serviceArea: string;
  status: 'active' | 'paused' | 'concluded';
  needsAttention: boolean;
  attentionReasons: AttentionReason[];
  daysSinceLastMeeting: number | null;
  overdueActions: number;
  revision: string;
  initiative?: { title: string; aim: string; context?: string; successMeasures?: string[] } | null;
}

export interface PairAction {
  actionId: string;
  description: string;
  ownerId: string;
  agreedOn: string;
  dueOn?: string;
  completed?: unknown;
  dropped?: unknown;
  /** Open and due before today: one of those `overdueActions` counts. */
  overdue: boolean;
}

/** One pair as `GET /pairs/:id` gives it. */
export type PairDetail = Pair & { actions: PairAction[] };

export interface Correction {
  eventId: string;
  reason: string;
  replacement: Record<string, unknown>;
  recordedAt: string;
}

export interface TimelineEntry {
  eventId: string;
  type: string;
  on: string;
  recordedAt: string;
  summary: string;
  data: Record<string, unknown>;
  corrections: Correction[];
  retracted: { reason: string; recordedAt: string } | null;
}

export type Categories = Record<'serviceChange' | 'newModelOfCare' | 'patientExperience' | 'staffPractice' | 'policy' | 'relationship' | 'other', number>;

export interface PairFigures {
  pairId: string;
  cohortId: string;
  serviceArea: string;
  status: string;
  daysToFirstMeeting: number | null;
  meetingsHeld: number;
  meetingMinutes: number;
  bothPartnersPresentRate: number | null;
  actionsAgreed: number;
  actionsCompleted: number;
  actionCompletionRate: number | null;
  overdueActions: number;
  outcomesByCategory: Categories;
  relationship: { livedExperience: { change: number | null }; professional: { change: number | null } };
  needsAttention: boolean;
  attentionReasons: AttentionReason[];
  daysSinceLastMeeting: number | null;
}

export interface CohortFigures {
  cohortId: string;
  pairs: number;
  pairsMet: number;
  pairsWithOutcome: number;
  pairsConcluded: number;
  medianDaysToFirstMeeting: number | null;
  meanRelationshipChange: number | null;
  pairsNeedingAttention: number;
  outcomesByCategory: Categories;
}

export interface ServiceAreaFigures {
  serviceArea: string;
  pairs: number;
  meetingsHeld: number;
  outcomes: number;
  meanRelationshipChange: number | null;
}

export interface Monthly {
  months: { month: string; meetings: number; meetingMinutes: number; outcomes: number; reflections: number; activePairs: number }[];
}

export interface Funnel {
  stages: { stage: string; pairs: number }[];
}

export interface AuditRow {
  position: string;
  stream: string;
  revision: string;
  eventId: string;
  type: string;
  recordedAt: string;
  actor: string | { userId: string; role: string };
  summary: string;
}

export interface VerifyReport {
  ok: boolean;
  streamsChecked: number;
  eventsChecked: number;
  headDigest: string;
  position: string;
  failures: { stream: string; revision: string; reason: string }[];
}

/** A check of the hash chains running in the background (`/audit/verifications`). */
export interface Verification {
  id: string;
  state: 'running' | 'done' | 'failed' | 'stopped';
  upTo: string;
  checkedTo: string;
  eventsChecked: number;
  percent: number;
  report: VerifyReport | null;
  error: string | null;
}

/** A job that checks the record up to a position in the background: a report pack, or a check of one. */
export interface RecordCheckJob {
  id: string;
  state: 'running' | 'done' | 'failed' | 'stopped';
  asOf: string;
  position: string;
  percent: number;
  eventsChecked: number;
  error: string | null;
}

/** A report pack being made (`/reports`): every figure at one position, and the head digest there once the record is checked. */
export interface Report extends RecordCheckJob {
  headDigest: string | null;
  /** Where the ZIP is downloaded, once done. */
  pack: string | null;
  /** The ZIP's file name. */
  file: string;
}

/** A check of a report pack against the record (`/reports/checks`): its findings once the record is checked. */
export interface PackCheck extends RecordCheckJob {
  /** Once done: whether the pack is what the record gives, the record's head digest, and each file. */
  ok: boolean | null;
  record: { ok: boolean; message: string } | null;
  files: { file: string; ok: boolean; message: string }[] | null;
}

export interface CaseStudyVersion {
  contentHash: string;
  position: string;
  /** Every approval given; `takenBack` once a later withdrawal of the case study took it back. */
  approvals: { participantId: string; takenBack: boolean }[];
  published: boolean;
  publishedAt?: string | null;
  /** Both partners approved it since the latest publication or withdrawal: it waits to be published. */
  publishable: boolean;
}

export interface CaseStudyJson {
  title: string;
  provenance: { position: string; generatedAt: string; contentHash: string; eventsUsed: number };
}
