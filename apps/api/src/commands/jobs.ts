import { NotFoundError, ValidationError } from '@pairtrail/domain';
import { requireWithinLog } from '@pairtrail/event-store';
import { Pseudonymiser, parseReportManifest, unzipPack } from '@pairtrail/projections';
import type { ApiRuntime } from '../runtime';

/**
 * The work the API starts in the background rather than records as events, by name: checking the hash
 * chains, making a report pack, checking one, rebuilding read models. Each answers at once with the job
 * (or what it started), to be followed where it says.
 */
export const JOBS = {
  startVerification: async (runtime: ApiRuntime, { position }: { position?: string | null }) => {
    // A null position, which class-validator lets through as left out, is the head too.
    const upTo = position == null ? undefined : BigInt(position);
    await requireWithinLog(runtime.store, upTo);
    return runtime.verifications.start(upTo);
  },

  startReport: async (
    runtime: ApiRuntime,
    body: { asOf?: string | null; position?: string | null; cohortId?: string | null; pseudonymise?: boolean | null },
  ) => {
    // null, which class-validator lets through as left out, is left out.
    const look = await runtime.reads.lookBack({ asOf: body.asOf ?? undefined, position: body.position ?? undefined });
    const cohortId = body.cohortId ?? undefined;
    requireCohort(runtime, cohortId, 'cohortId');
    return runtime.reports.start(look, { cohortId, pseudonymiser: body.pseudonymise ? new Pseudonymiser() : undefined });
  },

  checkReport: async (runtime: ApiRuntime, { pack }: { pack: unknown }) => {
    const files = Buffer.isBuffer(pack) ? unzipPack(pack) : undefined;
    if (!files) throw new ValidationError([{ field: 'body', message: 'must be a report pack: its ZIP, sent with Content-Type: application/zip' }]);
    const text = files['manifest.json'];
    if (text === undefined) throw new ValidationError([{ field: 'body', message: 'holds no manifest.json: it is no report pack' }]);
    const manifest = parseReportManifest(text);
    const look = await runtime.reads.lookBack({ asOf: manifest.asOf, position: manifest.position });
    requireCohort(runtime, manifest.cohortId ?? undefined, 'manifest.json cohortId');
    return runtime.reports.check(look, manifest, files);
  },

  rebuildProjection: async (runtime: ApiRuntime, { name }: { name: string }) => {
    if (!runtime.projections.has(name)) throw new NotFoundError(`No projection ${name}; GET /projections lists them.`);
    return { rebuilding: runtime.projections.rebuild(name) };
  },
};

/** A cohort named in a body is one of this programme's, or the body's field is named. */
function requireCohort(runtime: ApiRuntime, cohortId: string | undefined, field: string): void {
  if (!cohortId) return;
  try {
    runtime.reads.cohort(cohortId);
  } catch (error) {
    if (error instanceof NotFoundError) throw new ValidationError([{ field, message: `names no cohort of this programme (${cohortId})` }]);
    throw error;
  }
}
