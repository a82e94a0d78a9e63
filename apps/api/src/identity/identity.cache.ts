import type { Role, UserEvent } from '@pairtrail/domain';
import { ERASED, sha256, type EventStore, type EventSerializer, type RecordedEvent, type Subscription } from '@pairtrail/event-store';

export interface KnownUser {
  userId: string;
  name: string;
  role: Role;
  participantId?: string;
  /** The live tokens, each with when it was issued, so an administrator can tell which is which. */
  tokens: { tokenId: string; issuedAt: string }[];
}

/** A pair-member user who is a participant: how many tokens it has that still sign in, and when the latest was issued. */
export interface SignIn {
  userId: string;
  liveTokens: number;
  lastIssuedAt: string | null;
}

/** The caller behind a request. */
export interface Caller {
  userId: string;
  role: Role;
  participantId?: string;
  tokenId: string;
}

/**
 * Users, roles and token hashes, projected from the `user` streams of the log into memory. Every
 * instance builds its own from the store, so a revocation reaches each one within the subscription's
 * delay, and nothing about identity lives only in one process.
 */
export class IdentityCache {
  private readonly users = new Map<string, KnownUser>();
  private readonly tokens = new Map<string, { userId: string; tokenId: string }>();
  private position = 0n;
  private subscription?: Subscription;
  private readonly waiters = new Set<{ position: bigint; resolve: () => void }>();
  private running?: Promise<void>;
  /** The read of the log an unknown token asked for, waiting to begin; later asks join it. */
  private queued?: Promise<void>;
  private reading?: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly serializer: EventSerializer,
  ) {}

  /** Catches up with the log, then keeps following it. */
  async start(): Promise<void> {
    await this.catchUp();
    this.follow();
  }

  /** Reads every user event not yet seen. */
  async catchUp(): Promise<void> {
    for (;;) {
      const batch = await this.store.readAll({ after: this.position, maxCount: 1000, filter: { streamCategories: ['user'] } });
      if (batch.length === 0) break;
      for (const e of batch) this.apply(this.serializer.deserialize<UserEvent>(e), e);
    }
  }

  private follow(): void {
    this.subscription = this.store.subscribeToAll({ fromPosition: this.position, filter: { streamCategories: ['user'] } });
    const subscription = this.subscription;
    this.running = (async () => {
      for await (const e of subscription) this.apply(this.serializer.deserialize<UserEvent>(e), e);
    })();
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    await this.running;
  }

  /** Resolves once the cache has seen every user event up to `position`. */
  async waitFor(position: bigint, timeoutMs = 5000): Promise<void> {
    if (this.position >= position) return;
    await new Promise<void>((resolve) => {
      const waiter = { position, resolve };
      this.waiters.add(waiter);
      setTimeout(() => {
        this.waiters.delete(waiter);
        resolve();
      }, timeoutMs).unref();
    });
  }

  /** The caller a bearer token belongs to, or undefined for an unknown or revoked token. */
  authenticate(token: string): Caller | undefined {
    const found = this.tokens.get(sha256(token));
    if (!found) return undefined;
    const user = this.users.get(found.userId);
    if (!user) return undefined;
    return { userId: user.userId, role: user.role, participantId: user.participantId, tokenId: found.tokenId };
  }

  /**
   * The caller a bearer token belongs to, reading the log first when the token is not known yet: one
   * issued a moment ago through another instance or the CLI is then known at its first use, rather
   * than refused until the subscription brings it. A token that the log does not know either is unknown.
   */
  async authenticateFresh(token: string): Promise<Caller | undefined> {
    const known = this.authenticate(token);
    if (known) return known;
    await this.refresh().catch(() => undefined);
    return this.authenticate(token);
  }

  /**
   * Reads the user events the subscription has not brought yet. A read begun before the ask may have
   * missed what it was asked for, so the ask joins the read queued after it, or queues one: however
   * many unknown tokens arrive, at most one read runs and one waits.
   */
  private refresh(): Promise<void> {
    if (this.queued) return this.queued;
    const before = this.reading ?? Promise.resolve();
    const read: Promise<void> = before
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        this.reading = read;
        return this.catchUp();
      })
      .finally(() => {
        if (this.reading === read) this.reading = undefined;
      });
    this.queued = read;
    return read;
  }

  user(userId: string): KnownUser | undefined {
    return this.users.get(userId);
  }

  list(): KnownUser[] {
    return [...this.users.values()];
  }

  /**
   * The sign-ins of each participant who has one: the pair-member users who are them, each with its
   * live tokens, so whoever would give them a sign-in can see they have one (and a lost token is
   * replaced on the user, not left working beside a second one).
   */
  signInsByParticipant(): Map<string, SignIn[]> {
    const byParticipant = new Map<string, SignIn[]>();
    for (const { userId, role, participantId, tokens } of this.users.values()) {
      if (role !== 'pair-member' || !participantId) continue;
      const signIn = { userId, liveTokens: tokens.length, lastIssuedAt: tokens.at(-1)?.issuedAt ?? null };
      byParticipant.set(participantId, [...(byParticipant.get(participantId) ?? []), signIn]);
    }
    return byParticipant;
  }

  /** Forgets a user's name, as read before their key was destroyed: it reads as the log now gives it. */
  forgetName(userId: string): void {
    const user = this.users.get(userId);
    if (user) user.name = ERASED;
  }

  /** Whether a token hash is live (for bootstrap: is the configured admin token already valid?). */
  hasTokenHash(hash: string): boolean {
    return this.tokens.has(hash);
  }

  private apply(event: { type: string; data: unknown }, { position, metadata }: Pick<RecordedEvent, 'position' | 'metadata'>): void {
    // The subscription brings again what a read for an unknown token applied already.
    if (position <= this.position) return;
    const e = event as UserEvent;
    switch (e.type) {
      case 'UserCreated':
        this.users.set(e.data.userId, { userId: e.data.userId, name: e.data.name, role: e.data.role, participantId: e.data.participantId, tokens: [] });
        break;
      case 'UserRoleChanged': {
        const user = this.users.get(e.data.userId);
        if (user) Object.assign(user, { role: e.data.role, participantId: e.data.participantId });
        break;
      }
      case 'TokenIssued': {
        this.tokens.set(e.data.tokenHash, { userId: e.data.userId, tokenId: e.data.tokenId });
        this.users.get(e.data.userId)?.tokens.push({ tokenId: e.data.tokenId, issuedAt: String(metadata.recordedAt) });
        break;
      }
      case 'TokenRevoked': {
        for (const [hash, t] of this.tokens) if (t.tokenId === e.data.tokenId) this.tokens.delete(hash);
        const user = this.users.get(e.data.userId);
        if (user) user.tokens = user.tokens.filter((t) => t.tokenId !== e.data.tokenId);
        break;
      }
    }
    this.position = position;
    for (const waiter of this.waiters) {
      if (waiter.position <= position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}
