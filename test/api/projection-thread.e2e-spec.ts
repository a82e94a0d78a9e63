import type { Worker } from 'node:worker_threads';
import { ProjectionEngine } from '@pairtrail/projections';
import { ProjectionThread } from '../../apps/api/src/projection-thread';
import { ApiHarness, meetingBody, seedPair } from '../support/api-harness';

describe('projections on a thread of their own', () => {
  let h: ApiHarness;
  let coordinator: string;

  beforeAll(async () => {
    h = await ApiHarness.start();
    coordinator = await h.user('coordinator');
  });
  afterAll(async () => h.stop());

  const exists = (table: string) =>
    h.runtime.readModelDb.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) === 1;

  it('is how the server runs them by default; PAIRTRAIL_PROJECTIONS=inline runs them on the server thread', async () => {
    expect(h.runtime.projections).toBeInstanceOf(ProjectionThread);
    const inline = await ApiHarness.start({ PAIRTRAIL_PROJECTIONS: 'inline' });
    try {
      expect(inline.runtime.projections).toBeInstanceOf(ProjectionEngine);
    } finally {
      await inline.stop();
    }
  });

  it('projects what the server writes, and tells the server when the tables change', async () => {
    const ids = await seedPair(h, coordinator);
    const before = h.runtime.projections.changes('documents')!;
    const written = await h.request('POST', `/pairs/${ids.pairId}/meetings`, {
      token: coordinator,
      body: meetingBody([ids.lep, ids.pro], { notes: 'From the thread' }),
    });
    expect(written.status).toBe(200);
    expect(await h.runtime.projections.waitFor(BigInt(written.body.position), 5000)).toBe(true);
    expect(h.runtime.projections.changes('documents')).toBeGreaterThan(before);
    const pair = await h.request('GET', `/pairs/${ids.pairId}`, { token: coordinator });
    expect(pair.body.meetings.map((m: { notes: string }) => m.notes)).toEqual(['From the thread']);
    const statuses = await h.runtime.projections.status();
    expect(statuses.map((s) => [s.name, s.state, s.lag])).toEqual([
      ['audit', 'live', '0'],
      ['documents', 'live', '0'],
    ]);
  });

  it('starts the thread again when it stops unasked, from where the projections had committed', async () => {
    const ids = await seedPair(h, coordinator);
    const thread = h.runtime.projections as ProjectionThread;
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await (thread as unknown as { worker: Worker }).worker.terminate();
      expect((await thread.status()).map((s) => s.state)).toEqual(['stopped', 'stopped']);
      // Written while it is down, projected once it is back.
      const written = await h.request('POST', `/pairs/${ids.pairId}/meetings`, {
        token: coordinator,
        body: meetingBody([ids.lep, ids.pro], { notes: 'While down' }),
      });
      expect(written.status).toBe(200);
      expect(await thread.waitFor(BigInt(written.body.position), 10_000)).toBe(true);
      // Asked while it was down (as an erasure asks it to rebuild), it answers once it is back.
      // The harness runs the server with PAIRTRAIL_LOG_LEVEL=silent: the failure was handled, and not said.
      expect(stderr.mock.calls.filter(([line]) => String(line).includes('projections:'))).toEqual([]);
      // At the error level, as a server runs by default, it says so.
      (thread as unknown as { options: { config: { logLevel: string } } }).options.config.logLevel = 'error';
      await (thread as unknown as { worker: Worker }).worker.terminate();
      await expect(thread.erase([`participant-${ids.lep}-not-erased`])).resolves.toBeUndefined();
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(/projections: The projections thread stopped \(exit code 1\)\. Starting it again in 500 ms/);
    } finally {
      stderr.mockRestore();
      (thread as unknown as { options: { config: { logLevel: string } } }).options.config.logLevel = 'silent';
    }
    const pair = await h.request('GET', `/pairs/${ids.pairId}`, { token: coordinator });
    expect(pair.body.meetings.map((m: { notes: string }) => m.notes)).toEqual(['While down']);
    expect((await thread.status()).map((s) => s.state)).toEqual(['live', 'live']);
  });

  it('swaps a rebuilt generation in while requests read, keeping the old tables a while for those still reading them', async () => {
    const ids = await seedPair(h, coordinator);
    expect(await h.runtime.projections.waitFor((await h.runtime.store.stats()).lastPosition, 5000)).toBe(true);
    const oldTable = h.runtime.projections.table('documents', 'pairs');
    let reading = true;
    const statuses: number[] = [];
    const reads = (async () => {
      while (reading) {
        statuses.push((await h.request('GET', `/pairs/${ids.pairId}`, { token: coordinator })).status);
        await new Promise((r) => setImmediate(r));
      }
    })();
    expect((await h.request('POST', '/projections/documents/rebuild')).status).toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 20));
    await h.runtime.projections.settled();
    reading = false;
    await reads;
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const newTable = h.runtime.projections.table('documents', 'pairs');
    expect(newTable).not.toBe(oldTable);
    expect(exists(newTable)).toBe(true);
    // Retired, not yet dropped: a request that named it a moment before the swap still reads it.
    expect(exists(oldTable)).toBe(true);
  });
});
