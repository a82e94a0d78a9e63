import { PairtrailError } from '@pairtrail/domain';
import { streamCategory } from './stream-category';

/** Where a stream must be for an append to go ahead. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

/** An event on its way into the store. `data` and `metadata` are JSON objects. */
export interface EventToAppend {
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** An event as stored: its stream, its revision within it, and its global position in the log. */
export interface RecordedEvent extends EventToAppend {
  stream: string;
  revision: bigint;
  position: bigint;
}

export interface AppendResult {
  /** The stream's revision after the append: the revision to expect next time. */
  nextExpectedRevision: bigint;
  /** The global position of the last event appended. */
  position: bigint;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive; by default the start (forwards) or the end (backwards). */
  fromRevision?: bigint;
  maxCount?: number;
}

/** Keeps events whose stream category (the part before the first `-`) or type prefix matches. */
export interface AllFilter {
  streamCategories?: string[];
  eventTypePrefixes?: string[];
}

export interface ReadAllOptions {
  /** Exclusive: only events after this position. By default, the start of the log. */
  after?: bigint;
  maxCount?: number;
  filter?: AllFilter;
}

export interface SubscribeOptions {
  /** Exclusive: deliver events after this position. By default, the start of the log. */
  fromPosition?: bigint;
  filter?: AllFilter;
}

/** A catch-up subscription: it delivers the log from a position, then live events, until closed. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  /**
   * The same events, a page at a time, as they come to hand, and an empty page each time nothing more
   * is at hand, before it waits: caught up with the log, or (a server's subscription) perhaps only
   * paused short of it. A consumer that takes events in batches (the projections) is spared a promise
   * per event. Iterate the subscription or its pages, not both; a page may be shared with other
   * subscriptions, so never change one.
   */
  pages(): AsyncIterable<readonly RecordedEvent[]>;
  close(): Promise<void>;
}

export interface StoreStats {
  events: number;
  streams: number;
  lastPosition: bigint;
}

/**
 * The event store port. Every adapter (embedded SQLite, EventStoreDB) passes the same contract suite
 * in `@pairtrail/testing`. Positions and revisions are bigint.
 */
export interface EventStore {
  /**
   * Which kind of log this is. Positions mean something only within one kind: the embedded store counts
   * events, EventStoreDB gives byte offsets. What keeps positions (the read models' checkpoints) keeps
   * this beside them.
   */
  readonly kind: 'sqlite' | 'esdb';
  /**
   * Appends events to a stream if it is at the expected revision. Appending the same event ids again at
   * the same place is a no-op that returns the original result.
   * @throws WrongExpectedVersionError when the stream is elsewhere.
   */
  appendToStream(stream: string, events: EventToAppend[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult>;
  /** A stream's events; an empty list for a stream that does not exist. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of the global log, forwards. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Counts the log's events and streams (an adapter may have to read the whole log the first time). */
  stats(): Promise<StoreStats>;
  /**
   * The position of the log's last event, 0n when it is empty, without counting the log: what a check of
   * a position against the log's end, a lag or a progress bar needs.
   */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}

/** The stream is not at the revision the append expected. */
export class WrongExpectedVersionError extends PairtrailError {
  readonly category = 'revision-mismatch' as const;
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual revision; -1n when it does not exist. */
    readonly actual: bigint,
  ) {
    super(`Stream ${stream} is at revision ${actual < 0n ? 'none (no stream)' : actual.toString()}, not ${String(expected)}; reload it and try again.`);
  }
}

export { streamCategory };

/** Whether an event passes a filter (no filter passes everything). */
export function matchesFilter(event: { stream: string; type: string }, filter?: AllFilter): boolean {
  if (!filter || (!filter.streamCategories?.length && !filter.eventTypePrefixes?.length)) return true;
  if (filter.streamCategories?.includes(streamCategory(event.stream))) return true;
  return filter.eventTypePrefixes?.some((p) => event.type.startsWith(p)) ?? false;
}

/**
 * Every event of one type in the log, in log order, read a page at a time so that memory does not grow
 * with the log (the embedded store indexes the types read this way: see its migrations).
 */
export async function* eventsOfType(store: Pick<EventStore, 'readAll'>, type: string, pageSize = 1000): AsyncGenerator<RecordedEvent> {
  for (let after = 0n; ;) {
    const page = await store.readAll({ after, maxCount: pageSize, filter: { eventTypePrefixes: [type] } });
    if (page.length === 0) return;
    for (const event of page) if (event.type === type) yield event;
    after = page[page.length - 1]!.position;
  }
}
