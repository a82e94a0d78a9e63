import { join } from 'node:path';
import { RuleViolatedError, type Decider, type DomainEvent } from '@pairtrail/domain';
import { tempDir } from '@pairtrail/testing';
import { IdempotencyKeyReusedError, StateCache, handleCommand, newCommandId, type CommandEnvelope } from './command-handling';
import type { ReadStreamOptions, RecordedEvent } from './event-store.port';
import { eventIdFor } from './envelope';
import { WrongExpectedVersionError } from './event-store.port';
import { ChainVerifier } from './hash-chain';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { EventSerializer } from './serializer';

type Noted = DomainEvent<'Noted', { text: string }>;
type Note = { type: 'Note'; data: { text: string }; today: string };
const notes: Decider<Note, Noted, { count: number }> = {
  initialState: () => ({ count: 0 }),
  decide: (command, state) => {
    if (command.data.text === 'forbidden') throw new RuleViolatedError('no', 'not that');
    return state.count >= 100 ? [] : [{ type: 'Noted', data: { text: command.data.text } }];
  },
  evolve: (state) => ({ count: state.count + 1 }),
};
const note = (text: string): Note => ({ type: 'Note', data: { text }, today: '2026-01-01' });

describe('handleCommand', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  const serializer = new EventSerializer();
  const clock = () => new Date('2026-05-01T10:00:00.000Z');
  const envelope = (commandId = newCommandId()): CommandEnvelope => ({
    commandId,
    actor: { userId: 'u1', role: 'coordinator' },
    source: 'cli',
    correlationId: 'corr-1',
  });

  beforeEach(() => {
    dir = tempDir();
    store = new SqliteEventStore({ path: join(dir.path, 'events.db') });
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('appends the decided events with the full envelope and a hash chain', async () => {
    const commandId = newCommandId();
    const first = await handleCommand({ store, serializer, clock }, notes, 'note-1', note('hello'), envelope(commandId));
    await handleCommand({ store, serializer, clock }, notes, 'note-1', note('again'), envelope());
    expect(first).toMatchObject({ revision: 0n, replayed: false });
    const [e0, e1] = await store.readStream('note-1');
    expect(e0!.eventId).toBe(eventIdFor(commandId, 0));
    expect(e0!.metadata).toMatchObject({
      schemaVersion: 1,
      recordedAt: '2026-05-01T10:00:00.000Z',
      actor: { userId: 'u1', role: 'coordinator' },
      correlationId: 'corr-1',
      causationId: commandId,
      commandId,
      source: 'cli',
      prevHash: null,
    });
    expect(e0!.metadata.requestHash).toMatch(/^[0-9a-f]{64}$/);
    expect(e1!.metadata.prevHash).toBe(e0!.metadata.hash);
    const verifier = new ChainVerifier();
    for (const e of await store.readAll()) verifier.add(e);
    expect(verifier.report()).toMatchObject({ ok: true, streamsChecked: 1, eventsChecked: 2, failures: [] });
  });

  it('returns the original outcome for a repeated command and appends nothing', async () => {
    const commandId = newCommandId();
    const first = await handleCommand({ store, serializer, clock }, notes, 'note-1', note('hello'), envelope(commandId));
    const again = await handleCommand({ store, serializer, clock }, notes, 'note-1', note('hello'), envelope(commandId));
    expect(again).toMatchObject({ revision: first.revision, position: first.position, replayed: true });
    expect((await store.stats()).events).toBe(1);
  });

  it('answers a retry given its request hash from the log, without loading what deciding it anew would need', async () => {
    const commandId = newCommandId();
    const withHash = { ...envelope(commandId), requestHash: 'hash-of-the-request' };
    const first = await handleCommand({ store, serializer, clock }, notes, 'note-1', async () => note('hello'), withHash);
    // What the command needs has changed since (a partner erased, say): loading it now would refuse.
    const refusing = async (): Promise<Note> => {
      throw new RuleViolatedError('changed', 'loading the context now refuses');
    };
    const again = await handleCommand({ store, serializer, clock }, notes, 'note-1', refusing, withHash);
    expect(again).toMatchObject({ revision: first.revision, position: first.position, replayed: true });
    // A new command still loads it, and is refused.
    await expect(handleCommand({ store, serializer, clock }, notes, 'note-1', refusing, { ...envelope(), requestHash: 'another' })).rejects.toThrow('refuses');
    expect((await store.stats()).events).toBe(1);
  });

  it('refuses the same command id with a different request', async () => {
    const commandId = newCommandId();
    await handleCommand({ store, serializer, clock }, notes, 'note-1', note('hello'), envelope(commandId));
    await expect(handleCommand({ store, serializer, clock }, notes, 'note-1', note('goodbye'), envelope(commandId))).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    expect((await store.stats()).events).toBe(1);
  });

  it('refuses a stale expected revision, and appends nothing when the decider refuses', async () => {
    await handleCommand({ store, serializer, clock }, notes, 'note-1', note('a'), envelope());
    await handleCommand({ store, serializer, clock }, notes, 'note-1', note('b'), envelope());
    await expect(handleCommand({ store, serializer, clock }, notes, 'note-1', note('c'), envelope(), { expectedRevision: 0n })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    await expect(handleCommand({ store, serializer, clock }, notes, 'note-1', note('forbidden'), envelope())).rejects.toBeInstanceOf(RuleViolatedError);
    expect((await store.stats()).events).toBe(2);
  });

  it('loses nothing when 20 writers on two connections append to one stream at once', async () => {
    const second = new SqliteEventStore({ path: join(dir.path, 'events.db') });
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          handleCommand({ store: i % 2 ? second : store, serializer, clock }, notes, 'note-busy', note(`n${i}`), envelope()),
        ),
      );
      expect(new Set(results.map((r) => r.revision)).size).toBe(20);
      const stored = await store.readStream('note-busy');
      expect(stored.map((e) => e.data.text).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`).sort());
      const verifier = new ChainVerifier();
      for (const e of stored) verifier.add(e);
      expect(verifier.report().ok).toBe(true);
    } finally {
      await second.close();
    }
  });

  it("takes one process's commands to a stream in turn: under steady load, each appends at its first attempt", async () => {
    // As a busy server's requests do: 16 writers, each sending its next command as its last is answered.
    const attempts = new Map<string, number>();
    const append = store.appendToStream.bind(store);
    store.appendToStream = (stream, events, options) => {
      const commandId = String(events[0]!.metadata.commandId);
      attempts.set(commandId, (attempts.get(commandId) ?? 0) + 1);
      return append(stream, events, options);
    };
    await Promise.all(
      Array.from({ length: 16 }, async (_, writer) => {
        for (let n = 0; n < 5; n++) await handleCommand({ store, serializer, clock }, notes, 'note-hot', note(`w${writer}-${n}`), envelope());
      }),
    );
    expect(await store.readStream('note-hot')).toHaveLength(80);
    expect(attempts.size).toBe(80);
    expect(Math.max(...attempts.values())).toBe(1);
  });

  it('lets the next command to a stream run when the one before it fails', async () => {
    const [refused, next] = await Promise.allSettled([
      handleCommand({ store, serializer, clock }, notes, 'note-1', note('forbidden'), envelope()),
      handleCommand({ store, serializer, clock }, notes, 'note-1', note('fine'), envelope()),
    ]);
    expect(refused).toMatchObject({ status: 'rejected', reason: expect.any(RuleViolatedError) });
    expect(next).toMatchObject({ status: 'fulfilled', value: { revision: 0n } });
  });

  describe('with a state cache', () => {
    /** The store, noting where each stream read started. */
    class NotingStore extends SqliteEventStore {
      readonly reads: (bigint | undefined)[] = [];
      override readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
        this.reads.push(options?.fromRevision);
        return super.readStream(stream, options);
      }
    }
    // At most three notes: the fourth command decides nothing.
    const capped: typeof notes = { ...notes, decide: (command, state) => (state.count >= 3 ? [] : notes.decide(command, state)) };

    it('reads only what was appended since, including another writer’s events', async () => {
      const noting = new NotingStore({ path: join(dir.path, 'noting.db') });
      const cached = { store: noting, serializer, clock, states: new StateCache() };
      await handleCommand(cached, capped, 'note-1', note('a'), envelope());
      await handleCommand(cached, capped, 'note-1', note('b'), envelope());
      expect(noting.reads).toEqual([undefined, 1n]);
      // Another writer, with no cache of its own, takes the stream to three notes.
      await handleCommand({ store: noting, serializer, clock }, capped, 'note-1', note('c'), envelope());
      const outcome = await handleCommand(cached, capped, 'note-1', note('d'), envelope());
      expect(outcome).toMatchObject({ events: [], revision: 2n });
      expect(noting.reads.slice(-1)).toEqual([2n]);
      expect((await noting.readStream('note-1')).map((e) => (e.data as { text: string }).text)).toEqual(['a', 'b', 'c']);
      await noting.close();
    });

    it('recognises a retried command from the kept state, and refuses its key with a different request', async () => {
      const cached = { store, serializer, clock, states: new StateCache() };
      const commandId = newCommandId();
      const first = await handleCommand(cached, notes, 'note-1', note('hello'), envelope(commandId));
      const again = await handleCommand(cached, notes, 'note-1', note('hello'), envelope(commandId));
      expect(again).toMatchObject({ replayed: true, revision: first.revision, position: first.position });
      await expect(handleCommand(cached, notes, 'note-1', note('other'), envelope(commandId))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      expect((await store.stats()).events).toBe(1);
    });

    it("keeps one set of a stream's command ids, added to as commands and other writers' events arrive, never copied", async () => {
      const cached = { store, serializer, clock, states: new StateCache() };
      await handleCommand(cached, notes, 'note-1', note('a'), envelope('cmd-a'));
      const ids = cached.states.get(notes, 'note-1')!.commandIds;
      await handleCommand(cached, notes, 'note-1', note('b'), envelope('cmd-b'));
      // Another writer, with no cache of its own, then a command that reads its event.
      await handleCommand({ store, serializer, clock }, notes, 'note-1', note('c'), envelope('cmd-c'));
      await handleCommand(cached, notes, 'note-1', note('d'), envelope('cmd-d'));
      expect(cached.states.get(notes, 'note-1')!.commandIds).toBe(ids);
      expect([...ids]).toEqual(['cmd-a', 'cmd-b', 'cmd-c', 'cmd-d']);
    });

    it('keeps states within its budget of folded events, least recently used dropped first', async () => {
      const states = new StateCache({ maxEvents: 5 });
      const cached = { store, serializer, clock, states };
      for (const stream of ['note-1', 'note-2', 'note-3']) await handleCommand(cached, notes, stream, note('x'), envelope());
      // Each state of one event counts as two (its event, and one for the state), so three overflow five.
      expect(states.get(notes, 'note-1')).toBeUndefined();
      expect(states.get(notes, 'note-3')).toMatchObject({ state: { count: 1 }, revision: 0n });
      states.clear();
      expect(states.size).toBe(0);
    });
  });
});
