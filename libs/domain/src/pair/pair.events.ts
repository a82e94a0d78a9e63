import type { CalendarDate } from '../shared/dates';
import type { DomainEvent } from '../shared/decider';
import type { Approach, MeetingFormat, OutcomeCategory, SpreadLevel } from '../shared/vocabulary';

/** What a pair is formed with (domain.md, PairFormed). */
export interface PairFormedData {
  pairId: string;
  cohortId: string;
  livedExperiencePartnerId: string;
  professionalPartnerId: string;
  formedOn: CalendarDate;
  focus: string;
  serviceArea: string;
}
/** What a pair sets out to do (InitiativeDefined, InitiativeRevised). */
export interface InitiativeData {
  title: string;
  aim: string;
  context: string;
  successMeasures: string[];
  on: CalendarDate;
}
/** A meeting of a pair (MeetingHeld). */
export interface MeetingData {
  meetingId: string;
  heldOn: CalendarDate;
  durationMinutes: number;
  format: MeetingFormat;
  attendeeIds: string[];
  topics: string[];
  notes: string;
  approaches: Approach[];
}
/** An action a pair agreed (ActionAgreed): owned by one of the partners. */
export interface ActionAgreedData {
  actionId: string;
  description: string;
  ownerId: string;
  agreedOn: CalendarDate;
  dueOn?: CalendarDate;
  meetingId?: string;
}
/** A measure an outcome was shown by: its name and unit, from baseline to value. */
export interface Measure {
  name: string;
  unit: string;
  baseline: number;
  value: number;
}
/** An outcome a pair recorded (OutcomeRecorded), and how far it spread. */
export interface OutcomeData {
  outcomeId: string;
  category: OutcomeCategory;
  description: string;
  evidence?: string;
  measure?: Measure;
  recordedOn: CalendarDate;
  spread: SpreadLevel;
}
/** A partner's reflection (ReflectionRecorded): their relationship score, and whether they offer it for quotation. */
export interface ReflectionData {
  reflectionId: string;
  participantId: string;
  recordedOn: CalendarDate;
  relationshipScore: number;
  text: string;
  quotable: boolean;
}

export type PairFormed = DomainEvent<'PairFormed', PairFormedData>;
export type InitiativeDefined = DomainEvent<'InitiativeDefined', InitiativeData>;
export type InitiativeRevised = DomainEvent<'InitiativeRevised', InitiativeData & { reason: string }>;
export type MeetingHeld = DomainEvent<'MeetingHeld', MeetingData>;
export type ActionAgreed = DomainEvent<'ActionAgreed', ActionAgreedData>;
export type ActionCompleted = DomainEvent<'ActionCompleted', { actionId: string; completedOn: CalendarDate; note?: string }>;
export type ActionDropped = DomainEvent<'ActionDropped', { actionId: string; droppedOn: CalendarDate; reason: string }>;
export type MilestoneReached = DomainEvent<'MilestoneReached', { milestoneId: string; description: string; reachedOn: CalendarDate }>;
export type OutcomeRecorded = DomainEvent<'OutcomeRecorded', OutcomeData>;
export type ReflectionRecorded = DomainEvent<'ReflectionRecorded', ReflectionData>;
/** `subjectId`, on a reflection's correction, names the author whose key protects the corrected text. */
export type EntryCorrected = DomainEvent<'EntryCorrected', { targetEventId: string; reason: string; replacement: Record<string, unknown>; subjectId?: string }>;
export type EntryRetracted = DomainEvent<'EntryRetracted', { targetEventId: string; reason: string }>;
export type PairPaused = DomainEvent<'PairPaused', { on: CalendarDate; reason: string }>;
export type PairResumed = DomainEvent<'PairResumed', { on: CalendarDate }>;
export type PairConcluded = DomainEvent<'PairConcluded', { concludedOn: CalendarDate; summary: string }>;

/** The facts of a pair: everything but corrections and retractions. */
export type PairFact =
  | PairFormed
  | InitiativeDefined
  | InitiativeRevised
  | MeetingHeld
  | ActionAgreed
  | ActionCompleted
  | ActionDropped
  | MilestoneReached
  | OutcomeRecorded
  | ReflectionRecorded
  | PairPaused
  | PairResumed
  | PairConcluded;

export type PairEvent = PairFact | EntryCorrected | EntryRetracted;
export type PairFactType = PairFact['type'];

/** The field holding the date on which each kind of fact happened. */
export const HAPPENED_ON: Record<PairFactType, string> = {
  PairFormed: 'formedOn',
  InitiativeDefined: 'on',
  InitiativeRevised: 'on',
  MeetingHeld: 'heldOn',
  ActionAgreed: 'agreedOn',
  ActionCompleted: 'completedOn',
  ActionDropped: 'droppedOn',
  MilestoneReached: 'reachedOn',
  OutcomeRecorded: 'recordedOn',
  ReflectionRecorded: 'recordedOn',
  PairPaused: 'on',
  PairResumed: 'on',
  PairConcluded: 'concludedOn',
};

/** Fields a correction may never change: the entry's own id, and a reflection's author. */
export const UNCORRECTABLE: Partial<Record<PairFactType, string[]>> = {
  MeetingHeld: ['meetingId'],
  ActionAgreed: ['actionId'],
  ActionCompleted: ['actionId'],
  ActionDropped: ['actionId'],
  MilestoneReached: ['milestoneId'],
  OutcomeRecorded: ['outcomeId'],
  ReflectionRecorded: ['reflectionId', 'participantId'],
};

/** The only fields of PairFormed a correction may change. */
export const CORRECTABLE_PAIR_FORMED = ['formedOn', 'focus', 'serviceArea'];

/** Every payload field of each fact type; a replacement may name only these. */
export const FACT_FIELDS: Record<PairFactType, string[]> = {
  PairFormed: ['pairId', 'cohortId', 'livedExperiencePartnerId', 'professionalPartnerId', 'formedOn', 'focus', 'serviceArea'],
  InitiativeDefined: ['title', 'aim', 'context', 'successMeasures', 'on'],
  InitiativeRevised: ['title', 'aim', 'context', 'successMeasures', 'on', 'reason'],
  MeetingHeld: ['meetingId', 'heldOn', 'durationMinutes', 'format', 'attendeeIds', 'topics', 'notes', 'approaches'],
  ActionAgreed: ['actionId', 'description', 'ownerId', 'agreedOn', 'dueOn', 'meetingId'],
  ActionCompleted: ['actionId', 'completedOn', 'note'],
  ActionDropped: ['actionId', 'droppedOn', 'reason'],
  MilestoneReached: ['milestoneId', 'description', 'reachedOn'],
  OutcomeRecorded: ['outcomeId', 'category', 'description', 'evidence', 'measure', 'recordedOn', 'spread'],
  ReflectionRecorded: ['reflectionId', 'participantId', 'recordedOn', 'relationshipScore', 'text', 'quotable'],
  PairPaused: ['on', 'reason'],
  PairResumed: ['on'],
  PairConcluded: ['concludedOn', 'summary'],
};

export const isPairFactType = (type: string): type is PairFactType => type in HAPPENED_ON;
