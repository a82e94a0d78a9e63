import { useEffect, useRef, useState } from 'react';
import { messageOf } from './api/client';

/** A job the server runs in the background: a check of the record, a report pack. */
interface Job {
  state: string;
  error: string | null;
}

/**
 * Follows a job the server runs in the background, asking for it again every half second until it ends,
 * so that its progress shows as it goes. Following stops when the page is left; the job itself goes on,
 * on the server. `follow` answers the job as it ended, or undefined if it was not followed to its end.
 */
export function useJob<J extends Job>(again: (job: J) => Promise<J>) {
  const [job, setJob] = useState<J>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const left = useRef(false);
  useEffect(() => {
    left.current = false;
    return () => {
      left.current = true;
    };
  }, []);
  const follow = async (started: J): Promise<J | undefined> => {
    setBusy(true);
    try {
      let current = started;
      setJob(current);
      while (current.state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 500));
        if (left.current) return undefined;
        current = await again(current);
        setJob(current);
      }
      if (current.error) setError(current.error);
      return current;
    } catch (failed) {
      setError(messageOf(failed));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { job, error, setError, busy, follow };
}
