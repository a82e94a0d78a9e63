import { NotFoundError, ValidationError } from '@pairtrail/domain';
import { requireWithinLog, verifyLog } from '@pairtrail/event-store';
import { auditExportChunks, parseLimit } from '@pairtrail/projections';
import type { ReadContext } from './read-context';
import { auditFilterOf, pseudonymiserFor } from './read-params';

type Params = Record<string, string>;

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

  verify: async ({ runtime }: ReadContext, { position }: { position?: string }) => {
    if (position !== undefined && !/^\d{1,18}$/.test(position))
      throw new ValidationError([{ field: 'position', message: 'must be a log position, a whole number' }]);
    const upTo = position === undefined ? undefined : BigInt(position);
    await requireWithinLog(runtime.store, upTo);
    return verifyLog(runtime.store, { upTo });
  },

  verification: ({ runtime }: ReadContext, { id }: { id: string }) => {
    const job = runtime.verifications.get(id);
    if (!job)
      throw new NotFoundError(`No verification ${id}. POST /audit/verifications starts one; a finished one is kept for an hour, by the server that ran it.`);
    return job;
  },
};
