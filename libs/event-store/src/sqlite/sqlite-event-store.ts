import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { LRUCache } from 'lru-cache';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  WrongExpectedVersionError,
  streamCategory,
  type AllFilter,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoreStats,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { migrate } from './migrations';

export interface SqliteEventStoreOptions {
  /** The database file, such as `data/events.db`; `:memory:` for a throwaway store. */
  path: string;
  /**
   * `FULL` (the default) makes an acknowledged append survive a power loss. `NORMAL` is faster, and in
   * WAL mode still never corrupts the store, but may lose the last appends on a power loss.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** How often a subscription looks for events appended by another process. */
  pollIntervalMs?: number;
}

/** How many events one insert statement writes, at most. */
const INSERT_ROWS = 100;

/** How many events a subscription reads from the log at a time. */
const PAGE_SIZE = 500;

interface EventRow {
  position: number;
  stream: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
}

interface QueuedAppend {
  stream: string;
  events: EventToAppend[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

const toRecorded = (row: EventRow): RecordedEvent => ({
  position: BigInt(row.position),
  stream: row.stream,
  revision: BigInt(row.revision),
  eventId: row.event_id,
  type: row.type,
  data: JSON.parse(row.data) as Record<string, unknown>,
  metadata: JSON.parse(row.metadata) as Record<string, unknown>,
});

function prepareStatements(db: Database.Database) {
  const prepare = (sql: string) => db.prepare(sql);
  return {
    upsertStream: prepare('INSERT INTO streams (stream, revision) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision'),
    streamRevision: prepare('SELECT revision FROM streams WHERE stream = ?'),
    byEventIdInStream: prepare('SELECT revision FROM events WHERE stream = ? AND event_id = ? ORDER BY revision LIMIT 1'),
    readStreamForwards: prepare('SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?'),
    readStreamBackwards: prepare('SELECT * FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?'),
    readAll: prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
    head: prepare('SELECT MAX(position) AS head FROM events'),
  };
}

/**
 * The embedded event store: one SQLite file in WAL mode. better-sqlite3 is synchronous, so each append
 * is one immediate transaction and positions commit in order: no reader sees N+1 before N.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private readonly subscriptions = new Set<{ close(): Promise<void> }>();
  private readonly pollIntervalMs: number;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly appendTransaction: ReturnType<SqliteEventStore['makeAppendTransaction']>;
  private readonly groupTransaction: ReturnType<SqliteEventStore['makeGroupTransaction']>;
  private closed = false;

  constructor(options: SqliteEventStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 10000');
    migrate(this.db);
    this.statements = prepareStatements(this.db);
    this.appendTransaction = this.makeAppendTransaction();
    this.groupTransaction = this.makeGroupTransaction();
    this.readAllTransaction = this.makeReadAllTransaction();
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.appended.setMaxListeners(0);
  }

  /** The underlying connection, for online backup. */
  get database(): Database.Database {
    return this.db;
  }

  /**
   * Appends wait for the next turn of the event loop, and every append queued by then commits in one
   * transaction (group commit): under `synchronous=FULL` they share one fsync. Each append still checks
   * its own expected revision and fails alone; an acknowledged append is durable.
   */
  appendToStream(stream: string, events: EventToAppend[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('appendToStream needs at least one event'));
    if (this.closed) return Promise.reject(new Error('The event store is closed.'));
    return new Promise((resolve, reject) => {
      this.queued.push({ stream, events, expected: options.expectedRevision ?? 'any', resolve, reject });
      if (this.queued.length === 1) setImmediate(() => this.commitQueued());
    });
  }

  private queued: QueuedAppend[] = [];

  /** Commits every queued append in one immediate transaction; one append's failure is its own. */
  private commitQueued(): void {
    const group = this.queued;
    this.queued = [];
    if (group.length === 0) return;
    let outcomes: ({ result: AppendResult } | { error: unknown })[];
    try {
      outcomes = this.groupTransaction.immediate(group);
    } catch (error) {
      // The transaction as a whole failed (such as a full disk): nothing of the group was written.
      for (const append of group) append.reject(error);
      return;
    }
    group.forEach((append, i) => {
      const outcome = outcomes[i]!;
      if ('result' in outcome) append.resolve(outcome.result);
      else append.reject(outcome.error);
    });
    this.appended.emit('append');
  }

  /** The group as one transaction; each append is a savepoint inside it, rolled back alone if it fails. */
  private makeGroupTransaction() {
    return this.db.transaction((group: QueuedAppend[]) =>
      group.map((append) => {
        try {
          return { result: this.appendTransaction(append.stream, append.events, append.expected) };
        } catch (error) {
          if (error instanceof WrongExpectedVersionError) return { error };
          throw error;
        }
      }),
    );
  }

  /** The append as one transaction function, made once: making one per append is measurably slower. */
  private makeAppendTransaction() {
    return this.db.transaction((stream: string, events: EventToAppend[], expected: ExpectedRevision): AppendResult => {
      const current = this.currentRevision(stream);
      const exact = typeof expected === 'bigint' || expected === 'no_stream';
      // An exact expectation that holds cannot be a replay: the events would stand past it.
      if (!exact || !this.meets(expected, current)) {
        const replay = this.findReplay(stream, events, expected, current);
        if (replay) return replay;
        if (!this.meets(expected, current)) throw new WrongExpectedVersionError(stream, expected, current);
      }
      const category = streamCategory(stream);
      // Plain numbers inside the loop: a BigInt per event is garbage the collector then spends time on.
      let revision = Number(current);
      let position = 0;
      // Up to INSERT_ROWS events a statement: one call into SQLite per row cost a third of a batch's time.
      for (let start = 0; start < events.length; start += INSERT_ROWS) {
        const chunk = events.slice(start, start + INSERT_ROWS);
        const values: unknown[] = [];
        for (const event of chunk) {
          revision += 1;
          values.push(stream, category, revision, event.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata));
        }
        position = this.insertRows(chunk.length).run(values).lastInsertRowid as number;
      }
      this.statements.upsertStream.run(stream, revision);
      return { nextExpectedRevision: BigInt(revision), position: BigInt(position) };
    });
  }

  /** The insert of `rows` events in one statement, prepared once per count. */
  private insertRows(rows: number): Database.Statement {
    let statement = this.inserts.get(rows);
    if (!statement) {
      const values = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ');
      statement = this.db.prepare(`INSERT INTO events (stream, category, revision, event_id, type, data, metadata) VALUES ${values}`);
      this.inserts.set(rows, statement);
    }
    return statement;
  }

  private readonly inserts = new Map<number, Database.Statement>();

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? BigInt(Number.MAX_SAFE_INTEGER) : 0n);
    const limit = options.maxCount ?? -1;
    // A command reading what was appended since its cached fold usually finds nothing: the stream's
    // revision answers that from one small row, where the events index would be searched.
    if (!backwards && from > 0n) {
      const head = this.statements.streamRevision.get(stream) as { revision: number } | undefined;
      if (head === undefined || head.revision < from) return [];
    }
    const rows = (backwards ? this.statements.readStreamBackwards : this.statements.readStreamForwards).all(stream, from, limit) as EventRow[];
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllSync(options.after ?? 0n, options.maxCount ?? 1000, options.filter).events;
  }

  /** A batch of the log after a position, and the position scanned up to (beyond filtered-out events). */
  private readAllSync(after: bigint, maxCount: number, filter?: AllFilter): { events: RecordedEvent[]; scannedTo: bigint } {
    return this.readAllTransaction(after, maxCount, filter);
  }

  /**
   * The next page of the log for a subscription. Subscriptions catching up together (the projections)
   * read the same pages one after another, so the last few full pages are kept and the later readers
   * share them instead of reading and parsing them again. A page that ended short of a full one may
   * since have grown, so it is never kept; a full one never changes, since events are never changed.
   */
  private readPage(after: bigint, filter?: AllFilter): { events: RecordedEvent[]; scannedTo: bigint } {
    const key = `${after}|${filter ? JSON.stringify(filter) : ''}`;
    const kept = this.recentPages.get(key);
    if (kept) return kept;
    const page = this.readAllSync(after, PAGE_SIZE, filter);
    if (page.events.length === PAGE_SIZE) this.recentPages.set(key, page);
    return page;
  }

  private readonly recentPages = new LRUCache<string, { events: RecordedEvent[]; scannedTo: bigint }>({ max: 8 });

  /** One read transaction, made once; filtered queries are prepared once per filter shape. */
  private readonly filteredReads = new Map<string, Database.Statement>();
  private readonly readAllTransaction: ReturnType<SqliteEventStore['makeReadAllTransaction']>;

  private makeReadAllTransaction() {
    return this.db.transaction((after: bigint, maxCount: number, filter?: AllFilter): { events: RecordedEvent[]; scannedTo: bigint } => {
      const categories = filter?.streamCategories ?? [];
      const prefixes = filter?.eventTypePrefixes ?? [];
      let rows: EventRow[];
      if (categories.length === 0 && prefixes.length === 0) {
        rows = this.statements.readAll.all(after, maxCount) as EventRow[];
      } else {
        const clauses = [
          ...(categories.length ? [`category IN (${categories.map(() => '?').join(',')})`] : []),
          ...prefixes.map(() => `substr(type, 1, ?) = ?`),
        ];
        const params = [...categories, ...prefixes.flatMap((p) => [p.length, p])];
        const sql = `SELECT * FROM events WHERE position > ? AND (${clauses.join(' OR ')}) ORDER BY position LIMIT ?`;
        let statement = this.filteredReads.get(sql);
        if (!statement) this.filteredReads.set(sql, (statement = this.db.prepare(sql)));
        rows = statement.all(after, ...params, maxCount) as EventRow[];
      }
      const events = rows.map(toRecorded);
      const full = events.length === maxCount;
      const head = BigInt((this.statements.head.get() as { head: number | null }).head ?? 0);
      // When the batch is not full, every event up to the head has been seen (in this snapshot).
      const scannedTo = full ? events[events.length - 1]!.position : head > after ? head : after;
      return { events, scannedTo };
    });
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    let closed = false;
    let wake: (() => void) | undefined;
    const onAppend = () => wake?.();
    this.appended.on('append', onAppend);
    const subscription = {
      close: async () => {
        closed = true;
        this.appended.off('append', onAppend);
        this.subscriptions.delete(subscription);
        wake?.();
      },
    };
    this.subscriptions.add(subscription);
    const iterate = async function* (store: SqliteEventStore): AsyncGenerator<RecordedEvent> {
      let after = options.fromPosition ?? 0n;
      try {
        while (!closed && !store.closed) {
          const { events, scannedTo } = store.readPage(after, options.filter);
          for (const event of events) {
            if (closed) return;
            yield event;
          }
          after = scannedTo;
          if (events.length > 0) continue;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, store.pollIntervalMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
        }
      } finally {
        await subscription.close();
      }
    };
    const iterator = iterate(this);
    return Object.assign(subscription, { [Symbol.asyncIterator]: () => iterator });
  }

  async stats(): Promise<StoreStats> {
    const row = this.db
      .prepare('SELECT (SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(*) FROM streams) AS streams, (SELECT MAX(position) FROM events) AS last')
      .get() as {
      events: number;
      streams: number;
      last: number | null;
    };
    return { events: row.events, streams: row.streams, lastPosition: BigInt(row.last ?? 0) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.commitQueued();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.db.close();
  }

  private currentRevision(stream: string): bigint {
    const row = this.statements.streamRevision.get(stream) as { revision: number } | undefined;
    return row ? BigInt(row.revision) : -1n;
  }

  private meets(expected: ExpectedRevision, current: bigint): boolean {
    if (expected === 'any') return true;
    if (expected === 'no_stream') return current === -1n;
    if (expected === 'stream_exists') return current >= 0n;
    return current === expected;
  }

  /** The original result, when these very events already stand at the place this append expects. */
  private findReplay(stream: string, events: EventToAppend[], expected: ExpectedRevision, current: bigint): AppendResult | undefined {
    let start: bigint;
    if (typeof expected === 'bigint' || expected === 'no_stream') {
      start = expected === 'no_stream' ? 0n : expected + 1n;
      if (current < start) return undefined;
    } else {
      // `any` and `stream_exists` name no place: look for the first event anywhere in the stream.
      const first = this.statements.byEventIdInStream.get(stream, events[0]!.eventId) as { revision: number } | undefined;
      if (!first) return undefined;
      start = BigInt(first.revision);
    }
    const stored = this.statements.readStreamForwards.all(stream, start, events.length) as EventRow[];
    if (stored.length !== events.length || stored.some((row, i) => row.event_id !== events[i]!.eventId)) return undefined;
    const last = stored[stored.length - 1]!;
    return { nextExpectedRevision: BigInt(last.revision), position: BigInt(last.position) };
  }
}
