import { createContext, useContext } from 'react';
import { api, ok, setToken } from './api/client';
import type { Me, Role } from './api/types';

const KEY = 'pairtrail.token';

/** Where forms keep unsent entries for this browser session (useForm's `draft`); cleared at sign-out. */
export const DRAFT_PREFIX = 'pairtrail-draft:';

export interface Session {
  me: Me;
  signOut(): void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

/** The signed-in user: every screen below the sign-in page has one. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

/** Checks a token with the API and keeps it for this browser session (sessionStorage: gone when the browser closes). */
export async function signIn(token: string): Promise<Me> {
  setToken(token);
  try {
    const me = ok<Me>(await api.GET('/me'));
    sessionStorage.setItem(KEY, token);
    return me;
  } catch (error) {
    setToken(undefined);
    throw error;
  }
}

/** The session kept from earlier in this browser session, if its token still works. */
export async function resume(): Promise<Me | undefined> {
  const token = sessionStorage.getItem(KEY);
  if (!token) return undefined;
  try {
    return await signIn(token);
  } catch {
    sessionStorage.removeItem(KEY);
    return undefined;
  }
}

export function forget(): void {
  sessionStorage.removeItem(KEY);
  // Unsent entries hold what was typed about people: they go with the sign-in.
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(DRAFT_PREFIX)) sessionStorage.removeItem(key);
  setToken(undefined);
}

/** The name of a role's start page, as the menu gives it: a pair member's is their pair. */
export const homeLabel = (role: Role): string => (role === 'pair-member' ? 'My pair' : 'Programme');

/** What each role may see and do, following api.md's role table. */
export const can = {
  seeCohorts: (role: Role) => role !== 'pair-member',
  seeParticipants: (role: Role) => role !== 'pair-member',
  manageParticipants: (role: Role) => role === 'coordinator',
  erase: (role: Role) => role === 'admin',
  /** Everything held about a person, for their subject access request. */
  subjectAccess: (role: Role) => role === 'admin',
  manageUsers: (role: Role) => role === 'admin',
  /** Admins rebuild read models; evaluators may see how current they are. */
  seeReadModels: (role: Role) => role === 'admin' || role === 'evaluator',
  /** Coordinators give pair members their sign-in; admins any user. */
  giveSignIn: (role: Role) => role === 'admin' || role === 'coordinator',
  record: (role: Role) => role === 'coordinator' || role === 'pair-member',
  /** Every pair's open actions in one list, to chase what is late: a pair member sees their own on My pair. */
  seeActions: (role: Role) => role === 'coordinator',
  /** What happened across every pair in a period; a pair member reads their own pair's timeline. */
  seeWhatHappened: (role: Role) => role !== 'pair-member',
  manageCaseStudies: (role: Role) => role === 'coordinator',
  /** Every pair's case study and where it stands; a pair member finds theirs from their pair. */
  seeCaseStudies: (role: Role) => role !== 'pair-member',
  evaluate: (role: Role) => role !== 'pair-member',
  audit: (role: Role) => role === 'evaluator' || role === 'admin',
  seeRawEvents: (role: Role) => role !== 'pair-member',
};
