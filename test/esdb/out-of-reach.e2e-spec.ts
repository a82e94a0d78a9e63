import { EsdbEmulator } from '@pairtrail/testing';
import { ApiHarness } from '../support/api-harness';

/**
 * EventStoreDB gone from under a running server: writes cannot be taken, but the read models still
 * answer from their own tables, and the screens an administrator turns to then say what they hold.
 */
describe('the API while EventStoreDB is out of reach (the wire emulator, stopped)', () => {
  let emulator: EsdbEmulator | undefined;
  let api: ApiHarness;
  let coordinator: string;
  const written: string[] = [];

  beforeAll(async () => {
    emulator = await EsdbEmulator.start({ batchAppend: true });
    api = await ApiHarness.start({ PAIRTRAIL_EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: emulator.connectionString });
    coordinator = await api.user('coordinator');
    const cohort = await api.request('POST', '/cohorts', { token: coordinator, body: { name: 'Before the outage', startsOn: '2026-01-01' } });
    expect(cohort.status).toBe(201);
    await api.runtime.projections.settled();
    // What the server and its projections thread write (a worker's output comes through this stream).
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    await emulator.close();
    emulator = undefined;
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await api?.stop();
    await emulator?.close();
  });

  it("says each read model's state and checkpoint, with its lag unknown, rather than failing", async () => {
    const reply = await api.request('GET', '/projections');
    expect(reply.status).toBe(200);
    const items = (reply.body as { items: { name: string; state: string; checkpoint: string; lag: string | null }[] }).items;
    expect(items.map((p) => [p.name, p.state, p.lag])).toEqual([
      ['audit', 'live', null],
      ['documents', 'live', null],
    ]);
    expect(items.every((p) => BigInt(p.checkpoint) > 0n)).toBe(true);
  });

  it('says in /health that the event store is unavailable and the read models are ok', async () => {
    const reply = await api.request('GET', '/health', { token: null });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'degraded', eventStore: 'unavailable', readModels: 'ok' });
  });

  it('leaves the lag out of /metrics rather than saying 0, and still says whether a read model failed', async () => {
    const reply = await api.request('GET', '/metrics');
    expect(reply.status).toBe(200);
    expect(reply.text).not.toMatch(/^pairtrail_projection_lag_events\{/m);
    expect(reply.text).toMatch(/^pairtrail_projection_failed\{projection="documents"\} 0$/m);
  });

  it('serves reads from the read models and refuses writes with a 503 that says to try again', async () => {
    const read = await api.request('GET', '/cohorts', { token: coordinator });
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).toContain('Before the outage');
    const write = await api.request('POST', '/cohorts', { token: coordinator, body: { name: 'During the outage', startsOn: '2026-02-01' } });
    expect(write.status).toBe(503);
    expect(write.headers['retry-after']).toBe('5');
  });

  it('keeps its notices of the lost subscription out of a log set to silent (the harness runs the API so)', async () => {
    // The projections thread resubscribes every 100 ms at first; give it a few tries.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(written.filter((line) => line.includes('subscription lost'))).toEqual([]);
  });
});

describe('an import of participants when EventStoreDB goes out of reach part way (the wire emulator, stopped)', () => {
  it('answers 503 saying how many it recorded and kept, and that the same file sent again finishes it', async () => {
    const emulator = await EsdbEmulator.start({ batchAppend: true });
    const api = await ApiHarness.start({ PAIRTRAIL_EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: emulator.connectionString });
    try {
      const coordinator = await api.user('coordinator');
      const header = 'name,email,perspective,role,organisation,organisationType,registeredOn,consents,consentEvidence,consentOn';
      const people = Array.from(
        { length: 400 },
        (_, i) => `Person ${i},,lived-experience,carer,Carers ${i},voluntary-group,2026-01-10,participation;case-study,signed form,2026-01-10`,
      );
      const sent = api.request('POST', '/participants/imports', {
        token: coordinator,
        raw: `${[header, ...people].join('\n')}\n`,
        headers: { 'content-type': 'text/csv' },
      });
      // Stopped once some of the people are in the log, and before all of them are.
      const registered = () => emulator.log.records.filter((r) => r.stream.startsWith('participant-')).length;
      while (registered() < 60) await new Promise((resolve) => setTimeout(resolve, 2));
      await emulator.close();
      const reply = await sent;
      expect(reply.status).toBe(503);
      expect(reply.headers['retry-after']).toBe('5');
      const [, recorded, of] =
        /^The import stopped part way: (\d+) of (\d+) people are recorded, and kept\. The event store \(EventStoreDB\) could not be reached\. Try again in a moment.* Then send the same file again: it records the rest, and records nothing twice\.$/.exec(
          reply.body.message as string,
        )!;
      expect(Number(of)).toBe(400);
      expect(Number(recorded)).toBeGreaterThan(0);
      expect(Number(recorded)).toBeLessThan(400);
    } finally {
      await api.stop();
      await emulator.close();
    }
  });
});
