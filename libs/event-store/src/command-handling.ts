import { PairtrailError, type Decider, type DomainEvent, type StoredEvent } from '@pairtrail/domain';
import { randomUUID } from 'node:crypto';
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
  clock?: () => Date;
  /** How many times to re-read and retry when another writer got there first. */
  maxAttempts?: number;
}

export interface HandleOptions {
  /** The revision the caller saw (If-Match). Without it, the latest state decides, with retries. */
  expectedRevision?: bigint;
}

/**
 * Reads a stream, folds it, decides, and appends with the expected revision. A command whose id the
 * stream already holds returns its original outcome and appends nothing, so idempotency lives in the
 * log and holds across processes. `command` may be a function of the current state, for commands whose
 * context (such as other aggregates) must be read fresh on each attempt.
 */
export async function handleCommand<C extends { data: unknown }, E extends DomainEvent, S>(
  context: CommandHandlingContext,
  decider: Decider<C, E, S>,
  stream: string,
  command: C | (() => Promise<C>),
  envelope: CommandEnvelope,
  options: HandleOptions = {},
): Promise<CommandOutcome> {
  const { store, serializer } = context;
  const clock = context.clock ?? (() => new Date());
  const maxAttempts = options.expectedRevision === undefined ? (context.maxAttempts ?? 100) : 1;
  for (let attempt = 1; ; attempt++) {
    const recorded = await store.readStream(stream);
    const resolved = typeof command === 'function' ? await command() : command;
    const requestHash = envelope.requestHash ?? canonicalHash(resolved.data);
    const previous = recorded.filter((e) => e.metadata.commandId === envelope.commandId);
    if (previous.length > 0) {
      if (previous[0]!.metadata.requestHash !== requestHash) {
        throw new IdempotencyKeyReusedError('This Idempotency-Key was already used for a different request; use a new key for a new request.');
      }
      const last = previous[previous.length - 1]!;
      return { stream, revision: last.revision, position: last.position, events: previous, replayed: true };
    }
    const current = recorded.length > 0 ? recorded[recorded.length - 1]!.revision : -1n;
    if (options.expectedRevision !== undefined && options.expectedRevision !== current) {
      throw new WrongExpectedVersionError(stream, options.expectedRevision, current);
    }
    let state = decider.initialState();
    for (const event of recorded) state = decider.evolve(state, serializer.deserialize<E>(event) as StoredEvent<E>);
    const events = decider.decide(resolved, state);
    if (events.length === 0) {
      return { stream, revision: current, position: recorded[recorded.length - 1]?.position ?? 0n, events: [], replayed: false };
    }
    const toAppend = envelopes(
      serializer,
      stream,
      events,
      current,
      recorded[recorded.length - 1]?.metadata.hash as string | undefined,
      envelope,
      requestHash,
      clock(),
    );
    try {
      const result = await store.appendToStream(stream, toAppend, { expectedRevision: current < 0n ? 'no_stream' : current });
      const appended = toAppend.map((e, i) => ({
        ...e,
        stream,
        revision: current + 1n + BigInt(i),
        position: result.position - BigInt(toAppend.length - 1 - i),
      }));
      return { stream, revision: result.nextExpectedRevision, position: result.position, events: appended, replayed: false };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= maxAttempts) throw error;
      // Another writer appended first: re-read and decide again against the newer state.
    }
  }
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
  context: Pick<CommandHandlingContext, 'store' | 'serializer'>,
  decider: Decider<C, E, S>,
  stream: string,
): Promise<{ state: S; revision: bigint }> {
  const recorded = await context.store.readStream(stream);
  let state = decider.initialState();
  for (const event of recorded) state = decider.evolve(state, context.serializer.deserialize<E>(event));
  return { state, revision: recorded.length > 0 ? recorded[recorded.length - 1]!.revision : -1n };
}
