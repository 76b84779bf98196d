import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { workloadStatusApiRef } from '../api/types';

/**
 * The events of an entity's objects, fetched again whenever `refreshKey`
 * changes (each new status); the last answer stays while it does.
 */
export function useEntityEvents(entityRef: string, refreshKey?: string) {
  const api = useApi(workloadStatusApiRef);
  return useAsync(() => api.getEvents(entityRef), [api, entityRef, refreshKey]);
}
