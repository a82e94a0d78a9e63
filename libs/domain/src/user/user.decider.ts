import type { ParticipantState } from '../participant/participant.decider';
import { Checks } from '../shared/checks';
import { assertNever, type CommandBase, type Decider, type StoredEvent } from '../shared/decider';
import { NotFoundError, RuleViolatedError, ValidationError } from '../shared/errors';
import { ROLES, type Role } from '../shared/vocabulary';
import type { UserEvent } from './user.events';

export type CreateUser = CommandBase<'CreateUser', { userId: string; name: string; role: Role; participantId?: string; tokenId: string; tokenHash: string }> & {
  participant?: ParticipantState;
};
export type ChangeUserRole = CommandBase<'ChangeUserRole', { userId: string; role: Role; participantId?: string }> & { participant?: ParticipantState };
/** `participant`: the person a pair member is, whom an erasure leaves without a sign-in. */
export type IssueToken = CommandBase<'IssueToken', { userId: string; tokenId: string; tokenHash: string }> & { participant?: ParticipantState };
export type RevokeToken = CommandBase<'RevokeToken', { userId: string; tokenId: string }>;
export type UserCommand = CreateUser | ChangeUserRole | IssueToken | RevokeToken;

export interface UserState {
  exists: boolean;
  userId?: string;
  name?: string;
  role?: Role;
  participantId?: string;
  /** tokenId → SHA-256 of the token, for the tokens not revoked. */
  tokens: Record<string, string>;
  revokedTokens: string[];
}

function checkRoleFields(checks: Checks, role: unknown, participantId: unknown): void {
  checks.oneOf('role', role, ROLES);
  checks.text('participantId', participantId, { optional: true, max: 100 });
  if (role === 'pair-member' && participantId === undefined) checks.fail('participantId', 'is required for a pair-member');
  if ((ROLES as readonly unknown[]).includes(role) && role !== 'pair-member' && participantId !== undefined)
    checks.fail('participantId', 'is only for a pair-member');
}

/** The checks on a user command's own fields, which need no stored state. */
export function checkUserFields(command: UserCommand, checks: Checks): void {
  switch (command.type) {
    case 'CreateUser':
      checks.text('name', command.data.name, { max: 200, oneLine: true });
      checkRoleFields(checks, command.data.role, command.data.participantId);
      return;
    case 'ChangeUserRole':
      checkRoleFields(checks, command.data.role, command.data.participantId);
      return;
    case 'IssueToken':
    case 'RevokeToken':
      return;
    default:
      return assertNever(command);
  }
}

/** The role's participant, which must be registered and not erased. */
function checkParticipant(participantId: unknown, participant: ParticipantState | undefined): void {
  if (participantId !== undefined && !participant?.exists)
    throw new ValidationError([{ field: 'participantId', message: `names no registered participant (${String(participantId)})` }]);
  if (participant?.erased) {
    throw new RuleViolatedError('participant-erased', `Participant ${String(participantId)} has been erased: they cannot be given a sign-in.`);
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The people who use Pairtrail, their roles and their tokens (kept only as SHA-256 hashes). */
export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  initialState: () => ({ exists: false, tokens: {}, revokedTokens: [] }),

  decide(command, state) {
    const checks = new Checks(command.today);
    checkUserFields(command, checks);
    checks.done();
    const { userId } = command.data;
    switch (command.type) {
      case 'CreateUser': {
        const { name, role, participantId, tokenId, tokenHash } = command.data;
        checkParticipant(participantId, command.participant);
        if (!SHA256_HEX.test(tokenHash)) throw new Error('tokenHash must be a SHA-256 hex digest');
        if (state.exists) throw new RuleViolatedError('user-exists', `User ${userId} already exists.`);
        return [
          { type: 'UserCreated', data: { userId, name, role, ...(participantId ? { participantId } : {}) } },
          { type: 'TokenIssued', data: { userId, tokenId, tokenHash } },
        ];
      }
      case 'ChangeUserRole': {
        checkParticipant(command.data.participantId, command.participant);
        if (!state.exists) throw new NotFoundError(`No user ${userId}.`);
        const { role, participantId } = command.data;
        if (role === state.role && participantId === state.participantId) {
          const as = role === 'pair-member' ? 'that participant, as a pair-member' : `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
          throw new RuleViolatedError('no-change', `${state.name} is already ${as}.`);
        }
        return [{ type: 'UserRoleChanged', data: { userId, role, ...(participantId ? { participantId } : {}) } }];
      }
      case 'IssueToken':
        if (!state.exists) throw new NotFoundError(`No user ${userId}.`);
        if (state.participantId !== undefined) checkParticipant(state.participantId, command.participant);
        return [{ type: 'TokenIssued', data: { userId, tokenId: command.data.tokenId, tokenHash: command.data.tokenHash } }];
      case 'RevokeToken':
        if (!state.exists) throw new NotFoundError(`No user ${userId}.`);
        if (!(command.data.tokenId in state.tokens)) {
          if (state.revokedTokens.includes(command.data.tokenId))
            throw new RuleViolatedError('token-revoked', `Token ${command.data.tokenId} is already revoked.`);
          throw new NotFoundError(`User ${userId} has no token ${command.data.tokenId}.`);
        }
        return [{ type: 'TokenRevoked', data: { userId, tokenId: command.data.tokenId } }];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event: StoredEvent<UserEvent>) {
    switch (event.type) {
      case 'UserCreated':
        return { ...state, exists: true, userId: event.data.userId, name: event.data.name, role: event.data.role, participantId: event.data.participantId };
      case 'UserRoleChanged':
        return { ...state, role: event.data.role, participantId: event.data.participantId };
      case 'TokenIssued':
        return { ...state, tokens: { ...state.tokens, [event.data.tokenId]: event.data.tokenHash } };
      case 'TokenRevoked': {
        const { [event.data.tokenId]: _revoked, ...tokens } = state.tokens;
        return { ...state, tokens, revokedTokens: [...state.revokedTokens, event.data.tokenId] };
      }
      default:
        return assertNever(event);
    }
  },
};
