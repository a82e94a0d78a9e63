import { NotFoundError, ValidationError } from '@pairtrail/domain';
import { requireWithinLog, storedEventLines, verifyLog, type EventStore } from '@pairtrail/event-store';
import { auditExportChunks, parseLimit } from '@pairtrail/projections';
import type { ReadContext } from './read-context';
import { auditFilterOf, pseudonymiserFor } from './read-params';

type Params = Record<string, string>;

/** The position a check of the record goes up to, as asked for (within this log), or undefined for its head. */
async function upToOf(store: EventStore, position: string | undefined): Promise<bigint | undefined> {
  if (position !== undefined && !/^\d{1,18}$/.test(position))
    throw new ValidationError([{ field: 'position', message: 'must be a log position, a whole number' }]);
  const upTo = position === undefined ? undefined : BigInt(position);
  await requireWithinLog(store, upTo);
  return upTo;
}

/** The audit trail: filtered and paged, exported, and verified against the hash chains. */
export const AUDIT_READS = {
  audit: async ({ runtime }: ReadContext, { query }: { query: Params }) => {
    const order = query.order ?? 'oldest';
    const filter = await auditFilterOf(runtime.reads, runtime.store, query);
    if (order !== 'oldest' && order !== 'newest') throw new ValidationError([{ field: 'order', message: 'must be oldest or newest' }]);
    return runtime.reads.audit(filter, parseLimit(query.limit), query.cursor, order);
  },

  /** The whole filtered trail as text, a batch of rows at a time, read as it is sent. */
  auditExport: async ({ runtime }: ReadContext, { query, format }: { query: Params; format: 'csv' | 'jsonl' }) => {
    const pseudonymiser = pseudonymiserFor(query);
    return auditExportChunks(runtime.reads, await auditFilterOf(runtime.reads, runtime.store, query), format, pseudonymiser);
  },

  verify: async ({ runtime }: ReadContext, { position }: { position?: string }) => verifyLog(runtime.store, { upTo: await upToOf(runtime.store, position) }),

  /** Every event up to the position (the head as asked), as stored: to check the record with tools of one's own. */
  storedEvents: async ({ runtime }: ReadContext, { position }: { position?: string }) => {
    const upTo = (await upToOf(runtime.store, position)) ?? (await runtime.store.headPosition());
    return { upTo, batches: storedEventLines(runtime.store, upTo) };
  },

  verification: ({ runtime }: ReadContext, { id }: { id: string }) => {
    const job = runtime.verifications.get(id);
    if (!job)
      throw new NotFoundError(`No verification ${id}. POST /audit/verifications starts one; a finished one is kept for an hour, by the server that ran it.`);
    return job;
  },
};
