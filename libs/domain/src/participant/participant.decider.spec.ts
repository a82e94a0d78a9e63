import { deciderSpec } from '@pairtrail/testing';
import { fold, type StoredEvent } from '../shared/decider';
import { NotFoundError, RuleViolatedError, ValidationError } from '../shared/errors';
import { hasConsent } from './consent';
import { mayTakePart, participantDecider, type GiveConsent, type RegisterParticipant, type WithdrawConsent } from './participant.decider';
import type { ParticipantEvent, ParticipantRegistered } from './participant.events';

const spec = deciderSpec(participantDecider);
const today = '2026-03-10';
const registered: ParticipantRegistered = {
  type: 'ParticipantRegistered',
  data: {
    participantId: 'p1',
    name: 'Alex Morgan',
    perspective: 'lived-experience',
    role: 'patient leader',
    organisation: 'Riverside Heart Support',
    organisationType: 'patient-group',
    registeredOn: '2026-01-10',
  },
};
const register = (data: Partial<RegisterParticipant['data']> = {}): RegisterParticipant => ({
  type: 'RegisterParticipant',
  today,
  data: { ...registered.data, registeredOn: undefined, ...data },
});

describe('participant decider', () => {
  it('registers a participant, registeredOn defaulting to today', () =>
    spec
      .given([])
      .when(register())
      .then([{ ...registered, data: { ...registered.data, registeredOn: today } }]));

  it('names every bad field on registration', () =>
    spec
      .given([])
      .when(register({ name: ' ', perspective: 'patient' as never, organisationType: 'trust' as never, email: 'nope', registeredOn: '2026-03-12' }))
      .thenThrows(ValidationError, undefined, (e) =>
        expect((e as ValidationError).details.map((d) => d.field)).toEqual(['name', 'email', 'organisationType', 'perspective', 'registeredOn']),
      ));

  it("keeps a person's name, role and organisation to one line", () =>
    spec
      .given([])
      .when(register({ name: 'Alex\nMorgan', role: 'patient\rleader', organisation: 'Riverside' }))
      .thenThrows(ValidationError, undefined, (e) =>
        expect((e as ValidationError).details).toEqual([
          { field: 'name', message: 'must be one line' },
          { field: 'role', message: 'must be one line' },
        ]),
      ));

  it('refuses to register twice', () =>
    spec
      .given([registered])
      .when(register())
      .thenThrows(RuleViolatedError, /already registered/));

  it('corrects details with a reason', () =>
    spec
      .given([registered])
      .when({ type: 'CorrectParticipantDetails', today, data: { participantId: 'p1', role: 'carer', reason: 'typo' } })
      .then([{ type: 'ParticipantDetailsCorrected', data: { participantId: 'p1', corrected: { role: 'carer' }, reason: 'typo' } }]));

  it('removes an email with email: null, and keeps every other detail', () => {
    const withEmail: ParticipantRegistered = { ...registered, data: { ...registered.data, email: 'alex@example.org' } };
    spec
      .given([withEmail])
      .when({ type: 'CorrectParticipantDetails', today, data: { participantId: 'p1', email: null, reason: 'asked us to hold no email' } })
      .then([{ type: 'ParticipantDetailsCorrected', data: { participantId: 'p1', corrected: { email: null }, reason: 'asked us to hold no email' } }]);
    const state = fold(
      participantDecider,
      [withEmail, { type: 'ParticipantDetailsCorrected', data: { participantId: 'p1', corrected: { email: null }, reason: 'r' } }].map((e, i) => ({
        ...e,
        eventId: `e${i}`,
      })) as StoredEvent<ParticipantEvent>[],
    );
    expect(state.details).toEqual({ name: 'Alex Morgan', role: 'patient leader', organisation: 'Riverside Heart Support', organisationType: 'patient-group' });
    // On registration an email is given or left out; null is no email address.
    spec
      .given([])
      .when(register({ email: null as never }))
      .thenThrows(ValidationError, /email must be a non-empty string/);
  });

  it('corrects the day they were registered, so a consent signed before they were entered can keep its date', () => {
    const give = { type: 'GiveConsent', today, data: { participantId: 'p1', scope: 'participation', evidence: 'form', on: '2026-01-05' } } as GiveConsent;
    // Registered on 10 January, though they joined, and signed the form, on the 5th.
    spec
      .given([registered])
      .when(give)
      .thenThrows(RuleViolatedError, /or, if they joined the programme before, correct their registeredOn first\.$/);
    const correct = (registeredOn: string) =>
      ({ type: 'CorrectParticipantDetails', today, data: { participantId: 'p1', registeredOn, reason: 'joined earlier' } }) as const;
    const corrected: ParticipantEvent = {
      type: 'ParticipantDetailsCorrected',
      data: { participantId: 'p1', corrected: { registeredOn: '2026-01-05' }, reason: 'joined earlier' },
    };
    spec.given([registered]).when(correct('2026-01-05')).then([corrected]);
    spec
      .given([registered, corrected])
      .when(give)
      .then([{ type: 'ConsentGiven', data: { participantId: 'p1', scope: 'participation', on: '2026-01-05', evidence: 'form' } }]);
    const state = fold(participantDecider, [registered, corrected].map((e, i) => ({ ...e, eventId: `e${i}` })) as StoredEvent<ParticipantEvent>[]);
    expect(state.registeredOn).toBe('2026-01-05');
    expect(state.details).not.toHaveProperty('registeredOn');
    // Not after a consent already recorded, nor after tomorrow, nor to the day it already says.
    const given: ParticipantEvent = { type: 'ConsentGiven', data: { participantId: 'p1', scope: 'participation', on: '2026-01-05', evidence: 'form' } };
    spec
      .given([registered, given])
      .when(correct('2026-01-08'))
      .thenThrows(
        RuleViolatedError,
        'A consent of theirs is dated 2026-01-05, so they cannot have been registered on 2026-01-08; date it on or before 2026-01-05.',
      );
    spec
      .given([registered])
      .when(correct('2026-04-01'))
      .thenThrows(ValidationError, /registeredOn/);
    spec
      .given([registered])
      .when(correct('2026-01-10'))
      .thenThrows(RuleViolatedError, /registeredOn is already as given/);
  });

  it('refuses a correction that would change nothing', () => {
    spec
      .given([registered])
      .when({ type: 'CorrectParticipantDetails', today, data: { participantId: 'p1', name: 'Alex Morgan', reason: 'x' } })
      .thenThrows(RuleViolatedError, /^This correction would change nothing: name is already as given\./);
    spec
      .given([registered])
      .when({ type: 'CorrectParticipantDetails', today, data: { participantId: 'p1', email: null, role: 'patient leader', reason: 'x' } })
      .thenThrows(RuleViolatedError, /email, role are already as given/);
  });

  it('refuses a correction with nothing to correct, or of an unknown participant', () => {
    spec
      .given([registered])
      .when({ type: 'CorrectParticipantDetails', today, data: { participantId: 'p1', reason: 'x' } })
      .thenThrows(ValidationError, /at least one/);
    spec
      .given([])
      .when({ type: 'CorrectParticipantDetails', today, data: { participantId: 'p1', name: 'A', reason: 'x' } })
      .thenThrows(NotFoundError);
  });

  const named: ParticipantEvent = { type: 'ConsentGiven', data: { participantId: 'p1', scope: 'named', on: '2026-02-01', evidence: 'form' } };

  it('records consent given and withdrawn', () => {
    spec
      .given([registered])
      .when({ type: 'GiveConsent', today, data: { participantId: 'p1', scope: 'quotes', evidence: 'signed form' } })
      .then([{ type: 'ConsentGiven', data: { participantId: 'p1', scope: 'quotes', on: today, evidence: 'signed form' } }]);
    spec
      .given([registered, named])
      .when({
        type: 'WithdrawConsent',
        today,
        data: { participantId: 'p1', scope: 'named', pairId: 'pair1', reason: 'changed mind' },
        pairPartners: ['p1', 'p2'],
      })
      .then([{ type: 'ConsentWithdrawn', data: { participantId: 'p1', scope: 'named', pairId: 'pair1', on: today, reason: 'changed mind' } }]);
  });

  it('takes a consent for a pair only from one of its partners', () => {
    const forPair = (pairPartners: readonly string[] | null): GiveConsent => ({
      type: 'GiveConsent',
      today,
      data: { participantId: 'p1', scope: 'quotes', pairId: 'pair1', evidence: 'form' },
      pairPartners,
    });
    spec
      .given([registered])
      .when(forPair(null))
      .thenThrows(ValidationError, undefined, (e) => expect((e as ValidationError).details).toEqual([{ field: 'pairId', message: 'names no pair (pair1)' }]));
    spec
      .given([registered])
      .when(forPair(['p2', 'p3']))
      .thenThrows(RuleViolatedError, /not a partner in pair pair1/);
    spec
      .given([registered])
      .when(forPair(['p2', 'p1']))
      .then([{ type: 'ConsentGiven', data: { participantId: 'p1', scope: 'quotes', pairId: 'pair1', on: today, evidence: 'form' } }]);
  });

  it('refuses to withdraw a consent the person does not hold, rather than record it twice', () => {
    const withdraw = (scope: 'named' | 'quotes', pairId?: string): WithdrawConsent => ({
      type: 'WithdrawConsent',
      today,
      data: { participantId: 'p1', scope, ...(pairId ? { pairId } : {}) },
      pairPartners: ['p1', 'p2'],
    });
    const withdrawn: ParticipantEvent = { type: 'ConsentWithdrawn', data: { participantId: 'p1', scope: 'named', on: '2026-02-02' } };
    spec
      .given([registered])
      .when(withdraw('quotes'))
      .thenThrows(RuleViolatedError, /no quotes consent to withdraw/);
    spec
      .given([registered, named, withdrawn])
      .when(withdraw('named'))
      .thenThrows(RuleViolatedError, /no named consent to withdraw/);
    spec
      .given([registered])
      .when(withdraw('quotes', 'pair1'))
      .thenThrows(RuleViolatedError, /no quotes consent for pair pair1 to withdraw/);
    // A general withdrawal still ends a consent given for one pair.
    const forPair: ParticipantEvent = {
      type: 'ConsentGiven',
      data: { participantId: 'p1', scope: 'quotes', pairId: 'pair1', on: '2026-02-01', evidence: 'form' },
    };
    spec
      .given([registered, forPair])
      .when(withdraw('quotes'))
      .then([{ type: 'ConsentWithdrawn', data: { participantId: 'p1', scope: 'quotes', on: today } }]);
  });

  it('needs evidence for a consent, a known scope, and a date on or after registration', () => {
    spec
      .given([registered])
      .when({ type: 'GiveConsent', today, data: { participantId: 'p1', scope: 'everything' as never, evidence: '' } })
      .thenThrows(ValidationError, undefined, (e) => expect((e as ValidationError).details.map((d) => d.field)).toEqual(['scope', 'evidence']));
    spec
      .given([registered])
      .when({ type: 'GiveConsent', today, data: { participantId: 'p1', scope: 'quotes', evidence: 'form', on: '2025-12-01' } })
      .thenThrows(RuleViolatedError, /before the participant was registered/);
  });

  it('refuses a consent dated before the last of its scope, since consents apply in the order recorded', () => {
    const given: ParticipantEvent = { type: 'ConsentGiven', data: { participantId: 'p1', scope: 'quotes', on: '2026-02-10', evidence: 'form' } };
    const withdraw = (on: string, pairId?: string): WithdrawConsent => ({
      type: 'WithdrawConsent',
      today,
      data: { participantId: 'p1', scope: 'quotes', on, ...(pairId ? { pairId } : {}) },
      pairPartners: ['p1', 'p2'],
    });
    // Withdrawn before it was given: a mistyped date, which would read as a withdrawal the giving overrode.
    spec
      .given([registered, given])
      .when(withdraw('2026-02-05'))
      .thenThrows(
        RuleViolatedError,
        "The date of the consent (on, 2026-02-05) is before this participant's quotes consent was last given or withdrawn (2026-02-10); date it on or after 2026-02-10.",
      );
    // For one pair too, as a general consent covers every pair.
    spec
      .given([registered, given])
      .when(withdraw('2026-02-09', 'pair1'))
      .thenThrows(RuleViolatedError, /last given or withdrawn \(2026-02-10\)/);
    // The same day, or later, is taken; other scopes keep their own dates.
    spec
      .given([registered, given])
      .when(withdraw('2026-02-10'))
      .then([{ type: 'ConsentWithdrawn', data: { participantId: 'p1', scope: 'quotes', on: '2026-02-10' } }]);
    spec
      .given([registered, given])
      .when({ type: 'GiveConsent', today, data: { participantId: 'p1', scope: 'named', evidence: 'form', on: '2026-01-20' } })
      .then([{ type: 'ConsentGiven', data: { participantId: 'p1', scope: 'named', on: '2026-01-20', evidence: 'form' } }]);
  });

  it('erases a participant once', () => {
    spec
      .given([registered])
      .when({ type: 'EraseParticipant', today, data: { participantId: 'p1', reason: 'request' } })
      .then([{ type: 'ParticipantErased', data: { participantId: 'p1', reason: 'request', on: today } }]);
    spec
      .given([registered, { type: 'ParticipantErased', data: { participantId: 'p1', reason: 'r', on: today } }])
      .when({ type: 'GiveConsent', today, data: { participantId: 'p1', scope: 'quotes', evidence: 'form' } })
      .thenThrows(RuleViolatedError, /erased/);
  });

  describe('consent scoping', () => {
    const consent = (type: 'ConsentGiven' | 'ConsentWithdrawn', scope: 'participation' | 'quotes', pairId?: string): ParticipantEvent => ({
      type,
      data: { participantId: 'p1', scope, on: '2026-02-01', ...(pairId ? { pairId } : {}) },
    });
    const stateAfter = (events: ParticipantEvent[]) =>
      fold(
        participantDecider,
        [registered, ...events].map((e, i) => ({ ...e, eventId: `e${i}` })),
      );

    it('a general consent covers every pair', () => {
      const s = stateAfter([consent('ConsentGiven', 'quotes')]);
      expect(hasConsent(s.consents, 'quotes', 'pairA')).toBe(true);
      expect(hasConsent(s.consents, 'quotes')).toBe(true);
      expect(hasConsent(s.consents, 'participation')).toBe(false);
    });
    it('a pair-specific consent covers that pair only', () => {
      const s = stateAfter([consent('ConsentGiven', 'quotes', 'pairA')]);
      expect(hasConsent(s.consents, 'quotes', 'pairA')).toBe(true);
      expect(hasConsent(s.consents, 'quotes', 'pairB')).toBe(false);
    });
    it('a pair-specific withdrawal overrides a general consent there only', () => {
      const s = stateAfter([consent('ConsentGiven', 'quotes'), consent('ConsentWithdrawn', 'quotes', 'pairA')]);
      expect(hasConsent(s.consents, 'quotes', 'pairA')).toBe(false);
      expect(hasConsent(s.consents, 'quotes', 'pairB')).toBe(true);
    });
    it('a general withdrawal ends every consent of the scope', () => {
      const s = stateAfter([
        consent('ConsentGiven', 'participation', 'pairA'),
        consent('ConsentGiven', 'participation'),
        consent('ConsentWithdrawn', 'participation'),
      ]);
      expect(hasConsent(s.consents, 'participation', 'pairA')).toBe(false);
      expect(mayTakePart(s)).toBe(false);
    });
  });
});
