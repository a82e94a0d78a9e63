import { PairtrailError, evolveAll, type Decider, type DomainEvent, type StoredEvent } from '@pairtrail/domain';
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { canonicalHash, eventHash, eventIdFor, type Actor, type EventMetadata, type EventSource } from './envelope';
import { WrongExpectedVersionError, type EventStore, type EventToAppend, type RecordedEvent } from './event-store.port';
import type { EventSerializer } from './serializer';

/** The same idempotency key came back with a different request. */
export class IdempotencyKeyReusedError extends PairtrailError {
  readonly category = 'idempotency-key-reused' as const;
}

/** Who sent a command, why, and how to recognise it if it is sent again. */
export interface CommandEnvelope {
  /** Deterministic for a retried request (from its Idempotency-Key), otherwise fresh. */
  commandId: string;
  actor: Actor;
  source: EventSource;
  correlationId?: string;
  causationId?: string;
  /** SHA-256 of the request's canonical body; by default, of the command's data. */
  requestHash?: string;
}

export interface CommandOutcome {
  stream: string;
  /** The stream's revision after the command. */
  revision: bigint;
  /** The global position of the command's last event. */
  position: bigint;
  /** The events the command produced (or, on a replay, had produced). */
  events: RecordedEvent[];
  /** True when the command had already been handled and nothing was appended. */
  replayed: boolean;
}

export interface CommandHandlingContext {
  store: EventStore;
  serializer: EventSerializer;
  /** Folded states kept between commands; without it, every command reads and folds its whole stream. */
  states?: StateCache;
  clock?: () => Date;
  /** How many times to re-read and retry when another writer got there first. */
  maxAttempts?: number;
}

export interface HandleOptions {
  /** The revision the caller saw (If-Match). Without it, the latest state decides, with retries. */
  expectedRevision?: bigint;
}

/** The stream's last command in this process, by store: the next one to the stream starts when it has settled. */
const lastTurns = new WeakMap<EventStore, Map<string, Promise<void>>>();

/**
 * Runs commands to one stream one after another within this process. Run together, all but one of them
 * found the stream moved on when they appended, and read, decided and sealed again: sixteen requests at
 * once to one pair spent most of their time on attempts that could not succeed. Writers in other
 * processes are still met by the expected revision and a retry.
 */
function inTurn<T>(store: EventStore, stream: string, work: () => Promise<T>): Promise<T> {
  let turns = lastTurns.get(store);
  if (!turns) lastTurns.set(store, (turns = new Map()));
  const previous = turns.get(stream);
  const result = previous ? previous.then(work) : work();
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  turns.set(stream, settled);
  void settled.then(() => {
    if (turns.get(stream) === settled) turns.delete(stream);
  });
  return result;
}

/**
 * Reads a stream, folds it, decides, and appends with the expected revision. A command whose id the
 * stream already holds returns its original outcome and appends nothing, so idempotency lives in the
 * log and holds across processes. `command` may be a function of the current state, for commands whose
 * context (such as other aggregates) must be read fresh on each attempt. Commands to one stream take
 * turns within this process (`inTurn`).
 */
export function handleCommand<C extends { data: unknown }, E extends DomainEvent, S>(
  context: CommandHandlingContext,
  decider: Decider<C, E, S>,
  stream: string,
  command: C | ((state: S) => Promise<C>),
  envelope: CommandEnvelope,
  options: HandleOptions = {},
): Promise<CommandOutcome> {
  return inTurn(context.store, stream, async () => {
    const { store, serializer } = context;
    const clock = context.clock ?? (() => new Date());
    const maxAttempts = options.expectedRevision === undefined ? (context.maxAttempts ?? 100) : 1;
    for (let attempt = 1; ; attempt++) {
      const folded = await foldStream(context, decider, stream);
      const resolve = () => (typeof command === 'function' ? command(folded.state) : Promise.resolve(command));
      if (folded.commandIds.has(envelope.commandId)) {
        // A retry is answered from the log. Given its request hash, it loads nothing a new decision
        // would need: that may have changed since (a partner erased), and would refuse what was done.
        const requestHash = envelope.requestHash ?? canonicalHash((await resolve()).data);
        const previous = (await store.readStream(stream)).filter((e) => e.metadata.commandId === envelope.commandId);
        if (previous[0]!.metadata.requestHash !== requestHash) {
          throw new IdempotencyKeyReusedError('This Idempotency-Key was already used for a different request; use a new key for a new request.');
        }
        const last = previous[previous.length - 1]!;
        return { stream, revision: last.revision, position: last.position, events: previous, replayed: true };
      }
      const resolved = await resolve();
      const requestHash = envelope.requestHash ?? canonicalHash(resolved.data);
      const current = folded.revision;
      if (options.expectedRevision !== undefined && options.expectedRevision !== current) {
        throw new WrongExpectedVersionError(stream, options.expectedRevision, current);
      }
      const events = decider.decide(resolved, folded.state);
      if (events.length === 0) {
        return { stream, revision: current, position: folded.position, events: [], replayed: false };
      }
      const toAppend = envelopes(serializer, stream, events, current, folded.lastHash, envelope, requestHash, clock());
      try {
        const result = await store.appendToStream(stream, toAppend, { expectedRevision: current < 0n ? 'no_stream' : current });
        const appended = toAppend.map((e, i) => ({
          ...e,
          stream,
          revision: current + 1n + BigInt(i),
          position: result.position - BigInt(toAppend.length - 1 - i),
        }));
        // The new state is the domain's own events folded on: nothing to read back or decrypt.
        // Through JSON, as a fold of the stored events would see them (no undefined fields, dates as strings).
        const state = evolveAll(
          decider,
          folded.state,
          events.map((event, i) => ({ eventId: toAppend[i]!.eventId, type: event.type, data: JSON.parse(JSON.stringify(event.data)) }) as StoredEvent<E>),
        );
        context.states?.set(decider, stream, {
          state,
          revision: result.nextExpectedRevision,
          position: result.position,
          lastHash: toAppend[toAppend.length - 1]!.metadata.hash as string,
          commandIds: folded.commandIds.add(envelope.commandId),
        });
        return { stream, revision: result.nextExpectedRevision, position: result.position, events: appended, replayed: false };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= maxAttempts) throw error;
        // Another writer appended first: re-read and decide again against the newer state.
      }
    }
  });
}

/** A stream folded up to a revision, with what a command needs to know of it besides the state. */
export interface FoldedStream<S> {
  state: S;
  /** -1 for a stream that does not exist yet. */
  revision: bigint;
  /** The global position of the stream's last event (0 for none). */
  position: bigint;
  /** The hash of the stream's last event, which the next one chains to. */
  lastHash: string | undefined;
  /**
   * Every command that has written to the stream, so a retry is recognised. One set for a stream's
   * states, added to as it grows (only ever with commands whose events are in the log): copied for each
   * command, it cost a pair of thousands of events more than deciding did.
   */
  commandIds: Set<string>;
}

/**
 * Folded states by decider and stream, least recently used dropped first, so a command reads only the
 * events appended since its stream was last folded. Events never change, so a state is never stale,
 * only behind; `clear` drops every state, such as after a person's data has been erased.
 */
export class StateCache {
  private readonly byDecider = new WeakMap<object, string>();
  private deciders = 0;
  private readonly entries: LRUCache<string, FoldedStream<unknown>>;

  /** `maxEvents`: how many events the kept states may have folded, in all. */
  constructor(options: { maxEvents?: number } = {}) {
    this.entries = new LRUCache({ maxSize: options.maxEvents ?? 100_000, sizeCalculation: (entry) => Number(entry.revision) + 2 });
  }

  get<S>(decider: object, stream: string): FoldedStream<S> | undefined {
    return this.entries.get(this.key(decider, stream)) as FoldedStream<S> | undefined;
  }

  set<S>(decider: object, stream: string, folded: FoldedStream<S>): void {
    this.entries.set(this.key(decider, stream), folded as FoldedStream<unknown>);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** A decider is named by an id of its own, so two deciders folding one stream keep separate states. */
  private key(decider: object, stream: string): string {
    let id = this.byDecider.get(decider);
    if (id === undefined) this.byDecider.set(decider, (id = String(this.deciders++)));
    return `${id}:${stream}`;
  }
}

/** Folds a stream: from the cached state on by the events since, or from the start. */
export async function foldStream<C, E extends DomainEvent, S>(
  context: Pick<CommandHandlingContext, 'store' | 'serializer' | 'states'>,
  decider: Decider<C, E, S>,
  stream: string,
): Promise<FoldedStream<S>> {
  const cached = context.states?.get<S>(decider, stream);
  const recorded = await context.store.readStream(stream, cached ? { fromRevision: cached.revision + 1n } : {});
  if (cached && recorded.length === 0) return cached;
  const state = evolveAll(
    decider,
    cached?.state ?? decider.initialState(),
    recorded.map((event) => context.serializer.deserialize<E>(event) as StoredEvent<E>),
  );
  const commandIds = cached?.commandIds ?? new Set<string>();
  for (const event of recorded) if (typeof event.metadata.commandId === 'string') commandIds.add(event.metadata.commandId);
  const last = recorded[recorded.length - 1];
  const folded: FoldedStream<S> = last
    ? { state, revision: last.revision, position: last.position, lastHash: last.metadata.hash as string | undefined, commandIds }
    : { state, revision: -1n, position: 0n, lastHash: undefined, commandIds };
  if (last) context.states?.set(decider, stream, folded);
  return folded;
}

function envelopes(
  serializer: EventSerializer,
  stream: string,
  events: DomainEvent[],
  current: bigint,
  lastHash: string | undefined,
  envelope: CommandEnvelope,
  requestHash: string,
  now: Date,
): EventToAppend[] {
  let prevHash: string | null = lastHash ?? null;
  const correlationId = envelope.correlationId ?? envelope.commandId;
  return events.map((event, i) => {
    const eventId = eventIdFor(envelope.commandId, i);
    const { data, schemaVersion } = serializer.serialize(stream, event);
    const unsigned: Omit<EventMetadata, 'hash'> = {
      schemaVersion,
      recordedAt: now.toISOString(),
      actor: envelope.actor,
      correlationId,
      causationId: envelope.causationId ?? envelope.commandId,
      commandId: envelope.commandId,
      requestHash,
      source: envelope.source,
      prevHash,
    };
    const revision = current + 1n + BigInt(i);
    const hash = eventHash({ stream, revision, eventId, type: event.type, data, metadata: unsigned as unknown as Record<string, unknown> });
    prevHash = hash;
    return { eventId, type: event.type, data, metadata: { ...unsigned, hash } };
  });
}

/** A fresh command id, for a request without an Idempotency-Key. */
export const newCommandId = (): string => randomUUID();

/** Reads a stream and folds it into a decider's state (for context another command needs). */
export async function loadState<C, E extends DomainEvent, S>(
  context: Pick<CommandHandlingContext, 'store' | 'serializer' | 'states'>,
  decider: Decider<C, E, S>,
  stream: string,
): Promise<{ state: S; revision: bigint }> {
  const { state, revision } = await foldStream(context, decider, stream);
  return { state, revision };
}
