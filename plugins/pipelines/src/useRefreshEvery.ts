import { useEffect } from 'react';

/**
 * Calls `refresh` every `ms` while the component is shown: the pages on-call keeps open follow
 * the poller without a reload.
 */
export function useRefreshEvery(ms: number, refresh: () => void) {
  useEffect(() => {
    const timer = setInterval(refresh, ms);
    return () => clearInterval(timer);
  }, [ms, refresh]);
}
