import { WrongExpectedVersionError, type EventStore, type RecordedEvent } from './event-store.port';

export interface CopyProgress {
  /** Events copied (or found already there) so far, this run and before it. */
  copied: number;
  total: number;
  /** The source position copied up to: a resumed copy starts after it. */
  position: bigint;
}

/** The target already holds other events where a copied event belongs. */
export class CopyConflictError extends Error {
  constructor(
    readonly stream: string,
    readonly revision: bigint,
  ) {
    super(
      `The target's stream ${stream} already holds other events at revision ${revision}; copy into an empty store, or into the one an earlier run of this copy wrote.`,
    );
  }
}

/**
 * Copies a log into another store in log order, event by event as stored: ids, envelopes (metadata) and
 * data untouched, so every hash chain verifies on the target. Each run of consecutive events of one
 * stream is one append at the revision the source gives it. Appending the same event ids at the same
 * place is a no-op on every adapter, so a copy interrupted anywhere can be run again from any earlier
 * position and ends with each event exactly once.
 */
export async function copyLog(
  source: EventStore,
  target: EventStore,
  options: { after?: bigint; copiedBefore?: number; batchSize?: number; onProgress?: (progress: CopyProgress) => void | Promise<void> } = {},
): Promise<CopyProgress> {
  const total = (await source.stats()).events;
  let after = options.after ?? 0n;
  let copied = options.copiedBefore ?? 0;
  for (;;) {
    const batch = await source.readAll({ after, maxCount: options.batchSize ?? 500 });
    if (batch.length === 0) break;
    for (const run of runsByStream(batch)) await appendRun(target, run);
    copied += batch.length;
    after = batch[batch.length - 1]!.position;
    await options.onProgress?.({ copied, total, position: after });
  }
  return { copied, total, position: after };
}

/**
 * The copy on `target` of the event at `position` in `source`, for a log `copyLog` copied: found by its
 * stream and revision, which a copy keeps (its position it does not). Undefined when the target does not
 * hold it.
 */
export async function copyOf(source: EventStore, target: EventStore, position: bigint): Promise<RecordedEvent | undefined> {
  const [there] = await source.readAll({ after: position - 1n, maxCount: 1 });
  if (there?.position !== position) return undefined;
  const [here] = await target.readStream(there.stream, { fromRevision: there.revision, maxCount: 1 });
  return here?.eventId === there.eventId ? here : undefined;
}

/**
 * Appends a run of one stream's events at the revision they hold in the source. When the target already
 * holds the first part of the run (an earlier, interrupted copy split its batches elsewhere), only the rest
 * is appended; any other event where a copied one belongs is a conflict.
 */
async function appendRun(target: EventStore, run: RecordedEvent[]): Promise<void> {
  const first = run[0]!;
  const append = (events: RecordedEvent[], from: bigint) =>
    target.appendToStream(
      first.stream,
      events.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata })),
      { expectedRevision: from === 0n ? 'no_stream' : from - 1n },
    );
  try {
    await append(run, first.revision);
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    const there = await target.readStream(first.stream, { fromRevision: first.revision, maxCount: run.length });
    let same = 0;
    while (same < there.length && there[same]!.eventId === run[same]!.eventId) same += 1;
    if (same === 0 || same < there.length) throw new CopyConflictError(first.stream, first.revision + BigInt(same));
    if (same < run.length) await append(run.slice(same), first.revision + BigInt(same));
  }
}

/** Bytes of JSON one append carries at most: well under EventStoreDB's 1 MiB default limit. */
const MAX_APPEND_BYTES = 256 * 1024;

/** Splits a batch into runs of consecutive events of the same stream, in log order, each small enough for one append. */
function runsByStream(batch: RecordedEvent[]): RecordedEvent[][] {
  const runs: RecordedEvent[][] = [];
  let bytes = 0;
  for (const event of batch) {
    const size = JSON.stringify(event.data).length + JSON.stringify(event.metadata).length;
    const last = runs[runs.length - 1];
    if (last && last[0]!.stream === event.stream && bytes + size <= MAX_APPEND_BYTES) {
      last.push(event);
      bytes += size;
    } else {
      runs.push([event]);
      bytes = size;
    }
  }
  return runs;
}
