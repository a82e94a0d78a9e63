/** The audit trail narrowed to one stream or one actor, or to what was recorded after a log position, as a link can open it. */
export type AuditLink = { stream?: string; actor?: string; after?: string };

/** Screens live after the `#`, so no path of the web app can shadow a path of the API. */
export type Route =
  | { page: 'programme' }
  | { page: 'pair'; pairId: string }
  | { page: 'participants' }
  | { page: 'evaluation' }
  /** `verifyUpTo`: a log position to check the hash chains up to, as a report quotes it. */
  | { page: 'audit'; filter: AuditLink; verifyUpTo?: string }
  | { page: 'case-studies' }
  | { page: 'case-study'; pairId: string }
  | { page: 'users' }
  | { page: 'read-models' }
  | { page: 'not-found' };

export function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case undefined:
    case 'programme':
      return { page: 'programme' };
    case 'pairs':
      return parts[1] ? { page: 'pair', pairId: parts[1] } : { page: 'programme' };
    case 'participants':
      return { page: 'participants' };
    case 'evaluation':
      return { page: 'evaluation' };
    case 'audit':
      // #/audit, #/audit/stream/<name>, #/audit/actor/<user id>, #/audit/after/<position> or #/audit/verify/<position>
      if (parts[1] === 'verify') return { page: 'audit', filter: {}, verifyUpTo: parts[2] ?? '' };
      return { page: 'audit', filter: parts[1] === 'stream' || parts[1] === 'actor' || parts[1] === 'after' ? { [parts[1]]: parts[2] ?? '' } : {} };
    case 'users':
      return { page: 'users' };
    case 'read-models':
      return { page: 'read-models' };
    case 'case-studies':
      return parts[1] ? { page: 'case-study', pairId: parts[1] } : { page: 'case-studies' };
    default:
      return { page: 'not-found' };
  }
}

export const href = {
  programme: '#/programme',
  pair: (id: string) => `#/pairs/${encodeURIComponent(id)}`,
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
