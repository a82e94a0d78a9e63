import { randomUUID } from 'node:crypto';
import { WrongExpectedVersionError, type EventStore, type EventToAppend, type RecordedEvent } from '@pairtrail/event-store';

/** How the contract suite gets stores: `open` a fresh one; `openSecond` another connection to the same. */
export interface StoreHarness {
  open(): Promise<EventStore>;
  /** A second, independent client of the store `open` last returned, for races. */
  openSecond?(): Promise<EventStore>;
  cleanup?(): Promise<void>;
}

/** A test event with a fresh id. */
export const event = (type = 'ThingHappened', data: Record<string, unknown> = { n: 1 }): EventToAppend => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: { source: 'test' },
});

/** The first `count` events of a subscription, or a rejection naming how many came in time. */
export async function take(iterable: AsyncIterable<RecordedEvent>, count: number, timeoutMs = 5000): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${out.length} of ${count} events arrived`)), timeoutMs).unref());
  const reading = (async () => {
    for await (const e of iterable) {
      out.push(e);
      if (out.length >= count) break;
    }
    return out;
  })();
  return Promise.race([reading, timer]);
}

/**
 * The behaviour every EventStore adapter must have. Call inside a `describe` of the adapter's own
 * test file, so the same assertions run against SQLite, the EventStoreDB emulator and a real server.
 */
export function eventStoreContract(harness: StoreHarness): void {
  let store: EventStore;
  const stream = (category = 'thing') => `${category}-${randomUUID()}`;

  beforeEach(async () => {
    store = await harness.open();
  });
  afterEach(async () => {
    await store.close();
    await harness.cleanup?.();
  });

  it('creates a stream at revision 0, with bigint revisions and positions', async () => {
    const result = await store.appendToStream(stream(), [event()], { expectedRevision: 'no_stream' });
    expect(result.nextExpectedRevision).toBe(0n);
    expect(typeof result.position).toBe('bigint');
    expect(result.position > 0n).toBe(true);
  });

  it('appends at the expected revision and reports the new one', async () => {
    const s = stream();
    await store.appendToStream(s, [event(), event()], { expectedRevision: 'no_stream' });
    const result = await store.appendToStream(s, [event()], { expectedRevision: 1n });
    expect(result.nextExpectedRevision).toBe(2n);
    const read = await store.readStream(s);
    expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
  });

  it('refuses a wrong expected revision, saying what was expected and what is there', async () => {
    const s = stream();
    await store.appendToStream(s, [event()], { expectedRevision: 'no_stream' });
    const error = await store.appendToStream(s, [event()], { expectedRevision: 5n }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).expected).toBe(5n);
    expect((error as WrongExpectedVersionError).actual).toBe(0n);
    await expect(store.appendToStream(s, [event()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(store.appendToStream(stream(), [event()], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(await store.readStream(s)).toHaveLength(1);
  });

  it('appends with any and stream_exists', async () => {
    const s = stream();
    await store.appendToStream(s, [event()], { expectedRevision: 'any' });
    const result = await store.appendToStream(s, [event()], { expectedRevision: 'stream_exists' });
    expect(result.nextExpectedRevision).toBe(1n);
  });

  it('treats appending the same event ids at the same place again as a no-op', async () => {
    const s = stream();
    const events = [event(), event()];
    const first = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
    const again = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
    expect(again).toEqual(first);
    const later = [event()];
    const third = await store.appendToStream(s, later, { expectedRevision: 1n });
    expect(await store.appendToStream(s, later, { expectedRevision: 1n })).toEqual(third);
    expect(await store.readStream(s)).toHaveLength(3);
  });

  it('reads a stream forwards and backwards, from a revision, up to a count', async () => {
    const s = stream();
    await store.appendToStream(
      s,
      [0, 1, 2, 3, 4].map((n) => event('Counted', { n })),
      { expectedRevision: 'no_stream' },
    );
    const ns = (events: RecordedEvent[]) => events.map((e) => e.data.n);
    expect(ns(await store.readStream(s))).toEqual([0, 1, 2, 3, 4]);
    expect(ns(await store.readStream(s, { fromRevision: 2n, maxCount: 2 }))).toEqual([2, 3]);
    expect(ns(await store.readStream(s, { direction: 'backwards', maxCount: 2 }))).toEqual([4, 3]);
    expect(ns(await store.readStream(s, { direction: 'backwards', fromRevision: 1n }))).toEqual([1, 0]);
    expect(ns(await store.readStream(s, { fromRevision: 4n }))).toEqual([4]);
    expect(await store.readStream(s, { fromRevision: 5n })).toEqual([]);
    expect(await store.readStream(stream())).toEqual([]);
    expect(await store.readStream(stream(), { fromRevision: 1n })).toEqual([]);
  });

  it("keeps each event's id, type, data and metadata", async () => {
    const s = stream();
    const e = event('Described', { text: 'ünïcode ✓', nested: { list: [1, 'two'] } });
    await store.appendToStream(s, [e]);
    const [read] = await store.readStream(s);
    expect(read).toMatchObject({ eventId: e.eventId, type: 'Described', data: e.data, stream: s, revision: 0n });
    expect(read!.metadata).toMatchObject(e.metadata);
  });

  it('reads the global log after a position (exclusive), in increasing positions', async () => {
    const before = (await store.stats()).lastPosition;
    const a = stream();
    const b = stream();
    await store.appendToStream(a, [event('A1')]);
    await store.appendToStream(b, [event('B1')]);
    await store.appendToStream(a, [event('A2')]);
    const all = await store.readAll({ after: before, maxCount: 100 });
    const mine = all.filter((e) => e.stream === a || e.stream === b);
    expect(mine.map((e) => e.type)).toEqual(['A1', 'B1', 'A2']);
    for (let i = 1; i < all.length; i++) expect(all[i]!.position > all[i - 1]!.position).toBe(true);
    const afterFirst = await store.readAll({ after: mine[0]!.position, maxCount: 100 });
    expect(afterFirst.filter((e) => e.stream === a || e.stream === b).map((e) => e.type)).toEqual(['B1', 'A2']);
  });

  it('filters the global log by stream category or event-type prefix', async () => {
    const before = (await store.stats()).lastPosition;
    await store.appendToStream(stream('pair'), [event('MeetingHeld')]);
    await store.appendToStream(stream('user'), [event('UserCreated')]);
    await store.appendToStream(stream('cohort'), [event('CohortOpened')]);
    const byCategory = await store.readAll({ after: before, filter: { streamCategories: ['pair', 'cohort'] } });
    expect(byCategory.map((e) => e.type)).toEqual(['MeetingHeld', 'CohortOpened']);
    const byPrefix = await store.readAll({ after: before, filter: { eventTypePrefixes: ['User'] } });
    expect(byPrefix.map((e) => e.type)).toEqual(['UserCreated']);
  });

  it('counts events and streams', async () => {
    const before = await store.stats();
    const s = stream();
    const result = await store.appendToStream(s, [event(), event()]);
    const after = await store.stats();
    expect(after.events - before.events).toBe(2);
    expect(after.streams - before.streams).toBe(1);
    expect(after.lastPosition).toBe(result.position);
  });

  it('says where the log ends, as its count does, without counting it', async () => {
    const result = await store.appendToStream(stream(), [event(), event()]);
    await expect(store.headPosition()).resolves.toBe(result.position);
    await expect(store.headPosition()).resolves.toBe((await store.stats()).lastPosition);
    const next = await store.appendToStream(stream(), [event()]);
    await expect(store.headPosition()).resolves.toBe(next.position);
  });

  it('subscribes to the log: catches up, then delivers live events, then closes cleanly', async () => {
    const start = (await store.stats()).lastPosition;
    const s = stream();
    await store.appendToStream(s, [event('Old')]);
    const subscription = store.subscribeToAll({ fromPosition: start });
    const arriving = take(subscription, 3);
    await new Promise((r) => setTimeout(r, 50));
    await store.appendToStream(s, [event('New1')]);
    await store.appendToStream(s, [event('New2')]);
    const received = await arriving;
    expect(received.map((e) => e.type)).toEqual(['Old', 'New1', 'New2']);
    await subscription.close();
    const afterClose: RecordedEvent[] = [];
    for await (const e of subscription) afterClose.push(e);
    expect(afterClose).toEqual([]);
  });

  it('subscribes with a filter', async () => {
    const start = (await store.stats()).lastPosition;
    const subscription = store.subscribeToAll({ fromPosition: start, filter: { streamCategories: ['pair'] } });
    const arriving = take(subscription, 2);
    await store.appendToStream(stream('user'), [event('UserCreated')]);
    await store.appendToStream(stream('pair'), [event('PairFormed')]);
    await store.appendToStream(stream('user'), [event('TokenIssued')]);
    await store.appendToStream(stream('pair'), [event('MeetingHeld')]);
    expect((await arriving).map((e) => e.type)).toEqual(['PairFormed', 'MeetingHeld']);
    await subscription.close();
  });

  it('gives a subscription in pages: the events in order, an empty page when caught up, then live ones', async () => {
    const start = (await store.stats()).lastPosition;
    const s = stream('paged');
    await store.appendToStream(s, [event('Old1'), event('Old2'), event('Old3')]);
    const subscription = store.subscribeToAll({ fromPosition: start, filter: { streamCategories: ['paged'] } });
    const pages = subscription.pages()[Symbol.asyncIterator]();
    const types = (page: readonly RecordedEvent[]) => page.map((e) => e.type);
    // The log's events as they come, however the adapter pages them. A server's subscription may
    // pause (an empty page) before they have all arrived; once they have, the next page is empty.
    const caughtUp: string[] = [];
    while (caughtUp.length < 3) caughtUp.push(...types((await pages.next()).value));
    expect(caughtUp).toEqual(['Old1', 'Old2', 'Old3']);
    expect((await pages.next()).value).toEqual([]);
    const next = pages.next();
    await store.appendToStream(s, [event('New1'), event('New2')]);
    const live: string[] = [];
    for (let page = await next; ; page = await pages.next()) {
      live.push(...types(page.value));
      if (live.length >= 2) break;
    }
    expect(live).toEqual(['New1', 'New2']);
    await subscription.close();
  });

  it('lets exactly one of two racing appends at the same expected revision win', async () => {
    const s = stream();
    await store.appendToStream(s, [event()], { expectedRevision: 'no_stream' });
    const other = harness.openSecond ? await harness.openSecond() : store;
    try {
      const results = await Promise.allSettled([
        store.appendToStream(s, [event('Left')], { expectedRevision: 0n }),
        other.appendToStream(s, [event('Right')], { expectedRevision: 0n }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toBeInstanceOf(WrongExpectedVersionError);
      expect(await store.readStream(s)).toHaveLength(2);
    } finally {
      if (other !== store) await other.close();
    }
  });
}
