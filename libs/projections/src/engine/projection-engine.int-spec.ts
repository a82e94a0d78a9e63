import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { CaseStudies, PairtrailApplication, runDemo, demoId } from '@pairtrail/application';
import { pairView } from '@pairtrail/domain';
import { EventSerializer, SqliteEventStore } from '@pairtrail/event-store';
import { tempDir } from '@pairtrail/testing';
import { ALL_PROJECTIONS } from '../index';
import { auditProjection } from '../read-models/audit.projection';
import { caseStudyFromReadModel, documentsProjection, foldPair, pairEvents, readPairDocument } from '../read-models/documents.projection';
import { ReadModels } from '../read-models/read-models';
import type { Projection } from './projection';
import { ProjectionEngine, pollUntil } from './projection-engine';
import { openReadModelDb, physicalTable } from './read-model-db';

const serializer = new EventSerializer();
const clock = () => new Date('2026-11-22T10:00:00Z');

/** Every row of every table of a projection, in a stable order. */
function dump(db: Database.Database, engine: ProjectionEngine, projection: Projection): Record<string, unknown[]> {
  return Object.fromEntries(
    Object.keys(projection.tables).map((t) => [t, db.prepare(`SELECT * FROM ${engine.table(projection.name, t)} ORDER BY 1, 2`).all()]),
  );
}

describe('projection engine', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let db: Database.Database;
  let engine: ProjectionEngine;

  beforeAll(async () => {
    dir = tempDir();
    store = new SqliteEventStore({ path: join(dir.path, 'events.db'), synchronous: 'NORMAL', pollIntervalMs: 20 });
    await runDemo(new PairtrailApplication({ store, serializer, clock }));
  });
  afterAll(async () => {
    await store.close();
    dir.remove();
  });
  beforeEach(() => {
    db = openReadModelDb(join(dir.path, `readmodels-${Math.random()}.db`));
    engine = new ProjectionEngine({ store, serializer, db, projections: ALL_PROJECTIONS, batchSize: 37 });
  });
  afterEach(async () => {
    await engine.stop();
    db.close();
  });

  it('catches up from the global log in batches, committing the checkpoint with the rows', async () => {
    engine.start();
    await engine.settled();
    const head = (await store.stats()).lastPosition;
    const status = await engine.status();
    expect(status.map((s) => [s.name, s.state, s.checkpoint, s.lag])).toEqual([
      ['audit', 'live', head.toString(), '0'],
      ['documents', 'live', head.toString(), '0'],
    ]);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM ${engine.table('audit', 'rows')}`).get()).toEqual({ n: Number(head) });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM ${engine.table('documents', 'pairs')}`).get()).toEqual({ n: 3 });
  });

  it('follows live appends', async () => {
    engine.start();
    await engine.settled();
    const app = new PairtrailApplication({ store, serializer, clock });
    const pairId = demoId('pairId', 'neuro:formed');
    const result = await app.execute(
      { type: 'ReachMilestone', data: { pairId, description: 'Second peer group', reachedOn: '2026-11-01' } },
      { commandId: 'f0a4a1f0-0000-4000-8000-000000000001', actor: 'system', source: 'cli' },
    );
    expect(await engine.waitFor(result.position, 5000)).toBe(true);
    const reads = new ReadModels(db, engine, store, 'Europe/London', clock);
    expect(reads.pair(pairId).milestones.map((m) => m.description)).toContain('Second peer group');
  });

  it('counts no change while the log is quiet, however often it looks for appends', async () => {
    const changed: string[] = [];
    await engine.stop();
    engine = new ProjectionEngine({ store, serializer, db, projections: ALL_PROJECTIONS, batchSize: 37, onChange: (name) => changed.push(name) });
    engine.start();
    await engine.settled();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = { audit: engine.changes('audit'), documents: engine.changes('documents'), notified: changed.length };
    // The store looks for other processes' appends every 20 ms: ten looks, and nothing new.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect({ audit: engine.changes('audit'), documents: engine.changes('documents'), notified: changed.length }).toEqual(before);
  });

  it('keeps what it read of a pair only until the documents tables change, here or, when not projecting here, elsewhere', async () => {
    engine.start();
    await engine.settled();
    const app = new PairtrailApplication({ store, serializer, clock });
    const reads = new ReadModels(db, engine, store, 'Europe/London', clock);
    const pairId = demoId('pairId', 'vanguard:formed');
    const milestones = async () => reads.view(pairId, await reads.lookBack({}))!.milestones.map((m) => m.description);
    const reach = async (description: string, commandId: string) => {
      const result = await app.execute(
        { type: 'ReachMilestone', data: { pairId, description, reachedOn: '2026-11-02' } },
        { commandId, actor: 'system', source: 'cli' },
      );
      return result.position;
    };
    expect(await milestones()).not.toContain('Kept, then changed');
    expect(engine.changes('documents')).toEqual(expect.any(Number));
    expect(await engine.waitFor(await reach('Kept, then changed', 'f0a4a1f0-0000-4000-8000-000000000002'), 5000)).toBe(true);
    expect(await milestones()).toContain('Kept, then changed');

    // Another process projects: nothing here says the tables changed, so every read asks the database.
    await engine.stop();
    expect(engine.changes('documents')).toBeUndefined();
    const elsewhere = new ProjectionEngine({ store, serializer, db, projections: ALL_PROJECTIONS });
    elsewhere.start();
    expect(await elsewhere.waitFor(await reach('Changed elsewhere', 'f0a4a1f0-0000-4000-8000-000000000003'), 5000)).toBe(true);
    expect(await milestones()).toContain('Changed elsewhere');
    await elsewhere.stop();
  });

  it('gives the same read model when the same events are applied twice', async () => {
    const events = await store.readAll({ maxCount: 10_000 });
    const projected = events.map((recorded) => ({ recorded, event: serializer.deserialize(recorded) }));
    const once = openReadModelDb(':memory:');
    const twice = openReadModelDb(':memory:');
    for (const target of [once, twice]) {
      for (const p of [auditProjection, documentsProjection]) {
        for (const [t, columns] of Object.entries(p.tables)) target.exec(`CREATE TABLE ${physicalTable(p.name, 1, t)} ${columns}`);
      }
    }
    const apply = (target: Database.Database) => {
      for (const p of [auditProjection, documentsProjection])
        target.transaction(() => p.applyBatch({ db: target, table: (t) => physicalTable(p.name, 1, t) }, projected))();
    };
    apply(once);
    apply(twice);
    apply(twice);
    for (const p of [auditProjection, documentsProjection]) {
      for (const t of Object.keys(p.tables)) {
        const sql = `SELECT * FROM ${physicalTable(p.name, 1, t)} ORDER BY 1, 2`;
        expect(twice.prepare(sql).all()).toEqual(once.prepare(sql).all());
      }
    }
    once.close();
    twice.close();
  });

  it('defers re-viewing pairs while catching up, and ends with the read model one batch would give', async () => {
    engine.start();
    await engine.settled();
    const oneBatch = openReadModelDb(join(dir.path, `readmodels-one-${Math.random()}.db`));
    const whole = new ProjectionEngine({ store, serializer, db: oneBatch, projections: ALL_PROJECTIONS, batchSize: 100_000 });
    whole.start();
    await whole.settled();
    expect(dump(db, engine, documentsProjection)).toEqual(dump(oneBatch, whole, documentsProjection));
    expect(dump(db, engine, documentsProjection).pairs).toHaveLength(3);
    expect(dump(db, engine, documentsProjection).dirty_pairs).toEqual([]);
    await whole.stop();
    oneBatch.close();
  });

  it("tells a pair's live case study from its kept view, or from its events while a catch-up has not re-viewed it, as the raw events do", async () => {
    engine.start();
    await engine.settled();
    const caseStudies = new CaseStudies(new PairtrailApplication({ store, serializer, clock }));
    const live = { db, table: (t: string) => engine.table('documents', t) };
    const pairIds = db
      .prepare(`SELECT pair_id FROM ${live.table('pairs')} ORDER BY pair_id`)
      .pluck()
      .all() as string[];
    expect(pairIds).toHaveLength(3);
    for (const pairId of pairIds) expect(caseStudyFromReadModel(live, pairId)).toEqual(await caseStudies.generate(pairId));

    // Pairs viewed half way, the rest of the events applied by a catch-up that has not settled yet.
    const projected = (await store.readAll({ maxCount: 10_000 })).map((recorded) => ({ recorded, event: serializer.deserialize(recorded) }));
    const lagging = openReadModelDb(':memory:');
    const table = (t: string) => physicalTable(documentsProjection.name, 1, t);
    for (const [t, columns] of Object.entries(documentsProjection.tables)) lagging.exec(`CREATE TABLE ${table(t)} ${columns}`);
    const half = Math.floor(projected.length / 2);
    lagging.transaction(() => documentsProjection.applyBatch({ db: lagging, table }, projected.slice(0, half)))();
    lagging.transaction(() => documentsProjection.applyBatch({ db: lagging, table, catchingUp: true }, projected.slice(half)))();
    const behind = lagging
      .prepare(`SELECT p.pair_id FROM ${table('pairs')} p WHERE p.revision + 1 < (SELECT COUNT(*) FROM ${table('pair_events')} e WHERE e.pair_id = p.pair_id)`)
      .pluck()
      .all();
    expect(behind.length).toBeGreaterThan(0);
    for (const pairId of behind as string[]) expect(caseStudyFromReadModel({ db: lagging, table }, pairId)).toEqual(await caseStudies.generate(pairId));
    lagging.close();
  });

  it("answers today's figures from the basis in a pair's row as a fold of its events would, and folds when the basis will not do", async () => {
    engine.start();
    await engine.settled();
    const readsOn = (today: string) => new ReadModels(db, engine, store, 'Europe/London', () => new Date(`${today}T12:00:00Z`));
    // Today, after every fact, and a day in the middle of the programme, before some.
    for (const today of ['2026-11-22', '2026-01-15']) {
      const reads = readsOn(today);
      const now = { asOf: null, position: null, today };
      const asOf = { asOf: today, position: null, today };
      expect(reads.pairEvaluations(now)).toHaveLength(3);
      expect(reads.pairEvaluations(now)).toEqual(reads.pairEvaluations(asOf));
      expect(reads.monthly({ from: '2025-01', to: '2026-12' }, now).months).toEqual(reads.monthly({ from: '2025-01', to: '2026-12' }, asOf).months);
      expect(reads.funnel({}, now).stages).toEqual(reads.funnel({}, asOf).stages);
      expect(reads.relationship({ from: '2025-01', to: '2026-12' }, now).months).toEqual(reads.relationship({ from: '2025-01', to: '2026-12' }, asOf).months);
    }

    // The basis is what answers: a change made to it by hand shows in today's figures...
    const pairs = engine.table('documents', 'pairs');
    const pairId = demoId('pairId', 'cardiac:formed');
    const meetingsToday = (today: string) => readsOn(today).pairEvaluation(pairId, { asOf: null, position: null, today }).meetingsHeld;
    const firstMeetings = () =>
      readsOn('2026-11-22')
        .funnel({}, { asOf: null, position: null, today: '2026-11-22' })
        .stages.find((s) => s.stage === 'firstMeeting');
    expect(firstMeetings()).toEqual({ stage: 'firstMeeting', pairs: 3 });
    db.prepare(`UPDATE ${pairs} SET basis = json_set(basis, '$.figures.figures.meetingsHeld', 0, '$.activity.months', json('{}')) WHERE pair_id = ?`).run(
      pairId,
    );
    expect(meetingsToday('2026-11-22')).toBe(0);
    expect(firstMeetings()).toEqual({ stage: 'firstMeeting', pairs: 2 });
    // ...and neither it nor its date is part of the pair's own view.
    expect(readsOn('2026-11-22').pair(pairId)).not.toHaveProperty('latestOn');
    expect(readsOn('2026-11-22').pair(pairId)).not.toHaveProperty('basis');
    // But not on a day before one of its facts, nor when it has not re-viewed every event of the pair...
    expect(meetingsToday('2026-01-15')).toBeGreaterThan(0);
    // (as a catch-up leaves a row: one event behind the pair's events kept)
    const events = engine.table('documents', 'pair_events');
    const behind = db.prepare(
      `UPDATE ${pairs} SET revision = revision - 1, position = (SELECT position FROM ${events} WHERE pair_id = ? ORDER BY position DESC LIMIT 1 OFFSET 1) WHERE pair_id = ?`,
    );
    behind.run(pairId, pairId);
    expect(meetingsToday('2026-11-22')).toBe(11);
    db.prepare(`UPDATE ${pairs} SET position = (SELECT MAX(position) FROM ${events} WHERE pair_id = ?) WHERE pair_id = ?`).run(pairId, pairId);
    expect(meetingsToday('2026-11-22')).toBe(0);
    // ...nor when it was written before it kept the partners' scores (a row of documents version 8, read
    // while an upgrade rebuilds them): the pair is folded, and its scores are told.
    db.prepare(`UPDATE ${pairs} SET basis = json_remove(basis, '$.activity.scores') WHERE pair_id = ?`).run(pairId);
    expect(meetingsToday('2026-11-22')).toBe(11);
    const march = readsOn('2026-11-22').relationship({ from: '2026-03', to: '2026-03' }, { asOf: null, position: null, today: '2026-11-22' }).months[0];
    expect(march).toMatchObject({ partners: 6, meanScore: 21 / 6 });
    // Tables written before rows kept it, as while an upgrade rebuilds them, answer from the pair's
    // document and lists (here with its meetings taken away by hand)...
    db.exec(`ALTER TABLE ${pairs} DROP COLUMN basis`);
    expect(meetingsToday('2026-11-22')).toBe(11);
    db.prepare(`DELETE FROM ${engine.table('documents', 'pair_items')} WHERE pair_id = ? AND list = 'meetings'`).run(pairId);
    expect(meetingsToday('2026-11-22')).toBe(0);
    // ...and, from before the document said the date of its latest fact, by a fold.
    db.prepare(`UPDATE ${pairs} SET doc = json_remove(doc, '$.latestOn') WHERE pair_id = ?`).run(pairId);
    expect(meetingsToday('2026-11-22')).toBe(11);
  });

  it("answers a pair's figures with each request's own look-back, though looks that see the same give one kept answer", async () => {
    engine.start();
    await engine.settled();
    const reads = new ReadModels(db, engine, store, 'Europe/London', () => new Date('2026-11-22T12:00:00Z'));
    const pairId = demoId('pairId', 'cardiac:formed');
    const today = { asOf: null, position: null, today: '2026-11-22' };
    const first = reads.pairEvaluation(pairId, today);
    expect(first).toMatchObject({ pairId, asOf: null, position: null });
    // What one caller does with its answer is no other's business.
    (first as { meetingsHeld: number }).meetingsHeld = -1;
    const asOfToday = reads.pairEvaluation(pairId, { ...today, asOf: '2026-11-22' });
    expect(asOfToday).toMatchObject({ pairId, asOf: '2026-11-22', position: null });
    expect(asOfToday.meetingsHeld).toBeGreaterThan(0);
    expect(reads.pairEvaluation(pairId, today)).toEqual({ ...asOfToday, asOf: null });
    // The look-back's fields come last, as in a CSV's columns.
    expect(Object.keys(asOfToday).slice(0, 1)).toEqual(['pairId']);
    expect(Object.keys(asOfToday).slice(-2)).toEqual(['asOf', 'position']);
  });

  it('re-views a pair live from its last state and the new events alone, ending as a rebuild from the whole log would', async () => {
    engine.start();
    await engine.settled();
    const app = new PairtrailApplication({ store, serializer, clock });
    const pairId = demoId('pairId', 'neuro:formed');
    const run = (n: number, type: string, data: Record<string, unknown>) =>
      app.execute({ type, data: { pairId, ...data } } as never, { commandId: `f0a4a1f0-0000-4000-8000-00000000010${n}`, actor: 'system', source: 'cli' });
    const first = await run(1, 'ReachMilestone', { description: 'Live one', reachedOn: '2026-11-03' });
    expect(await engine.waitFor(first.position, 5000)).toBe(true);
    const second = await run(2, 'ReachMilestone', { description: 'Live two', reachedOn: '2026-11-04' });
    expect(await engine.waitFor(second.position, 5000)).toBe(true);
    const fixed = await run(3, 'CorrectEntry', {
      targetEventId: first.outcome.events[0]!.eventId,
      reason: 'typo',
      replacement: { description: 'Live one, corrected' },
    });
    expect(await engine.waitFor(fixed.position, 5000)).toBe(true);
    const third = await run(4, 'ReachMilestone', { description: 'Live three', reachedOn: '2026-11-05' });
    expect(await engine.waitFor(third.position, 5000)).toBe(true);

    const fresh = openReadModelDb(join(dir.path, `readmodels-fresh-${Math.random()}.db`));
    const rebuilt = new ProjectionEngine({ store, serializer, db: fresh, projections: [documentsProjection], batchSize: 100_000 });
    rebuilt.start();
    await rebuilt.settled();
    expect(dump(db, engine, documentsProjection)).toEqual(dump(fresh, rebuilt, documentsProjection));
    const { doc } = readPairDocument({ db, table: (t) => engine.table('documents', t) }, pairId)!;
    expect(doc.milestones.map((m: { description: string }) => m.description)).toEqual(
      expect.arrayContaining(['Live one, corrected', 'Live two', 'Live three']),
    );
    await rebuilt.stop();
    fresh.close();
  });

  it('re-views a pair from its table when the batch that last re-viewed it was rolled back', async () => {
    const projected = (await store.readAll({ maxCount: 10_000 })).map((recorded) => ({ recorded, event: serializer.deserialize(recorded) }));
    const target = openReadModelDb(':memory:');
    const table = (t: string) => physicalTable(documentsProjection.name, 1, t);
    for (const [t, columns] of Object.entries(documentsProjection.tables)) target.exec(`CREATE TABLE ${table(t)} ${columns}`);
    const apply = (events: typeof projected) => target.transaction(() => documentsProjection.applyBatch({ db: target, table }, events))();
    const lastPair = projected
      .map((e) => e.recorded.stream)
      .filter((stream) => stream.startsWith('pair-'))
      .pop()!;
    const ofPair = projected.flatMap((e, i) => (e.recorded.stream === lastPair ? [i] : []));
    const cut = ofPair[ofPair.length - 2]!;
    apply(projected.slice(0, cut));
    // A batch that re-views the pair, then fails: its rows are rolled back.
    expect(() =>
      target.transaction(() => {
        documentsProjection.applyBatch({ db: target, table }, projected.slice(cut, cut + 1));
        throw new Error('the batch fails after re-viewing');
      })(),
    ).toThrow('the batch fails');
    apply(projected.slice(cut));
    const whole = openReadModelDb(':memory:');
    for (const [t, columns] of Object.entries(documentsProjection.tables)) whole.exec(`CREATE TABLE ${table(t)} ${columns}`);
    whole.transaction(() => documentsProjection.applyBatch({ db: whole, table }, projected))();
    const rows = (d: Database.Database) => d.prepare(`SELECT pair_id, doc, revision FROM ${table('pairs')} ORDER BY pair_id`).all();
    expect(rows(target)).toEqual(rows(whole));
    target.close();
    whole.close();
  });

  it('writes only the list items a live batch adds or changes, drops those a retraction takes away, and reads the pair back whole', async () => {
    const app = new PairtrailApplication({ store, serializer, clock });
    const pairId = demoId('pairId', 'neuro:formed');
    const [formed] = await store.readStream(`pair-${pairId}`, { maxCount: 1 });
    const lep = (formed!.data as { livedExperiencePartnerId: string }).livedExperiencePartnerId;
    let n = 0;
    const run = (type: string, data: Record<string, unknown>) =>
      app.execute({ type, data: { pairId, ...data } } as never, {
        commandId: `f0a4a1f0-0000-4000-8000-0000000002${String(n++).padStart(2, '0')}`,
        actor: 'system',
        source: 'cli',
      });
    const meeting = (notes: string) => ({
      heldOn: '2026-11-10',
      durationMinutes: 30,
      format: 'video',
      attendeeIds: [lep],
      topics: ['t'],
      notes,
      approaches: [],
    });
    // More meetings than a row holds, so the pair's meetings take more than one row.
    for (let i = 0; i < 17; i++) await run('RecordMeeting', meeting(`earlier ${i}`));
    const before = (await store.stats()).lastPosition;
    await run('RecordMeeting', meeting('to keep'));
    const retracted = await run('RecordMeeting', meeting('to retract'));
    await run('RetractEntry', { targetEventId: retracted.outcome.events[0]!.eventId, reason: 'recorded twice' });
    await run('RecordMeeting', meeting('last'));

    const projected = (await store.readAll({ maxCount: 10_000 })).map((recorded) => ({ recorded, event: serializer.deserialize(recorded) }));
    const fresh = () => {
      const target = openReadModelDb(':memory:');
      for (const [t, columns] of Object.entries(documentsProjection.tables)) target.exec(`CREATE TABLE ${table(t)} ${columns}`);
      return target;
    };
    const table = (t: string) => physicalTable(documentsProjection.name, 1, t);
    const live = fresh();
    const changesOf = (events: typeof projected) => {
      const changes = () => live.prepare('SELECT total_changes()').pluck().get() as number;
      const start = changes();
      live.transaction(() => documentsProjection.applyBatch({ db: live, table }, events))();
      return changes() - start;
    };
    const cut = projected.findIndex((e) => e.recorded.position > before);
    changesOf(projected.slice(0, cut));
    const items = () =>
      live
        .prepare(`SELECT SUM(json_array_length(items)) FROM ${table('pair_items')} WHERE pair_id = ?`)
        .pluck()
        .get(pairId) as number;
    const itemsBefore = items();
    expect(itemsBefore).toBeGreaterThan(17);
    expect(
      live
        .prepare(`SELECT COUNT(*) FROM ${table('pair_items')} WHERE pair_id = ? AND list = 'meetings'`)
        .pluck()
        .get(pairId),
    ).toBeGreaterThan(1);
    // A new meeting: its event, its chunk of meetings and the pair's row; no other chunk is written again.
    expect(changesOf(projected.slice(cut, cut + 1))).toBe(3);
    expect(changesOf(projected.slice(cut + 1, cut + 2))).toBe(3);
    // A retraction re-views the whole pair: the meeting it took away is gone from the rows.
    changesOf(projected.slice(cut + 2, cut + 3));
    expect(items()).toBe(itemsBefore + 1);
    expect(changesOf(projected.slice(cut + 3))).toBe(3);

    const whole = fresh();
    whole.transaction(() => documentsProjection.applyBatch({ db: whole, table }, projected))();
    const rows = (d: Database.Database) => ({
      pairs: d.prepare(`SELECT pair_id, doc, revision FROM ${table('pairs')} ORDER BY pair_id`).all(),
      items: d.prepare(`SELECT * FROM ${table('pair_items')} ORDER BY pair_id, list, chunk`).all(),
    });
    expect(rows(live)).toEqual(rows(whole));
    // Read back whole, the document is the pair's view (without its facts) with the date of its latest fact.
    const { facts, ...view } = pairView(foldPair(pairEvents({ db: live, table }, pairId)));
    const read = readPairDocument({ db: live, table }, pairId)!.doc;
    expect(read).toEqual({ ...view, latestOn: expect.any(String) });
    expect(Object.keys(read)).toEqual([...Object.keys(view), 'latestOn']);
    expect(read.meetings.map((m) => m.notes).slice(-2)).toEqual(['to keep', 'last']);
    expect(facts.length).toBeGreaterThan(read.meetings.length);
    live.close();
    whole.close();
  });

  it('gives the event loop a turn between the batches of a catch-up', async () => {
    const small = new ProjectionEngine({ store, serializer, db, projections: [auditProjection], batchSize: 5 });
    const checkpoint = db.prepare("SELECT position FROM projection_checkpoints WHERE name = 'audit'").pluck();
    const seen = new Set<number>();
    let sampling = true;
    const sample = () => {
      seen.add((checkpoint.get() as number | undefined) ?? 0);
      if (sampling) setImmediate(sample);
    };
    small.start();
    sample();
    await small.settled();
    sampling = false;
    await new Promise((r) => setImmediate(r));
    const head = Number((await store.stats()).lastPosition);
    // Turns of the loop came while the catch-up was under way, not only before and after it.
    expect([...seen].filter((p) => p > 0 && p < head).length).toBeGreaterThan(3);
    await small.stop();
  });

  it('never decrypts for a projection that reads no personal fields', async () => {
    const sealedOnly = new EventSerializer({
      encode: (_stream, _type, data) => data,
      decode: () => {
        throw new Error('decrypted');
      },
    });
    const audit = new ProjectionEngine({ store, serializer: sealedOnly, db, projections: [auditProjection], batchSize: 50 });
    audit.start();
    await audit.settled();
    const [status] = await audit.status();
    expect(status).toMatchObject({ name: 'audit', state: 'live', lastError: null });
    expect(
      db
        .prepare(`SELECT COUNT(*) FROM ${audit.table('audit', 'rows')}`)
        .pluck()
        .get(),
    ).toBe(Number((await store.stats()).lastPosition));
    await audit.stop();
  });

  it('rebuilds into fresh tables, swaps them in, and ends identical to the live projection', async () => {
    engine.start();
    await engine.settled();
    const before = Object.fromEntries(ALL_PROJECTIONS.map((p) => [p.name, dump(db, engine, p)]));
    const oldTable = engine.table('documents', 'pairs');
    expect(engine.rebuild()).toEqual(['audit', 'documents']);
    await new Promise((r) => setTimeout(r, 20));
    await engine.settled();
    expect(engine.table('documents', 'pairs')).not.toBe(oldTable);
    for (const p of ALL_PROJECTIONS) expect(dump(db, engine, p)).toEqual(before[p.name]);
    expect(db.prepare('SELECT name FROM sqlite_master WHERE name = ?').get(oldTable)).toBeUndefined();
  });

  it("writes a catch-up's rows unindexed, and makes the indexes once it has caught up: a rebuild's before it is swapped in", async () => {
    const indexesOf = (table: string) =>
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name").pluck().all(table);
    const seen: { catchingUp: boolean; indexes: number }[] = [];
    const watching: Projection = {
      ...auditProjection,
      name: 'watching',
      applyBatch(context, events) {
        seen.push({ catchingUp: context.catchingUp === true, indexes: indexesOf(context.table('rows')).length });
        auditProjection.applyBatch(context, events);
      },
    };
    const indexes = auditProjection.indexes!.length;
    const small = new ProjectionEngine({ store, serializer, db, projections: [watching], batchSize: 20 });
    small.start();
    await small.settled();
    expect(seen.filter((s) => s.catchingUp).length).toBeGreaterThan(3);
    expect(seen.filter((s) => s.indexes > 0)).toEqual([]);
    expect(indexesOf(small.table('watching', 'rows'))).toHaveLength(indexes);

    seen.length = 0;
    const served = small.table('watching', 'rows');
    small.rebuild();
    await new Promise((r) => setTimeout(r, 20));
    await small.settled();
    expect(small.table('watching', 'rows')).not.toBe(served);
    expect(seen.filter((s) => s.catchingUp).length).toBeGreaterThan(3);
    expect(seen.filter((s) => s.indexes > 0)).toEqual([]);
    expect(indexesOf(small.table('watching', 'rows'))).toHaveLength(indexes);

    // A live batch finds them.
    seen.length = 0;
    const app = new PairtrailApplication({ store, serializer, clock });
    const result = await app.execute(
      { type: 'ReachMilestone', data: { pairId: demoId('pairId', 'neuro:formed'), description: 'Indexed', reachedOn: '2026-11-02' } },
      { commandId: 'f0a4a1f0-0000-4000-8000-000000000031', actor: 'system', source: 'cli' },
    );
    expect(await small.waitFor(result.position, 5000)).toBe(true);
    expect(seen).toEqual([{ catchingUp: false, indexes }]);
    await small.stop();
  });

  it('rebuilds a projection whose version was bumped, and reads keep working meanwhile', async () => {
    engine.start();
    await engine.settled();
    await engine.stop();
    const bumped = { ...documentsProjection, version: documentsProjection.version + 1 };
    const next = new ProjectionEngine({ store, serializer, db, projections: [auditProjection, bumped], batchSize: 5 });
    const servedDuring = next.table('documents', 'pairs');
    expect(db.prepare(`SELECT COUNT(*) AS n FROM ${servedDuring}`).get()).toEqual({ n: 3 });
    next.start();
    await next.settled();
    const status = (await next.status()).find((s) => s.name === 'documents')!;
    expect(status).toMatchObject({ version: documentsProjection.version + 1, state: 'live', rebuilding: null });
    expect(next.table('documents', 'pairs')).not.toBe(servedDuring);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM ${next.table('documents', 'pairs')}`).get()).toEqual({ n: 3 });
    await next.stop();
  });

  /** A projection that fails on events of a type while `failing.on` names it. */
  const fragileOn = (failing: { on?: string }): Projection => ({
    name: 'fragile',
    version: 1,
    tables: { seen: '(position INTEGER PRIMARY KEY, type TEXT)' },
    applyBatch({ db: d, table }, events) {
      for (const { recorded } of events) {
        if (recorded.type === failing.on) throw new Error(`cannot project ${recorded.type}`);
        d.prepare(`INSERT INTO ${table('seen')} VALUES (?, ?)`).run(recorded.position, recorded.type);
      }
    },
  });

  it('tries a failed projection again by itself, so a failure that mends (a full disk freed) needs no restart', async () => {
    const failing: { on?: string } = { on: 'MeetingHeld' };
    const engine = new ProjectionEngine({ store, serializer, db, projections: [fragileOn(failing)], retryAfterMs: 100 });
    engine.start();
    await engine.settled();
    expect((await engine.status())[0]).toMatchObject({ state: 'failed', lastError: { message: 'cannot project MeetingHeld' } });
    // Still failing: tried again, and reported again, a little less often each time.
    await new Promise((r) => setTimeout(r, 400));
    expect((await engine.status())[0]).toMatchObject({ state: 'failed', lastError: { message: 'cannot project MeetingHeld' } });
    failing.on = undefined;
    const head = (await store.stats()).lastPosition;
    expect(await pollUntil(() => engine.position() === head, 5000, 20)).toBe(true);
    await engine.settled();
    expect((await engine.status())[0]).toMatchObject({ state: 'live', lag: '0', lastError: null });
    await engine.stop();
  });

  it('stops only the projection that fails on an event, reports it, and retries on restart', async () => {
    const failing: { on?: string } = { on: 'MeetingHeld' };
    const fragile = fragileOn(failing);
    const withFragile = new ProjectionEngine({ store, serializer, db, projections: [auditProjection, fragile] });
    withFragile.start();
    await withFragile.settled();
    const [audit, broken] = await withFragile.status();
    const firstMeeting = (await store.readAll({ maxCount: 10_000 })).find((e) => e.type === 'MeetingHeld')!;
    expect(audit).toMatchObject({ state: 'live', lag: '0' });
    expect(broken).toMatchObject({ state: 'failed', checkpoint: (firstMeeting.position - 1n).toString() });
    expect(broken!.lastError).toEqual({ message: 'cannot project MeetingHeld', position: firstMeeting.position.toString(), eventId: firstMeeting.eventId });
    await withFragile.stop();
    failing.on = undefined;
    const restarted = new ProjectionEngine({ store, serializer, db, projections: [auditProjection, fragile] });
    restarted.start();
    await restarted.settled();
    expect((await restarted.status())[1]).toMatchObject({ state: 'live', lag: '0', lastError: null });
    await restarted.stop();
  });
});

describe('projection engine, live, handed a burst', () => {
  it('says live only when nothing is left for settling: never while pairs wait to be re-viewed', async () => {
    const dir = tempDir();
    const store = new SqliteEventStore({ path: join(dir.path, 'events.db'), synchronous: 'NORMAL', pollIntervalMs: 20 });
    const db = openReadModelDb(join(dir.path, 'readmodels.db'));
    // As a projection stands after each batch: what its checkpoint row says, and how many pairs wait.
    const seen: { state: string; waiting: number }[] = [];
    const engine = new ProjectionEngine({
      store,
      serializer,
      db,
      projections: [documentsProjection],
      // Every batch is full: each says more may be waiting, so the documents defer re-viewing its pairs.
      batchSize: 1,
      onBatch: () => {
        const { state } = db.prepare("SELECT state FROM projection_checkpoints WHERE name = 'documents'").get() as { state: string };
        const { waiting } = db.prepare(`SELECT COUNT(*) AS waiting FROM ${engine.table('documents', 'dirty_pairs')}`).get() as { waiting: number };
        seen.push({ state, waiting });
      },
    });
    try {
      engine.start();
      await engine.settled();
      expect((await engine.status())[0]!.state).toBe('live');
      // The log arrives while the projection is live, some of it in pages of more than one event.
      await runDemo(new PairtrailApplication({ store, serializer, clock }));
      await engine.settled();
      expect(seen.filter((s) => s.waiting > 0).length).toBeGreaterThan(0);
      expect(seen.filter((s) => s.waiting > 0 && s.state === 'live')).toEqual([]);
      expect(db.prepare(`SELECT COUNT(*) AS n FROM ${engine.table('documents', 'pairs')}`).get()).toEqual({ n: 3 });
      expect(db.prepare(`SELECT COUNT(*) AS n FROM ${engine.table('documents', 'dirty_pairs')}`).get()).toEqual({ n: 0 });
    } finally {
      await engine.stop();
      db.close();
      await store.close();
      dir.remove();
    }
  });
});
