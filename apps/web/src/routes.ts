/** The audit trail narrowed to one stream or one actor, or to what was recorded after a log position, as a link can open it. */
export type AuditLink = { stream?: string; actor?: string; after?: string };

/** Screens live after the `#`, so no path of the web app can shadow a path of the API. */
export type Route =
  | { page: 'programme' }
  /**
   * `closing`: an open action whose form to complete or drop it opens at once; `reflecting`: the reflection
   * form opens at once, its author the one signed in, or the partner `author` names.
   */
  | { page: 'pair'; pairId: string; closing?: string; reflecting?: boolean; author?: string }
  /** One cohort: its dates, pairs and figures, and the ways to the screens narrowed to it. */
  | { page: 'cohort'; cohortId: string }
  /** `cohortId`: the screen opens narrowed to that cohort, as a cohort's page links to it. */
  | { page: 'actions'; cohortId?: string }
  | { page: 'what-happened'; cohortId?: string }
  | { page: 'participants' }
  | { page: 'evaluation'; cohortId?: string }
  /** `verifyUpTo`: a log position to check the hash chains up to, as a report quotes it. */
  | { page: 'audit'; filter: AuditLink; verifyUpTo?: string }
  | { page: 'case-studies'; cohortId?: string }
  | { page: 'case-study'; pairId: string }
  | { page: 'users' }
  | { page: 'read-models' }
  | { page: 'not-found' };

/** The screens that open narrowed to one cohort, at `#/<screen>/cohort/<id>`. */
export type CohortScreen = 'actions' | 'what-happened' | 'evaluation' | 'case-studies';

export function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const inCohort = parts[1] === 'cohort' && parts[2] ? { cohortId: parts[2] } : {};
  switch (parts[0]) {
    case undefined:
    case 'programme':
      return { page: 'programme' };
    case 'pairs':
      // #/pairs/<id>, #/pairs/<id>/actions/<action id> to complete or drop that action, or #/pairs/<id>/reflect to record a reflection
      if (!parts[1]) return { page: 'programme' };
      if (parts[2] === 'reflect') return { page: 'pair', pairId: parts[1], reflecting: true, ...(parts[3] ? { author: parts[3] } : {}) };
      return parts[2] === 'actions' && parts[3] ? { page: 'pair', pairId: parts[1], closing: parts[3] } : { page: 'pair', pairId: parts[1] };
    case 'cohorts':
      return parts[1] ? { page: 'cohort', cohortId: parts[1] } : { page: 'programme' };
    case 'actions':
      return { page: 'actions', ...inCohort };
    case 'what-happened':
      return { page: 'what-happened', ...inCohort };
    case 'participants':
      return { page: 'participants' };
    case 'evaluation':
      return { page: 'evaluation', ...inCohort };
    case 'audit':
      // #/audit, #/audit/stream/<name>, #/audit/actor/<user id>, #/audit/after/<position> or #/audit/verify/<position>
      if (parts[1] === 'verify') return { page: 'audit', filter: {}, verifyUpTo: parts[2] ?? '' };
      return { page: 'audit', filter: parts[1] === 'stream' || parts[1] === 'actor' || parts[1] === 'after' ? { [parts[1]]: parts[2] ?? '' } : {} };
    case 'users':
      return { page: 'users' };
    case 'read-models':
      return { page: 'read-models' };
    case 'case-studies':
      // #/case-studies/<pair id>, or #/case-studies/cohort/<cohort id> for the list narrowed to a cohort
      return parts[1] && parts[1] !== 'cohort' ? { page: 'case-study', pairId: parts[1] } : { page: 'case-studies', ...inCohort };
    default:
      return { page: 'not-found' };
  }
}

export const href = {
  programme: '#/programme',
  cohort: (id: string) => `#/cohorts/${encodeURIComponent(id)}`,
  /** A screen narrowed to one cohort. */
  inCohort: (screen: CohortScreen, cohortId: string) => `#/${screen}/cohort/${encodeURIComponent(cohortId)}`,
  pair: (id: string) => `#/pairs/${encodeURIComponent(id)}`,
  /** A pair's page, its form to complete or drop one open action chosen. */
  closeAction: (pairId: string, actionId: string) => `#/pairs/${encodeURIComponent(pairId)}/actions/${encodeURIComponent(actionId)}`,
  /** A pair's page, its form to record a reflection chosen (with `author`, that partner's: a coordinator records it for them). */
  reflect: (pairId: string, author?: string) => `#/pairs/${encodeURIComponent(pairId)}/reflect${author ? `/${encodeURIComponent(author)}` : ''}`,
  actions: '#/actions',
  whatHappened: '#/what-happened',
  participants: '#/participants',
  evaluation: '#/evaluation',
  audit: (filter: AuditLink = {}) =>
    filter.stream
      ? `#/audit/stream/${encodeURIComponent(filter.stream)}`
      : filter.actor
        ? `#/audit/actor/${encodeURIComponent(filter.actor)}`
        : filter.after
          ? `#/audit/after/${encodeURIComponent(filter.after)}`
          : '#/audit',
  /** The audit trail, its check of the hash chains ready to run up to `position`. */
  auditVerify: (position: string) => `#/audit/verify/${encodeURIComponent(position)}`,
  caseStudies: '#/case-studies',
  caseStudy: (id: string) => `#/case-studies/${encodeURIComponent(id)}`,
  users: '#/users',
  readModels: '#/read-models',
};
