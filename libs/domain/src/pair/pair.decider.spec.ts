import { deciderSpec } from '@pairtrail/testing';
import type { CohortState } from '../cohort/cohort.decider';
import { participantDecider, type ParticipantState } from '../participant/participant.decider';
import type { ParticipantEvent } from '../participant/participant.events';
import { fold, type StoredEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolatedError, ValidationError } from '../shared/errors';
import { pairDecider, type FormPair, type ParticipantLookup, type PairCommand, type RecordMeeting } from './pair.decider';
import type { PairEvent, PairFormed } from './pair.events';
import { pairView } from './pair.view';

const today = '2026-06-15';
const spec = deciderSpec(pairDecider);

function participant(
  id: string,
  perspective: 'lived-experience' | 'professional',
  consents: ParticipantEvent[] = [consentTo('participation', id)],
): ParticipantState {
  const registered: ParticipantEvent = {
    type: 'ParticipantRegistered',
    data: { participantId: id, name: id, perspective, role: 'r', organisation: 'o', organisationType: 'other', registeredOn: '2026-01-01' },
  };
  return fold(
    participantDecider,
    [registered, ...consents].map((e, i) => ({ ...e, eventId: `${id}-${i}` })),
  );
}
function consentTo(scope: 'participation', id: string, type: 'ConsentGiven' | 'ConsentWithdrawn' = 'ConsentGiven', pairId?: string): ParticipantEvent {
  return { type, data: { participantId: id, scope, on: '2026-01-02', ...(pairId ? { pairId } : {}) } };
}

const lep = participant('lep', 'lived-experience');
const pro = participant('pro', 'professional');
const coach = participant('coach', 'professional');
const people: ParticipantLookup = { lep, pro, coach };
const cohort: CohortState = { exists: true, cohortId: 'c1', name: 'Wave', startsOn: '2026-01-01' };

const formed: StoredEvent<PairFormed> = {
  eventId: 'formed',
  type: 'PairFormed',
  data: {
    pairId: 'pair1',
    cohortId: 'c1',
    livedExperiencePartnerId: 'lep',
    professionalPartnerId: 'pro',
    formedOn: '2026-02-01',
    focus: 'Faster cardiac rehab referrals',
    serviceArea: 'cardiac',
  },
};
const meeting = (id: string, heldOn: string, eventId = `m-${id}`): StoredEvent<PairEvent> => ({
  eventId,
  type: 'MeetingHeld',
  data: {
    meetingId: id,
    heldOn,
    durationMinutes: 60,
    format: 'video',
    attendeeIds: ['lep', 'pro'],
    topics: ['referrals'],
    notes: 'n',
    approaches: ['finding-partner'],
  },
});
const action = (id: string, agreedOn = '2026-03-01', dueOn?: string): StoredEvent<PairEvent> => ({
  eventId: `a-${id}`,
  type: 'ActionAgreed',
  data: { actionId: id, description: 'Draft leaflet', ownerId: 'lep', agreedOn, ...(dueOn ? { dueOn } : {}) },
});
const completed = (id: string, on = '2026-04-01'): StoredEvent<PairEvent> => ({
  eventId: `c-${id}`,
  type: 'ActionCompleted',
  data: { actionId: id, completedOn: on },
});
const dropped = (id: string, on = '2026-04-01'): StoredEvent<PairEvent> => ({
  eventId: `d-${id}`,
  type: 'ActionDropped',
  data: { actionId: id, droppedOn: on, reason: 'no longer needed' },
});
const reflection = (id: string, by: string): StoredEvent<PairEvent> => ({
  eventId: `r-${id}`,
  type: 'ReflectionRecorded',
  data: { reflectionId: id, participantId: by, recordedOn: '2026-03-05', relationshipScore: 3, text: 'We listen more now.', quotable: true },
});
const concluded: StoredEvent<PairEvent> = { eventId: 'concluded', type: 'PairConcluded', data: { concludedOn: '2026-06-01', summary: 'Done' } };

const form = (data: Partial<FormPair['data']> = {}, extra: Partial<FormPair> = {}): FormPair => ({
  type: 'FormPair',
  today,
  data: {
    pairId: 'pair1',
    cohortId: 'c1',
    livedExperiencePartnerId: 'lep',
    professionalPartnerId: 'pro',
    formedOn: '2026-02-01',
    focus: 'Faster cardiac rehab referrals',
    serviceArea: 'Cardiac',
    ...data,
  },
  cohort,
  participants: people,
  ...extra,
});
const recordMeeting = (data: Partial<RecordMeeting['data']> = {}, participants = people): RecordMeeting => ({
  type: 'RecordMeeting',
  today,
  data: {
    pairId: 'pair1',
    meetingId: 'm9',
    heldOn: '2026-03-01',
    durationMinutes: 90,
    format: 'in-person',
    attendeeIds: ['lep', 'pro'],
    topics: ['leaflet'],
    notes: 'Agreed a draft',
    approaches: ['embedding'],
    ...data,
  },
  participants,
});
const fieldsOf = (e: Error) => (e as ValidationError).details.map((d) => d.field);
const cmd = <T extends PairCommand['type']>(type: T, data: Record<string, unknown>, extra: object = {}) =>
  ({
    type,
    today,
    data: { pairId: 'pair1', ...data },
    // The participants a command names, as the application loads them.
    ...(type === 'AgreeAction' || type === 'RecordReflection' ? { participants: people } : {}),
    ...extra,
  }) as unknown as PairCommand;

describe('pair decider: forming a pair', () => {
  it('forms a pair and normalises the service area to kebab-case', () =>
    spec
      .given([])
      .when(form({ serviceArea: 'Neuro Rehabilitation' }))
      .then([{ type: 'PairFormed', data: { ...formed.data, serviceArea: 'neuro-rehabilitation' } }]));

  it('defaults formedOn to today', () =>
    spec
      .given([])
      .when(form({ formedOn: undefined }))
      .thenMatches([{ data: { ...formed.data, formedOn: today } }]));

  it('needs two distinct partners', () =>
    spec
      .given([])
      .when(form({ professionalPartnerId: 'lep' }))
      .thenThrows(ValidationError, /different participant/));

  it('names every id that names nothing at once: the cohort and both partners', () =>
    spec
      .given([])
      .when(form({ livedExperiencePartnerId: 'ghost1', professionalPartnerId: 'ghost2' }, { cohort: undefined }))
      .thenThrows(ValidationError, undefined, (e) => expect(fieldsOf(e)).toEqual(['cohortId', 'livedExperiencePartnerId', 'professionalPartnerId'])));

  it('needs a cohort that exists and is open', () => {
    spec
      .given([])
      .when(form({}, { cohort: undefined }))
      .thenThrows(ValidationError, /cohortId names no cohort/);
    spec
      .given([])
      .when(form({}, { cohort: { ...cohort, closedOn: '2026-01-31' } }))
      .thenThrows(RuleViolatedError, /closed/);
  });

  it('needs registered partners', () =>
    spec
      .given([])
      .when(form({ livedExperiencePartnerId: 'ghost' }))
      .thenThrows(ValidationError, undefined, (e) => expect(fieldsOf(e)).toEqual(['livedExperiencePartnerId'])));

  it('needs one partner from each perspective', () => {
    spec
      .given([])
      .when(form({ livedExperiencePartnerId: 'coach' }))
      .thenThrows(RuleViolatedError, /coach has the professional perspective/);
    spec
      .given([])
      .when(form({ professionalPartnerId: 'lep', livedExperiencePartnerId: 'pro' }))
      .thenThrows(RuleViolatedError, /perspective/);
  });

  it('needs participation consent from both partners', () => {
    const withdrawn = participant('lep', 'lived-experience', [consentTo('participation', 'lep'), consentTo('participation', 'lep', 'ConsentWithdrawn')]);
    spec
      .given([])
      .when(form({}, { participants: { ...people, lep: withdrawn } }))
      .thenThrows(RuleViolatedError, /lep has no participation consent/);
    spec
      .given([])
      .when(form({}, { participants: { ...people, pro: participant('pro', 'professional', []) } }))
      .thenThrows(RuleViolatedError, /pro has no participation consent/);
  });

  it('refuses to form the same pair twice', () =>
    spec
      .given([formed])
      .when(form())
      .thenThrows(RuleViolatedError, /already exists/));

  it('names every bad field: a focus of more than one line, a date later than tomorrow', () =>
    spec
      .given([])
      .when(form({ focus: 'a\nb', formedOn: '2026-06-17', serviceArea: '' }))
      .thenThrows(ValidationError, undefined, (e) => expect(fieldsOf(e)).toEqual(['formedOn', 'focus', 'serviceArea'])));

  it('accepts a date of tomorrow', () =>
    spec
      .given([])
      .when(form({ formedOn: '2026-06-16' }))
      .thenMatches([{ type: 'PairFormed' }]));
});

describe('pair decider: recording facts', () => {
  it('answers not-found for an unknown pair', () =>
    spec
      .given([])
      .when(recordMeeting())
      .thenThrows(NotFoundError, /No pair pair1/));

  it('defines an initiative, then revises it only with a reason', () => {
    const initiative = { title: 'Rehab referrals', aim: 'Halve waits', context: 'Long waits', successMeasures: ['wait in days'], on: '2026-02-10' };
    spec
      .given([formed])
      .when(cmd('DefineInitiative', initiative))
      .then([{ type: 'InitiativeDefined', data: initiative }]);
    const defined: PairEvent = { type: 'InitiativeDefined', data: initiative };
    spec
      .given([formed, defined])
      .when(cmd('DefineInitiative', initiative))
      .thenThrows(ValidationError, /reason is required/);
    spec
      .given([formed, defined])
      .when(cmd('DefineInitiative', { ...initiative, reason: 'Scope grew' }))
      .then([{ type: 'InitiativeRevised', data: { ...initiative, reason: 'Scope grew' } }]);
  });

  it('keeps names and titles to one line, as headings, table cells and lists show them', () => {
    spec
      .given([formed])
      .when(cmd('DefineInitiative', { title: 'Rehab\nreferrals', aim: 'a\nb', context: 'c', successMeasures: ['wait\r\nin days'] }))
      .thenThrows(ValidationError, undefined, (e) =>
        expect((e as ValidationError).details).toEqual([
          { field: 'title', message: 'must be one line' },
          { field: 'successMeasures[0]', message: 'must be one line' },
        ]),
      );
    spec
      .given([formed])
      .when(recordMeeting({ topics: ['leaflet\ndraft'] }))
      .thenThrows(ValidationError, /topics\[0\] must be one line/);
  });

  it('records a meeting, heldOn defaulting to today', () =>
    spec
      .given([formed])
      .when(recordMeeting({ heldOn: undefined }))
      .then([
        {
          type: 'MeetingHeld',
          data: {
            meetingId: 'm9',
            heldOn: today,
            durationMinutes: 90,
            format: 'in-person',
            attendeeIds: ['lep', 'pro'],
            topics: ['leaflet'],
            notes: 'Agreed a draft',
            approaches: ['embedding'],
          },
        },
      ]));

  it('records a meeting with a registered guest besides a partner', () =>
    spec
      .given([formed])
      .when(recordMeeting({ attendeeIds: ['pro', 'coach'] }))
      .thenMatches([{ type: 'MeetingHeld' }]));

  it('names every bad meeting field', () =>
    spec
      .given([formed])
      .when(recordMeeting({ heldOn: '2026-02-30', durationMinutes: 0, format: 'zoom' as never, attendeeIds: [], approaches: ['vibes' as never] }))
      .thenThrows(ValidationError, undefined, (e) => expect(fieldsOf(e)).toEqual(['heldOn', 'durationMinutes', 'format', 'attendeeIds', 'approaches[0]'])));

  it('refuses an unregistered attendee, a meeting without a partner, and an attendee without participation consent', () => {
    spec
      .given([formed])
      .when(recordMeeting({ attendeeIds: ['lep', 'ghost', 'ghost2'] }))
      .thenThrows(ValidationError, /attendeeIds\[1\] names no registered participant/, (e) =>
        expect(fieldsOf(e)).toEqual(['attendeeIds[1]', 'attendeeIds[2]']),
      );
    spec
      .given([])
      .when(recordMeeting({ attendeeIds: ['lep', 'lep'], durationMinutes: 0 }))
      .thenThrows(ValidationError, /must not repeat/, (e) => expect(fieldsOf(e)).toEqual(['durationMinutes', 'attendeeIds']));
    spec
      .given([formed])
      .when(recordMeeting({ attendeeIds: ['coach'] }))
      .thenThrows(RuleViolatedError, /at least one of the two partners/);
    const withdrawnHere = participant('lep', 'lived-experience', [
      consentTo('participation', 'lep'),
      consentTo('participation', 'lep', 'ConsentWithdrawn', 'pair1'),
    ]);
    spec
      .given([formed])
      .when(recordMeeting({}, { ...people, lep: withdrawnHere }))
      .thenThrows(RuleViolatedError, /lep has no participation consent/);
  });

  it('names no one without participation consent in a new entry: not as an action owner, nor as a reflection author', () => {
    const withdrawn = {
      participants: {
        ...people,
        lep: participant('lep', 'lived-experience', [consentTo('participation', 'lep'), consentTo('participation', 'lep', 'ConsentWithdrawn', 'pair1')]),
      },
    };
    spec
      .given([formed])
      .when(cmd('AgreeAction', { actionId: 'a1', description: 'd', ownerId: 'lep' }, withdrawn))
      .thenThrows(
        RuleViolatedError,
        /^Participant lep has no participation consent, so cannot be named as an action's owner; record their consent to take part first, or give the action to the other partner\.$/,
      );
    spec
      .given([formed])
      .when(cmd('AgreeAction', { actionId: 'a1', description: 'd', ownerId: 'pro' }, withdrawn))
      .then([{ type: 'ActionAgreed', data: { actionId: 'a1', description: 'd', ownerId: 'pro', agreedOn: today } }]);
    spec
      .given([formed])
      .when(cmd('RecordReflection', { reflectionId: 'r1', participantId: 'lep', relationshipScore: 3, text: 't', quotable: false }, withdrawn))
      .thenThrows(RuleViolatedError, /lep has no participation consent, so a reflection of theirs cannot be recorded/);
    // A correction that gives an action to them names them anew; one that keeps them as its owner does not.
    const byPro: StoredEvent<PairEvent> = {
      eventId: 'a-a1',
      type: 'ActionAgreed',
      data: { actionId: 'a1', description: 'Draft leaflet', ownerId: 'pro', agreedOn: '2026-03-01' },
    };
    spec
      .given([formed, byPro])
      .when(cmd('CorrectEntry', { targetEventId: 'a-a1', reason: 'fix', replacement: { ownerId: 'lep' } }, withdrawn))
      .thenThrows(RuleViolatedError, /cannot be named as an action's owner/);
    spec
      .given([formed, action('a1')])
      .when(cmd('CorrectEntry', { targetEventId: 'a-a1', reason: 'fix', replacement: { description: 'Draft the leaflet' } }, withdrawn))
      .then([{ type: 'EntryCorrected', data: { targetEventId: 'a-a1', reason: 'fix', replacement: { description: 'Draft the leaflet' } } }]);
  });

  it('refuses a fact dated before the pair was formed', () =>
    spec
      .given([formed])
      .when(recordMeeting({ heldOn: '2026-01-31' }))
      .thenThrows(RuleViolatedError, /^This meeting is dated 2026-01-31, before the pair was formed on 2026-02-01; date it on or after 2026-02-01\.$/));

  it('refuses a fact dated later than tomorrow', () =>
    spec
      .given([formed])
      .when(recordMeeting({ heldOn: '2026-06-17' }))
      .thenThrows(ValidationError, /heldOn must be no later than tomorrow/));

  it('agrees an action owned by a partner, with a due date and a meeting', () =>
    spec
      .given([formed, meeting('m1', '2026-03-01')])
      .when(cmd('AgreeAction', { actionId: 'a1', description: 'Draft leaflet', ownerId: 'pro', agreedOn: '2026-03-01', dueOn: '2026-04-01', meetingId: 'm1' }))
      .then([
        {
          type: 'ActionAgreed',
          data: { actionId: 'a1', description: 'Draft leaflet', ownerId: 'pro', agreedOn: '2026-03-01', dueOn: '2026-04-01', meetingId: 'm1' },
        },
      ]));

  it('refuses an action owned by someone else, due before it was agreed, or tied to an unknown meeting', () => {
    spec
      .given([formed])
      .when(cmd('AgreeAction', { actionId: 'a1', description: 'd', ownerId: 'coach' }))
      .thenThrows(RuleViolatedError, /owner of an action/);
    spec
      .given([formed])
      .when(cmd('AgreeAction', { actionId: 'a1', description: 'd', ownerId: 'lep', agreedOn: '2026-03-01', dueOn: '2026-02-20' }))
      .thenThrows(ValidationError, undefined, (e) =>
        expect((e as ValidationError).details).toEqual([{ field: 'dueOn', message: 'must be on or after agreedOn (2026-03-01)' }]),
      );
    spec
      .given([formed])
      .when(cmd('AgreeAction', { actionId: 'a1', description: 'd', ownerId: 'lep', meetingId: 'nope' }))
      .thenThrows(ValidationError, /meetingId names no meeting/);
  });

  it('completes or drops an action once, never both, never before it was agreed', () => {
    spec
      .given([formed, action('a1')])
      .when(cmd('CompleteAction', { actionId: 'a1', completedOn: '2026-03-02', note: 'sent' }))
      .then([{ type: 'ActionCompleted', data: { actionId: 'a1', completedOn: '2026-03-02', note: 'sent' } }]);
    spec
      .given([formed, action('a1')])
      .when(cmd('DropAction', { actionId: 'a1', reason: 'moot' }))
      .then([{ type: 'ActionDropped', data: { actionId: 'a1', droppedOn: today, reason: 'moot' } }]);
    spec
      .given([formed, action('a1'), completed('a1')])
      .when(cmd('CompleteAction', { actionId: 'a1' }))
      .thenThrows(
        RuleViolatedError,
        /^Action a1 was already completed on 2026-04-01, and an action is completed or dropped once\. To put its date or note right, correct that entry/,
      );
    spec
      .given([formed, action('a1'), completed('a1')])
      .when(cmd('DropAction', { actionId: 'a1', reason: 'x' }))
      .thenThrows(RuleViolatedError, /already completed/);
    spec
      .given([formed, action('a1'), dropped('a1')])
      .when(cmd('CompleteAction', { actionId: 'a1' }))
      .thenThrows(RuleViolatedError, /already dropped on 2026-04-01/);
    spec
      .given([formed, action('a1')])
      .when(cmd('CompleteAction', { actionId: 'a1', completedOn: '2026-02-15' }))
      .thenThrows(RuleViolatedError, /so it cannot be completed on 2026-02-15; date it on or after/);
    spec
      .given([formed, action('a1')])
      .when(cmd('DropAction', { actionId: 'a1', reason: 'x', droppedOn: '2026-02-15' }))
      .thenThrows(RuleViolatedError, /so it cannot be dropped on 2026-02-15; date it on or after/);
    spec
      .given([formed])
      .when(cmd('CompleteAction', { actionId: 'a9' }))
      .thenThrows(NotFoundError, /no action a9/);
  });

  it('records a milestone', () =>
    spec
      .given([formed])
      .when(cmd('ReachMilestone', { milestoneId: 'ms1', description: 'Board approval', reachedOn: '2026-05-01' }))
      .then([{ type: 'MilestoneReached', data: { milestoneId: 'ms1', description: 'Board approval', reachedOn: '2026-05-01' } }]));

  it('records an outcome with a measure, and names bad outcome fields', () => {
    const outcome = {
      outcomeId: 'o1',
      category: 'service-change',
      description: 'New pathway',
      evidence: 'audit',
      measure: { name: 'wait', unit: 'days', baseline: 42, value: 21 },
      recordedOn: '2026-05-02',
      spread: 'organisation',
    };
    spec
      .given([formed])
      .when(cmd('RecordOutcome', outcome))
      .then([{ type: 'OutcomeRecorded', data: outcome as never }]);
    spec
      .given([formed])
      .when(
        cmd('RecordOutcome', { ...outcome, category: 'vibes', spread: 'world', measure: { name: 'wait', unit: 'days', baseline: 'lots', value: 1, extra: 1 } }),
      )
      .thenThrows(ValidationError, undefined, (e) => expect(fieldsOf(e)).toEqual(['category', 'measure.baseline', 'measure.extra', 'spread']));
  });

  it('records a reflection by a partner, with a score from 1 to 5', () => {
    const r = { reflectionId: 'r1', participantId: 'lep', recordedOn: '2026-03-05', relationshipScore: 4, text: 'Equal now', quotable: true };
    spec
      .given([formed])
      .when(cmd('RecordReflection', r))
      .then([{ type: 'ReflectionRecorded', data: r }]);
    spec
      .given([formed])
      .when(cmd('RecordReflection', { ...r, relationshipScore: 6 }))
      .thenThrows(ValidationError, /relationshipScore must be a whole number from 1 to 5/);
    spec
      .given([formed])
      .when(cmd('RecordReflection', { ...r, relationshipScore: 2.5, quotable: 'yes' }))
      .thenThrows(ValidationError, undefined, (e) => expect(fieldsOf(e)).toEqual(['relationshipScore', 'quotable']));
    spec
      .given([formed])
      .when(cmd('RecordReflection', { ...r, participantId: 'coach' }))
      .thenThrows(RuleViolatedError, /one of the pair's two partners/);
  });
});

describe('pair decider: status', () => {
  const paused: PairEvent = { type: 'PairPaused', data: { on: '2026-04-01', reason: 'illness' } };
  it('pauses an active pair and resumes a paused one', () => {
    spec
      .given([formed])
      .when(cmd('PausePair', { reason: 'illness', on: '2026-04-01' }))
      .then([paused]);
    spec
      .given([formed, paused])
      .when(cmd('ResumePair', { on: '2026-05-01' }))
      .then([{ type: 'PairResumed', data: { on: '2026-05-01' } }]);
  });
  it('refuses to pause a paused pair or resume an active one', () => {
    spec
      .given([formed, paused])
      .when(cmd('PausePair', { reason: 'x' }))
      .thenThrows(RuleViolatedError, /is already paused, so it cannot be paused/);
    spec
      .given([formed])
      .when(cmd('ResumePair', {}))
      .thenThrows(RuleViolatedError, /not paused/);
  });
  it('dates each change of status on or after the one before it, as the status follows the order recorded', () => {
    const resumed: StoredEvent<PairEvent> = { eventId: 'resumed', type: 'PairResumed', data: { on: '2026-05-01' } };
    const pausedEvent: StoredEvent<PairEvent> = { eventId: 'paused', ...paused };
    spec
      .given([formed, pausedEvent])
      .when(cmd('ResumePair', { on: '2026-03-20' }))
      .thenThrows(RuleViolatedError, 'The pair was paused on 2026-04-01, so it cannot be resumed on 2026-03-20; date it on or after 2026-04-01.');
    spec
      .given([formed, pausedEvent, resumed])
      .when(cmd('PausePair', { reason: 'again', on: '2026-04-20' }))
      .thenThrows(RuleViolatedError, /resumed on 2026-05-01, so it cannot be paused on 2026-04-20/);
    spec
      .given([formed, pausedEvent, resumed])
      .when(cmd('ConcludePair', { summary: 'Done', concludedOn: '2026-04-30' }))
      .thenThrows(RuleViolatedError, /resumed on 2026-05-01, so it cannot be concluded on 2026-04-30/);
    // A correction is held to it too.
    spec
      .given([formed, pausedEvent, resumed])
      .when(cmd('CorrectEntry', { targetEventId: 'paused', reason: 'typo', replacement: { on: '2026-05-02' } }))
      .thenThrows(RuleViolatedError, /paused on 2026-05-02, so it cannot be resumed on 2026-05-01/);
    // The same day is taken.
    spec
      .given([formed, pausedEvent])
      .when(cmd('ResumePair', { on: '2026-04-01' }))
      .then([{ type: 'PairResumed', data: { on: '2026-04-01' } }]);
    // A history recorded out of order before this rule stays writable: only a change that breaks it is refused.
    const early: StoredEvent<PairEvent> = { eventId: 'early', type: 'PairResumed', data: { on: '2026-03-01' } };
    spec
      .given([formed, pausedEvent, early])
      .when(recordMeeting())
      .then([expect.objectContaining({ type: 'MeetingHeld' })]);
  });

  it('concludes a pair, then records nothing but corrections and retractions', () => {
    spec
      .given([formed])
      .when(cmd('ConcludePair', { summary: 'Done', concludedOn: '2026-06-01' }))
      .then([{ type: 'PairConcluded', data: { concludedOn: '2026-06-01', summary: 'Done' } }]);
    spec
      .given([formed, concluded])
      .when(recordMeeting())
      .thenThrows(RuleViolatedError, /concluded on 2026-06-01/);
    spec
      .given([formed, concluded])
      .when(cmd('ConcludePair', { summary: 'again' }))
      .thenThrows(RuleViolatedError, /concluded/);
    spec
      .given([formed, meeting('m1', '2026-03-01'), concluded])
      .when(cmd('CorrectEntry', { targetEventId: 'm-m1', reason: 'typo', replacement: { durationMinutes: 45 } }))
      .thenMatches([{ type: 'EntryCorrected' }]);
    spec
      .given([formed, meeting('m1', '2026-03-01'), concluded])
      .when(cmd('RetractEntry', { targetEventId: 'm-m1', reason: 'duplicate' }))
      .thenMatches([{ type: 'EntryRetracted' }]);
  });
});

describe('pair decider: corrections and retractions', () => {
  const correct = (targetEventId: string, replacement: Record<string, unknown>, extra: object = {}) =>
    cmd('CorrectEntry', { targetEventId, reason: 'fix', replacement }, { participants: people, ...extra });
  const retract = (targetEventId: string, extra: object = {}) => cmd('RetractEntry', { targetEventId, reason: 'wrong' }, extra);
  const correction = (eventId: string, targetEventId: string, replacement: Record<string, unknown>): StoredEvent<PairEvent> => ({
    eventId,
    type: 'EntryCorrected',
    data: { targetEventId, reason: 'fix', replacement },
  });
  const retraction = (eventId: string, targetEventId: string): StoredEvent<PairEvent> => ({
    eventId,
    type: 'EntryRetracted',
    data: { targetEventId, reason: 'wrong' },
  });
  const viewOf = (events: StoredEvent<PairEvent>[]) => pairView(fold(pairDecider, events));

  it('corrects a fact', () =>
    spec
      .given([formed, meeting('m1', '2026-03-01')])
      .when(correct('m-m1', { heldOn: '2026-03-02', notes: 'better' }))
      .then([{ type: 'EntryCorrected', data: { targetEventId: 'm-m1', reason: 'fix', replacement: { heldOn: '2026-03-02', notes: 'better' } } }]));

  it('refuses a correction that would change nothing, comparing with the entry as already corrected', () => {
    spec
      .given([formed, meeting('m1', '2026-03-01')])
      .when(correct('m-m1', { durationMinutes: 60 }))
      .thenThrows(RuleViolatedError, /^This correction would change nothing: durationMinutes is already as given\. Give the value the entry should have\.$/);
    spec
      .given([formed, meeting('m1', '2026-03-01'), correction('k1', 'm-m1', { notes: 'one' })])
      .when(correct('m-m1', { notes: 'one', heldOn: '2026-03-01' }))
      .thenThrows(RuleViolatedError, /notes, heldOn are already as given/);
    spec
      .given([formed])
      .when(correct('formed', { serviceArea: 'Cardiac' }))
      .thenThrows(RuleViolatedError, /would change nothing/);
    // One field changed is enough; a field given at its old value alongside it does no harm.
    spec
      .given([formed, meeting('m1', '2026-03-01'), correction('k1', 'm-m1', { notes: 'one' })])
      .when(correct('m-m1', { notes: 'n', heldOn: '2026-03-01' }))
      .then([{ type: 'EntryCorrected', data: { targetEventId: 'm-m1', reason: 'fix', replacement: { notes: 'n', heldOn: '2026-03-01' } } }]);
  });

  it('refuses a target that is no fact of this pair', () => {
    spec
      .given([formed])
      .when(correct('elsewhere', { notes: 'x' }))
      .thenThrows(ValidationError, /targetEventId names no fact of this pair/);
    spec
      .given([formed, meeting('m1', '2026-03-01'), correction('k1', 'm-m1', { notes: 'y' })])
      .when(correct('k1', { reason: 'x' }))
      .thenThrows(ValidationError, /targetEventId/);
    spec
      .given([formed])
      .when(retract('elsewhere'))
      .thenThrows(ValidationError, /targetEventId names no entry of this pair/);
  });

  it('never changes an entry id, a reflection author, a pair partner, or a field the type does not have', () => {
    spec
      .given([formed, meeting('m1', '2026-03-01')])
      .when(correct('m-m1', { meetingId: 'm2', colour: 'red' }))
      .thenThrows(ValidationError, undefined, (e) => expect(fieldsOf(e)).toEqual(['replacement.meetingId', 'replacement.colour']));
    spec
      .given([formed, reflection('r1', 'lep')])
      .when(correct('r-r1', { participantId: 'pro' }))
      .thenThrows(ValidationError, /replacement.participantId cannot be corrected/);
    spec
      .given([formed])
      .when(correct('formed', { professionalPartnerId: 'coach' }))
      .thenThrows(ValidationError, /formedOn, focus, serviceArea/);
  });

  it('corrects PairFormed (formedOn, focus, serviceArea) but never retracts it', () => {
    spec
      .given([formed])
      .when(correct('formed', { serviceArea: 'Cardiac Rehab', formedOn: '2026-01-20' }))
      .then([
        { type: 'EntryCorrected', data: { targetEventId: 'formed', reason: 'fix', replacement: { serviceArea: 'cardiac-rehab', formedOn: '2026-01-20' } } },
      ]);
    spec
      .given([formed])
      .when(retract('formed'))
      .thenThrows(RuleViolatedError, /never retracted/);
  });

  it('holds a corrected entry to every rule the original had to pass', () => {
    spec
      .given([formed, meeting('m1', '2026-03-01')])
      .when(correct('m-m1', { heldOn: '2026-02-30', durationMinutes: -5 }))
      .thenThrows(ValidationError, undefined, (e) => expect(fieldsOf(e)).toEqual(['replacement.heldOn', 'replacement.durationMinutes']));
    spec
      .given([formed, meeting('m1', '2026-03-01')])
      .when(correct('m-m1', { heldOn: '2026-01-01' }))
      .thenThrows(RuleViolatedError, /before the pair was formed/);
    spec
      .given([formed, meeting('m1', '2026-03-01')])
      .when(correct('m-m1', { attendeeIds: ['coach'] }))
      .thenThrows(RuleViolatedError, /at least one of the two partners/);
    spec
      .given([formed, meeting('m1', '2026-03-01')])
      .when(correct('formed', { formedOn: '2026-03-05' }))
      .thenThrows(RuleViolatedError, /^The meeting m-m1 is dated 2026-03-01, before the pair was formed on 2026-03-05/);
    spec
      .given([formed, action('a1'), completed('a1', '2026-03-10')])
      .when(correct('a-a1', { agreedOn: '2026-03-20' }))
      .thenThrows(RuleViolatedError, /was agreed on 2026-03-20, so it cannot be completed on 2026-03-10/);
    // Corrected later (a new action is refused as a 400), the due date is checked against the stored agreedOn.
    spec
      .given([formed, action('a1', '2026-03-01')])
      .when(correct('a-a1', { dueOn: '2026-02-20' }))
      .thenThrows(RuleViolatedError, /^The action a1 was agreed on 2026-03-01, so it cannot be due on 2026-02-20; make it due on or after 2026-03-01\.$/);
    spec
      .given([formed, action('a1')])
      .when(correct('a-a1', { ownerId: 'coach' }))
      .thenThrows(RuleViolatedError, /owner/);
  });

  it('applies several corrections in log order, field by field', () => {
    const view = viewOf([
      formed,
      meeting('m1', '2026-03-01'),
      correction('k1', 'm-m1', { heldOn: '2026-03-02', notes: 'one' }),
      correction('k2', 'm-m1', { notes: 'two' }),
    ]);
    expect(view.meetings[0]).toMatchObject({ heldOn: '2026-03-02', notes: 'two', durationMinutes: 60 });
    expect(view.facts.find((f) => f.eventId === 'm-m1')?.corrections.map((c) => c.eventId)).toEqual(['k1', 'k2']);
  });

  it('retracts a fact so it counts nowhere', () => {
    spec
      .given([formed, meeting('m1', '2026-03-01')])
      .when(retract('m-m1'))
      .then([{ type: 'EntryRetracted', data: { targetEventId: 'm-m1', reason: 'wrong' } }]);
    expect(viewOf([formed, meeting('m1', '2026-03-01'), retraction('x1', 'm-m1')]).meetings).toEqual([]);
  });

  it('keeps each revision of the initiative in the view, when and why, as corrected, and none retracted', () => {
    const initiative = { title: 'T', aim: 'A', context: 'C', successMeasures: ['m'], on: '2026-02-10' };
    const revised = (eventId: string, on: string, reason: string): StoredEvent<PairEvent> => ({
      eventId,
      type: 'InitiativeRevised',
      data: { ...initiative, aim: `aim of ${on}`, on, reason },
    });
    const events: StoredEvent<PairEvent>[] = [
      formed,
      { eventId: 'i0', type: 'InitiativeDefined', data: initiative },
      revised('i1', '2026-03-01', 'Scope grew'),
      revised('i2', '2026-04-01', 'Board asked'),
      revised('i3', '2026-05-01', 'Recorded twice'),
      correction('k1', 'i2', { reason: 'The board asked for more' }),
      retraction('x1', 'i3'),
    ];
    const view = viewOf(events);
    expect(view.initiativeRevisions).toEqual([
      { on: '2026-03-01', reason: 'Scope grew' },
      { on: '2026-04-01', reason: 'The board asked for more' },
    ]);
    expect(view.initiative?.aim).toBe('aim of 2026-04-01');
    // As things stood on a date: only the revisions made by then.
    expect(pairView(fold(pairDecider, events), { asOf: '2026-03-15' })?.initiativeRevisions).toEqual([{ on: '2026-03-01', reason: 'Scope grew' }]);
  });

  it('undoes a correction when the correction is retracted, and restores an entry when its retraction is retracted', () => {
    const events = [formed, meeting('m1', '2026-03-01'), correction('k1', 'm-m1', { notes: 'changed' }), retraction('x1', 'k1')];
    expect(viewOf(events).meetings[0]?.notes).toBe('n');
    const restored = viewOf([formed, meeting('m1', '2026-03-01'), retraction('x1', 'm-m1'), retraction('x2', 'x1')]);
    expect(restored.meetings).toHaveLength(1);
    expect(restored.facts.find((f) => f.eventId === 'm-m1')?.retracted).toBeNull();
  });

  it('refuses to retract what is already retracted', () => {
    spec
      .given([formed, meeting('m1', '2026-03-01'), retraction('x1', 'm-m1')])
      .when(retract('m-m1'))
      .thenThrows(RuleViolatedError, /already retracted/);
    spec
      .given([formed, meeting('m1', '2026-03-01'), retraction('x1', 'm-m1'), retraction('x2', 'x1')])
      .when(retract('x1'))
      .thenThrows(RuleViolatedError, /already retracted/);
  });

  it('voids the completion of a retracted ActionAgreed, and lets a completion be recorded again once its own is retracted', () => {
    const view = viewOf([formed, action('a1'), completed('a1'), retraction('x1', 'a-a1')]);
    expect(view.actions).toEqual([]);
    spec
      .given([formed, action('a1'), completed('a1'), retraction('x1', 'c-a1')])
      .when(cmd('DropAction', { actionId: 'a1', reason: 'moot' }))
      .thenMatches([{ type: 'ActionDropped' }]);
    // A retracted action is said to be so, with the way to restore it, rather than unknown.
    spec
      .given([formed, action('a1'), retraction('x1', 'a-a1')])
      .when(cmd('CompleteAction', { actionId: 'a1' }))
      .thenThrows(
        RuleViolatedError,
        /^Action a1 was retracted, so it cannot be completed or dropped; to restore it, retract that retraction \(targetEventId x1\)\.$/,
      );
    spec
      .given([formed])
      .when(cmd('CompleteAction', { actionId: 'a9' }))
      .thenThrows(NotFoundError, /has no action a9/);
  });

  it('refuses to restore a completion that would close an action twice', () =>
    spec
      .given([formed, action('a1'), completed('a1'), retraction('x1', 'c-a1'), dropped('a1')])
      .when(retract('x1'))
      .thenThrows(RuleViolatedError, /more than once/));

  it('lets only the author (as a pair member) or a coordinator correct or retract a reflection', () => {
    const given = spec.given([formed, reflection('r1', 'lep')]);
    given.when(correct('r-r1', { text: 'edited' }, { by: { role: 'pair-member', participantId: 'pro' } })).thenThrows(ForbiddenError, /author/);
    given.when(retract('r-r1', { by: { role: 'pair-member', participantId: 'pro' } })).thenThrows(ForbiddenError);
    given.when(correct('r-r1', { text: 'edited' }, { by: { role: 'pair-member', participantId: 'lep' } })).thenMatches([{ type: 'EntryCorrected' }]);
    given.when(retract('r-r1', { by: { role: 'coordinator' } })).thenMatches([{ type: 'EntryRetracted' }]);
    spec
      .given([formed, reflection('r1', 'lep'), correction('k1', 'r-r1', { text: 'e' })])
      .when(retract('k1', { by: { role: 'pair-member', participantId: 'pro' } }))
      .thenThrows(ForbiddenError);
  });

  it("lets only a coordinator correct or retract a pair's formation and course, as only a coordinator records them", () => {
    const member = { by: { role: 'pair-member' as const, participantId: 'lep' } };
    const coordinator = { by: { role: 'coordinator' as const } };
    const pause: StoredEvent<PairEvent> = { eventId: 'paused', type: 'PairPaused', data: { on: '2026-04-01', reason: 'illness' } };
    spec
      .given([formed, concluded])
      .when(retract('concluded', member))
      .thenThrows(ForbiddenError, /^Only a coordinator may correct or retract PairConcluded/);
    spec
      .given([formed, concluded])
      .when(retract('concluded', coordinator))
      .thenMatches([{ type: 'EntryRetracted' }]);
    spec
      .given([formed, pause])
      .when(correct('paused', { reason: 'leave' }, member))
      .thenThrows(ForbiddenError, /PairPaused/);
    spec
      .given([formed])
      .when(correct('formed', { focus: 'Another focus' }, member))
      .thenThrows(ForbiddenError, /PairFormed/);
    spec
      .given([formed])
      .when(correct('formed', { focus: 'Another focus' }, coordinator))
      .thenMatches([{ type: 'EntryCorrected' }]);
    // Nor by way of a correction of it: undoing a coordinator's correction of the formation is theirs too.
    spec
      .given([formed, correction('k1', 'formed', { focus: 'Another focus' })])
      .when(retract('k1', member))
      .thenThrows(ForbiddenError, /PairFormed/);
    // What a pair member records, they put right.
    spec
      .given([formed, meeting('m1', '2026-03-01')])
      .when(retract('m-m1', member))
      .thenMatches([{ type: 'EntryRetracted' }]);
  });
});

describe('pair decider: evolving', () => {
  const events = [
    { eventId: 'e1', type: 'PairFormed', data: { pairId: 'p1' } },
    { eventId: 'e2', type: 'MeetingHeld', data: { meetingId: 'm1' } },
    { eventId: 'e3', type: 'MeetingHeld', data: { meetingId: 'm2' } },
  ] as unknown as StoredEvent<PairEvent>[];

  it('evolves by several events at once exactly as one at a time, leaving the earlier state as it was', () => {
    const oneByOne = events.reduce((state, event) => pairDecider.evolve(state, event), pairDecider.initialState());
    const formed = pairDecider.evolve(pairDecider.initialState(), events[0]!);
    const atOnce = pairDecider.evolveMany!(formed, events.slice(1));
    expect(atOnce).toEqual(oneByOne);
    expect(atOnce).toEqual({
      exists: true,
      pairId: 'p1',
      entries: events.map(({ eventId, ...event }) => ({ eventId, event })),
    });
    expect(formed.entries).toHaveLength(1);
    expect(fold(pairDecider, events)).toEqual(oneByOne);
  });
});

describe('pair decider: views carried from one state to the next', () => {
  const paused: StoredEvent<PairEvent> = { eventId: 'paused', type: 'PairPaused', data: { on: '2026-03-10', reason: 'Leave' } };
  const resumed: StoredEvent<PairEvent> = { eventId: 'resumed', type: 'PairResumed', data: { on: '2026-03-20' } };
  const history: StoredEvent<PairEvent>[] = [
    formed,
    meeting('m1', '2026-02-10'),
    action('a1', '2026-02-10', '2026-03-01'),
    action('a2', '2026-02-11'),
    paused,
    completed('a1', '2026-02-20'),
    { eventId: 'fix-m1', type: 'EntryCorrected', data: { targetEventId: 'm-m1', reason: 'typo', replacement: { notes: 'fixed' } } },
    resumed,
    dropped('a2', '2026-03-21'),
    reflection('r1', 'lep'),
    { eventId: 'undo-r1', type: 'EntryRetracted', data: { targetEventId: 'r-r1', reason: 'wrong pair' } },
    meeting('m2', '2026-04-01'),
    concluded,
  ];

  it('gives, after every event, the view a rebuild from all the entries gives, and never changes an earlier view', () => {
    let state = pairDecider.evolve(pairDecider.initialState(), history[0]!);
    let previous = pairView(state);
    const snapshots: [ReturnType<typeof pairView>, string][] = [[previous, JSON.stringify(previous)]];
    for (const event of history.slice(1)) {
      state = pairDecider.evolve(state, event);
      const carried = pairView(state);
      expect(carried).toEqual(pairView({ ...state, entries: [...state.entries] }));
      snapshots.push([carried, JSON.stringify(carried)]);
      previous = carried;
    }
    for (const [view, json] of snapshots) expect(JSON.stringify(view)).toBe(json);
    expect(previous).toMatchObject({ status: 'concluded', meetings: [{ notes: 'fixed' }, { meetingId: 'm2' }], reflections: [] });
    expect(previous.actions).toMatchObject([
      { actionId: 'a1', completed: { completedOn: '2026-02-20' }, closures: 1 },
      { actionId: 'a2', closures: 1 },
    ]);
  });

  it('still refuses a closing that breaks a rule spanning facts, checked on the view carried forward', () => {
    const state = fold(pairDecider, [formed, action('a1', '2026-03-01')]);
    pairView(state);
    expect(() => pairDecider.decide(cmd('CompleteAction', { actionId: 'a1', completedOn: '2026-02-15' }), state)).toThrow(/cannot be completed on 2026-02-15/);
  });
});
