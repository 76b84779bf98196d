import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { workloadStatusApiRef } from '../api/types';

/** The span the timeline strip shows. */
export const TIMELINE_WINDOW_MS = 24 * 3600_000;
/** Changes read for the strip: enough for a day of a flapping workload. */
const TIMELINE_LIMIT = 1000;

/**
 * The entity's status changes of the last 24 hours, newest first, fetched
 * again whenever `refreshKey` changes (each new status); the last answer
 * stays while it does. `windowStart` and `windowEnd` are the span asked for.
 */
export function useEntityTimeline(entityRef: string, refreshKey?: string) {
  const api = useApi(workloadStatusApiRef);
  // the window moves with each refresh, not with each render
  const windowEnd = useMemo(
    () => Date.now(),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [entityRef, refreshKey],
  );
  const windowStart = windowEnd - TIMELINE_WINDOW_MS;
  const answer = useAsync(
    () =>
      api.getTimeline(entityRef, {
        since: new Date(windowStart).toISOString(),
        limit: TIMELINE_LIMIT,
      }),
    [api, entityRef, windowStart],
  );
  return { ...answer, windowStart, windowEnd };
}
