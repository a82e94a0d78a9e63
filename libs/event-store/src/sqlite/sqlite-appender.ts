import type Database from 'better-sqlite3';
import type { AppendResult, ExpectedRevision } from '../event-store.port';
import { streamCategory } from '../stream-category';

/** How many events one insert statement writes, at most. */
const INSERT_ROWS = 100;

/** An event as it is written: its data and metadata already JSON, so it crosses to a writer thread as text. */
export interface EventRowToWrite {
  eventId: string;
  type: string;
  data: string;
  metadata: string;
}

/** One append of a group: its stream, its events and the revision it expects the stream to be at. */
export interface AppendRequest {
  stream: string;
  events: EventRowToWrite[];
  expected: ExpectedRevision;
}

/** What became of one append: written (or found already written), or refused for the stream's revision. */
export type AppendOutcome = { result: AppendResult } | { conflict: { expected: ExpectedRevision; actual: bigint } };

/**
 * Writes groups of appends to the events table: the whole group in one immediate transaction (one fsync
 * under `synchronous=FULL`). An append whose stream has moved writes nothing and fails alone; any other
 * failure (a full disk) fails the group. Plain data in and out, so the same code runs on the store's own
 * connection or on a writer thread's.
 */
export class SqliteAppender {
  private readonly statements;
  private readonly inserts = new Map<number, Database.Statement>();
  private readonly group;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      upsertStream: db.prepare('INSERT INTO streams (stream, revision) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision'),
      streamRevision: db.prepare('SELECT revision FROM streams WHERE stream = ?'),
      byEventIdInStream: db.prepare('SELECT revision FROM events WHERE stream = ? AND event_id = ? ORDER BY revision LIMIT 1'),
      readStreamForwards: db.prepare('SELECT revision, event_id, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?'),
    };
    // The transaction function made once: making one per group is measurably slower.
    this.group = db.transaction((requests: AppendRequest[]): AppendOutcome[] => requests.map((request) => this.appendOne(request)));
  }

  /**
   * Commits the group; an append whose stream is not where it expected gets a conflict and writes
   * nothing. Throws (and writes nothing of the group) when the transaction as a whole fails.
   */
  commit(requests: AppendRequest[]): AppendOutcome[] {
    return this.group.immediate(requests);
  }

  private appendOne({ stream, events, expected }: AppendRequest): AppendOutcome {
    const current = this.currentRevision(stream);
    const exact = typeof expected === 'bigint' || expected === 'no_stream';
    // An exact expectation that holds cannot be a replay: the events would stand past it.
    if (!exact || !meets(expected, current)) {
      const replay = this.findReplay(stream, events, expected, current);
      if (replay) return { result: replay };
      if (!meets(expected, current)) return { conflict: { expected, actual: current } };
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
        values.push(stream, category, revision, event.eventId, event.type, event.data, event.metadata);
      }
      position = this.insertRows(chunk.length).run(values).lastInsertRowid as number;
    }
    this.statements.upsertStream.run(stream, revision);
    return { result: { nextExpectedRevision: BigInt(revision), position: BigInt(position) } };
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

  private currentRevision(stream: string): bigint {
    const row = this.statements.streamRevision.get(stream) as { revision: number } | undefined;
    return row ? BigInt(row.revision) : -1n;
  }

  /** The original result, when these very events already stand at the place this append expects. */
  private findReplay(stream: string, events: EventRowToWrite[], expected: ExpectedRevision, current: bigint): AppendResult | undefined {
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
    const stored = this.statements.readStreamForwards.all(stream, start, events.length) as { revision: number; event_id: string; position: number }[];
    if (stored.length !== events.length || stored.some((row, i) => row.event_id !== events[i]!.eventId)) return undefined;
    const last = stored[stored.length - 1]!;
    return { nextExpectedRevision: BigInt(last.revision), position: BigInt(last.position) };
  }
}

/** Whether a stream at `current` is where an append expecting `expected` may write. */
export function meets(expected: ExpectedRevision, current: bigint): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === -1n;
  if (expected === 'stream_exists') return current >= 0n;
  return current === expected;
}
