/**
 * One stored example of every event type at every schema version Pairtrail has ever written it in, as
 * its payload stood in the log (personal fields in plaintext, as a store without encryption keeps them),
 * in log order: a cohort, two people, their pair, a user and the pair's case study.
 *
 * Never change or remove an example: events once stored stay in the log for good, and each of these
 * stands for them. A new event type, or a new schema version of one, adds an example; the test beside
 * this file fails until it has one.
 */
export interface StoredExample {
  /** Given where another example names the event (a correction's or a retraction's target). */
  eventId?: string;
  stream: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
}

const COHORT = 'c0000000-0000-4000-8000-000000000001';
const LIVED = 'a0000000-0000-4000-8000-000000000001';
const PRO = 'a0000000-0000-4000-8000-000000000002';
const PAIR = 'b0000000-0000-4000-8000-000000000001';
const USER = 'd0000000-0000-4000-8000-000000000001';
const HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const cohort = `cohort-${COHORT}`;
const lived = `participant-${LIVED}`;
const pro = `participant-${PRO}`;
const pair = `pair-${PAIR}`;
const user = `user-${USER}`;
const caseStudy = `casestudy-${PAIR}`;

export const IDS = { COHORT, LIVED, PRO, PAIR, USER, HASH };

/** The ids of examples that others name: a correction's and a retraction's targets. */
export const MEETING_V2 = 'f0000000-0000-4000-8000-000000000002';
const MEETING_V2_EVENT = '10000000-0000-4000-8000-000000000001';
const OUTCOME = 'f0000000-0000-4000-8000-000000000003';
const OUTCOME_EVENT = '10000000-0000-4000-8000-000000000002';

export const STORED_EVENTS: StoredExample[] = [
  { stream: cohort, type: 'CohortOpened', schemaVersion: 1, data: { cohortId: COHORT, name: 'Wave 1', startsOn: '2025-09-01', endsOn: '2026-12-31' } },
  {
    stream: cohort,
    type: 'CohortDetailsCorrected',
    schemaVersion: 1,
    data: { cohortId: COHORT, corrected: { name: 'Northfield wave 1', endsOn: null }, reason: 'Renamed' },
  },
  {
    stream: lived,
    type: 'ParticipantRegistered',
    schemaVersion: 1,
    data: {
      participantId: LIVED,
      name: 'Lee Lived',
      email: 'lee@example.org',
      perspective: 'lived-experience',
      role: 'patient leader',
      organisation: 'Heart Support Group',
      organisationType: 'patient-group',
      registeredOn: '2025-09-02',
    },
  },
  { stream: lived, type: 'ConsentGiven', schemaVersion: 1, data: { participantId: LIVED, scope: 'participation', on: '2025-09-02', evidence: 'signed form' } },
  { stream: lived, type: 'ConsentGiven', schemaVersion: 1, data: { participantId: LIVED, scope: 'case-study', on: '2025-09-02', evidence: 'signed form' } },
  { stream: lived, type: 'ConsentGiven', schemaVersion: 1, data: { participantId: LIVED, scope: 'quotes', pairId: PAIR, on: '2025-09-20', evidence: 'email' } },
  {
    stream: lived,
    type: 'ParticipantDetailsCorrected',
    schemaVersion: 1,
    data: { participantId: LIVED, corrected: { email: null, role: 'patient lead' }, reason: 'Asked' },
  },
  {
    stream: pro,
    type: 'ParticipantRegistered',
    schemaVersion: 1,
    data: {
      participantId: PRO,
      name: 'Dr Pat Pro',
      perspective: 'professional',
      role: 'consultant cardiologist',
      organisation: 'Northfield Hospitals',
      organisationType: 'acute-trust',
      registeredOn: '2025-09-03',
    },
  },
  { stream: pro, type: 'ConsentGiven', schemaVersion: 1, data: { participantId: PRO, scope: 'participation', on: '2025-09-03', evidence: 'signed form' } },
  { stream: pro, type: 'ConsentGiven', schemaVersion: 1, data: { participantId: PRO, scope: 'case-study', on: '2025-09-03', evidence: 'signed form' } },
  {
    stream: pair,
    type: 'PairFormed',
    schemaVersion: 1,
    data: {
      pairId: PAIR,
      cohortId: COHORT,
      livedExperiencePartnerId: LIVED,
      professionalPartnerId: PRO,
      formedOn: '2025-09-15',
      focus: 'Rehab starts',
      serviceArea: 'cardiac',
    },
  },
  {
    stream: pair,
    type: 'InitiativeDefined',
    schemaVersion: 1,
    data: {
      title: 'Rehab people start',
      aim: 'Raise starts to 60%.',
      context: 'Letters came late.',
      successMeasures: ['starts within 4 weeks'],
      on: '2025-09-20',
    },
  },
  {
    stream: pair,
    type: 'MeetingHeld',
    schemaVersion: 1,
    data: {
      meetingId: 'f0000000-0000-4000-8000-000000000001',
      heldOn: '2025-09-29',
      durationHours: 1.5,
      format: 'face-to-face',
      attendeeIds: [LIVED, PRO],
      topics: ['ground rules'],
      notes: 'First meeting',
    },
  },
  {
    eventId: MEETING_V2_EVENT,
    stream: pair,
    type: 'MeetingHeld',
    schemaVersion: 2,
    data: {
      meetingId: MEETING_V2,
      heldOn: '2025-10-27',
      durationMinutes: 60,
      format: 'video',
      attendeeIds: [LIVED, PRO],
      topics: ['the letter'],
      notes: 'Read the letter together',
      approaches: ['finding-partner', 'making-time-for-learning'],
    },
  },
  {
    stream: pair,
    type: 'InitiativeRevised',
    schemaVersion: 1,
    data: {
      title: 'Rehab people start',
      aim: 'Raise starts to 60%.',
      context: 'Letters came late.',
      successMeasures: ['starts within 4 weeks'],
      on: '2025-11-01',
      reason: 'Clearer aim',
    },
  },
  {
    stream: pair,
    type: 'ActionAgreed',
    schemaVersion: 1,
    data: {
      actionId: 'f0000000-0000-4000-8000-000000000010',
      description: 'Pull the start dates',
      ownerId: PRO,
      agreedOn: '2025-10-27',
      dueOn: '2025-11-30',
      meetingId: MEETING_V2,
    },
  },
  {
    stream: pair,
    type: 'ActionCompleted',
    schemaVersion: 1,
    data: { actionId: 'f0000000-0000-4000-8000-000000000010', completedOn: '2025-11-20', note: 'Done' },
  },
  {
    stream: pair,
    type: 'ActionAgreed',
    schemaVersion: 1,
    data: { actionId: 'f0000000-0000-4000-8000-000000000011', description: 'Text reminders', ownerId: LIVED, agreedOn: '2025-10-27' },
  },
  {
    stream: pair,
    type: 'ActionDropped',
    schemaVersion: 1,
    data: { actionId: 'f0000000-0000-4000-8000-000000000011', droppedOn: '2025-12-01', reason: 'No text service' },
  },
  {
    stream: pair,
    type: 'MilestoneReached',
    schemaVersion: 1,
    data: { milestoneId: 'f0000000-0000-4000-8000-000000000020', description: 'Pilot started', reachedOn: '2025-12-10' },
  },
  {
    eventId: OUTCOME_EVENT,
    stream: pair,
    type: 'OutcomeRecorded',
    schemaVersion: 1,
    data: {
      outcomeId: OUTCOME,
      category: 'service-change',
      description: 'Nurse sees every patient',
      evidence: 'Ward audit',
      measure: { name: 'starts', unit: '%', baseline: 38, value: 55 },
      recordedOn: '2026-01-15',
      spread: 'team',
    },
  },
  {
    stream: pair,
    type: 'ReflectionRecorded',
    schemaVersion: 1,
    data: {
      reflectionId: 'f0000000-0000-4000-8000-000000000030',
      participantId: LIVED,
      recordedOn: '2026-01-20',
      relationshipScore: 4,
      text: 'Equals now.',
      quotable: true,
    },
  },
  {
    stream: pair,
    type: 'EntryCorrected',
    schemaVersion: 1,
    data: { targetEventId: MEETING_V2_EVENT, reason: 'It ran over', replacement: { durationMinutes: 75 } },
  },
  { stream: pair, type: 'EntryRetracted', schemaVersion: 1, data: { targetEventId: OUTCOME_EVENT, reason: 'Recorded twice' } },
  { stream: pair, type: 'PairPaused', schemaVersion: 1, data: { on: '2026-02-01', reason: 'Leave' } },
  { stream: pair, type: 'PairResumed', schemaVersion: 1, data: { on: '2026-03-01' } },
  { stream: user, type: 'UserCreated', schemaVersion: 1, data: { userId: USER, name: 'Lee Lived', role: 'evaluator' } },
  { stream: user, type: 'TokenIssued', schemaVersion: 1, data: { userId: USER, tokenId: 'f0000000-0000-4000-8000-000000000040', tokenHash: HASH } },
  { stream: user, type: 'UserRoleChanged', schemaVersion: 1, data: { userId: USER, role: 'pair-member', participantId: LIVED } },
  { stream: user, type: 'TokenRevoked', schemaVersion: 1, data: { userId: USER, tokenId: 'f0000000-0000-4000-8000-000000000040' } },
  { stream: caseStudy, type: 'CaseStudyApproved', schemaVersion: 1, data: { pairId: PAIR, participantId: LIVED, contentHash: HASH, position: '30' } },
  {
    stream: caseStudy,
    type: 'CaseStudyApproved',
    schemaVersion: 2,
    data: { pairId: PAIR, participantId: PRO, contentHash: HASH, position: '30', rendering: 1 },
  },
  { stream: caseStudy, type: 'CaseStudyPublished', schemaVersion: 1, data: { pairId: PAIR, contentHash: HASH, position: '30', publishedBy: USER } },
  { stream: caseStudy, type: 'CaseStudyWithdrawn', schemaVersion: 1, data: { pairId: PAIR, reason: 'Not ready' } },
  {
    stream: caseStudy,
    type: 'CaseStudyVersionCarriedOver',
    schemaVersion: 1,
    data: { pairId: PAIR, contentHash: HASH, position: '30', positionHere: '26112' },
  },
  { stream: pair, type: 'PairConcluded', schemaVersion: 1, data: { concludedOn: '2026-06-30', summary: 'Starts rose to 55%.' } },
  {
    stream: lived,
    type: 'ConsentWithdrawn',
    schemaVersion: 1,
    data: { participantId: LIVED, scope: 'quotes', pairId: PAIR, on: '2026-07-01', reason: 'Changed mind' },
  },
  { stream: pro, type: 'ParticipantErased', schemaVersion: 1, data: { participantId: PRO, reason: 'Asked to be forgotten', on: '2026-07-02' } },
  { stream: cohort, type: 'CohortClosed', schemaVersion: 1, data: { cohortId: COHORT, closedOn: '2026-07-31' } },
];
