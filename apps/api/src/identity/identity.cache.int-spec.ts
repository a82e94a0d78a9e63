import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PairtrailApplication } from '@pairtrail/application';
import { EventSerializer, SqliteEventStore } from '@pairtrail/event-store';
import { tempDir } from '@pairtrail/testing';
import { IdentityCache } from './identity.cache';

describe('the identity cache beside another writer of the log', () => {
  let dir: ReturnType<typeof tempDir>;
  let ours: SqliteEventStore;
  let theirs: SqliteEventStore;
  let cache: IdentityCache;
  let elsewhere: PairtrailApplication;
  const serializer = new EventSerializer();
  const by = () => ({ commandId: randomUUID(), actor: 'system' as const, source: 'cli' as const });

  beforeEach(async () => {
    dir = tempDir();
    const path = join(dir.path, 'events.db');
    // This instance polls the file seldom, as if another process's appends reached it late.
    ours = new SqliteEventStore({ path, pollIntervalMs: 60_000 });
    theirs = new SqliteEventStore({ path });
    cache = new IdentityCache(ours, serializer);
    await cache.start();
    elsewhere = new PairtrailApplication({ store: theirs, serializer });
  });

  afterEach(async () => {
    await cache.stop();
    await ours.close();
    await theirs.close();
    dir.remove();
  });

  it('knows a token issued through another process at its first use, before its subscription brings it', async () => {
    const created = await elsewhere.execute({ type: 'CreateUser', data: { name: 'Ann', role: 'coordinator' } }, by());
    const userId = created.id;
    const token = created.token!;
    expect(cache.authenticate(token)).toBeUndefined();

    await expect(cache.authenticateFresh(token)).resolves.toMatchObject({ userId, role: 'coordinator' });
    expect(cache.user(userId)?.tokens).toHaveLength(1);
    // Asked at once by many requests, it is read once, and each is answered; an unknown token stays unknown.
    const second = await elsewhere.execute({ type: 'IssueToken', data: { userId } }, by());
    const answers = await Promise.all([...Array.from({ length: 20 }, () => cache.authenticateFresh(second.token!)), cache.authenticateFresh('not-a-token')]);
    expect(answers.slice(0, 20).every((caller) => caller?.tokenId === second.tokenId)).toBe(true);
    expect(answers[20]).toBeUndefined();
    expect(cache.user(userId)?.tokens.map((t) => t.tokenId)).toEqual([created.tokenId, second.tokenId]);
  });

  it('applies each event once when its subscription brings what a read for a token applied already', async () => {
    const follower = new SqliteEventStore({ path: join(dir.path, 'events.db'), pollIntervalMs: 500 });
    const following = new IdentityCache(follower, serializer);
    await following.start();
    try {
      const created = await elsewhere.execute({ type: 'CreateUser', data: { name: 'Bo', role: 'evaluator' } }, by());
      const userId = created.id;
      const wait = () => new Promise((resolve) => setTimeout(resolve, 1200));
      await wait();
      expect(following.authenticate(created.token!)).toMatchObject({ userId });
      const second = await elsewhere.execute({ type: 'IssueToken', data: { userId } }, by());
      await expect(following.authenticateFresh(second.token!)).resolves.toMatchObject({ userId, tokenId: second.tokenId });
      // Its subscription reads the same event a moment later.
      await wait();
      expect(following.user(userId)?.tokens.map((t) => t.tokenId)).toEqual([created.tokenId, second.tokenId]);
      // A revocation still reaches it through the subscription alone.
      await elsewhere.execute({ type: 'RevokeToken', data: { userId, tokenId: created.tokenId! } }, by());
      await wait();
      expect(following.authenticate(created.token!)).toBeUndefined();
    } finally {
      await following.stop();
      await follower.close();
    }
  });
});
