import type Database from 'better-sqlite3';
import {
  Checks,
  entryLookups,
  NotFoundError,
  didNotExistThen,
  ValidationError,
  addDays,
  dateInZone,
  startOfDateInZone,
  EVENT_TYPES,
  isEventType,
  toKebabCase,
  UUID,
  type FieldProblem,
  hasConsent,
  withdrawnScopes,
  isCalendarDate,
  pairView,
  CONSENT_SCOPES,
  type CalendarDate,
  type CohortState,
  type ConsentScope,
  type ParticipantState,
  type ActionView,
  type PairState,
  type PairView,
} from '@pairtrail/domain';
import { toldOf, type Generated, type Told } from '@pairtrail/case-studies';
import { EVENT_SOURCES, requireWithinLog, type Actor, type EventSource, type EventStore } from '@pairtrail/event-store';
import { LRUCache } from 'lru-cache';
import type { Projections } from '../engine/projection-engine';
import { prepareCached } from '../engine/read-model-db';
import {
  cohortFigures,
  evaluationBasis,
  figuresOn,
  funnel,
  MAX_MONTHS,
  monthCount,
  monthlySeries,
  relationshipSeries,
  serviceAreaFigures,
  approachFigures,
  type AttentionReason,
  type EvaluationBasis,
  type PairActivity,
  type PairFigures,
} from '../evaluation/evaluation';
import {
  caseStudyFromReadModel,
  foldPair,
  cohortsAt,
  pairEvents,
  readPairBasis,
  readPairDocument,
  type PairDocument,
  type PairList,
  type StoredPairEvent,
} from './documents.projection';
import { checkOpenActionFilter, lateness, OPEN_ACTION_KEY, openActionKey, openActions, type OpenAction, type OpenActionFilter } from './open-actions';
import { summarise } from './summary';
import { participantRegister, type RegisteredPerson, type RegisterRow } from './participant-register';
import { pairRegister, type PairRegisterRow } from './pair-register';
import { pairBrief, type PairBrief } from './pair-brief';
import { figuresSince, sinceInWords } from './figures-since';
import { gapCounts, hasGaps, recordGaps, type GapCount, type PairGaps } from './record-gaps';
import { REFLECTION_DUE_KEY, reflectionDueKey, reflectionsDue, type ReflectionDue } from './reflections-due';
import type { ParticipantResource } from './participant-resource';
import {
  entriesInPeriod,
  latestBefore,
  PROGRAMME_TIMELINE_KEY,
  programmeTimeline,
  programmeTimelineKey,
  programmeTimelinePeriod,
  type ProgrammeTimeline,
  type ProgrammeTimelineFilter,
} from './programme-timeline';
import { figuresInWords } from './report-summary';

type LookedBackFigures = PairFigures & { asOf: string | null; position: string | null };

/** What the evaluation keeps of a pair as a look-back sees it. */
interface PairSummary {
  figures: PairFigures;
  activity: PairActivity;
  /** The figures as `GET /evaluation/pairs/:id` answers them, made once: see `pairEvaluation`. */
  answer?: LookedBackFigures;
}

/** When a person last took part (`lastInvolvedOn`), and in how many pairs they take part now. */
function involved(state: ParticipantState, pairs: Involvement | undefined): Pick<ParticipantResource, 'lastInvolvedOn' | 'pairsGoingOn'> {
  const dates = [state.registeredOn!, ...Object.values(state.consentsOn ?? {}), ...(pairs?.lastPairOn ? [pairs.lastPairOn] : [])];
  return { lastInvolvedOn: dates.reduce((latest, d) => (d > latest ? d : latest)), pairsGoingOn: pairs?.pairsGoingOn ?? 0 };
}

/** Of a person's pairs: the date of the latest entry of any, and how many have not concluded. */
interface Involvement {
  lastPairOn: CalendarDate | null;
  pairsGoingOn: number;
}

/** Where a pair stands today, as every pair is shown with it: whether it needs attention, why, and what that turns on. */
export interface PairStanding {
  revision: string;
  needsAttention: boolean;
  attentionReasons: AttentionReason[];
  daysSinceLastMeeting: number | null;
  overdueActions: number;
  /** Its meetings tagged with no approach, which no approach's figures count: for a coordinator to put right. */
  meetingsWithoutApproach: number;
}

/** A pair as `GET /pairs/:id` gives it: its current view, each action saying whether it is overdue today. */
export type PairResource = Omit<PairDocument, 'latestOn' | 'actions'> & {
  /** Each with whether it is overdue, and by how many days (null when it is not), today in the programme time zone. */
  actions: (ActionView & { overdue: boolean; daysOverdue: number | null })[];
} & PairStanding;

/** A pair in a summary (`GET /pairs?view=summary`): without its meetings, actions, milestones, outcomes and reflections. */
export type PairSummaryResource = Omit<PairDocument, 'latestOn' | PairList> & PairStanding;

/** How a read looks back (evaluation.md): as of a date, as known at a position, or both. */
export interface LookBack {
  asOf: CalendarDate | null;
  position: string | null;
  /** "Today" for the figures: asOf, else the date of the event at position, else now. */
  today: CalendarDate;
}

/** One page of a list: its items, and the cursor of the next page (pass it as `?cursor=`), or null at the end. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** Which rows of the audit trail a query asks for. */
export interface AuditFilter {
  stream?: string;
  type?: string;
  actor?: string;
  source?: EventSource;
  /** recordedAt from this instant on (ISO 8601, UTC). */
  from?: string;
  /** recordedAt before this instant. */
  to?: string;
  /** Positions after this one. */
  after?: bigint;
  /** Positions up to and including this one: the log as a report quoting it saw it. */
  upTo?: bigint;
}

/** The order of the audit trail's rows: by log position, the first recorded first or the last. */
export type AuditOrder = 'oldest' | 'newest';

/** The columns of an audit row, in export order. */
export const AUDIT_COLUMNS = [
  'position',
  'stream',
  'revision',
  'eventId',
  'type',
  'recordedAt',
  'actor',
  'source',
  'correlationId',
  'causationId',
  'commandId',
  'hash',
  'summary',
] as const;

/** One event as the audit trail shows it: where it stands in the log and its stream, who recorded it and when, its hash, and a one-line summary of what it records. */
export interface AuditRow {
  position: string;
  stream: string;
  revision: string;
  eventId: string;
  type: string;
  recordedAt: string;
  actor: Actor;
  /** How it was recorded: through the API (the web app too), the CLI, an import of a spreadsheet, or as the demo. */
  source: EventSource | null;
  correlationId: string | null;
  causationId: string | null;
  commandId: string | null;
  hash: string | null;
  summary: string;
}

/** A cohort: its dates, whether it is open, and its revision. */
export interface Cohort {
  cohortId: string;
  name: string;
  startsOn: string;
  endsOn?: string;
  status: 'open' | 'closed';
  closedOn?: string;
  revision: string;
}

function cohortResource(row: { doc: string; revision: number }): Cohort {
  const { cohortId, name, startsOn, endsOn, closedOn } = JSON.parse(row.doc) as CohortState;
  return {
    cohortId: cohortId!,
    name: name!,
    startsOn: startsOn!,
    ...(endsOn ? { endsOn } : {}),
    status: closedOn ? 'closed' : 'open',
    ...(closedOn ? { closedOn } : {}),
    revision: String(row.revision),
  };
}

/**
 * One fact of a pair's story: `data` with its corrections applied, the corrections listed, and
 * its retraction if it was retracted. Corrections and retractions are never entries of their own.
 */
export interface TimelineEntry {
  eventId: string;
  type: string;
  on: CalendarDate;
  recordedAt: string;
  /** Null only where the event it stands for is not found among the pair's. */
  actor: Actor | null;
  summary: string;
  data: Record<string, unknown>;
  corrections: { eventId: string; reason: string; replacement: Record<string, unknown>; recordedAt: string; actor: Actor | null }[];
  retracted: null | { eventId: string; reason: string; recordedAt: string; actor: Actor | null };
}

/** An instant with a time and an offset, as ISO 8601 writes it. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const encodeCursor = (key: string) => Buffer.from(key).toString('base64url');
/**
 * The key a cursor holds: an id (`shape` UUID), or a log position. Anything else, such as a cursor cut
 * short in copying, is refused rather than read as some other place in the list.
 */
const decodeCursor = (cursor: string | undefined, shape: RegExp = UUID): string | undefined => {
  if (cursor === undefined) return undefined;
  const key = Buffer.from(cursor, 'base64url').toString();
  if (!shape.test(key) || encodeCursor(key) !== cursor) {
    throw new ValidationError([{ field: 'cursor', message: "is not a cursor this API gave out: pass a page's next as it came" }]);
  }
  return key;
};

/** Checks `?limit=` (default 100, at most 1000). */
export function parseLimit(value: string | undefined): number {
  if (value === undefined) return 100;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new ValidationError([{ field: 'limit', message: 'must be a whole number from 1 to 1000' }]);
  return n;
}

/**
 * One page of an ordered list: items after the cursor's key (an id, unless `shape` says otherwise), at most
 * `limit` of them; in a list ordered by its keys descending, the items below it.
 */
export function paginate<T>(
  items: T[],
  key: (item: T) => string,
  query: { limit?: string; cursor?: string },
  shape?: RegExp,
  order: 'ascending' | 'descending' = 'ascending',
): Page<T> {
  const limit = parseLimit(query.limit);
  const after = decodeCursor(query.cursor, shape);
  const rest = after === undefined ? items : items.filter((item) => (order === 'ascending' ? key(item) > after : key(item) < after));
  const page = rest.slice(0, limit);
  return { items: page, next: rest.length > limit ? encodeCursor(key(page[page.length - 1]!)) : null };
}

/** How many pairs' case studies are kept told (`caseStudyTold`): a few hundred bytes each. */
const TOLD_KEPT = 20_000;

/** The queries over the read models. Figures that depend on today are computed here, when read. */
export class ReadModels {
  constructor(
    private readonly db: Database.Database,
    private readonly engine: Pick<Projections, 'table' | 'changes'>,
    private readonly store: EventStore,
    private readonly timeZone: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private sql(text: string): Database.Statement {
    return prepareCached(this.db, text);
  }

  private get documents() {
    return { db: this.db, table: (t: string) => this.engine.table('documents', t) };
  }

  today(): CalendarDate {
    return dateInZone(this.clock(), this.timeZone);
  }

  /**
   * Checks and resolves `asOf` and `position` query parameters. `asOf` looks back: a date after tomorrow
   * (tomorrow allows for a reader whose day has begun before the programme's) would give figures of
   * days not yet lived, such as 26,000 days since a pair's last meeting for a mistyped year.
   */
  async lookBack(query: { asOf?: string; position?: string }): Promise<LookBack> {
    const checks = new Checks(this.today());
    checks.date('asOf', query.asOf, { optional: true, happened: true });
    if (query.position !== undefined && !/^\d{1,18}$/.test(query.position)) checks.fail('position', 'must be a log position, a whole number');
    checks.done();
    let today = query.asOf ?? this.today();
    // A position past the log's end, with a date, would give figures that change as the log grows up to it.
    if (query.position !== undefined && query.asOf !== undefined) await requireWithinLog(this.store, BigInt(query.position));
    if (query.position !== undefined && query.asOf === undefined) {
      const position = BigInt(query.position);
      const [event] = position === 0n ? [] : await this.store.readAll({ after: position - 1n, maxCount: 1 });
      if (!event) await requireWithinLog(this.store, position);
      if (!event || event.position !== position) throw new ValidationError([{ field: 'position', message: `names no event in the log (${query.position})` }]);
      today = dateInZone(new Date(String(event.metadata.recordedAt)), this.timeZone);
    }
    return { asOf: query.asOf ?? null, position: query.position ?? null, today };
  }

  /**
   * Runs a read in one snapshot of the read models, and says how to ask for the same answer at any later
   * time: as of its date (`asOf`, else today) and as recorded up to its log position (`position`, else
   * where the read models stood). An answer read live changes as the log goes on; asked for so, it does not.
   */
  reproducibly<T>(look: LookBack, read: () => T): { result: T; asOf: CalendarDate; position: string } {
    if (look.position !== null) return { result: read(), asOf: look.asOf ?? look.today, position: look.position };
    const asOf = look.asOf ?? look.today;
    // Where the documents stood before and after the read: the same, and no batch was committed between,
    // so every statement of the read saw that state. Else (a catch-up committing as a long read runs) it
    // is read again in one read transaction, which holds one state throughout: not always, since its
    // BEGIN and COMMIT took a third of the throughput of a pair's figures.
    const before = this.documentsCheckpoint();
    const result = read();
    if (this.documentsCheckpoint() === before) return { result, asOf, position: String(before) };
    return this.db.transaction(() => {
      const position = String(this.documentsCheckpoint());
      return { result: read(), asOf, position };
    })();
  }

  private documentsCheckpoint(): number {
    return (this.sql(`SELECT position FROM projection_checkpoints WHERE name = 'documents'`).pluck().get() as number | undefined) ?? 0;
  }

  // ---- cohorts, participants, pairs ----

  /** Every cohort as it stands; or, looking back to a log position, as known then (`cohortsAt`). */
  cohorts(look?: Pick<LookBack, 'position'>): Cohort[] {
    if (look?.position != null) {
      return cohortsAt(this.documents, BigInt(look.position))
        .filter(({ state }) => state.exists)
        .map(({ state, revision }) => cohortResource({ doc: JSON.stringify(state), revision }));
    }
    return (this.sql(`SELECT doc, revision FROM ${this.documents.table('cohorts')} ORDER BY cohort_id`).all() as { doc: string; revision: number }[]).map(
      cohortResource,
    );
  }

  /**
   * A cohort as it stands; looking back to a log position, as recorded up to there (its name and dates
   * then), or not found if it was opened after: figures of a cohort at a position before it was opened
   * would be of a cohort that was not yet there.
   */
  cohort(id: string, look?: Pick<LookBack, 'position'>): Cohort {
    const row = this.sql(`SELECT doc, revision FROM ${this.documents.table('cohorts')} WHERE cohort_id = ?`).get(id) as
      { doc: string; revision: number } | undefined;
    if (!row) throw new NotFoundError(`No cohort ${id}.`);
    if (look?.position == null) return cohortResource(row);
    const then = this.cohorts(look).find((c) => c.cohortId === id);
    if (!then) throw new NotFoundError(`Cohort ${id} was opened after log position ${look.position}: as recorded up to there, it was not yet a cohort.`);
    return then;
  }

  participantState(id: string): ParticipantState | undefined {
    const row = this.sql(`SELECT doc FROM ${this.documents.table('participants')} WHERE participant_id = ?`).get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as ParticipantState) : undefined;
  }

  /** A participant: details and current consents; an erased one shows no personal fields. */
  participant(id: string): ParticipantResource {
    const row = this.sql(`SELECT doc, revision FROM ${this.documents.table('participants')} WHERE participant_id = ?`).get(id) as
      { doc: string; revision: number } | undefined;
    if (!row) throw new NotFoundError(`No participant ${id}.`);
    return this.presentParticipant(JSON.parse(row.doc) as ParticipantState, row.revision, this.involvementOf([id]));
  }

  /** Of each person's pairs (by the pairs' indexed partner columns): the latest entry's date, and how many have not concluded. */
  private involvementOf(ids: readonly string[]): Map<string, Involvement> {
    const pairs = this.documents.table('pairs');
    const rows = this.sql(
      `SELECT pid, MAX(latest_on) AS last_on, SUM(status <> 'concluded') AS going FROM (
         SELECT lep_id AS pid, latest_on, status FROM ${pairs} WHERE lep_id IN (SELECT value FROM json_each(?))
         UNION ALL SELECT pro_id, latest_on, status FROM ${pairs} WHERE pro_id IN (SELECT value FROM json_each(?))
       ) GROUP BY pid`,
    ).all(JSON.stringify(ids), JSON.stringify(ids)) as { pid: string; last_on: CalendarDate; going: number }[];
    return new Map(rows.map((r) => [r.pid, { lastPairOn: r.last_on, pairsGoingOn: r.going }]));
  }

  /**
   * Every participant, read a page at a time: what an import matches its rows against. Each says too
   * which consents the person has withdrawn (in general or for a pair), which a spreadsheet must not give
   * back.
   */
  *everyParticipant(): Generator<ParticipantResource & { withdrawn: ConsentScope[] }> {
    for (let after = ''; ;) {
      const rows = this.participantRows(after, 1000);
      if (rows.length === 0) return;
      const involvement = this.involvementOf(rows.map((r) => r.state.participantId!));
      for (const { state, revision } of rows) yield { ...this.presentParticipant(state, revision, involvement), withdrawn: withdrawnScopes(state.consents) };
      after = rows[rows.length - 1]!.state.participantId!;
    }
  }

  /**
   * A page of participants in id order, from the cursor on; `ids` limits them (a pair member's own and
   * their partners). Paged in the query: presenting every participant for each page took 100 ms with
   * 4,000 of them, and grew with the programme.
   */
  participants(query: { limit?: string; cursor?: string } = {}, ids?: string[]): Page<ParticipantResource> {
    const limit = parseLimit(query.limit);
    const rows = this.participantRows(decodeCursor(query.cursor) ?? '', limit + 1, ids);
    const page = rows.slice(0, limit);
    const involvement = this.involvementOf(page.map((r) => r.state.participantId!));
    const items = page.map(({ state, revision }) => this.presentParticipant(state, revision, involvement));
    return { items, next: rows.length > limit ? encodeCursor(items[items.length - 1]!.participantId) : null };
  }

  /** Up to `limit` participants' states in id order after `after`, of `ids` only when given. */
  private participantRows(after: string, limit: number, ids?: string[]): { state: ParticipantState; revision: number }[] {
    const table = this.documents.table('participants');
    const rows = (
      ids
        ? this.sql(
            `SELECT doc, revision FROM ${table} WHERE participant_id > ? AND participant_id IN (SELECT value FROM json_each(?)) ORDER BY participant_id LIMIT ?`,
          ).all(after, JSON.stringify(ids), limit)
        : this.sql(`SELECT doc, revision FROM ${table} WHERE participant_id > ? ORDER BY participant_id LIMIT ?`).all(after, limit)
    ) as { doc: string; revision: number }[];
    return rows.map((r) => ({ state: JSON.parse(r.doc) as ParticipantState, revision: r.revision }));
  }

  private presentParticipant(state: ParticipantState, revision: number, involvement: ReadonlyMap<string, Involvement>): ParticipantResource {
    const general = CONSENT_SCOPES.filter((s) => hasConsent(state.consents, s)).map((scope) => ({ scope, pairId: null }));
    const forPairs = (given: boolean) =>
      CONSENT_SCOPES.flatMap((scope) =>
        Object.entries(state.consents.perPair[scope] ?? {})
          .filter(([, answer]) => answer === given)
          .map(([pairId]) => ({ scope, pairId })),
      );
    const base = {
      participantId: state.participantId!,
      perspective: state.perspective!,
      registeredOn: state.registeredOn!,
      revision: String(revision),
      consents: [...general, ...forPairs(true)],
      // Withdrawn for one pair: there, it overrides a consent given for every pair.
      withdrawnFor: forPairs(false),
      ...involved(state, involvement.get(state.participantId!)),
    };
    if (state.erased) return { ...base, erased: true, role: state.details?.role, organisationType: state.details?.organisationType };
    return { ...base, erased: false, ...state.details };
  }

  /** The current case study from the live read model, or why there is none; undefined for an unknown pair. */
  caseStudy(pairId: string): Generated | undefined {
    return caseStudyFromReadModel(this.documents, pairId);
  }

  /**
   * The title and content hash of a pair's current case study, or why none can be told (`toldOf` it);
   * undefined for an unknown pair. Kept by what it is told from, as `told` says, so that the list of every
   * pair's case study tells again only those whose pair or partners have changed: telling one reads the
   * whole pair (a millisecond for 500 events), and a programme has thousands.
   */
  caseStudyTold(pairId: string): Told | undefined {
    const key = this.toldKey(pairId);
    if (key === undefined) return undefined;
    const kept = this.told.get(key);
    if (kept) return kept;
    const generated = this.caseStudy(pairId);
    if (!generated) return undefined;
    const told = toldOf(generated);
    this.told.set(key, told);
    this.tellings++;
    return told;
  }

  /** How many times `caseStudyTold` has told a case study rather than found it kept. */
  get caseStudiesTold(): number {
    return this.tellings;
  }

  private tellings = 0;

  /**
   * Tells every pair's current case study and keeps where it stands, as many as are kept, so that the
   * first `GET /case-studies` after a start finds them told (telling 1,000 pairs of 500 events each took
   * 1.4–2 s). One pair at a time, letting other work run between them; it ends early when `stopped` says
   * so. Resolves to how many it told.
   */
  async tellEveryCaseStudy(stopped: () => boolean): Promise<number> {
    let told = 0;
    for (let after = ''; ;) {
      const ids = this.sql(`SELECT pair_id FROM ${this.documents.table('pairs')} WHERE pair_id > ? ORDER BY pair_id LIMIT 100`)
        .pluck()
        .all(after) as string[];
      for (const pairId of ids) {
        if (stopped() || told >= TOLD_KEPT) return told;
        this.caseStudyTold(pairId);
        told++;
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (ids.length < 100) return told;
      after = ids[ids.length - 1]!;
    }
  }

  /**
   * What a pair's current case study is told from: the tables' generation, the position its row was
   * re-viewed at and of its last kept event (the row lags while a catch-up defers re-viewing), and its
   * partners' last positions (their names and consents). Undefined for an unknown pair.
   */
  private toldKey(pairId: string): string | undefined {
    const [pairs, events, people] = [this.documents.table('pairs'), this.documents.table('pair_events'), this.documents.table('participants')];
    const row = this.sql(
      `SELECT p.position, (SELECT MAX(e.position) FROM ${events} e WHERE e.pair_id = p.pair_id), l.last_position, r.last_position
       FROM ${pairs} p LEFT JOIN ${people} l ON l.participant_id = p.lep_id LEFT JOIN ${people} r ON r.participant_id = p.pro_id WHERE p.pair_id = ?`,
    )
      .raw()
      .get(pairId) as unknown[] | undefined;
    return row ? `${pairs}|${pairId}|${row.join('|')}` : undefined;
  }

  /** Case studies told now, by `toldKey`: a few hundred bytes each, so every pair of a large programme fits. */
  private readonly told = new LRUCache<string, Told>({ max: TOLD_KEPT });

  /**
   * Drops every view, figure and id kept from the tables: after an erasure, so no plaintext of the
   * erased person stays in memory (the rebuilt tables have new names, so nothing kept would be read).
   */
  forget(): void {
    this.memo.clear();
    this.summaries.clear();
    this.partners.clear();
    this.lastPositions.clear();
    this.told.clear();
    this.openActionLists.clear();
  }

  /** How many views, figures and ids are kept. */
  get kept(): number {
    return this.memo.size + this.summaries.size + this.partners.size + this.lastPositions.size + this.told.size + this.openActionLists.size;
  }

  /** The partner ids of a pair, for access checks; undefined for an unknown pair. */
  pairPartners(pairId: string): string[] | undefined {
    // A pair's partners can never be corrected, so once read they are kept (by table: a rebuild, as
    // after an erasure, writes a new one).
    const table = this.documents.table('pairs');
    const key = `${table}|${pairId}`;
    const known = this.partners.get(key);
    if (known) return known;
    const row = this.sql(`SELECT lep_id, pro_id FROM ${table} WHERE pair_id = ?`).get(pairId) as { lep_id: string; pro_id: string } | undefined;
    if (!row) return undefined;
    const partners = [row.lep_id, row.pro_id];
    this.partners.set(key, partners);
    return partners;
  }

  private readonly partners = new LRUCache<string, string[]>({ max: 50_000 });

  /**
   * The pairs a participant is a partner in, with both partners of each: from the pairs' indexed partner
   * columns. Parsing every pair's document, as this did, cost a pair member's every list request time and
   * memory in proportion to the whole programme's history.
   */
  pairsOf(participantId: string): { pairId: string; partners: string[] }[] {
    const rows = this.sql(`SELECT pair_id, lep_id, pro_id FROM ${this.documents.table('pairs')} WHERE lep_id = ? OR pro_id = ? ORDER BY pair_id`).all(
      participantId,
      participantId,
    ) as { pair_id: string; lep_id: string; pro_id: string }[];
    return rows.map((r) => ({ pairId: r.pair_id, partners: [r.lep_id, r.pro_id] }));
  }

  /** Every pair's cohort and partners, from the pairs' indexed columns: who is paired with whom, in which cohort. */
  pairings(): { pairId: string; cohortId: string; livedExperiencePartnerId: string; professionalPartnerId: string }[] {
    const rows = this.sql(`SELECT pair_id, cohort_id, lep_id, pro_id FROM ${this.documents.table('pairs')} ORDER BY pair_id`).all() as {
      pair_id: string;
      cohort_id: string;
      lep_id: string;
      pro_id: string;
    }[];
    return rows.map((r) => ({ pairId: r.pair_id, cohortId: r.cohort_id, livedExperiencePartnerId: r.lep_id, professionalPartnerId: r.pro_id }));
  }

  /**
   * The programme's people as a spreadsheet's rows (`participantRegister`), those of `ids` only when given,
   * each as `present` shows them to the caller.
   */
  participantRegister(present: (person: ParticipantResource) => RegisteredPerson, ids?: readonly string[]): RegisterRow[] {
    const people = [...this.everyParticipant()].filter((p) => !ids || ids.includes(p.participantId)).map(({ withdrawn: _withdrawn, ...p }) => present(p));
    const rows = this.sql(
      `SELECT pair_id, lep_id, pro_id, COALESCE(json_extract(doc, '$.initiative.title'), json_extract(doc, '$.focus')) AS title FROM ${this.documents.table('pairs')} ORDER BY formed_on, pair_id`,
    ).all() as { pair_id: string; lep_id: string; pro_id: string; title: string }[];
    return participantRegister(
      people,
      rows.map((r) => ({ pairId: r.pair_id, title: r.title, livedExperiencePartnerId: r.lep_id, professionalPartnerId: r.pro_id })),
    );
  }

  pairIds(filter: { cohortId?: string } = {}): string[] {
    const rows = (
      filter.cohortId
        ? this.sql(`SELECT pair_id FROM ${this.documents.table('pairs')} WHERE cohort_id = ? ORDER BY pair_id`).all(filter.cohortId)
        : this.sql(`SELECT pair_id FROM ${this.documents.table('pairs')} ORDER BY pair_id`).all()
    ) as { pair_id: string }[];
    return rows.map((r) => r.pair_id);
  }

  /** A pair's current view, each action saying whether it is overdue, with where it stands today. */
  pair(pairId: string): PairResource;
  /** As a summary, without its meetings, actions, milestones, outcomes and reflections. */
  pair(pairId: string, form: 'full' | 'summary'): PairResource | PairSummaryResource;
  pair(pairId: string, form: 'full' | 'summary' = 'full'): PairResource | PairSummaryResource {
    const row = readPairDocument(this.documents, pairId, { lists: form === 'full' });
    if (!row) throw new NotFoundError(`No pair ${pairId}.`);
    const { latestOn: _latestOn, ...view } = row.doc;
    const today = this.today();
    const summary = this.summary(pairId, { asOf: null, position: null, today });
    const figures = summary?.figures;
    const standing: PairStanding = {
      revision: String(row.revision),
      needsAttention: figures?.needsAttention ?? false,
      // Why, and the figures it turns on: what a coordinator needs to know to act on it.
      attentionReasons: figures?.attentionReasons ?? [],
      daysSinceLastMeeting: figures?.daysSinceLastMeeting ?? null,
      overdueActions: figures?.overdueActions ?? 0,
      meetingsWithoutApproach: summary?.activity.meetingsWithoutApproach ?? 0,
    };
    if (form === 'summary') return { ...view, ...standing };
    // Which actions are the overdue ones `overdueActions` counts, on the same today.
    const actions = view.actions.map((a) => ({ ...a, ...lateness(a, today) }));
    return { ...view, actions, ...standing };
  }

  /** Pairs with their current state, filtered and paged; `only` limits them (a pair member's own). */
  pairs(
    query: { cohortId?: string; status?: string; serviceArea?: string; needsAttention?: string; view?: string; limit?: string; cursor?: string },
    only?: string[],
  ): Page<PairResource | PairSummaryResource> {
    const limit = parseLimit(query.limit);
    const view = query.view ?? 'full';
    if (view !== 'full' && view !== 'summary') throw new ValidationError([{ field: 'view', message: 'must be full or summary' }]);
    if (query.needsAttention !== undefined && !['true', 'false'].includes(query.needsAttention)) {
      throw new ValidationError([{ field: 'needsAttention', message: 'must be true or false' }]);
    }
    if (query.status !== undefined && !['active', 'paused', 'concluded'].includes(query.status)) {
      throw new ValidationError([{ field: 'status', message: 'must be one of active, paused, concluded' }]);
    }
    const after = decodeCursor(query.cursor) ?? '';
    const clauses = ['pair_id > ?'];
    const params: unknown[] = [after];
    if (query.cohortId) {
      clauses.push('cohort_id = ?');
      params.push(query.cohortId);
    }
    if (query.status) {
      clauses.push('status = ?');
      params.push(query.status);
    }
    if (query.serviceArea) {
      clauses.push('service_area = ?');
      // Spelt as the pair was formed with it, 'Cardiac' or 'cardiac': stored as the decider normalised it.
      params.push(toKebabCase(query.serviceArea));
    }
    const ids = (
      this.sql(`SELECT pair_id FROM ${this.documents.table('pairs')} WHERE ${clauses.join(' AND ')} ORDER BY pair_id`).all(...params) as {
        pair_id: string;
      }[]
    )
      .map((r) => r.pair_id)
      .filter((id) => !only || only.includes(id));
    // Whether a pair needs attention is asked of its kept figures, so a pair left out is never read
    // whole; nor is the one past the page, which only says there is a next page.
    const look = { asOf: null, position: null, today: this.today() };
    const matches = (id: string) => query.needsAttention === undefined || String(this.figuresFor(id, look)?.needsAttention ?? false) === query.needsAttention;
    const items: (PairResource | PairSummaryResource)[] = [];
    let next: string | null = null;
    for (const id of ids) {
      if (!matches(id)) continue;
      if (items.length === limit) {
        next = encodeCursor(items[items.length - 1]!.pairId);
        break;
      }
      items.push(this.pair(id, view));
    }
    return { items, next };
  }

  /** Every pair a filter of `pairs` names (`only`: a pair member's own), as a spreadsheet's rows, by title. */
  pairRegister(query: { cohortId?: string; status?: string; serviceArea?: string; needsAttention?: string }, only?: string[]): PairRegisterRow[] {
    const every: PairSummaryResource[] = [];
    let cursor: string | undefined;
    do {
      const page = this.pairs({ ...query, view: 'summary', limit: '1000', ...(cursor ? { cursor } : {}) }, only);
      every.push(...page.items);
      cursor = page.next ?? undefined;
    } while (cursor);
    const cohorts = new Map(this.cohorts().map((c) => [c.cohortId, c.name]));
    return pairRegister(every, this.namesAsRegistered(), (id) => cohorts.get(id) ?? id);
  }

  /**
   * The actions agreed and neither completed nor dropped, across the programme's pairs (`only`: a pair
   * member's own), the soonest due first, each with its owner's name: what is still to do, and what is late.
   */
  openActions(query: OpenActionFilter & { limit?: string; cursor?: string }, only?: string[]): Page<OpenAction> {
    this.checkOpenActionFilter(query);
    const page = paginate(this.openActionList(query, only), openActionKey, query, OPEN_ACTION_KEY);
    return { ...page, items: this.withOwnersNamed(page.items) };
  }

  /** Every open action the filter names, in the same order, each with its owner's name: a CSV's rows. */
  everyOpenAction(filter: OpenActionFilter, only?: string[]): OpenAction[] {
    this.checkOpenActionFilter(filter);
    return this.withOwnersNamed(this.openActionList(filter, only));
  }

  /**
   * A filter's values checked, and its cohort and owner found: a mistyped one is not found, rather than
   * an empty list that looks like nothing to do.
   */
  private checkOpenActionFilter(filter: OpenActionFilter): void {
    checkOpenActionFilter(filter);
    if (filter.cohortId) this.cohort(filter.cohortId);
    if (filter.ownerId) this.participant(filter.ownerId);
  }

  /** Actions with their owners' names as registered now (null once erased), each owner's record read once. */
  private withOwnersNamed(actions: readonly OpenAction[]): OpenAction[] {
    const nameOf = this.namesAsRegistered();
    return actions.map((a) => ({ ...a, ownerName: nameOf(a.ownerId) }));
  }

  /** A person's name as registered now (null once erased, or for no such person), each person's record read once. */
  private namesAsRegistered(): (participantId: string) => string | null {
    const names = new Map<string, string | null>();
    return (id) => {
      if (!names.has(id)) {
        const state = this.participantState(id);
        names.set(id, state && !state.erased ? (state.details?.name ?? null) : null);
      }
      return names.get(id)!;
    };
  }

  /**
   * The open actions a filter names, kept until the documents tables change or the day does: a list of
   * every page is read once (half a second for 70,000 open among 240,000 actions), not once a page.
   */
  private openActionList(filter: OpenActionFilter, only?: string[]): OpenAction[] {
    const changes = this.engine.changes('documents');
    const today = this.today();
    const { state, pairStatus, dueBy, cohortId, ownerId } = filter;
    const key = JSON.stringify([this.documents.table('pairs'), today, state, pairStatus, dueBy, cohortId, ownerId, only]);
    const known = this.openActionLists.get(key);
    if (known && changes !== undefined && known.changes === changes) return known.actions;
    const actions = openActions(this.documents, filter, today, only);
    if (changes !== undefined) this.openActionLists.set(key, { changes, actions });
    return actions;
  }

  private readonly openActionLists = new LRUCache<string, { changes: number; actions: OpenAction[] }>({
    max: 16,
    // By the actions kept, some hundreds of bytes each: a few lists of a national programme's at most.
    maxSize: 200_000,
    sizeCalculation: (list) => Math.max(1, list.actions.length),
  });

  // ---- pair views, timeline and figures ----

  private storedEvents(pairId: string, look: Pick<LookBack, 'position'>): StoredPairEvent[] {
    return pairEvents(this.documents, pairId, look.position === null ? undefined : BigInt(look.position));
  }

  /**
   * A pair's state as the write side folds it, from its kept events: what a file of its facts is
   * decided against before anything is recorded. Undefined for an unknown pair.
   */
  pairState(pairId: string): PairState | undefined {
    const state = foldPair(this.storedEvents(pairId, { position: null }));
    return state.exists ? state : undefined;
  }

  /** A pair's view as the look-back sees it: undefined if it did not exist then. */
  view(pairId: string, look: LookBack, events?: StoredPairEvent[]): PairView | undefined {
    if (events) return this.fold(events, look);
    return this.remembered(pairId, look).view;
  }

  private fold(events: StoredPairEvent[], look: LookBack): PairView | undefined {
    const state = foldPair(events);
    if (!state.exists) return undefined;
    return pairView(state, { asOf: look.today });
  }

  /**
   * Views of single pairs, by what they were computed from: the pair's last event in the read model, the
   * look-back and the table's generation. A new event, a new day or a rebuild (as after an erasure)
   * makes a new key, so nothing remembered is ever out of date; it only stops being asked for.
   */
  private readonly memo = new LRUCache<string, { view: PairView | undefined }>({ max: 5000 });

  private remembered(pairId: string, look: LookBack): { view: PairView | undefined } {
    const key = this.lookKey(pairId, look);
    let entry = this.memo.get(key);
    if (!entry) this.memo.set(key, (entry = { view: this.fold(this.storedEvents(pairId, look), look) }));
    return entry;
  }

  /**
   * What a pair's view as a look-back sees it is worked out from: the table's generation, the pair's last
   * event in the read model (the pairs row may lag it while a catch-up defers re-viewing), the position
   * looked back to and the day.
   */
  private lookKey(pairId: string, look: LookBack): string {
    const table = this.documents.table('pair_events');
    return `${table}|${pairId}|${this.lastPosition(table, pairId) ?? -1}|${look.position ?? ''}|${look.today}`;
  }

  /** The position of a pair's last kept event, asked again only once the documents tables have changed. */
  private lastPosition(table: string, pairId: string): number | null {
    const changes = this.engine.changes('documents');
    const key = `${table}|${pairId}`;
    const known = this.lastPositions.get(key);
    if (known && changes !== undefined && known.changes === changes) return known.last;
    const last = this.sql(`SELECT MAX(position) FROM ${table} WHERE pair_id = ?`).pluck().get(pairId) as number | null;
    if (changes !== undefined) this.lastPositions.set(key, { changes, last });
    return last;
  }

  private readonly lastPositions = new LRUCache<string, { changes: number; last: number | null }>({ max: 50_000 });

  private figuresFor(pairId: string, look: LookBack): PairFigures | undefined {
    return this.summary(pairId, look)?.figures;
  }

  /**
   * What the evaluation needs of a pair as a look-back sees it (undefined if it did not exist then): its
   * figures, and its activity for the monthly series and the funnel. Worked out once per pair, look-back
   * and last event (`lookKey`), and kept without the view: views of every pair of a large programme came
   * to hundreds of MB. Today's come from the basis kept in the pair's row when it will do: folding every
   * pair, or reading every item of its lists, made the first evaluation of such a programme take seconds.
   */
  private summary(pairId: string, look: LookBack): PairSummary | undefined {
    const key = this.lookKey(pairId, look);
    const known = this.summaries.get(key);
    if (known) return known.summary;
    const current = look.asOf === null && look.position === null ? this.currentBasis(pairId, look.today) : undefined;
    const view = current ? undefined : this.fold(this.storedEvents(pairId, look), look);
    const basis = current ?? (view && evaluationBasis(view));
    const summary = basis && { figures: figuresOn(basis.figures, look.today), activity: basis.activity };
    this.summaries.set(key, { summary });
    return summary;
  }

  /**
   * Sized by the months a summary lists (some 80 bytes each): the summaries of a 1M-event programme of
   * 2,000 pairs for one look-back come to about 65,000 of them, so this keeps some thirty look-backs of
   * a programme that size.
   */
  private readonly summaries = new LRUCache<string, { summary: PairSummary | undefined }>({
    maxSize: 2_000_000,
    sizeCalculation: ({ summary }) => 1 + (summary ? Object.keys(summary.activity.months).length : 0),
  });

  /**
   * The basis kept in a pair's row, or undefined when it will not do: the row has not re-viewed every
   * event kept for the pair (a catch-up defers that), or a fact is dated after today.
   */
  private currentBasis(pairId: string, today: CalendarDate): EvaluationBasis | undefined {
    const row = this.keepsBasis(this.documents.table('pairs')) ? readPairBasis(this.documents, pairId) : this.basisOfDocument(pairId);
    if (!row || row.latestOn > today) return undefined;
    // Written before the basis kept the partners' scores (a row of version 8, read while an upgrade
    // rebuilds the tables): the relationship series could not be told from it.
    if (row.basis.activity.scores === undefined) return undefined;
    // A catch-up defers re-viewing: the row may not have seen the last of the pair's events yet.
    if (row.position !== this.lastPosition(this.documents.table('pair_events'), pairId)) return undefined;
    return row.basis;
  }

  /**
   * The basis worked out from a pair's document and lists, for tables written before rows kept it: while
   * an upgrade rebuilds them, a fold of every pair would make an evaluation of a large programme take
   * seconds. Undefined for a document from before it said the date of its latest fact.
   */
  private basisOfDocument(pairId: string): ReturnType<typeof readPairBasis> {
    const row = readPairDocument(this.documents, pairId);
    const latestOn = (row?.doc as Partial<PairDocument> | undefined)?.latestOn;
    return row && latestOn !== undefined ? { basis: evaluationBasis(row.doc), latestOn, position: row.position } : undefined;
  }

  /** Whether a pairs table keeps the basis: one written before it was (while an upgrade rebuilds it) does not. */
  private keepsBasis(table: string): boolean {
    let keeps = this.basisTables.get(table);
    if (keeps === undefined) {
      keeps = this.sql(`SELECT 1 FROM pragma_table_info(?) WHERE name = 'basis'`).get(table) !== undefined;
      this.basisTables.set(table, keeps);
    }
    return keeps;
  }

  private readonly basisTables = new Map<string, boolean>();

  requirePair(pairId: string): void {
    if (!this.pairPartners(pairId)) throw new NotFoundError(`No pair ${pairId}.`);
  }

  /** A pair's story in happened-at order, with corrections applied and retractions shown. */
  timeline(pairId: string, look: LookBack): TimelineEntry[] {
    this.requirePair(pairId);
    const events = this.storedEvents(pairId, look);
    const state = foldPair(events);
    if (!state.exists) return [];
    const view = pairView(state, look.asOf ? { asOf: look.asOf } : {});
    if (!view) return [];
    const byId = new Map(events.map((e) => [e.eventId, e]));
    const meta = (eventId: string) => ({ recordedAt: byId.get(eventId)?.recordedAt ?? '', actor: byId.get(eventId)?.actor ?? null });
    return [...view.facts]
      .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.seq - b.seq))
      .map((f) => ({
        eventId: f.eventId,
        type: f.type,
        on: f.on,
        ...meta(f.eventId),
        summary: summarise(f.type, f.data),
        data: f.data,
        corrections: f.corrections.map((c) => ({ ...c, ...meta(c.eventId) })),
        retracted: f.retracted ? { ...f.retracted, ...meta(f.retracted.eventId) } : null,
      }));
  }

  /**
   * What happened across the programme in a period: every pair's timeline entries dated in it (the pairs
   * of a cohort, or a pair member's own), retracted ones left out, with one page of them. The counts are
   * of the whole period.
   */
  programmeTimeline(
    query: ProgrammeTimelineFilter & { limit?: string; cursor?: string },
    look: LookBack,
    only?: string[],
  ): Omit<ProgrammeTimeline, 'items'> & Page<ProgrammeTimeline['items'][number]> {
    const whole = this.everyProgrammeTimelineEntry(query, look, only);
    const oldestFirst = query.order === 'oldest';
    const page = paginate(whole.items, programmeTimelineKey, query, PROGRAMME_TIMELINE_KEY, oldestFirst ? 'ascending' : 'descending');
    const { items: _every, ...period } = whole;
    return { ...period, ...page };
  }

  /**
   * Every entry of the period the filter names, kept until the documents tables, the day or the look-back
   * change, so that paging through a quarter folds each pair once, not once a page.
   */
  everyProgrammeTimelineEntry(filter: ProgrammeTimelineFilter, look: LookBack, only?: string[]): ProgrammeTimeline {
    const period = programmeTimelinePeriod(filter, look.today);
    if (filter.cohortId) this.cohort(filter.cohortId);
    if (filter.pairId) this.requirePair(filter.pairId);
    const changes = this.engine.changes('documents');
    const key = JSON.stringify([this.documents.table('pairs'), look, period, filter.cohortId, filter.pairId, only]);
    const known = this.programmeTimelines.get(key);
    if (known && changes !== undefined && known.changes === changes) return known.timeline;
    const registered = this.namesAsRegistered();
    // As the pair's screen says them: an erased person as such.
    const nameOf = (id: string) => registered(id) ?? '[erased]';
    const found = this.pairsActiveBetween(period.from, period.to, look, filter, only).flatMap((pair) => {
      const entries = this.timeline(pair.pairId, look);
      return entriesInPeriod(pair, entries, period, nameOf, entryLookups(entries));
    });
    // Nothing in the period: when the latest entry before it is dated, so that the reader knows where to look.
    let before: CalendarDate | null = null;
    if (found.length === 0)
      for (const pair of this.pairsActiveBetween('0000-01-01', addDays(period.from, -1), look, filter, only)) {
        const latest = latestBefore(this.timeline(pair.pairId, look), period);
        if (latest !== undefined && (before === null || latest > before)) before = latest;
      }
    const timeline = programmeTimeline(period, found, before);
    if (changes !== undefined) this.programmeTimelines.set(key, { changes, timeline });
    return timeline;
  }

  /**
   * A pair before its next meeting (`look`: today's, as `lookBack({})` gives it): its initiative, its last
   * meeting and what was agreed there, its open actions, what has happened since, and whose reflection is due.
   */
  pairBrief(pairId: string, look: LookBack): PairBrief {
    const pair = this.pair(pairId);
    const timeline = this.timeline(pairId, look);
    const registered = this.namesAsRegistered();
    return pairBrief({
      pair: { ...pair, title: pair.initiative?.title ?? pair.focus },
      timeline,
      lookups: entryLookups(timeline),
      partner: (id) => ({ name: registered(id) ?? '[erased]', takesPart: this.takesPart(id, pairId) }),
      today: look.today,
    });
  }

  /**
   * What the record is missing that the figures need (of a cohort's pairs, if one is named), as it stands
   * now: each gap counted in words, and the pairs with any, by title. Kept until the documents change.
   */
  recordGaps(filter: { cohortId?: string }): { gaps: GapCount[]; pairs: number; items: PairGaps[] } {
    if (filter.cohortId) this.cohort(filter.cohortId);
    const changes = this.engine.changes('documents');
    const key = JSON.stringify([this.documents.table('pairs'), filter.cohortId]);
    const known = this.gapLists.get(key);
    if (known && changes !== undefined && known.changes === changes) return known.found;
    const every = recordGaps(this.documents, filter);
    const items = every.filter(hasGaps).sort((a, b) => a.title.localeCompare(b.title, 'en-GB') || a.pairId.localeCompare(b.pairId));
    const found = { gaps: gapCounts(every), pairs: every.length, items };
    if (changes !== undefined) this.gapLists.set(key, { changes, found });
    return found;
  }

  private readonly gapLists = new LRUCache<string, { changes: number; found: ReturnType<ReadModels['recordGaps']> }>({ max: 8 });

  /**
   * Every reflection due today in the pairs going on (of a cohort, if one is named; `only`: a pair
   * member's own), those waiting longest first: each partner who takes part in the pair and has not
   * reflected in it, or last did a quarter ago.
   */
  reflectionsDue(filter: { cohortId?: string }, only?: string[]): ReflectionDue[] {
    if (filter.cohortId) this.cohort(filter.cohortId);
    const nameOf = this.namesAsRegistered();
    const partner = (participantId: string, pairId: string) => ({ takesPart: this.takesPart(participantId, pairId), name: nameOf(participantId) });
    return reflectionsDue(this.documents, filter, this.today(), partner, only);
  }

  /** A page of the reflections due (`reflectionsDue`), those waiting longest first. */
  reflectionsDuePage(query: { cohortId?: string; limit?: string; cursor?: string }, only?: string[]): Page<ReflectionDue> {
    return paginate(this.reflectionsDue(query, only), reflectionDueKey, query, REFLECTION_DUE_KEY);
  }

  /** Whether a person takes part in a pair now: not erased, and consenting to take part in it. */
  private takesPart(participantId: string, pairId: string): boolean {
    const state = this.participantState(participantId);
    return !!state && !state.erased && hasConsent(state.consents, 'participation', pairId);
  }

  /** What a programme timeline is of, by name: a pair's title, or a cohort's name; undefined for the whole programme. */
  programmeTimelineOf({ cohortId, pairId }: Pick<ProgrammeTimelineFilter, 'cohortId' | 'pairId'>): string | undefined {
    if (pairId) {
      const pair = this.pair(pairId, 'summary');
      return pair.initiative?.title ?? pair.focus;
    }
    return cohortId ? this.cohort(cohortId).name : undefined;
  }

  private readonly programmeTimelines = new LRUCache<string, { changes: number; timeline: ProgrammeTimeline }>({
    max: 16,
    // By the entries kept, some hundreds of bytes each.
    maxSize: 200_000,
    sizeCalculation: (kept) => Math.max(1, kept.timeline.items.length),
  });

  /**
   * The pairs that may have an entry dated between two days, each with its name: those formed by the
   * last day whose latest fact is on or after the first (as their rows say, unless a row has yet to
   * re-view the pair's last events, or the look-back is to a position, when every pair is read).
   */
  private pairsActiveBetween(
    from: CalendarDate,
    to: CalendarDate,
    look: LookBack,
    { cohortId, pairId }: { cohortId?: string; pairId?: string },
    only?: string[],
  ): { pairId: string; cohortId: string; title: string }[] {
    const pairs = this.documents.table('pairs');
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (look.position === null) {
      clauses.push(
        `(p.position < (SELECT MAX(e.position) FROM ${this.documents.table('pair_events')} e WHERE e.pair_id = p.pair_id) OR (p.latest_on >= ? AND p.formed_on <= ?))`,
      );
      params.push(from, to);
    }
    if (cohortId) {
      clauses.push('p.cohort_id = ?');
      params.push(cohortId);
    }
    if (pairId) {
      clauses.push('p.pair_id = ?');
      params.push(pairId);
    }
    if (only) {
      clauses.push('p.pair_id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(only));
    }
    const rows = this.sql(
      `SELECT p.pair_id, p.cohort_id, COALESCE(json_extract(p.doc, '$.initiative.title'), json_extract(p.doc, '$.focus')) AS title FROM ${pairs} p
       ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY p.pair_id`,
    ).all(...params) as { pair_id: string; cohort_id: string; title: string }[];
    return rows.map((r) => ({ pairId: r.pair_id, cohortId: r.cohort_id, title: r.title }));
  }

  pairEvaluation(pairId: string, look: LookBack): LookedBackFigures {
    this.requirePair(pairId);
    const summary = this.summary(pairId, look);
    if (!summary) throw didNotExistThen(`Pair ${pairId}`, look);
    // An object spread into a literal that then adds fields gets a shape of its own from V8, slow to
    // build and to serialise: made on every request, it cost this one a fifth of its throughput. So the
    // answer is made once a summary, and each request copies it (keeping its shape) and sets the fields.
    summary.answer ??= { ...summary.figures, asOf: null, position: null };
    const answer = { ...summary.answer };
    answer.asOf = look.asOf;
    answer.position = look.position;
    return answer;
  }

  pairEvaluations(look: LookBack, cohortId?: string): PairFigures[] {
    return this.pairIds({ cohortId })
      .map((id) => this.figuresFor(id, look))
      .filter((f): f is PairFigures => f !== undefined);
  }

  cohortEvaluation(cohortId: string, look: LookBack) {
    // The name as recorded up to the position looked back to, as a report given again there says it.
    const { name } = this.cohort(cohortId, look);
    return { ...cohortFigures({ cohortId, name }, this.pairEvaluations(look, cohortId)), asOf: look.asOf, position: look.position };
  }

  cohortEvaluations(look: LookBack) {
    return this.cohorts(look).map((c) => ({ ...cohortFigures(c, this.pairEvaluations(look, c.cohortId)), asOf: look.asOf, position: look.position }));
  }

  serviceAreas(look: LookBack, cohortId?: string) {
    return { items: serviceAreaFigures(this.pairEvaluations(look, cohortId)), asOf: look.asOf, position: look.position };
  }

  /** Each of the five approaches: the meetings tagged with it, and how the pairs that practised it fared beside those that met without it. */
  approaches(look: LookBack, cohortId?: string) {
    return { items: approachFigures(this.pairEvaluations(look, cohortId)), asOf: look.asOf, position: look.position };
  }

  private activities(look: LookBack, cohortId?: string): PairActivity[] {
    return this.pairIds({ cohortId })
      .map((id) => this.summary(id, look)?.activity)
      .filter((a): a is PairActivity => a !== undefined);
  }

  monthly(query: { from?: string; to?: string; cohortId?: string }, look: LookBack) {
    const { from, to } = this.monthsAsked(query, look);
    return { months: monthlySeries(this.activities(look, query.cohortId), from, to), asOf: look.asOf, position: look.position };
  }

  /** How the partnerships felt, month by month (see `relationshipSeries`), over the months asked for, as the monthly series takes them. */
  relationship(query: { from?: string; to?: string; cohortId?: string }, look: LookBack) {
    const { from, to } = this.monthsAsked(query, look);
    return { months: relationshipSeries(this.activities(look, query.cohortId), from, to), asOf: look.asOf, position: look.position };
  }

  /** A series' months, `from` to `to` (YYYY-MM), each named if it is no month, and of a cohort that exists then, if one is asked for. */
  private monthsAsked(query: { from?: string; to?: string; cohortId?: string }, look: LookBack): { from: string; to: string } {
    const problems = [];
    for (const field of ['from', 'to'] as const) {
      const v = query[field];
      if (v === undefined || !/^\d{4}-\d{2}$/.test(v) || !isCalendarDate(`${v}-01`)) problems.push({ field, message: 'must be a month, YYYY-MM' });
    }
    if (problems.length) throw new ValidationError(problems);
    const span = monthCount(query.from!, query.to!);
    if (span < 1) throw new ValidationError([{ field: 'to', message: 'must not be before from' }]);
    if (span > MAX_MONTHS) {
      throw new ValidationError([{ field: 'to', message: `must be at most ${MAX_MONTHS} months (a hundred years) from from; ask for a shorter range` }]);
    }
    if (query.cohortId) this.cohort(query.cohortId, look);
    return { from: query.from!, to: query.to! };
  }

  funnel(query: { cohortId?: string }, look: LookBack) {
    if (query.cohortId) this.cohort(query.cohortId, look);
    return { stages: funnel(this.activities(look, query.cohortId)), asOf: look.asOf, position: look.position };
  }

  /** The headline figures in words, of the programme or one cohort (`GET /evaluation/summary`, `analytics summary`), as a report pack's summary.md says them. */
  /**
   * The headline figures since an earlier report (its asOf and position: at least one), of the programme
   * or one cohort: each then and now, read in one snapshot, and how it moved, with what grew in words and
   * the looks that give each again.
   */
  async figuresSince(query: { asOf?: string; position?: string; cohortId?: string }) {
    if (!query.asOf && !query.position)
      throw new ValidationError([
        { field: 'position', message: 'is required, or the date: give the log position (and date) of the earlier report to compare with' },
      ]);
    const cohortId = query.cohortId || undefined;
    const then = await this.lookBack({ asOf: query.asOf, position: query.position });
    const now = await this.lookBack({});
    const read = this.reproducibly(now, () => {
      if (cohortId) this.cohort(cohortId);
      return figuresSince(this.pairEvaluations(then, cohortId), this.pairEvaluations(now, cohortId));
    });
    const reading = { then: { asOf: then.asOf ?? then.today, position: then.position ?? read.position }, now: { asOf: read.asOf, position: read.position } };
    return { ...read, result: { cohortId: cohortId ?? null, ...reading, inWords: sinceInWords(read.result, reading), figures: read.result } };
  }

  figuresInWords(query: { cohortId?: string }, look: LookBack) {
    const cohortId = query.cohortId || undefined;
    const sections = figuresInWords({ pairs: this.pairEvaluations(look, cohortId), funnel: this.funnel({ cohortId }, look).stages });
    return { cohortId: cohortId ?? null, sections, asOf: look.asOf, position: look.position };
  }

  // ---- audit ----

  private auditQuery(filter: AuditFilter): { where: string; params: unknown[] } {
    const clauses = ['position > ?'];
    const params: unknown[] = [filter.after ?? 0n];
    if (filter.upTo !== undefined) {
      clauses.push('position <= ?');
      params.push(filter.upTo);
    }
    if (filter.stream) {
      clauses.push('stream = ?');
      params.push(filter.stream);
    }
    if (filter.type) {
      clauses.push('type = ?');
      params.push(filter.type);
    }
    if (filter.actor) {
      clauses.push('actor_user = ?');
      params.push(filter.actor);
    }
    if (filter.source) {
      clauses.push('source = ?');
      params.push(filter.source);
    }
    if (filter.from) {
      clauses.push('recorded_at >= ?');
      params.push(filter.from);
    }
    if (filter.to) {
      // Exclusive: the instant after the last one wanted (the start of the next day, for a date).
      clauses.push('recorded_at < ?');
      params.push(filter.to);
    }
    return { where: clauses.join(' AND '), params };
  }

  /**
   * Checks the audit filters of a query string. `from` and `to` are dates, read in the programme's time
   * zone (`to` takes in the whole of its day), or ISO 8601 instants with a time and an offset.
   */
  auditFilter(query: Record<string, string | undefined>): AuditFilter {
    const problems: FieldProblem[] = [];
    // Instants are compared as ISO text, which sorts by time only up to the year 9999. A `to` bound is
    // exclusive (the start of the next day, or the next millisecond); one past 9999 bounds nothing.
    const instant = (ms: number) => (new Date(ms).getUTCFullYear() > 9999 ? undefined : new Date(ms).toISOString());
    const bound = (field: 'from' | 'to'): string | undefined => {
      const v = query[field];
      if (v === undefined) return undefined;
      if (isCalendarDate(v)) {
        if (field === 'from') return startOfDateInZone(v, this.timeZone).toISOString();
        return v === '9999-12-31' ? undefined : startOfDateInZone(addDays(v, 1), this.timeZone).toISOString();
      }
      if (INSTANT.test(v) && !Number.isNaN(Date.parse(v))) return instant(Date.parse(v) + (field === 'to' ? 1 : 0));
      problems.push({ field, message: 'must be a date, YYYY-MM-DD, or an ISO 8601 instant such as 2026-03-01T09:30:00Z' });
      return undefined;
    };
    const from = bound('from');
    const to = bound('to');
    // A range that ends before it begins would give an empty trail, as if nothing had been recorded.
    if (from !== undefined && to !== undefined && to <= from) problems.push({ field: 'to', message: 'must not be before from' });
    for (const field of ['after', 'upTo'] as const) {
      if (query[field] !== undefined && !/^\d{1,18}$/.test(query[field])) problems.push({ field, message: 'must be a log position, a whole number' });
    }
    // As with dates: a range of positions that ends before it begins would look like a trail with nothing in it.
    if (!problems.some((p) => p.field === 'after' || p.field === 'upTo') && query.after !== undefined && query.upTo !== undefined) {
      if (BigInt(query.upTo) <= BigInt(query.after)) problems.push({ field: 'upTo', message: 'must be a later position than after' });
    }
    if (query.type !== undefined && !isEventType(query.type)) {
      // A misspelt type would match nothing and look like a trail without such events.
      const meant = EVENT_TYPES.find((t) => t.toLowerCase() === query.type!.toLowerCase());
      problems.push({
        field: 'type',
        message: meant ? `is not an event type; did you mean ${meant}?` : `must be an event type: one of ${EVENT_TYPES.join(', ')}`,
      });
    }
    if (query.source !== undefined && !(EVENT_SOURCES as readonly string[]).includes(query.source)) {
      problems.push({ field: 'source', message: `must be ${EVENT_SOURCES.slice(0, -1).join(', ')} or ${EVENT_SOURCES.at(-1)}` });
    }
    if (problems.length) throw new ValidationError(problems);
    return {
      stream: query.stream,
      type: query.type,
      actor: query.actor,
      source: query.source as EventSource | undefined,
      from,
      to,
      after: query.after !== undefined ? BigInt(query.after) : undefined,
      upTo: query.upTo !== undefined ? BigInt(query.upTo) : undefined,
    };
  }

  /**
   * A page of the audit trail. Newest first, a cursor holds its page's last position behind a `<`, so a
   * cursor of one order given to the other is refused rather than read as a place in it.
   */
  audit(filter: AuditFilter, limit: number, cursor?: string, order: AuditOrder = 'oldest'): Page<AuditRow> {
    const newest = order === 'newest';
    const key = decodeCursor(cursor, newest ? /^<\d{1,18}$/ : /^\d{1,18}$/);
    const from = key !== undefined ? BigInt(key.replace('<', '')) : undefined;
    const page = newest ? { ...filter, upTo: from !== undefined ? from - 1n : filter.upTo } : { ...filter, after: from ?? filter.after };
    const { where, params } = this.auditQuery(page);
    const rows = this.sql(`SELECT * FROM ${this.engine.table('audit', 'rows')} WHERE ${where} ORDER BY position ${newest ? 'DESC' : 'ASC'} LIMIT ?`).all(
      ...params,
      limit + 1,
    ) as Record<string, unknown>[];
    const items = rows.slice(0, limit).map(toAuditRow);
    const last = items[items.length - 1]?.position;
    return { items, next: rows.length > limit ? encodeCursor(newest ? `<${last}` : last!) : null };
  }

  /**
   * The events an import recorded (its correlation id, and source `import`), the latest first: what undoing
   * it retracts. Read without an index, as it is asked for seldom: a scan of the trail.
   */
  importedEvents(importId: string): { stream: string; eventId: string; type: string }[] {
    const rows = this.sql(
      `SELECT stream, event_id, type FROM ${this.engine.table('audit', 'rows')} WHERE correlation_id = ? AND source = 'import' ORDER BY position DESC`,
    ).all(importId) as { stream: string; event_id: string; type: string }[];
    return rows.map((r) => ({ stream: r.stream, eventId: r.event_id, type: r.type }));
  }

  /** The whole filtered trail, in batches, so memory stays flat however long the log. */
  *auditBatches(filter: AuditFilter, batchSize = 1000): Generator<AuditRow[]> {
    let after = filter.after ?? 0n;
    for (;;) {
      const { where, params } = this.auditQuery({ ...filter, after });
      const rows = this.sql(`SELECT * FROM ${this.engine.table('audit', 'rows')} WHERE ${where} ORDER BY position LIMIT ?`).all(...params, batchSize) as Record<
        string,
        unknown
      >[];
      if (rows.length === 0) return;
      const batch = rows.map(toAuditRow);
      yield batch;
      after = BigInt(batch[batch.length - 1]!.position);
    }
  }
}

function toAuditRow(r: Record<string, unknown>): AuditRow {
  return {
    position: String(r.position),
    stream: r.stream as string,
    revision: String(r.revision),
    eventId: r.event_id as string,
    type: r.type as string,
    recordedAt: r.recorded_at as string,
    actor: JSON.parse(r.actor as string),
    source: (r.source as EventSource) ?? null,
    correlationId: (r.correlation_id as string) ?? null,
    causationId: (r.causation_id as string) ?? null,
    commandId: (r.command_id as string) ?? null,
    hash: (r.hash as string) ?? null,
    summary: r.summary as string,
  };
}
