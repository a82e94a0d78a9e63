import { PAIRTRAIL_VERSION } from '@pairtrail/application';
import { NotFoundError, RuleViolatedError } from '@pairtrail/domain';
import type { ApiRuntime } from '../runtime';
import type { ReadContext } from './read-context';

/** The health of the store and read models, the read models' progress, and the report packs made and checked in the background. */
export const OPERATIONS_READS = {
  health: async ({ runtime }: ReadContext, _: object) => {
    const eventStore = await runtime.store.headPosition().then(
      () => 'ok' as const,
      () => 'unavailable' as const,
    );
    // The read models answer from their own tables while the event store is out of reach: they are
    // said as they are, not as unknown.
    const readModels = await runtime.projections.status().then(
      (all) =>
        all.some((p) => p.state === 'failed')
          ? ('failed' as const)
          : all.some((p) => p.state === 'stopped')
            ? ('stopped' as const)
            : all.some((p) => p.state === 'rebuilding')
              ? ('rebuilding' as const)
              : ('ok' as const),
      () => 'unavailable' as const,
    );
    const status = eventStore === 'ok' && (readModels === 'ok' || readModels === 'rebuilding') ? ('ok' as const) : ('degraded' as const);
    return { status, eventStore, readModels, version: PAIRTRAIL_VERSION };
  },

  projections: async ({ runtime }: ReadContext, _: object) => ({ items: await runtime.projections.status() }),

  report: ({ runtime }: ReadContext, { id }: { id: string }) => reportOf(runtime, id),

  /** A finished report's pack, or why there is none yet. */
  reportPack: ({ runtime }: ReadContext, { id }: { id: string }) => {
    const report = reportOf(runtime, id);
    const pack = runtime.reports.pack(id);
    if (pack) return pack;
    throw new RuleViolatedError(
      'report-not-ready',
      report.state === 'running'
        ? `The record up to position ${report.position} is still being checked (${report.percent}% done); follow the report at /reports/${id}, and download its pack once it is done.`
        : `This report has no pack: ${report.error ?? 'it did not finish'}`,
    );
  },

  reportCheck: ({ runtime }: ReadContext, { id }: { id: string }) => {
    const check = runtime.reports.getCheck(id);
    if (!check)
      throw new NotFoundError(
        `No check of a report pack ${id}. POST /reports/checks starts one; a finished one is kept for an hour, by the server that made it.`,
      );
    return check;
  },
};

function reportOf(runtime: ApiRuntime, id: string) {
  const report = runtime.reports.get(id);
  if (!report) throw new NotFoundError(`No report ${id}. POST /reports starts one; a finished one is kept for an hour, by the server that made it.`);
  return report;
}
