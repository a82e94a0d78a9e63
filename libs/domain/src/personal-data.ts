import type { PairFactType } from './pair/pair.events';

/**
 * The personal fields of a pair's facts: notes, free text about what a person did or said, and why. A
 * correction's replacement of one is as personal as the field it replaces.
 */
const PAIR_FACT_PERSONAL_FIELDS = {
  MeetingHeld: ['notes'],
  ActionCompleted: ['note'],
  ActionDropped: ['reason'],
  OutcomeRecorded: ['evidence'],
  ReflectionRecorded: ['text'],
  PairConcluded: ['summary'],
} as const satisfies Partial<Record<PairFactType, readonly string[]>>;

/**
 * The payload fields of each event type that hold personal data: names, emails, notes, reflection
 * text, evidence and other free text about a person. They pass through the personal-data codec on the
 * way into and out of the store. Paths are dotted; `*` stands for every item of a list.
 */
export const PERSONAL_FIELDS: Record<string, readonly string[]> = {
  ParticipantRegistered: ['name', 'email'],
  ParticipantDetailsCorrected: ['corrected.name', 'corrected.email', 'reason'],
  ConsentGiven: ['evidence'],
  ConsentWithdrawn: ['evidence', 'reason'],
  ...PAIR_FACT_PERSONAL_FIELDS,
  EntryCorrected: ['reason', ...new Set(Object.values(PAIR_FACT_PERSONAL_FIELDS).flatMap((fields) => fields.map((f) => `replacement.${f}`)))],
  EntryRetracted: ['reason'],
  UserCreated: ['name'],
};
