import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  MaxAppendSizeExceededError,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  jsonEvent,
  streamNameFilter,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type JSONRecordedEvent,
  type JSONType,
  type Position,
  type ReadPosition,
} from '@eventstore/db-client';
import { ValidationError } from '@pairtrail/domain';
import { pagesOf } from '../pages';
import {
  WrongExpectedVersionError,
  matchesFilter,
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

export interface EsdbEventStoreOptions {
  /** Such as `esdb://localhost:2113?tls=false`, or a cluster: `esdb://node1:2113,node2:2113,node3:2113`. */
  connectionString: string;
  /**
   * The stream categories that are this application's (`pair`, `cohort`…). Subscriptions and `$all` reads
   * keep only these. Without them every stream that is not a system stream counts.
   */
  categories?: string[];
  /** Backoff between resubscriptions after a subscription fails: doubling from the first delay up to the most. */
  resubscribe?: { firstDelayMs?: number; maxDelayMs?: number };
  /** Told of each resubscription, for a log line. */
  onResubscribe?: (info: { attempt: number; delayMs: number; from: bigint | undefined; error: unknown }) => void;
}

interface SubscriptionState {
  closed: boolean;
  closing: Promise<'closed'>;
  current?: { unsubscribe(): Promise<void> };
}

/** How many events one `$all` read asks the server for. */
const PAGE = 500;

const isSystem = (event: { streamId: string; type: string }) => event.type.startsWith('$') || event.streamId.startsWith('$');

const at = (position: bigint): Position => ({ commit: position, prepare: position });

function toRecorded(event: AllStreamRecordedEvent | JSONRecordedEvent): RecordedEvent {
  const metadata = event.metadata;
  return {
    stream: event.streamId,
    revision: event.revision,
    position: event.position!.commit,
    eventId: event.id,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: metadata && !(metadata instanceof Uint8Array) ? (metadata as Record<string, unknown>) : {},
  };
}

const toClientRevision = (expected: ExpectedRevision): AppendExpectedRevision => expected;

/** An append bigger than the server takes (1 MiB by default). */
export class AppendTooLargeError extends ValidationError {
  constructor(stream: string, limit: number) {
    super(
      [{ field: 'events', message: `are larger than the event store's limit of ${limit} bytes` }],
      `The append to ${stream} is larger than the event store's limit of ${limit} bytes; send fewer or smaller events at a time.`,
    );
  }
}

/**
 * The EventStoreDB adapter, through `@eventstore/db-client`. It passes the same contract suite as the
 * SQLite store. Positions are the server's commit positions. Since a single append's events each have their
 * own commit position (equal to their prepare position), a commit position names one event.
 */
export class EsdbEventStore implements EventStore {
  readonly kind = 'esdb';
  private readonly client: EventStoreDBClient;
  private readonly categories?: Set<string>;
  private readonly subscriptions = new Set<Subscription>();
  private counted = { events: 0, streams: new Set<string>(), scannedTo: undefined as bigint | undefined, last: 0n };
  private counting: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: EsdbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    if (options.categories?.length) this.categories = new Set(options.categories);
  }

  async appendToStream(stream: string, events: EventToAppend[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    const expected = options.expectedRevision ?? 'any';
    const proposed = events.map((e) => jsonEvent({ id: e.eventId, type: e.type, data: e.data as JSONType, metadata: e.metadata as JSONType }));
    try {
      const result = await this.client.appendToStream(stream, proposed, { expectedRevision: toClientRevision(expected) });
      return { nextExpectedRevision: result.nextExpectedRevision, position: result.position!.commit };
    } catch (error) {
      if (error instanceof EsdbWrongExpectedVersionError) {
        const actual = error.actualVersion;
        throw new WrongExpectedVersionError(stream, expected, typeof actual === 'bigint' ? actual : -1n);
      }
      if (error instanceof MaxAppendSizeExceededError) throw new AppendTooLargeError(stream, error.maxAppendSize);
      throw error;
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const out: RecordedEvent[] = [];
    try {
      const reading = this.client.readStream(stream, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : START),
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      });
      for await (const resolved of reading) if (resolved.event) out.push(toRecorded(resolved.event as JSONRecordedEvent));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? 1000;
    const out: RecordedEvent[] = [];
    await this.scanAll(options.after, (event) => {
      if (this.accepts(event, options.filter)) out.push(toRecorded(event));
      return out.length < maxCount;
    });
    return out;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    let onClose: () => void = () => undefined;
    const state: SubscriptionState = { closed: false, closing: new Promise<'closed'>((resolve) => (onClose = () => resolve('closed'))) };
    const iterator = this.deliver(options, state);
    const pages = pagesOf(iterator);
    const subscription: Subscription = {
      close: async () => {
        if (state.closed) return;
        state.closed = true;
        onClose();
        this.subscriptions.delete(subscription);
        await state.current?.unsubscribe().catch(() => undefined);
        await iterator.return(undefined);
      },
      [Symbol.asyncIterator]: () => iterator,
      pages: () => pages,
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * The events of a subscription. When the server's subscription fails or ends, it resubscribes with
   * backoff from the position of the last event it handed over and was asked past: never from a checkpoint
   * the server reports.
   */
  private async *deliver(options: SubscribeOptions, state: SubscriptionState): AsyncGenerator<RecordedEvent> {
    const filter = this.serverFilter(options.filter);
    const { firstDelayMs = 100, maxDelayMs = 5_000 } = this.options.resubscribe ?? {};
    let last = options.fromPosition !== undefined && options.fromPosition > 0n ? options.fromPosition : undefined;
    let attempt = 0;
    while (!state.closed) {
      const subscription = this.client.subscribeToAll({ fromPosition: last === undefined ? START : at(last), filter });
      state.current = subscription;
      const events = subscription[Symbol.asyncIterator]();
      let failure: unknown = new Error('the server ended the subscription');
      try {
        while (!state.closed) {
          const next = await Promise.race([events.next(), state.closing]);
          if (next === 'closed' || next.done) break;
          const event = (next.value as AllStreamResolvedEvent).event;
          if (!event) continue;
          const position = event.position.commit;
          if (last !== undefined && position <= last) continue;
          if (this.accepts(event, options.filter)) {
            yield toRecorded(event);
            attempt = 0;
          }
          last = position;
        }
      } catch (error) {
        failure = error;
      } finally {
        await subscription.unsubscribe().catch(() => undefined);
      }
      if (state.closed) break;
      attempt += 1;
      const delayMs = Math.min(maxDelayMs, firstDelayMs * 2 ** (attempt - 1));
      this.options.onResubscribe?.({ attempt, delayMs, from: last, error: failure });
      await Promise.race([new Promise((resolve) => setTimeout(resolve, delayMs).unref()), state.closing]);
    }
  }

  /**
   * Counts this application's events and streams. The count is kept, and each call reads only what was
   * appended since the last one.
   */
  async stats(): Promise<StoreStats> {
    const run = this.counting.then(() =>
      this.scanAll(this.counted.scannedTo, (event) => {
        this.counted.scannedTo = event.position.commit;
        if (!this.accepts(event)) return true;
        this.counted.events += 1;
        this.counted.streams.add(event.streamId);
        this.counted.last = event.position.commit;
        return true;
      }),
    );
    this.counting = run.catch(() => undefined);
    await run;
    return { events: this.counted.events, streams: this.counted.streams.size, lastPosition: this.counted.last };
  }

  /**
   * The last of this application's events, read backwards from the end of `$all` past any system events
   * after it, so a position is checked against the log's end without counting the log.
   */
  async headPosition(): Promise<bigint> {
    let from: ReadPosition = END;
    for (;;) {
      let read = 0;
      let found: bigint | undefined;
      let oldest: Position | undefined;
      // Each page is read to its end, so no server stream is left half-drained.
      for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: PAGE })) {
        read += 1;
        const event = resolved.event;
        if (!event) continue;
        oldest = event.position;
        if (found === undefined && this.accepts(event)) found = event.position.commit;
      }
      if (found !== undefined) return found;
      if (read < PAGE || !oldest) return 0n;
      from = oldest;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }

  /** Whether an event is this application's and passes a filter: never a system event or a `$$` metadata stream. */
  private accepts(event: { streamId: string; type: string }, filter?: AllFilter): boolean {
    if (isSystem(event)) return false;
    if (this.categories && !this.categories.has(streamCategory(event.streamId))) return false;
    return matchesFilter({ stream: event.streamId, type: event.type }, filter);
  }

  /**
   * The server-side filter: stream names of this application's categories (or of the filter's, when it
   * names only categories), which leaves system streams and `$$` metadata streams out; or, without
   * categories, event types that are not system types.
   */
  private serverFilter(filter?: AllFilter) {
    const wanted = filter?.streamCategories?.length && !filter.eventTypePrefixes?.length ? filter.streamCategories : this.categories && [...this.categories];
    if (!wanted) return streamNameFilter({ regex: '^[^$]' });
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return streamNameFilter({ regex: `^(?:${wanted.map(escape).join('|')})(?:-|$)` });
  }

  /** Reads `$all` after a position (exclusive) page by page, handing each event on while `visit` says go on. */
  private async scanAll(after: bigint | undefined, visit: (event: AllStreamRecordedEvent) => boolean): Promise<void> {
    let from: ReadPosition = after === undefined || after <= 0n ? START : at(after);
    let floor = after ?? -1n;
    for (;;) {
      let read = 0;
      let going = true;
      // Each page is read to its end, so no server stream is left half-drained.
      for await (const resolved of this.client.readAll({ fromPosition: from, maxCount: PAGE })) {
        read += 1;
        const event = resolved.event;
        if (!event || event.position.commit <= floor || !going) continue;
        floor = event.position.commit;
        going = visit(event);
      }
      if (!going || read < PAGE) return;
      from = at(floor);
    }
  }
}
