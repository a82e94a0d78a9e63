import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { CaseStudies, PairtrailApplication, seededRandom, type AppCommand } from '@pairtrail/application';
import {
  APPROACHES,
  MEETING_FORMATS,
  OUTCOME_CATEGORIES,
  PairtrailError,
  SPREAD_LEVELS,
  addDays,
  fold,
  pairDecider,
  pairView,
  type PairEvent,
  type StoredEvent,
} from '@pairtrail/domain';
import { toldOf } from '@pairtrail/case-studies';
import { EsdbEventStore, EventSerializer, SqliteEventStore, deriveId, type EventStore, type RecordedEvent } from '@pairtrail/event-store';
import { EsdbEmulator, tempDir } from '@pairtrail/testing';
import { ALL_PROJECTIONS } from '../index';
import type { ProjectionContext } from '../engine/projection';
import { ProjectionEngine } from '../engine/projection-engine';
import { openReadModelDb } from '../engine/read-model-db';
import { cohortFigures, funnel, monthlySeries, pairActivity, pairFigures, serviceAreaFigures, type PairFigures } from '../evaluation/evaluation';
import { caseStudyFromReadModel, documentsProjection } from './documents.projection';
import { ReadModels, type LookBack } from './read-models';

/**
 * A programme of random work, corrections and retractions recorded day by day, with the projections
 * following it live in small batches: every figure the read models give (today's from the basis kept in
 * a pair's row, a date's and a position's from the pairs' kept events, through their caches) must be
 * what folding the log's own events up to that position gives, and a rebuild from the log must give
 * the same tables and the same figures.
 */
const serializer = new EventSerializer();
const SERVICE_AREAS = ['cardiac', 'stroke', 'maternity'];
const START = '2025-01-06';

interface Pair {
  id: string;
  cohortId: string;
  partners: [string, string];
  facts: { eventId: string; type: string }[];
  actions: string[];
  concluded: boolean;
}

/** Records a random programme of `days` days; returns how many commands the deciders took and refused. */
async function recordProgramme(
  app: PairtrailApplication,
  setToday: (day: string) => void,
  seed: number,
  days: number,
  onDay: (pairs: Pair[], day: number) => Promise<void>,
) {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  let count = 0;
  const tally = { taken: 0, refused: 0 };
  const run = async (command: AppCommand) => {
    count += 1;
    try {
      const result = await app.execute(command, { commandId: deriveId('random-programme', String(seed), String(count)), actor: 'system', source: 'cli' });
      tally.taken += 1;
      return result;
    } catch (error) {
      // A rule the random work broke (a meeting before the pair formed, an action completed twice…).
      if (!(error instanceof PairtrailError)) throw error;
      tally.refused += 1;
      return undefined;
    }
  };
  setToday(START);
  const cohorts = [];
  for (const name of ['North', 'South']) cohorts.push((await run({ type: 'OpenCohort', data: { name, startsOn: '2025-01-01' } }))!.id);
  const people = async (perspective: 'lived-experience' | 'professional', n: number) => {
    const ids = [];
    for (let i = 0; i < n; i++) {
      const { id } = (await run({
        type: 'RegisterParticipant',
        data: { name: `${perspective} ${i}`, perspective, role: 'member', organisation: `Org ${i}`, organisationType: 'other', registeredOn: '2025-01-01' },
      }))!;
      for (const [scope, likely] of [
        ['participation', 1],
        ['case-study', 0.8],
        ['named', 0.5],
        ['quotes', 0.5],
      ] as const) {
        if (rnd() < likely) await run({ type: 'GiveConsent', data: { participantId: id, scope, evidence: 'form', on: '2025-01-01' } });
      }
      ids.push(id);
    }
    return ids;
  };
  const leps = await people('lived-experience', 8);
  const pros = await people('professional', 8);
  const pairs: Pair[] = [];
  for (let day = 0; day < days; day++) {
    const today = addDays(START, day);
    setToday(today);
    const back = (most: number) => addDays(today, -Math.floor(rnd() * most));
    // Now and then, a fact dated tomorrow (allowed for time zones): a pair's basis then will not do for today.
    const on = () => (rnd() < 0.03 ? addDays(today, 1) : back(5));
    if (pairs.length < leps.length && rnd() < 0.12) {
      const i = pairs.length;
      const cohortId = cohorts[i % 2]!;
      const formed = await run({
        type: 'FormPair',
        data: {
          cohortId,
          livedExperiencePartnerId: leps[i]!,
          professionalPartnerId: pros[i]!,
          formedOn: back(10),
          focus: `Focus ${i}`,
          serviceArea: pick(SERVICE_AREAS),
        },
      });
      if (formed) {
        await run({
          type: 'DefineInitiative',
          data: { pairId: formed.id, title: `Initiative ${i}`, aim: 'a', context: 'c', successMeasures: ['m'], on: today },
        });
        pairs.push({
          id: formed.id,
          cohortId,
          partners: [leps[i]!, pros[i]!],
          facts: [{ eventId: formed.outcome.events[0]!.eventId, type: 'PairFormed' }],
          actions: [],
          concluded: false,
        });
      }
    }
    // What people consent to changes now and then, for every pair or one, and so do their details: each
    // case study told from the read models must follow.
    for (const person of [...leps, ...pros]) {
      const roll = rnd();
      if (roll < 0.015) {
        const scope = pick(['case-study', 'named', 'quotes'] as const);
        const pairId = rnd() < 0.3 ? pairs.find((p) => p.partners.includes(person))?.id : undefined;
        await run(
          rnd() < 0.6
            ? { type: 'GiveConsent', data: { participantId: person, scope, evidence: 'form', on: today, ...(pairId ? { pairId } : {}) } }
            : { type: 'WithdrawConsent', data: { participantId: person, scope, reason: 'r', on: today, ...(pairId ? { pairId } : {}) } },
        );
      } else if (roll < 0.017) {
        await run({ type: 'CorrectParticipantDetails', data: { participantId: person, name: `Renamed ${day}`, role: `role ${day}`, reason: 'r' } });
      }
    }
    for (const [i, pair] of pairs.entries()) {
      // Halfway through the day's work too: figures asked for twice in a day, with work recorded between.
      if (i === 4) await onDay(pairs, day);
      if (rnd() > 0.3) continue;
      const pairId = pair.id;
      const roll = rnd();
      // A concluded pair takes only corrections and retractions.
      if (pair.concluded && (roll < 0.76 || roll >= 0.9)) continue;
      let command: AppCommand;
      if (roll < 0.28) {
        command = {
          type: 'RecordMeeting',
          data: {
            pairId,
            heldOn: on(),
            durationMinutes: 15 + Math.floor(rnd() * 120),
            format: pick(MEETING_FORMATS),
            attendeeIds: rnd() < 0.8 ? [...pair.partners] : [pick(pair.partners)],
            topics: ['t'],
            notes: 'n',
            approaches: APPROACHES.filter(() => rnd() < 0.3),
          },
        };
      } else if (roll < 0.4) {
        command = {
          type: 'AgreeAction',
          data: { pairId, description: 'a', ownerId: pick(pair.partners), agreedOn: back(3), dueOn: addDays(today, Math.floor(rnd() * 40) - 5) },
        };
      } else if (roll < 0.5 && pair.actions.length) {
        command = { type: 'CompleteAction', data: { pairId, actionId: pick(pair.actions), completedOn: on() } };
      } else if (roll < 0.54 && pair.actions.length) {
        command = { type: 'DropAction', data: { pairId, actionId: pick(pair.actions), reason: 'r', droppedOn: back(3) } };
      } else if (roll < 0.58) {
        command = { type: 'ReachMilestone', data: { pairId, description: 'm', reachedOn: on() } };
      } else if (roll < 0.66) {
        command = {
          type: 'RecordOutcome',
          data: { pairId, category: pick(OUTCOME_CATEGORIES), description: 'o', spread: pick(SPREAD_LEVELS), recordedOn: on() },
        };
      } else if (roll < 0.76) {
        command = {
          type: 'RecordReflection',
          data: {
            pairId,
            participantId: pick(pair.partners),
            recordedOn: on(),
            relationshipScore: 1 + Math.floor(rnd() * 5),
            text: `Reflection of ${today}`,
            quotable: rnd() < 0.5,
          },
        };
      } else if (roll < 0.86) {
        const target = pick(pair.facts);
        const replacement: Record<string, unknown> | undefined = {
          PairFormed: rnd() < 0.5 ? { serviceArea: pick(SERVICE_AREAS) } : { formedOn: back(30) },
          MeetingHeld: rnd() < 0.5 ? { heldOn: back(20) } : { durationMinutes: 1 + Math.floor(rnd() * 200) },
          ReflectionRecorded: { relationshipScore: 1 + Math.floor(rnd() * 5) },
          OutcomeRecorded: { category: pick(OUTCOME_CATEGORIES) },
          ActionAgreed: { dueOn: addDays(today, Math.floor(rnd() * 20) - 10) },
          ActionCompleted: { completedOn: back(10) },
        }[target.type];
        if (!replacement) continue;
        command = { type: 'CorrectEntry', data: { pairId, targetEventId: target.eventId, reason: 'c', replacement } };
      } else if (roll < 0.9) {
        command = { type: 'RetractEntry', data: { pairId, targetEventId: pick(pair.facts).eventId, reason: 'r' } };
      } else if (roll < 0.93) {
        command = { type: 'PausePair', data: { pairId, reason: 'p', on: back(2) } };
      } else if (roll < 0.98) {
        command = { type: 'ResumePair', data: { pairId, on: today } };
      } else if (roll < 0.99 && day > days / 2) {
        command = { type: 'ConcludePair', data: { pairId, summary: 's', concludedOn: today } };
      } else continue;
      const result = await run(command);
      for (const event of result?.outcome.events ?? []) {
        if (event.type !== 'EntryCorrected' && event.type !== 'EntryRetracted') pair.facts.push({ eventId: event.eventId, type: event.type });
        if (event.type === 'ActionAgreed') pair.actions.push(result!.id);
        if (event.type === 'PairConcluded') pair.concluded = true;
      }
    }
    await onDay(pairs, day);
  }
  return { ...tally, pairs };
}

const foldOf = (events: RecordedEvent[]) =>
  fold(
    pairDecider,
    events.map((e) => serializer.deserialize(e) as StoredEvent<PairEvent>),
  );

/** Every figure as a fold of each pair's own events up to the look's position gives it, as of the look's day. */
function figuresFromTheLog(streams: Map<string, RecordedEvent[]>, look: LookBack, order: string[], cohorts: { cohortId: string; name: string }[]) {
  const views = order.flatMap((pairId) => {
    const events = streams.get(pairId)!.filter((e) => look.position === null || e.position <= BigInt(look.position));
    const state = foldOf(events);
    const view = state.exists ? pairView(state, { asOf: look.today }) : undefined;
    return view ? [view] : [];
  });
  const pairs: PairFigures[] = views.map((view) => pairFigures(view, look.today));
  const activities = views.map((view) => pairActivity(view));
  return {
    pairs,
    cohorts: cohorts.map((cohort) => ({
      ...cohortFigures(
        cohort,
        pairs.filter((p, i) => views[i]!.cohortId === cohort.cohortId),
      ),
      asOf: look.asOf,
      position: look.position,
    })),
    serviceAreas: serviceAreaFigures(pairs),
    monthly: monthlySeries(activities, '2024-12', '2026-02'),
    funnel: funnel(activities),
  };
}

function figuresOfTheReadModels(reads: ReadModels, look: LookBack) {
  return {
    pairs: reads.pairEvaluations(look),
    cohorts: reads.cohortEvaluations(look),
    serviceAreas: reads.serviceAreas(look).items,
    monthly: reads.monthly({ from: '2024-12', to: '2026-02' }, look).months,
    funnel: reads.funnel({}, look).stages,
  };
}

/** Every row of the documents tables, in a stable order. */
function documents(db: Database.Database, engine: ProjectionEngine): Record<string, unknown[]> {
  return Object.fromEntries(
    Object.keys(documentsProjection.tables).map((t) => [t, db.prepare(`SELECT * FROM ${engine.table('documents', t)} ORDER BY 1, 2`).all()]),
  );
}

/** Each store a programme is recorded in, and the seeds of the programmes it gets. */
const STORES: [string, number[], (dir: string) => Promise<{ store: EventStore; close: () => Promise<void> }>][] = [
  [
    'the embedded store',
    [1, 2, 3],
    async (dir) => {
      const store = new SqliteEventStore({ path: join(dir, 'events.db'), synchronous: 'NORMAL', pollIntervalMs: 5 });
      return { store, close: () => store.close() };
    },
  ],
  [
    // A subscription over the network delivers the log in bursts, and positions with gaps.
    'EventStoreDB (the wire emulator)',
    [4],
    async () => {
      const emulator = await EsdbEmulator.start({ batchAppend: true });
      const store = new EsdbEventStore({ connectionString: emulator.connectionString, resubscribe: { firstDelayMs: 20 } });
      return {
        store,
        close: async () => {
          await store.close();
          await emulator.close();
        },
      };
    },
  ],
];

describe.each(STORES)('the read models of a random programme, on %s', (_name, seeds, open) => {
  it.each(seeds)(
    'give every figure a fold of the log gives, live and rebuilt (seed %i)',
    async (seed) => {
      const dir = tempDir();
      const { store, close } = await open(dir.path);
      let now = new Date(`${START}T10:00:00Z`);
      const clock = () => now;
      const app = new PairtrailApplication({ store, serializer, clock });
      const live = openReadModelDb(join(dir.path, 'live.db'));
      // Small batches while the programme is recorded: pairs are re-viewed live, from the states kept.
      const engine = new ProjectionEngine({ store, serializer, db: live, projections: ALL_PROJECTIONS, batchSize: 7 });
      engine.start();
      const rebuilt = openReadModelDb(join(dir.path, 'rebuilt.db'));
      const rebuilding = new ProjectionEngine({ store, serializer, db: rebuilt, projections: ALL_PROJECTIONS, batchSize: 500 });
      try {
        const liveReads = new ReadModels(live, engine, store, 'Europe/London', clock);
        const liveDocuments = { db: live, table: (t: string) => engine.table('documents', t) };
        let pairs: Pair[] = [];
        /** The read models' figures for a look, against a fold of the log as it now stands. */
        const caseStudies = new CaseStudies(app);
        const compare = async (name: string, reads: ReadModels, look: LookBack, documentsOf: Pick<ProjectionContext, 'db' | 'table'>) => {
          const log = await store.readAll({ maxCount: 100_000 });
          const streams = new Map(pairs.map((p) => [p.id, log.filter((e) => e.stream === `pair-${p.id}`)]));
          // The cohorts were opened first, and never renamed: their names are not what is tried here.
          const cohorts = reads.cohorts().map(({ cohortId, name }) => ({ cohortId, name }));
          const expected = figuresFromTheLog(streams, look, reads.pairIds(), cohorts);
          const actual = figuresOfTheReadModels(reads, look);
          expect([name, look, actual]).toEqual([name, look, expected]);
          // Asked again (now from the caches), the same.
          expect(figuresOfTheReadModels(reads, look)).toEqual(actual);
          if (look.asOf !== null || look.position !== null) return;
          // Each pair as it stands, with its lists, as its fold gives it.
          for (const [pairId, events] of streams) {
            const { facts: _facts, ...view } = pairView(foldOf(events));
            expect(reads.pair(pairId)).toMatchObject(JSON.parse(JSON.stringify(view)));
            // And its case study, told from the read models as from the log's own events.
            const told = await caseStudies.generate(pairId);
            expect([name, pairId, caseStudyFromReadModel(documentsOf, pairId)]).toEqual([name, pairId, told]);
            // Where it stands in the list of case studies, kept between looks until the pair or a partner changes.
            expect([name, pairId, reads.caseStudyTold(pairId)]).toEqual([name, pairId, toldOf(told)]);
          }
        };
        const programme = await recordProgramme(
          app,
          (d) => (now = new Date(`${d}T10:00:00Z`)),
          seed,
          400,
          async (recorded, day) => {
            pairs = recorded;
            // Every ten days the projections catch up, and today's figures are checked, before the work goes
            // on; between, they follow as they can.
            if (day % 10 !== 0) return;
            expect(await engine.waitFor((await store.stats()).lastPosition, 5000)).toBe(true);
            await compare(`live, day ${day}`, liveReads, await liveReads.lookBack({}), liveDocuments);
          },
        );
        // Enough of everything, refused or not, for the comparison to mean something.
        expect(programme.pairs.length).toBeGreaterThanOrEqual(6);
        expect(programme.taken).toBeGreaterThan(500);
        const log = await store.readAll({ maxCount: 100_000 });
        const types = new Set(log.map((e) => e.type));
        for (const type of ['EntryCorrected', 'EntryRetracted', 'PairPaused', 'PairResumed', 'PairConcluded', 'ActionDropped', 'ActionCompleted']) {
          expect([type, types.has(type)]).toEqual([type, true]);
        }

        expect(await engine.waitFor(log[log.length - 1]!.position, 5000)).toBe(true);
        await engine.settled();
        rebuilding.start();
        await rebuilding.settled();
        expect(documents(rebuilt, rebuilding)).toEqual(documents(live, engine));

        const rnd = seededRandom(seed * 7919);
        const at = () => String(log[Math.floor(rnd() * log.length)]!.position);
        for (const [name, reads, documentsOf] of [
          ['live', liveReads, liveDocuments],
          [
            'rebuilt',
            new ReadModels(rebuilt, rebuilding, store, 'Europe/London', clock),
            { db: rebuilt, table: (t: string) => rebuilding.table('documents', t) },
          ],
        ] as const) {
          const looks = [
            await reads.lookBack({}),
            // The day before the first pair, a day in each month or so, and tomorrow.
            ...(await Promise.all([-1, 40, 75, 130, 200, 260, 333, 400].map((d) => reads.lookBack({ asOf: addDays(START, d) })))),
            ...(await Promise.all(Array.from({ length: 8 }, () => reads.lookBack({ position: at() })))),
            ...(await Promise.all([100, 250].map((d) => reads.lookBack({ asOf: addDays(START, d), position: at() })))),
          ];
          for (const look of looks) await compare(name, reads, look, documentsOf);
        }
      } finally {
        await rebuilding.stop();
        await engine.stop();
        rebuilt.close();
        live.close();
        await close();
        dir.remove();
      }
    },
    120_000,
  );
});
