import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { EsdbEmulator, event, eventStoreContract, take } from '@pairtrail/testing';
import { AppendTooLargeError, EsdbEventStore } from './esdb-event-store';

describe.each([
  { path: 'BatchAppend', batchAppend: true },
  { path: 'Append', batchAppend: false },
])('EsdbEventStore against the wire emulator, appending through $path', ({ batchAppend }) => {
  let emulator: EsdbEmulator;
  const stores: EsdbEventStore[] = [];
  const open = (options: Partial<ConstructorParameters<typeof EsdbEventStore>[0]> = {}) => {
    const store = new EsdbEventStore({ connectionString: emulator.connectionString, resubscribe: { firstDelayMs: 20 }, ...options });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    emulator = await EsdbEmulator.start({ batchAppend, systemEventEvery: 2 });
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await emulator.close();
  });

  describe('store contract', () => {
    eventStoreContract({ open: async () => open(), openSecond: async () => open() });
  });

  it(`appends through ${batchAppend ? 'BatchAppend' : 'Append'}, as the server's features advertise`, async () => {
    const before = { ...emulator.calls };
    await open().appendToStream(`thing-${randomUUID()}`, [event()]);
    expect(emulator.calls.batchAppend - before.batchAppend).toBe(batchAppend ? 1 : 0);
    expect(emulator.calls.append - before.append).toBe(batchAppend ? 0 : 1);
  });

  it('leaves system events, $$ metadata streams and other applications’ streams out of reads, counts and subscriptions', async () => {
    const store = open({ categories: ['pair', 'cohort'] });
    const start = (await store.stats()).lastPosition;
    const subscription = store.subscribeToAll({ fromPosition: start });
    const arriving = take(subscription, 2);
    const pair = `pair-${randomUUID()}`;
    await store.appendToStream(pair, [event('PairFormed')]);
    emulator.log.appendSystemEvent(`$$${pair}`, '$metadata');
    emulator.log.appendSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
    await store.appendToStream(`billing-${randomUUID()}`, [event('InvoiceRaised')]);
    await store.appendToStream(`cohort-${randomUUID()}`, [event('CohortOpened')]);
    expect((await arriving).map((e) => e.type)).toEqual(['PairFormed', 'CohortOpened']);
    await subscription.close();
    const read = await store.readAll({ after: start });
    expect(read.map((e) => e.type)).toEqual(['PairFormed', 'CohortOpened']);
    // The emulator's $all holds system events between them, as a real server's does.
    expect(emulator.log.records.some((r) => r.position > start && r.type.startsWith('$'))).toBe(true);
    const stats = await store.stats();
    expect(stats.lastPosition).toBe(read[1]!.position);
    // Where the log ends is this application's last event, read backwards past what the server wrote
    // after it, over more than a page.
    await store.appendToStream(`billing-${randomUUID()}`, [event('InvoicePaid')]);
    for (let i = 0; i < 600; i++) emulator.log.appendSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
    await expect(store.headPosition()).resolves.toBe(read[1]!.position);
  });

  it('resubscribes with backoff from the last event it delivered when the server drops the subscription', async () => {
    const resubscribed: { attempt: number; from: bigint | undefined }[] = [];
    const store = open({ onResubscribe: ({ attempt, from }) => resubscribed.push({ attempt, from }) });
    const s = `thing-${randomUUID()}`;
    const start = (await store.stats()).lastPosition;
    await store.appendToStream(s, [event('One'), event('Two')]);
    const subscription = store.subscribeToAll({ fromPosition: start });
    const iterator = subscription[Symbol.asyncIterator]();
    const first = await iterator.next();
    const second = await iterator.next();
    expect([first.value.type, second.value.type]).toEqual(['One', 'Two']);
    emulator.dropSubscriptions();
    await store.appendToStream(s, [event('Three')]);
    const third = await iterator.next();
    expect(third.value.type).toBe('Three');
    expect(resubscribed[0]).toEqual({ attempt: 1, from: second.value.position });
    await subscription.close();
    expect((await iterator.next()).done).toBe(true);
  });

  it('refuses an append larger than the server takes, with a validation error that names the events', async () => {
    const store = open();
    const big = event('Big', { text: 'x'.repeat(1024 * 1024 + 10) });
    const error = await store.appendToStream(`thing-${randomUUID()}`, [big]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppendTooLargeError);
    expect((error as AppendTooLargeError).details[0]!.field).toBe('events');
    expect((error as AppendTooLargeError).message).toContain('1048576');
  });

  it('reads positions as bigint commit positions that only increase, with gaps', async () => {
    const store = open();
    const s = `thing-${randomUUID()}`;
    await store.appendToStream(s, [event(), event(), event()]);
    const positions = (await store.readStream(s)).map((e) => e.position);
    expect(positions.every((p) => typeof p === 'bigint')).toBe(true);
    expect(positions[1]! > positions[0]! && positions[2]! > positions[1]!).toBe(true);
    expect(positions[1]! - positions[0]!).toBeGreaterThan(1n);
  });
});

/** Where a real EventStoreDB can be reached: a connection string, or a Docker engine for testcontainers. */
function realServer(): { connectionString?: string; skipBecause?: string } {
  if (process.env.EVENTSTORE_CONNECTION_STRING) return { connectionString: process.env.EVENTSTORE_CONNECTION_STRING };
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return { skipBecause: 'a Docker engine answers, but testcontainers is not installed here; set EVENTSTORE_CONNECTION_STRING to a running server' };
  } catch {
    return { skipBecause: 'EVENTSTORE_CONNECTION_STRING is not set and no Docker engine answers for testcontainers' };
  }
}

const real = realServer();
if (real.connectionString) {
  describe('EsdbEventStore against a real EventStoreDB (EVENTSTORE_CONNECTION_STRING)', () => {
    const stores: EsdbEventStore[] = [];
    afterAll(() => Promise.all(stores.map((s) => s.close())));
    const open = async () => {
      const store = new EsdbEventStore({ connectionString: real.connectionString! });
      stores.push(store);
      return store;
    };
    eventStoreContract({ open, openSecond: open });
  });
} else {
  describe('EsdbEventStore against a real EventStoreDB', () => {
    // eslint-disable-next-line no-console
    console.warn(`Skipping the contract suite on a real EventStoreDB: ${real.skipBecause}.`);
    it.skip(`runs the store contract (skipped: ${real.skipBecause})`, () => undefined);
  });
}
