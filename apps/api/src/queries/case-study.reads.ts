import { toldOf, type CaseStudy } from '@pairtrail/case-studies';
import { RuleViolatedError } from '@pairtrail/domain';
import type { Caller } from '../identity/identity.cache';
import type { ReadContext } from './read-context';
import { ownPairIds } from './record.reads';

type Params = Record<string, string>;

/** The pairs the caller may see (of one cohort, if asked: a mistyped one is a 404), and that cohort. */
function pairsSeen(runtime: ReadContext['runtime'], caller: Caller, cohortId: string | undefined) {
  const cohort = cohortId ? runtime.reads.cohort(cohortId) : undefined;
  const only = ownPairIds(runtime, caller);
  return { pairIds: runtime.reads.pairIds({ cohortId }).filter((id) => !only || only.includes(id)), cohort };
}

/** Case studies: told from events, consent-aware, reproducible; where each stands, and what was approved and published. */
export const CASE_STUDY_READS = {
  /** Where each pair's case study stands, a page of pairs at a time. */
  caseStudyStandings: async ({ runtime, caseStudies }: ReadContext, { caller, query }: { caller: Caller; query: Params }) => {
    const { reads } = runtime;
    // A mistyped cohort is 404, as on /pairs, not an empty list that looks like an answer.
    if (query.cohortId) reads.cohort(query.cohortId);
    const page = reads.pairs({ cohortId: query.cohortId, view: 'summary', limit: query.limit, cursor: query.cursor }, ownPairIds(runtime, caller));
    const items = [];
    for (const pair of page.items) {
      // Told as the plain read tells it: from the read model's copies of the pair's and partners' events.
      const now = reads.caseStudyTold(pair.pairId) ?? toldOf(await caseStudies.generate(pair.pairId));
      items.push({ title: pair.initiative?.title ?? pair.focus, ...(await caseStudies.standing(pair.pairId, now)) });
    }
    return { items, next: page.next };
  },

  /** Every published case study the caller may see, in one collection (of one cohort's pairs, if asked). */
  publishedCaseStudies: async ({ runtime, caseStudies }: ReadContext, { caller, cohortId }: { caller: Caller; cohortId?: string }) => {
    const { pairIds, cohort } = pairsSeen(runtime, caller, cohortId);
    return caseStudies.publishedCollection(pairIds, cohort?.name);
  },

  /**
   * The quotes of every case study the caller may see (of one cohort's pairs, if asked), for a report:
   * from the published versions, or from those told now (by the read models, as the plain read tells them).
   */
  caseStudyQuotes: async (
    { runtime, caseStudies }: ReadContext,
    { caller, cohortId, published }: { caller: Caller; cohortId?: string; published: boolean },
  ) => {
    const { pairIds, cohort } = pairsSeen(runtime, caller, cohortId);
    return caseStudies.quoteCollection(pairIds, { published, of: cohort?.name, toldNow: (pairId) => runtime.reads.caseStudy(pairId) });
  },

  /** A pair's case study as it stands, or as it stood. */
  caseStudy: async (
    { runtime, caseStudies }: ReadContext,
    { pairId, asOf, position }: { pairId: string; asOf?: string; position?: string },
  ): Promise<CaseStudy> => {
    const look = await runtime.reads.lookBack({ asOf, position });
    if (look.asOf === null && look.position === null) {
      // The plain read is generated from the live read model's copies of the pair's and partners' events.
      const live = runtime.reads.caseStudy(pairId);
      if (live?.ok) return live.caseStudy;
      if (live && !live.ok) throw new RuleViolatedError('no-case-study', live.reason);
    }
    return caseStudies.require(pairId, { asOf: look.asOf, position: look.position === null ? undefined : BigInt(look.position) });
  },

  caseStudyVersions: async ({ caseStudies }: ReadContext, { pairId }: { pairId: string }) => ({ items: await caseStudies.versions(pairId) }),

  /** One approved or published version, byte for byte as it was approved. */
  caseStudyVersion: ({ caseStudies }: ReadContext, { pairId, contentHash }: { pairId: string; contentHash: string }) =>
    caseStudies.version(pairId, contentHash),
};
