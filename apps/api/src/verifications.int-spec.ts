import { join } from 'node:path';
import { RuleViolatedError } from '@pairtrail/domain';
import { SqliteEventStore, newCommandId } from '@pairtrail/event-store';
import { tempDir } from '@pairtrail/testing';
import { Verifications, type Verification } from './verifications';

describe('verifications in the background', () => {
  const dir = tempDir();
  let store: SqliteEventStore;

  beforeAll(async () => {
    store = new SqliteEventStore({ path: join(dir.path, 'events.db') });
    // 5,000 events: verified in three batches of up to 2,000.
    for (let i = 0; i < 50; i++) {
      await store.appendToStream(
        `bulk-${i}`,
        Array.from({ length: 100 }, () => ({ eventId: newCommandId(), type: 'Bulk', data: {}, metadata: {} })),
      );
    }
  });
  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  /** The job's state after each turn of the event loop, until it ends. */
  const watch = async (job: Verification) => {
    const seen: Pick<Verification, 'state' | 'eventsChecked' | 'percent'>[] = [];
    while (job.state === 'running') {
      seen.push({ state: job.state, eventsChecked: job.eventsChecked, percent: job.percent });
      await new Promise((resolve) => setImmediate(resolve));
    }
    return seen;
  };

  it('shows its progress as it goes, and its report at the end', async () => {
    const verifications = new Verifications(store);
    const job = await verifications.start();
    expect(job).toMatchObject({ state: 'running', upTo: '5000', report: null });
    const seen = await watch(job);
    // The first batch is checked before start() returns; each later one between turns.
    expect(seen.map((s) => s.eventsChecked).filter((n, i, all) => all.indexOf(n) === i)).toEqual([2000, 4000, 5000]);
    expect(seen.map((s) => s.percent).filter((n, i, all) => all.indexOf(n) === i)).toEqual([40, 80, 100]);
    expect(job).toMatchObject({ state: 'done', checkedTo: '5000', eventsChecked: 5000, percent: 100, finishedAt: expect.any(String) });
    expect(job.report).toMatchObject({ eventsChecked: 5000, position: '5000', streamsChecked: 50 });
    expect(verifications.get(job.id)).toBe(job);
  });

  it('runs one at a time: the same position again gives the running one, another is refused until it ends', async () => {
    const verifications = new Verifications(store);
    const first = await verifications.start();
    expect(await verifications.start(5000n)).toBe(first);
    await expect(verifications.start(10n)).rejects.toThrow(RuleViolatedError);
    await expect(verifications.start(10n)).rejects.toThrow(`/audit/verifications/${first.id}`);
    await watch(first);
    const second = await verifications.start(10n);
    expect(second.id).not.toBe(first.id);
    await watch(second);
    expect(second.report).toMatchObject({ eventsChecked: 10, position: '10' });
  });

  it('stops a running check when the server stops, and says to start it again', async () => {
    const verifications = new Verifications(store);
    const job = await verifications.start();
    await verifications.stop();
    expect(job).toMatchObject({ state: 'stopped', report: null, error: expect.stringContaining('start it again') });
    expect(job.eventsChecked).toBeLessThan(5000);
  });
});
