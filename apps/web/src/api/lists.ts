import { api, ok, okAs } from './client';
import { everyItem, pageQuery } from './pages';
import type { CaseStudyStanding } from '../case-study-standing';
import type { Cohort, OpenAction, Page, Pair, PairFigures, Participant, ReflectionDue } from './types';

/** Every cohort. */
export const everyCohort = () => everyItem((cursor) => api.GET('/cohorts', { params: { query: pageQuery(cursor) } }).then((r) => ok<Page<Cohort>>(r)));

/** Every pair the caller may see (of one cohort, if one is named), without its lists. */
export const everyPair = (cohortId?: string) =>
  everyItem((cursor) =>
    api.GET('/pairs', { params: { query: { ...pageQuery(cursor), view: 'summary', ...(cohortId ? { cohortId } : {}) } } }).then((r) => okAs<Page<Pair>>(r)),
  );

/** Every action still to do in the pairs the caller may see that have not concluded, the most overdue first (JSON, of its JSON and CSV). */
export const everyOpenAction = () =>
  everyItem((cursor) => api.GET('/actions', { params: { query: pageQuery(cursor) } }).then((r) => okAs<Page<OpenAction>>(r)));

/** Every reflection due in the pairs going on the caller may see, those waiting longest first. */
export const everyReflectionDue = () =>
  everyItem((cursor) => api.GET('/reflections/due', { params: { query: pageQuery(cursor) } }).then((r) => okAs<Page<ReflectionDue>>(r)));

/** Every pair's figures, for those who may read the evaluation. */
export const everyPairFigures = () =>
  everyItem((cursor) => api.GET('/evaluation/pairs', { params: { query: pageQuery(cursor) } }).then((r) => okAs<Page<PairFigures>>(r)));

/** Every participant the caller may see (JSON, of its JSON and CSV). */
export const everyParticipant = () =>
  everyItem((cursor) => api.GET('/participants', { params: { query: pageQuery(cursor) } }).then((r) => okAs<Page<Participant>>(r)));

/** Where every pair's case study the caller may see stands (of one cohort's pairs, if one is named). */
export const everyCaseStudy = (cohortId?: string) =>
  everyItem((cursor) =>
    api.GET('/case-studies', { params: { query: { ...pageQuery(cursor), ...(cohortId ? { cohortId } : {}) } } }).then((r) => ok<Page<CaseStudyStanding>>(r)),
  );
