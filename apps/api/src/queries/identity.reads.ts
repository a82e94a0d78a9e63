import { paginate } from '@pairtrail/projections';
import type { Caller } from '../identity/identity.cache';
import { subjectAccess } from '../subject-access';
import type { ReadContext } from './read-context';

/** Who may sign in, who a token is, and everything held about a person. */
export const IDENTITY_READS = {
  users: ({ runtime }: ReadContext, { query }: { query: Record<string, string> }) => {
    const users = runtime.identity
      .list()
      .map(({ userId, name, role, participantId, tokens }) => ({
        id: userId,
        name,
        role,
        participantId: participantId ?? null,
        tokenIds: tokens.map((t) => t.tokenId),
        tokens,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    return paginate(users, (u) => u.id, query);
  },

  me: ({ runtime }: ReadContext, { caller }: { caller: Caller }) => {
    const { userId, role, participantId } = caller;
    const name = runtime.identity.user(userId)?.name ?? '';
    return { userId, name, role, ...(participantId ? { participantId } : {}) };
  },

  /** Subject access: everything held about a participant, decrypted. */
  subjectAccess: ({ runtime }: ReadContext, { id }: { id: string }) => {
    const { store, app, reads, identity } = runtime;
    return subjectAccess({ store, app, reads, users: identity.list() }, id);
  },
};
