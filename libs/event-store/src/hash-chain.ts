import { ValidationError } from '@pairtrail/domain';
import { sha256, eventHash } from './envelope';
import type { EventStore, RecordedEvent } from './event-store.port';
import { bigintsAsStrings } from './json';

/** Where a stream's hash chain breaks: the first revision whose hash or prevHash is not what its events give. */
export interface ChainFailure {
  stream: string;
  revision: string;
  reason: string;
}

/** What checking every stream's hash chain found, up to a position, with the head digest there. */
export interface VerifyReport {
  /** True when every chain holds. */
  ok: boolean;
  streamsChecked: number;
  eventsChecked: number;
  /** SHA-256 over every stream's name, last revision and last hash, in stream-name order. */
  headDigest: string;
  /** The position verified up to. */
  position: string;
  failures: ChainFailure[];
}

/**
 * Checks every stream's hash chain as events arrive in log order, so a log of any size is verified in
 * batches. Reports the first break in each stream.
 */
export class ChainVerifier {
  private readonly heads = new Map<string, { revision: bigint; hash: string; broken: boolean }>();
  private readonly failures: ChainFailure[] = [];
  private events = 0;
  private position = 0n;

  add(event: RecordedEvent): void {
    this.events += 1;
    this.position = event.position;
    const head = this.heads.get(event.stream);
    const storedHash = typeof event.metadata.hash === 'string' ? event.metadata.hash : '';
    const fail = (reason: string) => {
      if (!head?.broken) this.failures.push({ stream: event.stream, revision: event.revision.toString(), reason });
      this.heads.set(event.stream, { revision: event.revision, hash: storedHash, broken: true });
    };
    const expectedRevision = head ? head.revision + 1n : 0n;
    if (event.revision !== expectedRevision) return fail(`revision ${event.revision} follows ${head?.revision ?? 'nothing'}: an event is missing`);
    const expectedPrev = head ? head.hash : null;
    if ((event.metadata.prevHash ?? null) !== expectedPrev) return fail("prevHash does not match the previous event's hash");
    if (eventHash(event) !== storedHash) return fail("hash does not match the event's content: it was changed after it was written");
    this.heads.set(event.stream, { revision: event.revision, hash: storedHash, broken: head?.broken ?? false });
  }

  report(): VerifyReport {
    const names = [...this.heads.keys()].sort();
    const digestInput = names.map((name) => {
      const head = this.heads.get(name)!;
      return `${name}\n${head.revision}\n${head.hash}\n`;
    });
    return {
      ok: this.failures.length === 0,
      streamsChecked: names.length,
      eventsChecked: this.events,
      headDigest: sha256(digestInput.join('')),
      position: this.position.toString(),
      failures: [...this.failures],
    };
  }
}

/** How far a verification has got: the position checked up to, and the events checked so far. */
export interface VerifyProgress {
  position: bigint;
  eventsChecked: number;
}

export interface VerifyOptions {
  /** Verify up to this position only; the whole log by default. */
  upTo?: bigint;
  /** Called after each batch. */
  onProgress?: (progress: VerifyProgress) => void;
  /** Stops between batches; the verification then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Refuses to verify up to a position past the log's end: the report would say ok of the log as it ends,
 * and a position quoted from another log (another deployment, or this one before a migration or a
 * restore from an older backup) would seem to have been checked. `field` names it as the caller gave it.
 */
export async function requireWithinLog(store: Pick<EventStore, 'headPosition'>, upTo: bigint | undefined, field = 'position'): Promise<void> {
  if (upTo === undefined) return;
  const head = await store.headPosition();
  if (upTo <= head) return;
  throw new ValidationError([
    {
      field,
      message: `is past the end of this log, which ends at position ${head}: this log never held it. A position quoted from another log (another deployment, or this one before a migration or a restore from an older backup) cannot be checked here`,
    },
  ]);
}

/**
 * Verifies every hash chain of a store up to a position (the whole log by default), reading in batches.
 * Other work gets a turn between batches: an embedded store's reads never wait, so without one a server
 * answered nothing else while it verified (most of a minute at 1M events).
 */
export async function verifyLog(store: EventStore, options: VerifyOptions = {}): Promise<VerifyReport> {
  const { upTo, onProgress, signal } = options;
  const verifier = new ChainVerifier();
  let after = 0n;
  let eventsChecked = 0;
  for (;;) {
    signal?.throwIfAborted();
    const batch = await store.readAll({ after, maxCount: 2000 });
    if (batch.length === 0) break;
    for (const event of batch) {
      if (upTo !== undefined && event.position > upTo) return verifier.report();
      verifier.add(event);
      eventsChecked += 1;
    }
    after = batch[batch.length - 1]!.position;
    onProgress?.({ position: after, eventsChecked });
    await new Promise((resolve) => setImmediate(resolve));
  }
  return verifier.report();
}

/** A batch of the log as stored: its JSON lines, how many events they hold, and the last one's position. */
export interface StoredEventLines {
  text: string;
  events: number;
  position: bigint;
}

/**
 * Every event up to a position exactly as it is stored and hashed (personal fields sealed, payloads not
 * upcast), one JSON line each (`position`, `stream`, `revision`, `eventId`, `type`, `data`, `metadata`;
 * positions and revisions as strings), read a batch at a time: what anyone needs to check each stream's
 * hash chain and the head digest with tools of their own, rather than take this program's word for it
 * (`scripts/check-log.mjs` is one such tool, sharing no code with this one).
 */
export async function* storedEventLines(store: Pick<EventStore, 'readAll'>, upTo: bigint, batchSize = 2000): AsyncGenerator<StoredEventLines> {
  let after = 0n;
  for (;;) {
    const batch = (await store.readAll({ after, maxCount: batchSize })).filter((event) => event.position <= upTo);
    if (batch.length === 0) return;
    const text = batch
      .map(({ position, stream, revision, eventId, type, data, metadata }) =>
        JSON.stringify({ position, stream, revision, eventId, type, data, metadata }, bigintsAsStrings),
      )
      .join('\n');
    after = batch[batch.length - 1]!.position;
    yield { text: `${text}\n`, events: batch.length, position: after };
    if (after >= upTo) return;
  }
}
