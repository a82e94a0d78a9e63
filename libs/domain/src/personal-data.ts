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
  MeetingHeld: ['notes'],
  ActionCompleted: ['note'],
  ActionDropped: ['reason'],
  OutcomeRecorded: ['evidence'],
  ReflectionRecorded: ['text'],
  EntryCorrected: ['reason', 'replacement.notes', 'replacement.text', 'replacement.evidence', 'replacement.note'],
  EntryRetracted: ['reason'],
  PairConcluded: ['summary'],
  UserCreated: ['name'],
};
