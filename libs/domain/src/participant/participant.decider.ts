import { Checks } from '../shared/checks';
import { applyCorrection, pickCorrection, refuseUnchanged } from '../shared/corrections';
import type { CalendarDate } from '../shared/dates';
import { assertNever, type CommandBase, type Decider, type StoredEvent } from '../shared/decider';
import { NotFoundError, RuleViolatedError, ValidationError, type FieldProblem } from '../shared/errors';
import { CONSENT_SCOPES, ORGANISATION_TYPES, PERSPECTIVES, type ConsentScope, type Perspective } from '../shared/vocabulary';
import { applyConsent, hasConsent, noConsents, type Consents } from './consent';
import type { ParticipantCorrection, ParticipantDetails, ParticipantEvent } from './participant.events';

export type RegisterParticipant = CommandBase<
  'RegisterParticipant',
  ParticipantDetails & { participantId: string; perspective: Perspective; registeredOn?: CalendarDate }
>;
/** A correction of a person's details: `email: null` removes their email. */
export type CorrectParticipantDetails = CommandBase<'CorrectParticipantDetails', ParticipantCorrection & { participantId: string; reason: string }>;
/** The partners of the pair a consent names, loaded by the application; null when no pair has that id. */
interface ConsentPair {
  pairPartners?: readonly string[] | null;
}
export type GiveConsent = CommandBase<'GiveConsent', { participantId: string; scope: ConsentScope; pairId?: string; evidence: string; on?: CalendarDate }> &
  ConsentPair;
export type WithdrawConsent = CommandBase<
  'WithdrawConsent',
  { participantId: string; scope: ConsentScope; pairId?: string; evidence?: string; reason?: string; on?: CalendarDate }
> &
  ConsentPair;
export type EraseParticipant = CommandBase<'EraseParticipant', { participantId: string; reason: string }>;
export type ParticipantCommand = RegisterParticipant | CorrectParticipantDetails | GiveConsent | WithdrawConsent | EraseParticipant;

export interface ParticipantState {
  exists: boolean;
  participantId?: string;
  perspective?: Perspective;
  details?: ParticipantDetails;
  registeredOn?: CalendarDate;
  consents: Consents;
  /**
   * By scope, the latest date a consent was given or withdrawn on: a later record of the same scope may
   * not be dated before it, since consents apply in the order recorded.
   */
  consentsOn?: Partial<Record<ConsentScope, CalendarDate>>;
  /** The earliest date a consent of theirs was given or withdrawn on: they were registered by then. */
  firstConsentOn?: CalendarDate;
  erased: boolean;
}

const DETAIL_FIELDS = ['name', 'email', 'role', 'organisation', 'organisationType'] as const;
/** What a correction may change: the details, and the day they were registered. */
const CORRECTABLE = [...DETAIL_FIELDS, 'registeredOn'] as const;

function checkDetails(checks: Checks, details: ParticipantCorrection, optional: boolean): void {
  checks.text('name', details.name, { optional, max: 200, oneLine: true });
  // In a correction, null removes the email; on registration an email is given or left out.
  if (!(optional && details.email === null)) checks.text('email', details.email, { optional: true, max: 320, oneLine: true });
  if (typeof details.email === 'string' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(details.email)) {
    checks.fail('email', 'must be an email address');
  }
  checks.text('role', details.role, { optional, max: 200, oneLine: true });
  checks.text('organisation', details.organisation, { optional, max: 200, oneLine: true });
  checks.oneOf('organisationType', details.organisationType, ORGANISATION_TYPES, { optional });
}

/** The checks on a participant command's own fields, which need no stored state. */
export function checkParticipantFields(command: ParticipantCommand, checks: Checks): void {
  switch (command.type) {
    case 'RegisterParticipant':
      checkDetails(checks, command.data, false);
      checks.oneOf('perspective', command.data.perspective, PERSPECTIVES);
      checks.date('registeredOn', command.data.registeredOn ?? command.today, { happened: true });
      return;
    case 'CorrectParticipantDetails':
      checkDetails(checks, command.data, true);
      checks.date('registeredOn', command.data.registeredOn, { optional: true, happened: true });
      checks.text('reason', command.data.reason, { max: 2000 });
      if (Object.keys(pickCorrection(command.data, CORRECTABLE)).length === 0) checks.fail('name', `at least one of ${CORRECTABLE.join(', ')} must be given`);
      return;
    case 'GiveConsent':
    case 'WithdrawConsent':
      checks.oneOf('scope', command.data.scope, CONSENT_SCOPES);
      checks.text('pairId', command.data.pairId, { optional: true, max: 100 });
      checks.text('evidence', command.data.evidence, { optional: command.type === 'WithdrawConsent', max: 2000 });
      if (command.type === 'WithdrawConsent') checks.text('reason', command.data.reason, { optional: true, max: 2000 });
      checks.date('on', command.data.on ?? command.today, { happened: true });
      return;
    case 'EraseParticipant':
      checks.text('reason', command.data.reason, { max: 2000 });
      return;
    default:
      return assertNever(command);
  }
}

function requireExisting(state: ParticipantState, participantId: string): void {
  if (!state.exists) throw new NotFoundError(`No participant ${participantId}.`);
  if (state.erased) throw new RuleViolatedError('participant-erased', `Participant ${participantId} has been erased: nothing more can be recorded about them.`);
}

/** A person in the programme, with their consents. */
export const participantDecider: Decider<ParticipantCommand, ParticipantEvent, ParticipantState> = {
  initialState: () => ({ exists: false, consents: noConsents(), erased: false }),

  decide(command, state) {
    const checks = new Checks(command.today);
    checkParticipantFields(command, checks);
    checks.done();
    const { participantId } = command.data;
    switch (command.type) {
      case 'RegisterParticipant': {
        const { perspective, name, email, role, organisation, organisationType } = command.data;
        const registeredOn = command.data.registeredOn ?? command.today;
        if (state.exists) throw new RuleViolatedError('participant-exists', `Participant ${participantId} is already registered.`);
        return [
          {
            type: 'ParticipantRegistered',
            data: { participantId, name, ...(email ? { email } : {}), perspective, role, organisation, organisationType, registeredOn },
          },
        ];
      }
      case 'CorrectParticipantDetails': {
        const corrected: ParticipantCorrection = pickCorrection(command.data, CORRECTABLE);
        requireExisting(state, participantId);
        refuseUnchanged(corrected, { ...state.details, registeredOn: state.registeredOn }, 'Give each detail as it should be.');
        if (corrected.registeredOn !== undefined && state.firstConsentOn !== undefined && corrected.registeredOn > state.firstConsentOn) {
          throw new RuleViolatedError(
            'date-order',
            `A consent of theirs is dated ${state.firstConsentOn}, so they cannot have been registered on ${corrected.registeredOn}; date it on or before ${state.firstConsentOn}.`,
          );
        }
        return [{ type: 'ParticipantDetailsCorrected', data: { participantId, corrected, reason: command.data.reason } }];
      }
      case 'GiveConsent':
      case 'WithdrawConsent': {
        const on = command.data.on ?? command.today;
        requireExisting(state, participantId);
        const { scope, pairId, evidence } = command.data;
        const reason = command.type === 'WithdrawConsent' ? command.data.reason : undefined;
        if (pairId !== undefined) requireOwnPair(participantId, pairId, command.pairPartners);
        if (on < state.registeredOn!) {
          throw new RuleViolatedError(
            'date-order',
            `The date of the consent (on, ${on}) is before the participant was registered (${state.registeredOn}); date it on or after ${state.registeredOn}, or, if they joined the programme before, correct their registeredOn first.`,
          );
        }
        const latest = state.consentsOn?.[scope];
        if (latest !== undefined && on < latest) {
          throw new RuleViolatedError(
            'date-order',
            `The date of the consent (on, ${on}) is before this participant's ${scope} consent was last given or withdrawn (${latest}); date it on or after ${latest}.`,
          );
        }
        if (command.type === 'WithdrawConsent' && !hasAnyConsent(state.consents, scope, pairId)) {
          const where = pairId === undefined ? '' : ` for pair ${pairId}`;
          throw new RuleViolatedError(
            'no-consent',
            `This participant has no ${scope} consent${where} to withdraw: it was never given, or is already withdrawn.`,
          );
        }
        const data = { participantId, scope, ...(pairId ? { pairId } : {}), on, ...(evidence ? { evidence } : {}), ...(reason ? { reason } : {}) };
        return [{ type: command.type === 'GiveConsent' ? 'ConsentGiven' : 'ConsentWithdrawn', data }];
      }
      case 'EraseParticipant': {
        requireExisting(state, participantId);
        return [{ type: 'ParticipantErased', data: { participantId, reason: command.data.reason, on: command.today } }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event: StoredEvent<ParticipantEvent>) {
    switch (event.type) {
      case 'ParticipantRegistered': {
        const { participantId, perspective, registeredOn, ...details } = event.data;
        return { ...state, exists: true, participantId, perspective, registeredOn, details };
      }
      case 'ParticipantDetailsCorrected': {
        const { registeredOn, ...details } = event.data.corrected;
        return { ...state, details: applyCorrection(state.details!, details), ...(registeredOn ? { registeredOn } : {}) };
      }
      case 'ConsentGiven':
      case 'ConsentWithdrawn': {
        const { scope, on } = event.data;
        const latest = state.consentsOn?.[scope];
        return {
          ...state,
          consents: applyConsent(state.consents, event.data, event.type === 'ConsentGiven'),
          consentsOn: { ...state.consentsOn, [scope]: latest !== undefined && latest > on ? latest : on },
          firstConsentOn: state.firstConsentOn !== undefined && state.firstConsentOn < on ? state.firstConsentOn : on,
        };
      }
      case 'ParticipantErased':
        return { ...state, erased: true };
      default:
        return assertNever(event);
    }
  },
};

/** A consent for one pair is given or withdrawn by one of that pair's partners. */
function requireOwnPair(participantId: string, pairId: string, partners: readonly string[] | null | undefined): void {
  if (!partners) throw new ValidationError([{ field: 'pairId', message: `names no pair (${pairId})` }]);
  if (!partners.includes(participantId)) {
    throw new RuleViolatedError(
      'not-a-partner',
      `This participant is not a partner in pair ${pairId}. Choose one of their own pairs, or leave pairId out for a consent that covers all their pairs.`,
    );
  }
}

/** Whether a withdrawal of `scope` (for `pairId`, or in general) would end any consent. */
function hasAnyConsent(consents: Consents, scope: ConsentScope, pairId: string | undefined): boolean {
  if (hasConsent(consents, scope, pairId)) return true;
  return pairId === undefined && Object.values(consents.perPair[scope] ?? {}).some(Boolean);
}

/** Whether a participant may be named in a new entry of a pair (registered, not erased, participating). */
export function mayTakePart(state: ParticipantState | undefined, pairId?: string): boolean {
  return !!state?.exists && !state.erased && hasConsent(state.consents, 'participation', pairId);
}

/** The problem with a field naming a participant that does not exist, if it does not: none, or one. */
export function unregistered(field: string, id: unknown, state: ParticipantState | undefined): FieldProblem[] {
  return state?.exists ? [] : [{ field, message: `names no registered participant (${String(id)})` }];
}
