/**
 * The fixed vocabularies of domain.md, each a tuple so it can drive both types and validation, and how
 * people's own words are compared. The web app shares this file.
 */
import { daysBetween } from './dates';

export const PERSPECTIVES = ['lived-experience', 'professional'] as const;
export type Perspective = (typeof PERSPECTIVES)[number];

export const ORGANISATION_TYPES = [
  'acute-trust',
  'community-trust',
  'mental-health-trust',
  'primary-care',
  'commissioner',
  'local-authority',
  'healthwatch',
  'voluntary-group',
  'patient-group',
  'other',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const CONSENT_SCOPES = ['participation', 'case-study', 'named', 'quotes'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export const APPROACHES = ['finding-partner', 'developing-leadership', 'making-time-for-learning', 'going-where-energy-is', 'embedding'] as const;
export type Approach = (typeof APPROACHES)[number];

/** What each approach means, in the programme's published guidance. */
export const APPROACH_DESCRIPTIONS: Record<Approach, string> = {
  'finding-partner': 'find your collaborative partner, funding and a real task to work on',
  'developing-leadership': 'invest in developing leadership and collaborative relationships',
  'making-time-for-learning': 'make time for learning: reflect, record it, share it',
  'going-where-energy-is': 'go where the energy is, working bottom up, under the radar if need be',
  embedding: 'embed collaborative activity at all levels, so new ways of working are accepted and spread',
};

export const MEETING_FORMATS = ['in-person', 'video', 'phone', 'workshop', 'coaching'] as const;
export type MeetingFormat = (typeof MEETING_FORMATS)[number];

export const OUTCOME_CATEGORIES = ['service-change', 'new-model-of-care', 'patient-experience', 'staff-practice', 'policy', 'relationship', 'other'] as const;
export type OutcomeCategory = (typeof OUTCOME_CATEGORIES)[number];

export const SPREAD_LEVELS = ['pair', 'team', 'organisation', 'system'] as const;
export type SpreadLevel = (typeof SPREAD_LEVELS)[number];

/**
 * The person the participants template (the web's download) shows as an example to overwrite. An import
 * refuses a line that still names them: a template filled in below its example would otherwise register
 * a made-up person in the programme for good. Their address is at example.org, which is no one's.
 */
export const IMPORT_EXAMPLE_PERSON = {
  name: 'Margaret Hughes',
  email: 'margaret@example.org',
  line: 'Margaret Hughes,margaret@example.org,lived-experience,patient leader,Riverside Heart Support Group,patient-group,2026-03-01,participation;case-study,"signed form, 2026-03-01",2026-03-01',
} as const;

export const ROLES = ['admin', 'coordinator', 'pair-member', 'evaluator'] as const;
export type Role = (typeof ROLES)[number];

/** Normalises free text such as "Neuro Rehabilitation" to kebab-case: `neuro-rehabilitation`. */
export function toKebabCase(text: string): string {
  return text
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Text as people mean it when they compare or look for it: the same however it was keyed (an é typed as
 * one character or as e and an accent, as a Mac saves it), in any case, with its spaces trimmed and
 * single, and with typographic apostrophes and dashes (O’Brien, as a word processor writes it) taken as
 * plain ones. With `accents: 'ignored'`, José is Jose too, as a reader typing into a find box means.
 */
export function comparable(text: string, { accents }: { accents: 'kept' | 'ignored' }): string {
  const keyed = accents === 'ignored' ? text.normalize('NFD').replace(/\p{M}/gu, '') : text.normalize('NFC');
  return keyed
    .replace(/[\u2018\u2019\u201B\u02BC\u0060\u00B4]/g, "'")
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * The facts of a pair only a coordinator records (how it was formed, its pauses, resumption and
 * conclusion), and so only a coordinator corrects or retracts: the pair decider holds it, and the web app
 * offers no one else the putting right of them.
 */
export const COORDINATOR_ONLY_FACTS: ReadonlySet<string> = new Set(['PairFormed', 'PairPaused', 'PairResumed', 'PairConcluded']);

/** Every event type, as the log names them (`event-types.ts` holds this list to the deciders' events). */
export const EVENT_TYPES = [
  'CohortOpened',
  'CohortClosed',
  'CohortDetailsCorrected',
  'ParticipantRegistered',
  'ParticipantDetailsCorrected',
  'ConsentGiven',
  'ConsentWithdrawn',
  'ParticipantErased',
  'PairFormed',
  'InitiativeDefined',
  'InitiativeRevised',
  'MeetingHeld',
  'ActionAgreed',
  'ActionCompleted',
  'ActionDropped',
  'MilestoneReached',
  'OutcomeRecorded',
  'ReflectionRecorded',
  'EntryCorrected',
  'EntryRetracted',
  'PairPaused',
  'PairResumed',
  'PairConcluded',
  'UserCreated',
  'UserRoleChanged',
  'TokenIssued',
  'TokenRevoked',
  'CaseStudyApproved',
  'CaseStudyPublished',
  'CaseStudyWithdrawn',
  'CaseStudyVersionCarriedOver',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const isEventType = (value: string): value is EventType => (EVENT_TYPES as readonly string[]).includes(value);

/** Days after a partner's last reflection in a pair when they are asked for another: a quarter. */
export const REFLECTION_DUE_AFTER_DAYS = 91;

/**
 * Whether a partner, in a pair going on that they take part in, is asked to reflect: they have not yet
 * (`lastOn` undefined), or their last reflection is a quarter old on `today`.
 */
export const reflectionIsDue = (lastOn: string | undefined, today: string): boolean =>
  lastOn === undefined || daysBetween(lastOn, today) >= REFLECTION_DUE_AFTER_DAYS;

export * from './entry-words';
