import { LRUCache } from 'lru-cache';
import {
  cohortDecider,
  evolveAll,
  fold,
  pairDecider,
  pairView,
  participantDecider,
  type CohortEvent,
  type CohortState,
  type PairEvent,
  type ParticipantEvent,
  type CalendarDate,
  type PairState,
  type PairView,
  type ParticipantState,
  type StoredEvent,
} from '@pairtrail/domain';
import { caseStudyFromView, generateCaseStudy, type CaseStudyPartner, type CaseStudyView, type Generated } from '@pairtrail/case-studies';
import type { Actor } from '@pairtrail/event-store';
import type { Projection, ProjectionContext } from '../engine/projection';
import { evaluationBasis, type EvaluationBasis } from '../evaluation/evaluation';
import { prepareCached } from '../engine/read-model-db';

/**
 * A pair's current view as the read model gives it back: without the list of facts, and with the date
 * of the latest of them. It is the view as of any day from `latestOn` on, so a reader asking about such
 * a day needs no fold of the pair's events.
 */
export type PairDocument = Omit<PairView, 'facts'> & { latestOn: CalendarDate };

/**
 * The lists of a pair's view, kept in rows of `pair_items` rather than in its document. A pair's
 * document was rewritten whole on every event, and its meetings alone grow with its history: each new
 * meeting cost a write of all the earlier ones (some 20 KB for a pair of 100 meetings). A row holds a
 * chunk of a list's items, so a new item rewrites only its chunk, and a long pair still reads back in
 * a few rows (reading them a row an item doubled the time to read every pair of a large programme).
 */
const PAIR_LISTS = ['meetings', 'actions', 'milestones', 'outcomes', 'reflections'] as const;
/** The lists of a pair's facts its document keeps apart, and a summary leaves out. */
export type PairList = (typeof PAIR_LISTS)[number];
/** Items a `pair_items` row holds. */
const CHUNK = 16;

/** What a pair's stored events look like in the read model: enough to fold, date and attribute them. */
export interface StoredPairEvent {
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  position: string;
  recordedAt: string;
  actor: Actor;
}

const idOf = (stream: string) => stream.slice(stream.indexOf('-') + 1);

/**
 * Current cohorts, participants and pairs. A pair keeps its events (already upcast) so any view of it —
 * now, as of a date, or as known at a position — is the same `evolve` over them; its row holds the
 * current view for listing and filtering.
 */
export const documentsProjection: Projection = {
  name: 'documents',
  // 3: case studies are generated when read, no longer on every event of a pair or its partners; and
  // while catching up, pairs are re-viewed once at the end, not once a batch (dirty_pairs).
  // 4: a pair's document says the date of its latest fact (latestOn), so today's figures can be worked
  // out from the document, without folding the pair's events.
  // 5: a pair's meetings, actions, milestones, outcomes and reflections are in pair_items, and a live
  // batch writes only the chunks of them it added to or changed; a pair's row says the position of the
  // last event it has re-viewed.
  // 6: a pair's row keeps what its figures and activity are worked out from (basis, latest_on), so the
  // first evaluation of a large programme reads one row a pair, not every item of every list.
  // 7: a cohort keeps its events (cohort_events), so the cohorts as known at a log position are those
  // then opened, with the names and dates then recorded: a report given again at its position lists
  // no cohort opened since.
  // 8: a pair's view keeps each revision of its initiative (when, and why), which its case study tells.
  // 9: a pair's activity keeps each partner's relationship scores with their dates, for the relationship
  // series (how the partnerships felt, month by month), and how many of its meetings name no approach.
  version: 9,
  filter: { streamCategories: ['cohort', 'participant', 'pair'] },
  tables: {
    cohorts: '(cohort_id TEXT PRIMARY KEY, doc TEXT NOT NULL, revision INTEGER NOT NULL)',
    cohort_events: '(cohort_id TEXT NOT NULL, position INTEGER NOT NULL, event TEXT NOT NULL, PRIMARY KEY (cohort_id, position)) WITHOUT ROWID',
    participants:
      '(participant_id TEXT PRIMARY KEY, doc TEXT NOT NULL, revision INTEGER NOT NULL, event_count INTEGER NOT NULL, last_position INTEGER NOT NULL, last_recorded_at TEXT NOT NULL)',
    pair_events: '(pair_id TEXT NOT NULL, position INTEGER NOT NULL, event TEXT NOT NULL, PRIMARY KEY (pair_id, position)) WITHOUT ROWID',
    pairs:
      '(pair_id TEXT PRIMARY KEY, cohort_id TEXT NOT NULL, service_area TEXT NOT NULL, status TEXT NOT NULL, formed_on TEXT NOT NULL, doc TEXT NOT NULL, revision INTEGER NOT NULL, position INTEGER NOT NULL, lep_id TEXT NOT NULL, pro_id TEXT NOT NULL, latest_on TEXT NOT NULL, basis TEXT NOT NULL)',
    pair_items: '(pair_id TEXT NOT NULL, list TEXT NOT NULL, chunk INTEGER NOT NULL, items TEXT NOT NULL, PRIMARY KEY (pair_id, list, chunk)) WITHOUT ROWID',
    dirty_pairs: '(pair_id TEXT PRIMARY KEY, revision INTEGER NOT NULL) WITHOUT ROWID',
  },
  indexes: [
    'CREATE INDEX IF NOT EXISTS {pairs}_cohort ON {pairs} (cohort_id)',
    'CREATE INDEX IF NOT EXISTS {pairs}_lep ON {pairs} (lep_id)',
    'CREATE INDEX IF NOT EXISTS {pairs}_pro ON {pairs} (pro_id)',
  ],
  applyBatch(context, events) {
    const { db, table } = context;
    const touchedPairs = new Map<string, Touched>();
    for (const { recorded, event } of events) {
      const category = recorded.stream.slice(0, recorded.stream.indexOf('-'));
      const id = idOf(recorded.stream);
      if (category === 'cohort') {
        const row = prepareCached(db, `SELECT doc, revision FROM ${table('cohorts')} WHERE cohort_id = ?`).get(id) as
          { doc: string; revision: number } | undefined;
        // An event already folded in (a replay) changes nothing.
        if (row && BigInt(row.revision) >= recorded.revision) continue;
        const state = cohortDecider.evolve(row ? (JSON.parse(row.doc) as CohortState) : cohortDecider.initialState(), event as StoredEvent<CohortEvent>);
        prepareCached(db, `INSERT OR REPLACE INTO ${table('cohorts')} (cohort_id, doc, revision) VALUES (?, ?, ?)`).run(
          id,
          JSON.stringify(state),
          recorded.revision,
        );
        const kept = JSON.stringify({ eventId: event.eventId, type: event.type, data: event.data });
        prepareCached(db, `INSERT OR REPLACE INTO ${table('cohort_events')} (cohort_id, position, event) VALUES (?, ?, ?)`).run(id, recorded.position, kept);
      } else if (category === 'participant') {
        const row = prepareCached(db, `SELECT doc, revision FROM ${table('participants')} WHERE participant_id = ?`).get(id) as
          { doc: string; revision: number } | undefined;
        if (row && BigInt(row.revision) >= recorded.revision) continue;
        const state = participantDecider.evolve(
          row ? (JSON.parse(row.doc) as ParticipantState) : participantDecider.initialState(),
          event as StoredEvent<ParticipantEvent>,
        );
        prepareCached(
          db,
          `INSERT OR REPLACE INTO ${table('participants')} (participant_id, doc, revision, event_count, last_position, last_recorded_at) VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(id, JSON.stringify(state), recorded.revision, Number(recorded.revision) + 1, recorded.position, String(recorded.metadata.recordedAt ?? ''));
      } else if (category === 'pair') {
        const stored: StoredPairEvent = {
          eventId: event.eventId,
          type: event.type,
          data: event.data as Record<string, unknown>,
          position: recorded.position.toString(),
          recordedAt: String(recorded.metadata.recordedAt ?? ''),
          actor: (recorded.metadata.actor as Actor | undefined) ?? 'system',
        };
        const json = JSON.stringify(stored);
        prepareCached(db, `INSERT OR REPLACE INTO ${table('pair_events')} (pair_id, position, event) VALUES (?, ?, ?)`).run(id, recorded.position, json);
        const touched = touchedPairs.get(id);
        if (touched) {
          touched.revision = recorded.revision;
          touched.position = recorded.position;
          touched.added.push(json);
        } else touchedPairs.set(id, { from: recorded.revision, revision: recorded.revision, position: recorded.position, added: [json] });
      }
    }
    if (context.catchingUp) {
      // More events are waiting: a pair's view is made once, when caught up (settle), not once a
      // batch; re-viewing every pair each batch made a rebuild's time grow with the square of the log.
      const mark = prepareCached(
        db,
        `INSERT INTO ${table('dirty_pairs')} (pair_id, revision) VALUES (?, ?) ON CONFLICT (pair_id) DO UPDATE SET revision = MAX(revision, excluded.revision)`,
      );
      for (const [pairId, { revision }] of touchedPairs) mark.run(pairId, revision);
    } else {
      refreshPairs(context, touchedPairs);
    }
  },
  settle(context) {
    refreshPairs(context, new Map());
  },
  forget(db) {
    foldedPairs.delete(db);
  },
};

/** How many pair states live batches keep for a connection (they hold plaintext until forgotten). */
export const keptPairStates = (db: object): number => foldedPairs.get(db)?.size ?? 0;

/** Reads a pair's stored events, in log order, optionally only those up to a position. */
export function pairEvents(context: Pick<ProjectionContext, 'db' | 'table'>, pairId: string, upTo?: bigint): StoredPairEvent[] {
  const rows = (
    upTo === undefined
      ? prepareCached(context.db, `SELECT event FROM ${context.table('pair_events')} WHERE pair_id = ? ORDER BY position`).all(pairId)
      : prepareCached(context.db, `SELECT event FROM ${context.table('pair_events')} WHERE pair_id = ? AND position <= ? ORDER BY position`).all(pairId, upTo)
  ) as { event: string }[];
  return rows.map((r) => JSON.parse(r.event) as StoredPairEvent);
}

/**
 * Every cohort as known at a log position, each with its revision then: those opened by then, folded
 * from their events up to it (a name or a date corrected since is as it was then).
 */
export function cohortsAt(context: Pick<ProjectionContext, 'db' | 'table'>, upTo: bigint): { state: CohortState; revision: number }[] {
  const rows = prepareCached(context.db, `SELECT cohort_id, event FROM ${context.table('cohort_events')} WHERE position <= ? ORDER BY cohort_id, position`).all(
    upTo,
  ) as { cohort_id: string; event: string }[];
  const byCohort = new Map<string, StoredEvent<CohortEvent>[]>();
  for (const { cohort_id, event } of rows) byCohort.set(cohort_id, [...(byCohort.get(cohort_id) ?? []), JSON.parse(event) as StoredEvent<CohortEvent>]);
  return [...byCohort.values()].map((events) => ({ state: fold(cohortDecider, events), revision: events.length - 1 }));
}

const asDomainEvents = (events: StoredPairEvent[]) => events.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data }) as StoredEvent<PairEvent>);

/** Folds stored pair events with the pair decider's own `evolve`. */
export function foldPair(events: StoredPairEvent[]) {
  return fold(pairDecider, asDomainEvents(events));
}

/** A pair a batch wrote events of: the revisions from and to, the last one's position, and the events as written. */
interface Touched {
  from: bigint;
  revision: bigint;
  position: bigint;
  added: string[];
}

/**
 * Pair states as the last live re-view folded them, by connection, table and pair: a live batch folds
 * only its own events onto the state, rather than reading and folding the whole pair again. A state is
 * used only if it stands exactly one revision before the batch's first event of the pair, so a batch
 * rolled back, a replay or a gap finds none and reads the table.
 *
 * Up to 100,000 events' worth, as the write side keeps (about 1.6 KB of heap an event). At 20,000, 200
 * pairs written in turn outgrew it within 15 s of the bench's POSTs: least recently used is the pair
 * written next, so every batch folded its pairs anew, and POSTs/s fell by a third.
 */
const FOLDED_EVENTS = 100_000;

const foldedPairs = new WeakMap<object, LRUCache<string, { revision: bigint; state: PairState }>>();

function foldedPairsOf(db: object): LRUCache<string, { revision: bigint; state: PairState }> {
  let cache = foldedPairs.get(db);
  if (!cache) foldedPairs.set(db, (cache = new LRUCache({ maxSize: FOLDED_EVENTS, sizeCalculation: (entry) => Number(entry.revision) + 1 })));
  return cache;
}

/** Re-views each pair touched (with its latest revision) and each left dirty by a catch-up, once. */
function refreshPairs(context: ProjectionContext, touched: Map<string, Touched>): void {
  const dirty = prepareCached(context.db, `SELECT pair_id, revision FROM ${context.table('dirty_pairs')}`).all() as { pair_id: string; revision: number }[];
  const pairs = new Map<string, { revision: bigint; added?: Touched }>([...touched].map(([pairId, t]) => [pairId, { revision: t.revision, added: t }]));
  for (const row of dirty) {
    const revision = BigInt(row.revision);
    const known = pairs.get(row.pair_id)?.revision ?? -1n;
    // Left dirty by a catch-up: folded from the table, whatever this batch added.
    pairs.set(row.pair_id, { revision: known > revision ? known : revision });
  }
  for (const [pairId, { revision, added }] of pairs) refreshPair(context, pairId, revision, added);
  if (dirty.length > 0) prepareCached(context.db, `DELETE FROM ${context.table('dirty_pairs')}`).run();
}

function refreshPair(context: ProjectionContext, pairId: string, revision: bigint, added?: Touched): void {
  const cache = foldedPairsOf(context.db);
  const key = `${context.table('pair_events')}|${pairId}`;
  const cached = cache.get(key);
  const extending = cached && added && cached.revision === added.from - 1n ? cached : undefined;
  let state: PairState;
  let position: bigint;
  if (extending) {
    state = evolveAll(pairDecider, extending.state, asDomainEvents(added!.added.map((json) => JSON.parse(json) as StoredPairEvent)));
    position = added!.position;
  } else {
    const events = pairEvents(context, pairId);
    state = foldPair(events);
    position = BigInt(events[events.length - 1]?.position ?? 0);
  }
  if (!state.exists) return;
  // Only live batches keep what they fold: settling after a catch-up re-views every pair once, and
  // keeping those would hold a large share of the log in memory for pairs that may never change again.
  if (added) cache.set(key, { revision, state });
  const { facts, ...rest } = pairView(state);
  const view: PairDocument = { ...rest, latestOn: facts.reduce((latest, f) => (f.on > latest ? f.on : latest), rest.formedOn) };
  // The kept state's items are the rows written when it was kept (a state is kept only with its batch).
  writePairItems(context, pairId, view, extending && pairView(extending.state));
  prepareCached(
    context.db,
    // An upsert, not a replace: a replace deletes the row and its index entries and writes them all again.
    `INSERT INTO ${context.table('pairs')} (pair_id, cohort_id, service_area, status, formed_on, doc, revision, position, lep_id, pro_id, latest_on, basis)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (pair_id) DO UPDATE SET cohort_id = excluded.cohort_id, service_area = excluded.service_area, status = excluded.status,
       formed_on = excluded.formed_on, doc = excluded.doc, revision = excluded.revision, position = excluded.position, lep_id = excluded.lep_id,
       pro_id = excluded.pro_id, latest_on = excluded.latest_on, basis = excluded.basis`,
  ).run(
    pairId,
    view.cohortId,
    view.serviceArea,
    view.status,
    view.formedOn,
    // The lists stay in the document, empty, so the view read back has its keys in the same order.
    JSON.stringify({ ...view, ...Object.fromEntries(PAIR_LISTS.map((list) => [list, []])) }),
    revision,
    position,
    view.livedExperiencePartnerId,
    view.professionalPartnerId,
    view.latestOn,
    JSON.stringify(evaluationBasis(view)),
  );
}

/**
 * Writes the chunks of a pair's lists that are new or changed. With the view whose items the table
 * holds (`before`), a chunk changed if one of its items is not the same object as before: a view is
 * never changed once built, and a later view built from it shares the items it did not change. Without
 * one (a pair not kept, or folded anew), each chunk is compared with its row, so re-viewing a long pair
 * rewrites none that stayed the same.
 */
function writePairItems(context: ProjectionContext, pairId: string, view: PairDocument, before?: Pick<PairDocument, PairList>): void {
  const upsert = prepareCached(
    context.db,
    `INSERT INTO ${context.table('pair_items')} (pair_id, list, chunk, items) VALUES (?, ?, ?, ?) ON CONFLICT (pair_id, list, chunk) DO UPDATE SET items = excluded.items`,
  );
  const trim = prepareCached(context.db, `DELETE FROM ${context.table('pair_items')} WHERE pair_id = ? AND list = ? AND chunk >= ?`);
  const stored = before ? undefined : storedChunks(context, pairId);
  for (const list of PAIR_LISTS) {
    const items: readonly unknown[] = view[list];
    const chunks = Math.ceil(items.length / CHUNK);
    const previous: readonly unknown[] | undefined = before?.[list];
    const rows = stored?.get(list) ?? [];
    for (let chunk = 0; chunk < chunks; chunk++) {
      const start = chunk * CHUNK;
      const end = Math.min(start + CHUNK, items.length);
      const same = previous && Math.min(start + CHUNK, previous.length) === end && items.slice(start, end).every((item, i) => item === previous[start + i]);
      if (same) continue;
      const json = JSON.stringify(items.slice(start, end));
      if (!previous && rows[chunk] === json) continue;
      upsert.run(pairId, list, chunk, json);
    }
    const had = previous ? Math.ceil(previous.length / CHUNK) : rows.length;
    if (had > chunks) trim.run(pairId, list, chunks);
  }
}

/** A pair's chunk rows as stored, by list, in order. */
function storedChunks(context: Pick<ProjectionContext, 'db' | 'table'>, pairId: string): Map<PairList, string[]> {
  const rows = prepareCached(context.db, `SELECT list, items FROM ${context.table('pair_items')} WHERE pair_id = ? ORDER BY list, chunk`)
    .raw()
    .all(pairId) as [PairList, string][];
  const lists = new Map<PairList, string[]>();
  for (const [list, items] of rows) {
    const chunks = lists.get(list);
    if (chunks) chunks.push(items);
    else lists.set(list, [items]);
  }
  return lists;
}

/**
 * A pair's row with its document whole again, its lists' items put back in order; undefined for an
 * unknown pair. With `lists: false`, the document comes without its lists, and their rows are not read.
 */
export function readPairDocument(
  context: Pick<ProjectionContext, 'db' | 'table'>,
  pairId: string,
  options: { lists?: boolean } = {},
): { doc: PairDocument; revision: number; position: number; lepId: string; proId: string } | undefined {
  const row = prepareCached(context.db, `SELECT doc, revision, position, lep_id, pro_id FROM ${context.table('pairs')} WHERE pair_id = ?`).get(pairId) as
    { doc: string; revision: number; position: number; lep_id: string; pro_id: string } | undefined;
  if (!row) return undefined;
  const doc = JSON.parse(row.doc) as PairDocument;
  if (options.lists === false) for (const list of PAIR_LISTS) delete (doc as Partial<PairDocument>)[list];
  else
    for (const [list, items] of storedChunks(context, pairId))
      (doc as Record<PairList, unknown[]>)[list] = items.flatMap((chunk) => JSON.parse(chunk) as unknown[]);
  return { doc, revision: row.revision, position: row.position, lepId: row.lep_id, proId: row.pro_id };
}

/**
 * What a pair's figures on any day from `latestOn` on are worked out from, and the position of the last
 * event its row has re-viewed; undefined for an unknown pair.
 */
export function readPairBasis(
  context: Pick<ProjectionContext, 'db' | 'table'>,
  pairId: string,
): { basis: EvaluationBasis; latestOn: CalendarDate; position: number } | undefined {
  const row = prepareCached(context.db, `SELECT basis, latest_on, position FROM ${context.table('pairs')} WHERE pair_id = ?`).get(pairId) as
    { basis: string; latest_on: CalendarDate; position: number } | undefined;
  return row && { basis: JSON.parse(row.basis) as EvaluationBasis, latestOn: row.latest_on, position: row.position };
}

/**
 * The position and recording time of the last event the read model keeps of a pair: one step down its
 * key, where counting them would read every event the pair has.
 */
function lastPairEvent(context: Pick<ProjectionContext, 'db' | 'table'>, pairId: string): { position: number; recordedAt: string } | undefined {
  return prepareCached(
    context.db,
    `SELECT position, json_extract(event, '$.recordedAt') AS recordedAt FROM ${context.table('pair_events')} WHERE pair_id = ? ORDER BY position DESC LIMIT 1`,
  ).get(pairId) as { position: number; recordedAt: string } | undefined;
}

/**
 * A pair's current case study from the read model's copies of its events and partners, or undefined
 * for an unknown pair. Generated when asked for: a pair's case study is read far less often than its
 * events arrive.
 */
export function caseStudyFromReadModel(context: Pick<ProjectionContext, 'db' | 'table'>, pairId: string): Generated | undefined {
  const pair = readPairDocument(context, pairId);
  if (!pair) return undefined;
  const partners: Record<string, CaseStudyPartner> = {};
  for (const id of [pair.lepId, pair.proId]) {
    const row = prepareCached(
      context.db,
      `SELECT doc, event_count, last_position, last_recorded_at FROM ${context.table('participants')} WHERE participant_id = ?`,
    ).get(id) as { doc: string; event_count: number; last_position: number; last_recorded_at: string } | undefined;
    if (!row) continue;
    const state = JSON.parse(row.doc) as ParticipantState;
    partners[id] = {
      state,
      eventsUsed: row.event_count,
      lastPosition: String(row.last_position),
      lastRecordedAt: row.last_recorded_at,
      consentsNow: state.consents,
      erasedNow: state.erased,
    };
  }
  // While a catch-up defers re-viewing, the row lags the pair's last kept event: the events are folded instead.
  const last = lastPairEvent(context, pairId);
  if (last && pair.position === last.position) {
    return caseStudyFromView({
      pairId,
      view: pair.doc as CaseStudyView,
      asOf: null,
      partners,
      // Every event of the pair's stream is kept, so the row re-viewed at its last holds them all.
      pairEvents: { count: pair.revision + 1, lastPosition: String(last.position), lastRecordedAt: last.recordedAt },
    });
  }
  return generateCaseStudy({
    pairId,
    pairEvents: pairEvents(context, pairId).map(({ eventId, type, data, position, recordedAt }) => ({ eventId, type, data, position, recordedAt })),
    partners,
  });
}
