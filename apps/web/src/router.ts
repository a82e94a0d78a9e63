import { useEffect, useState } from 'react';

/** Screens live after the `#`, so no path of the web app can shadow a path of the API. */
export type Route =
  | { page: 'programme' }
  | { page: 'pair'; pairId: string }
  | { page: 'participants' }
  | { page: 'evaluation' }
  | { page: 'audit' }
  | { page: 'case-study'; pairId: string }
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
      return { page: 'audit' };
    case 'case-studies':
      return parts[1] ? { page: 'case-study', pairId: parts[1] } : { page: 'not-found' };
    default:
      return { page: 'not-found' };
  }
}

export const href = {
  programme: '#/programme',
  pair: (id: string) => `#/pairs/${encodeURIComponent(id)}`,
  participants: '#/participants',
  evaluation: '#/evaluation',
  audit: '#/audit',
  caseStudy: (id: string) => `#/case-studies/${encodeURIComponent(id)}`,
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
