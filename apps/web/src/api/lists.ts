import { api, ok } from './client';
import { everyItem, pageQuery } from './pages';
import type { CaseStudyStanding } from '../case-study-standing';
import type { Cohort, Page, Pair, Participant } from './types';

/** Every cohort. */
export const everyCohort = () => everyItem((cursor) => api.GET('/cohorts', { params: { query: pageQuery(cursor) } }).then((r) => ok<Page<Cohort>>(r)));

/** Every pair the caller may see, without its lists. */
export const everyPair = () =>
  everyItem((cursor) => api.GET('/pairs', { params: { query: { ...pageQuery(cursor), view: 'summary' } } }).then((r) => ok<Page<Pair>>(r)));

/** Every participant the caller may see. */
export const everyParticipant = () =>
  everyItem((cursor) => api.GET('/participants', { params: { query: pageQuery(cursor) } }).then((r) => ok<Page<Participant>>(r)));

/** Where every pair's case study the caller may see stands. */
export const everyCaseStudy = () =>
  everyItem((cursor) => api.GET('/case-studies', { params: { query: pageQuery(cursor) } }).then((r) => ok<Page<CaseStudyStanding>>(r)));
