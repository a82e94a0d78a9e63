import type { EventType } from '@pairtrail/domain';

/**
 * A one-line human summary of an event, for the audit trail and timelines. It names what happened and
 * when, never a person's name or free text, so it stays safe to show after an erasure.
 */
export function summarise(type: string, data: Record<string, unknown>): string {
  const d = data as Record<string, string & number & string[] & Record<string, unknown>>;
  const known = type as EventType;
  switch (known) {
    case 'CohortOpened':
      return `Cohort opened, starting ${d.startsOn}${d.endsOn ? ` and ending ${d.endsOn}` : ''}`;
    case 'CohortClosed':
      return `Cohort closed on ${d.closedOn}`;
    case 'CohortDetailsCorrected':
      return `Cohort details corrected: ${Object.keys(d.corrected ?? {}).join(', ')}`;
    case 'ParticipantRegistered':
      return `Participant registered (${d.perspective}, ${d.organisationType}) on ${d.registeredOn}`;
    case 'ParticipantDetailsCorrected':
      return `Participant details corrected: ${Object.keys(d.corrected ?? {}).join(', ')}`;
    case 'ConsentGiven':
      return `Consent given: ${d.scope}${d.pairId ? ' (one pair)' : ''} on ${d.on}`;
    case 'ConsentWithdrawn':
      return `Consent withdrawn: ${d.scope}${d.pairId ? ' (one pair)' : ''} on ${d.on}`;
    case 'ParticipantErased':
      return `Participant's personal data erased on ${d.on}`;
    case 'PairFormed':
      return `Pair formed on ${d.formedOn} (${d.serviceArea})`;
    case 'InitiativeDefined':
      return `Initiative defined on ${d.on}`;
    case 'InitiativeRevised':
      return `Initiative revised on ${d.on}`;
    case 'MeetingHeld':
      return `Meeting held on ${d.heldOn}: ${d.durationMinutes} min, ${d.format}, ${(d.attendeeIds ?? []).length} attending`;
    case 'ActionAgreed':
      return `Action agreed on ${d.agreedOn}${d.dueOn ? `, due ${d.dueOn}` : ''}`;
    case 'ActionCompleted':
      return `Action completed on ${d.completedOn}`;
    case 'ActionDropped':
      return `Action dropped on ${d.droppedOn}`;
    case 'MilestoneReached':
      return `Milestone reached on ${d.reachedOn}`;
    case 'OutcomeRecorded':
      return `Outcome recorded on ${d.recordedOn}: ${d.category}, spread to ${d.spread}`;
    case 'ReflectionRecorded':
      return `Reflection recorded on ${d.recordedOn}: relationship ${d.relationshipScore}/5`;
    case 'EntryCorrected':
      return `Entry ${d.targetEventId} corrected: ${Object.keys(d.replacement ?? {}).join(', ')}`;
    case 'EntryRetracted':
      return `Entry ${d.targetEventId} retracted`;
    case 'PairPaused':
      return `Pair paused on ${d.on}`;
    case 'PairResumed':
      return `Pair resumed on ${d.on}`;
    case 'PairConcluded':
      return `Pair concluded on ${d.concludedOn}`;
    case 'UserCreated':
      return `User created with role ${d.role}`;
    case 'UserRoleChanged':
      return `User role changed to ${d.role}`;
    case 'TokenIssued':
      return `Token ${d.tokenId} issued`;
    case 'TokenRevoked':
      return `Token ${d.tokenId} revoked`;
    case 'CaseStudyApproved':
      return `Case study version ${String(d.contentHash).slice(0, 12)} approved`;
    case 'CaseStudyPublished':
      return `Case study version ${String(d.contentHash).slice(0, 12)} published`;
    case 'CaseStudyWithdrawn':
      return 'Case study withdrawn';
    case 'CaseStudyVersionCarriedOver':
      return `Case study version ${String(d.contentHash).slice(0, 12)} carried over from the log it was approved on (position ${d.position} there, ${d.positionHere} here)`;
    default: {
      // Every type the deciders record has a case above: the compiler fails here until a new one has.
      const unsummarised: never = known;
      return String(unsummarised);
    }
  }
}
