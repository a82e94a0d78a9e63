import { deciderSpec } from '@pairtrail/testing';
import { NotFoundError, RuleViolatedError, ValidationError } from '../shared/errors';
import { userDecider } from './user.decider';

const spec = deciderSpec(userDecider);
const today = '2026-03-01';
const hash = 'a'.repeat(64);
const created = { type: 'UserCreated' as const, data: { userId: 'u1', name: 'Ann', role: 'admin' as const } };
const issued = { type: 'TokenIssued' as const, data: { userId: 'u1', tokenId: 't1', tokenHash: hash } };

describe('user decider', () => {
  it('creates a user with a first token, kept only as a hash', () =>
    spec
      .given([])
      .when({ type: 'CreateUser', today, data: { userId: 'u1', name: 'Ann', role: 'admin', tokenId: 't1', tokenHash: hash } })
      .then([created, issued]));

  it('needs a participant for a pair-member, and only for one', () => {
    spec
      .given([])
      .when({ type: 'CreateUser', today, data: { userId: 'u1', name: 'M', role: 'pair-member', tokenId: 't1', tokenHash: hash } })
      .thenThrows(ValidationError, /participantId is required/);
    spec
      .given([])
      .when({ type: 'CreateUser', today, data: { userId: 'u1', name: 'M', role: 'evaluator', participantId: 'p1', tokenId: 't1', tokenHash: hash } })
      .thenThrows(ValidationError, /only for a pair-member/);
    spec
      .given([])
      .when({ type: 'CreateUser', today, data: { userId: 'u1', name: 'M', role: 'boss' as never, tokenId: 't1', tokenHash: hash } })
      .thenThrows(ValidationError, /role must be one of/);
  });

  it('issues, revokes, and refuses to revoke twice', () => {
    spec
      .given([created, issued])
      .when({ type: 'IssueToken', today, data: { userId: 'u1', tokenId: 't2', tokenHash: hash } })
      .then([{ type: 'TokenIssued', data: { userId: 'u1', tokenId: 't2', tokenHash: hash } }]);
    spec
      .given([created, issued])
      .when({ type: 'RevokeToken', today, data: { userId: 'u1', tokenId: 't1' } })
      .then([{ type: 'TokenRevoked', data: { userId: 'u1', tokenId: 't1' } }]);
    spec
      .given([created, issued, { type: 'TokenRevoked', data: { userId: 'u1', tokenId: 't1' } }])
      .when({ type: 'RevokeToken', today, data: { userId: 'u1', tokenId: 't1' } })
      .thenThrows(RuleViolatedError, /already revoked/);
    spec
      .given([created])
      .when({ type: 'RevokeToken', today, data: { userId: 'u1', tokenId: 'nope' } })
      .thenThrows(NotFoundError);
    spec
      .given([])
      .when({ type: 'IssueToken', today, data: { userId: 'u1', tokenId: 't', tokenHash: hash } })
      .thenThrows(NotFoundError);
  });

  it('gives no new token to a pair member who is an erased person', () => {
    const member = { type: 'UserCreated' as const, data: { userId: 'u1', name: 'M', role: 'pair-member' as const, participantId: 'p1' } };
    const issue = { type: 'IssueToken' as const, today, data: { userId: 'u1', tokenId: 't2', tokenHash: hash } };
    spec
      .given([member, issued])
      .when({ ...issue, participant: { exists: true, erased: true } as never })
      .thenThrows(RuleViolatedError, /Participant p1 has been erased: they cannot be given a sign-in/);
    spec
      .given([member, issued])
      .when({ ...issue, participant: { exists: true, erased: false } as never })
      .then([{ type: 'TokenIssued', data: { userId: 'u1', tokenId: 't2', tokenHash: hash } }]);
  });

  it('changes a role', () =>
    spec
      .given([created])
      .when({ type: 'ChangeUserRole', today, data: { userId: 'u1', role: 'evaluator' } })
      .then([{ type: 'UserRoleChanged', data: { userId: 'u1', role: 'evaluator' } }]));

  it('refuses a role change that changes nothing', () =>
    spec
      .given([created])
      .when({ type: 'ChangeUserRole', today, data: { userId: 'u1', role: 'admin' } })
      .thenThrows(RuleViolatedError, /^Ann is already an admin\.$/));
});
