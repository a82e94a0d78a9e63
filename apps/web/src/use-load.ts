import { useCallback, useEffect, useState } from 'react';

/** Loads data for a screen; `reload` fetches again (after a write, or a stale-write refresh). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data?: T; error?: Error; loading: boolean; reload: () => Promise<T | undefined> } {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    try {
      const data = await run();
      setState({ data, loading: false });
      return data;
    } catch (error) {
      setState({ error: error as Error, loading: false });
      return undefined;
    }
  }, [run]);
  useEffect(() => {
    setState((s) => ({ ...s, loading: true }));
    void reload();
  }, [reload]);
  return { ...state, reload };
}
