import { createHash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';
import { parse as parseUuid, v5 as uuidv5 } from 'uuid';
import type { Role } from '@pairtrail/domain';

/** Who caused an event: an authenticated user, or the programme's own processes. */
export type Actor = { userId: string; role: Role } | 'system';

/** How an event came to be recorded: through the API (the web app too), the CLI, an import of a spreadsheet, or as the demo. */
export const EVENT_SOURCES = ['api', 'cli', 'import', 'demo'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** The metadata every Pairtrail event carries (domain.md, "Every event's envelope"). */
export interface EventMetadata {
  schemaVersion: number;
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string;
  commandId: string;
  requestHash: string;
  source: EventSource;
  prevHash: string | null;
  hash: string;
}

/** Pairtrail's own UUIDv5 namespace, for ids derived from other ids. */
export const PAIRTRAIL_NAMESPACE = '1b671a64-40d5-491e-99b0-da01ff1f3341';
/** Given as bytes: uuid parses a namespace given as text, and encodes a name given as text, slowly, on every call. */
const NAMESPACE_BYTES = parseUuid(PAIRTRAIL_NAMESPACE);

/** A deterministic id derived from some parts, so a retried command derives the same ids. */
export const deriveId = (...parts: string[]): string => uuidv5(Buffer.from(parts.join('\u0000'), 'utf8'), NAMESPACE_BYTES);

/** The id of the `index`-th event a command produces. */
export const eventIdFor = (commandId: string, index: number): string => deriveId('event', commandId, String(index));

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * RFC 8785 canonical JSON of JSON data: keys sorted by UTF-16 code units, numbers and strings as
 * JSON.stringify writes them. safe-stable-stringify, strict, writes exactly what json-canonicalize
 * does (a test holds it to that), and refuses what JSON cannot hold (NaN, Infinity, a BigInt, a cycle)
 * as that does; it takes a third of the time, and every command and every verified event is hashed.
 */
export const canonicalJson: (value: unknown) => string = configure({ strict: true, bigint: false, circularValue: Error, deterministic: true }) as (
  value: unknown,
) => string;

/** SHA-256 of the RFC 8785 canonical JSON of a value. */
export const canonicalHash = (value: unknown): string => sha256(canonicalJson(value));

/** What the per-stream hash covers: everything but the global position and the hash itself. */
export interface HashedFields {
  stream: string;
  revision: bigint;
  eventId: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

/** The hash of one event in its stream's chain. */
export function eventHash(event: HashedFields): string {
  const { hash: _hash, ...metadata } = event.metadata;
  return canonicalHash({
    stream: event.stream,
    revision: event.revision.toString(),
    eventId: event.eventId,
    type: event.type,
    schemaVersion: metadata.schemaVersion,
    data: event.data,
    metadata,
  });
}
