import { figureDefinitions, paginate, type LookBack } from '@pairtrail/projections';
import type { ApiRuntime } from '../runtime';
import type { ReadContext } from './read-context';
import { pseudonymiserFor } from './read-params';

type Params = Record<string, string>;

/**
 * Figures read in one snapshot of the read models, with the asOf and position that give the same
 * figures later: a report quotes them, to be reproduced.
 */
async function reproducibly<T>(runtime: ApiRuntime, q: { asOf?: string; position?: string }, read: (look: LookBack) => T) {
  const look = await runtime.reads.lookBack({ asOf: q.asOf, position: q.position });
  return { look, ...runtime.reads.reproducibly(look, () => read(look)) };
}

/** Every pair's figures, pseudonymised on request: each pair's id a pseudonym new with every request. */
async function pairRows({ runtime }: ReadContext, query: Params) {
  const look = await runtime.reads.lookBack({ asOf: query.asOf, position: query.position });
  const pseudonymiser = pseudonymiserFor(query);
  // 404 for a cohort that does not exist, as the funnel and the monthly series answer, not an empty list.
  if (query.cohortId) runtime.reads.cohort(query.cohortId, look);
  const { result, asOf, position } = runtime.reads.reproducibly(look, () => runtime.reads.pairEvaluations(look, query.cohortId));
  const rows = pseudonymiser ? result.map((p) => ({ ...p, pairId: pseudonymiser.pseudonym(p.pairId) })) : result;
  return { look, pseudonymised: pseudonymiser !== undefined, result: rows, asOf, position };
}

/** The evaluation views and analytics of evaluation.md, each with the asOf and position that give it again. */
export const EVALUATION_READS = {
  /** Every pair's figures, every row (a CSV's). */
  pairEvaluationRows: async (context: ReadContext, { query }: { query: Params }) => {
    const { result, asOf, position } = await pairRows(context, query);
    return { result, asOf, position };
  },

  /** A page of every pair's figures. */
  pairEvaluations: async (context: ReadContext, { query }: { query: Params }) => {
    const { look, pseudonymised, result: all, asOf, position } = await pairRows(context, query);
    // Pseudonyms are new with every request, so pseudonymised pages are found by their place in the
    // list; a cursor holding a real id would tie that pseudonym back to its pair.
    const page = pseudonymised ? paginateByPlace(all, query) : paginate(all, (p) => p.pairId, query);
    return { result: { items: page.items, next: page.next, asOf: look.asOf, position: look.position }, asOf, position };
  },

  pairEvaluation: ({ runtime }: ReadContext, { id, asOf, position }: { id: string; asOf?: string; position?: string }) =>
    reproducibly(runtime, { asOf, position }, (look) => runtime.reads.pairEvaluation(id, look)),

  /** Every cohort's figures, every row (a CSV's). */
  cohortEvaluationRows: ({ runtime }: ReadContext, { query }: { query: Params }) =>
    reproducibly(runtime, query, (look) => runtime.reads.cohortEvaluations(look)),

  /** A page of every cohort's figures. */
  cohortEvaluations: async ({ runtime }: ReadContext, { query }: { query: Params }) => {
    const { look, result: all, asOf, position } = await reproducibly(runtime, query, (look) => runtime.reads.cohortEvaluations(look));
    return { result: { ...paginate(all, (c) => c.cohortId, query), asOf: look.asOf, position: look.position }, asOf, position };
  },

  cohortEvaluation: ({ runtime }: ReadContext, { id, asOf, position }: { id: string; asOf?: string; position?: string }) =>
    reproducibly(runtime, { asOf, position }, (look) => runtime.reads.cohortEvaluation(id, look)),

  serviceAreas: ({ runtime }: ReadContext, { query }: { query: Params }) => {
    return reproducibly(runtime, query, (look) => {
      if (query.cohortId) runtime.reads.cohort(query.cohortId, look);
      return runtime.reads.serviceAreas(look, query.cohortId || undefined);
    });
  },

  approaches: ({ runtime }: ReadContext, { query }: { query: Params }) =>
    reproducibly(runtime, query, (look) => {
      if (query.cohortId) runtime.reads.cohort(query.cohortId, look);
      return runtime.reads.approaches(look, query.cohortId || undefined);
    }),

  monthly: ({ runtime }: ReadContext, { query }: { query: Params }) => reproducibly(runtime, query, (look) => runtime.reads.monthly(query, look)),

  relationship: ({ runtime }: ReadContext, { query }: { query: Params }) => reproducibly(runtime, query, (look) => runtime.reads.relationship(query, look)),

  funnel: ({ runtime }: ReadContext, { query }: { query: Params }) => reproducibly(runtime, query, (look) => runtime.reads.funnel(query, look)),

  /** The headline figures in words, as a report pack's summary.md says them, of the programme or one cohort. */
  figuresInWords: ({ runtime }: ReadContext, { query }: { query: Params }) => reproducibly(runtime, query, (look) => runtime.reads.figuresInWords(query, look)),

  /** What the record is missing that the figures need, as it stands now, with the day and log position it was read at. */
  recordGaps: async ({ runtime }: ReadContext, { query }: { query: Params }) => {
    const look = await runtime.reads.lookBack({});
    return runtime.reads.reproducibly(look, () => runtime.reads.recordGaps({ cohortId: query.cohortId || undefined }));
  },

  /** The headline figures since an earlier report, then and now. */
  figuresSince: ({ runtime }: ReadContext, { query }: { query: Params }) => runtime.reads.figuresSince(query),

  /** What each figure means: the same whatever the record holds. */
  figureDefinitions: (_context: ReadContext, _: object) => figureDefinitions(),
};

/** A page of a list found by its place in it (a 12-digit cursor), for lists whose ids must not show. */
function paginateByPlace<T>(items: T[], query: { limit?: string; cursor?: string }) {
  const place = new Map(items.map((item, i) => [item, String(i).padStart(12, '0')]));
  return paginate(items, (item) => place.get(item)!, query, /^\d{12}$/);
}
