import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { EntityStatus } from '@internal/plugin-workload-status-common';
import { workloadStatusApiRef } from '../api/types';

/** How often to refetch while the page is open. */
const REFRESH_MS = 15_000;

/**
 * The current entity's status, refreshed in the background. A refresh keeps
 * the previous value on screen until the new one arrives, so nothing the
 * user has open is torn down by it.
 */
export function useEntityStatus(): {
  status?: EntityStatus;
  loading: boolean;
  error?: Error;
  retry: () => void;
} {
  const api = useApi(workloadStatusApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const state = useAsyncRetry(() => api.getEntityStatus(entityRef), [api, entityRef]);
  useInterval(state.retry, REFRESH_MS);
  const { value, loading, error, retry } = state;
  return { status: value, loading: loading && !value, error, retry };
}
