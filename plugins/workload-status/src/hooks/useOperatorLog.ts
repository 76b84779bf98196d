import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { workloadStatusApiRef } from '../api/types';

/**
 * The operator log lines about an entity, fetched again whenever
 * `refreshKey` changes (the backend reuses its answer for a few seconds).
 */
export function useOperatorLog(entityRef: string, refreshKey?: string) {
  const api = useApi(workloadStatusApiRef);
  return useAsync(
    () => api.getOperatorLog(entityRef),
    [api, entityRef, refreshKey],
  );
}
