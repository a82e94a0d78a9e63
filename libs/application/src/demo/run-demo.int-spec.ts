import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { hasConsent, pairDecider, pairView, participantDecider } from '@pairtrail/domain';
import { ChainVerifier, EventSerializer, SqliteEventStore, loadState } from '@pairtrail/event-store';
import { toldOf } from '@pairtrail/case-studies';
import { tempDir } from '@pairtrail/testing';
import { CaseStudies } from '../case-studies';
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
    // A cohort, six people, three pairs, and the case studies of two of them.
    expect(stats.streams).toBe(1 + 6 + 3 + 2);
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

  it("publishes the concluded pair's case study, approved by both partners, and has one partner of the neuro pair approve theirs", async () => {
    const caseStudies = new CaseStudies({ store, serializer });
    const standing = async (k: string) => {
      const pairId = demoId('pairId', `${k}:formed`);
      return caseStudies.standing(pairId, toldOf(await caseStudies.generate(pairId)));
    };
    const [margaret, samir, david] = ['margaret', 'samir', 'david'].map((k) => demoId('participantId', `person:${k}`));
    const cardiac = await standing('cardiac');
    expect(cardiac).toMatchObject({ state: 'published', published: { current: true }, current: { approvedBy: [margaret, samir] } });
    expect(cardiac.published!.contentHash).toBe(cardiac.current!.contentHash);
    expect(await standing('neuro')).toMatchObject({ state: 'approval', published: null, current: { approvedBy: [david] } });
    expect(await standing('vanguard')).toMatchObject({ state: 'approval', published: null, current: { approvedBy: [] } });
  });

  it('leaves a case study someone has acted on as they left it, and can leave every case study untouched', async () => {
    const other = tempDir();
    const otherStore = new SqliteEventStore({ path: join(other.path, 'events.db'), synchronous: 'NORMAL' });
    try {
      const otherApp = new PairtrailApplication({ store: otherStore, serializer, clock: () => new Date('2026-11-22T09:00:00Z') });
      const untouched = await runDemo(otherApp, { caseStudies: false });
      expect(untouched.eventsByType).not.toHaveProperty('CaseStudyApproved');
      // Claire approves the neuro pair's case study (through a coordinator) before the demo's approvals are given.
      const neuro = demoId('pairId', 'neuro:formed');
      const claire = demoId('participantId', 'person:claire');
      const { contentHash } = (await new CaseStudies({ store: otherStore, serializer }).require(neuro)).provenance;
      await otherApp.execute(
        { type: 'ApproveCaseStudy', data: { pairId: neuro, participantId: claire, contentHash } },
        { commandId: randomUUID(), actor: 'system', source: 'cli' },
      );
      const report = await runDemo(otherApp);
      // The cardiac pair's two approvals and publication are recorded; the neuro pair's approval is not.
      expect(report.eventsByType).toEqual({ CaseStudyApproved: 2, CaseStudyPublished: 1 });
      expect(report.leftAsFound).toBe(1);
      expect(report.recorded + report.alreadyThere + report.leftAsFound).toBe(report.steps);
      const approvals = (await otherStore.readStream(streams.caseStudy(neuro))).map((e) => e.data.participantId);
      expect(approvals).toEqual([claire]);
    } finally {
      await otherStore.close();
      other.remove();
    }
  });

  it('appends nothing when run again after a partner whose approval it records has been erased', async () => {
    // David approved the neuro pair's case study in the demo; erased, he can approve nothing anew.
    const david = demoId('participantId', 'person:david');
    await app.execute(
      { type: 'EraseParticipant', data: { participantId: david, reason: 'asked to be forgotten' } },
      { commandId: randomUUID(), actor: 'system', source: 'cli' },
    );
    const before = await store.stats();
    const report = await runDemo(app);
    expect(report).toMatchObject({ recorded: 0, alreadyThere: report.steps });
    expect(await store.stats()).toEqual(before);
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
