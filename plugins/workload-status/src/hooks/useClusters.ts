import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { workloadStatusApiRef } from '../api/types';

/**
 * Every watched cluster's health. `forbidden` when the backend refuses it
 * (the user lacks `kubernetes.clusters.read`): the backend decides, so the
 * page needs no copy of the Kubernetes plugin's permission; any other
 * failure stays an `error`.
 */
export function useClusters() {
  const api = useApi(workloadStatusApiRef);
  const state = useAsyncRetry(() => api.getClusters(), [api]);
  const forbidden =
    state.error instanceof ResponseError && state.error.statusCode === 403;
  return {
    clusters: state.value,
    loading: state.loading,
    forbidden,
    error: forbidden ? undefined : state.error,
    retry: state.retry,
  };
}
