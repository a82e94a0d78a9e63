import { useEffect, useState } from 'react';
import { parse, type Route } from './routes';

export { href, parse, type AuditLink, type Route } from './routes';

/** The screen the address names, following it as it changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
