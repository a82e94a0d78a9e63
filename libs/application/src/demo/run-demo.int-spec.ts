import { join } from 'node:path';
import { hasConsent, pairDecider, pairView, participantDecider } from '@pairtrail/domain';
import { ChainVerifier, EventSerializer, SqliteEventStore, loadState } from '@pairtrail/event-store';
import { tempDir } from '@pairtrail/testing';
import { PairtrailApplication } from '../pairtrail.application';
import { deciderOf, streams } from '../streams';
import { demoId } from './demo-programme';
import { runDemo } from './run-demo';

describe('the demo programme', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let app: PairtrailApplication;
  const serializer = new EventSerializer();

  beforeAll(async () => {
    dir = tempDir();
    store = new SqliteEventStore({ path: join(dir.path, 'events.db'), synchronous: 'NORMAL' });
    app = new PairtrailApplication({ store, serializer, clock: () => new Date('2026-11-22T09:00:00Z') });
    await runDemo(app);
  });
  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  it('records one cohort, six participants and three pairs with months of work', async () => {
    const stats = await store.stats();
    expect(stats.streams).toBe(1 + 6 + 3);
    const pairs = await Promise.all(
      ['cardiac', 'vanguard', 'neuro'].map(async (k) =>
        pairView((await loadState({ store, serializer }, pairDecider, streams.pair(demoId('pairId', `${k}:formed`)))).state),
      ),
    );
    expect(pairs.map((p) => p.serviceArea)).toEqual(['cardiac', 'new-models-of-care', 'neuro-rehabilitation']);
    for (const p of pairs) {
      expect(p.meetings.length).toBeGreaterThanOrEqual(6);
      const first = p.meetings[0]!.heldOn;
      const last = p.meetings[p.meetings.length - 1]!.heldOn;
      expect(last > first).toBe(true);
      expect(p.actions.length).toBeGreaterThan(0);
      expect(p.outcomes.length).toBeGreaterThan(0);
      expect(p.reflections.length).toBeGreaterThan(0);
      expect(p.initiative).toBeDefined();
    }
    expect(pairs[0]!.status).toBe('concluded');
    // The correction and the retraction took effect.
    expect(pairs[0]!.meetings[2]!.durationMinutes).toBe(100);
    expect(pairs[1]!.outcomes.map((o) => o.description)).not.toContain('Evening opening (entered twice by mistake)');
    expect(pairs[1]!.facts.some((f) => f.retracted !== null)).toBe(true);
  });

  it('keeps, for the write side, exactly the states a fresh fold of each stream gives', async () => {
    const streamNames = [...new Set((await store.readAll({ maxCount: 100_000 })).map((e) => e.stream))];
    let compared = 0;
    for (const stream of streamNames) {
      const decider = deciderOf(stream);
      const cached = app.states.get(decider, stream);
      if (!cached) continue;
      const fresh = await loadState({ store, serializer }, decider, stream);
      expect({ stream, state: cached.state, revision: cached.revision }).toEqual({ stream, state: fresh.state, revision: fresh.revision });
      compared += 1;
    }
    // Every pair and participant stream was written by a command, so each has a kept state.
    expect(compared).toBeGreaterThanOrEqual(3 + 6);
  });

  it('has one partner who has not consented to quotes and one who has not consented to being named', async () => {
    const consents = await Promise.all(
      ['margaret', 'samir', 'joan', 'aisha', 'david', 'claire'].map(
        async (k) => (await loadState({ store, serializer }, participantDecider, streams.participant(demoId('participantId', `person:${k}`)))).state.consents,
      ),
    );
    expect(consents.filter((c) => !hasConsent(c, 'quotes'))).toHaveLength(1);
    expect(consents.filter((c) => !hasConsent(c, 'named'))).toHaveLength(1);
    expect(consents.every((c) => hasConsent(c, 'participation') && hasConsent(c, 'case-study'))).toBe(true);
  });

  it('appends nothing when run again', async () => {
    const before = await store.stats();
    const report = await runDemo(app);
    expect(report.recorded).toBe(0);
    expect(report.alreadyThere).toBe(report.steps);
    expect(await store.stats()).toEqual(before);
  });

  it('leaves every hash chain intact', async () => {
    const verifier = new ChainVerifier();
    for (const e of await store.readAll({ maxCount: 100_000 })) verifier.add(e);
    expect(verifier.report()).toMatchObject({ ok: true, failures: [] });
  });
});
