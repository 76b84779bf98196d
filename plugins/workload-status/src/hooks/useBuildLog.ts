import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { BuildRef, workloadStatusApiRef } from '../api/types';

/** The log of one build run, step by step. */
export function useBuildLog(entityRef: string, build: BuildRef) {
  const api = useApi(workloadStatusApiRef);
  return useAsync(
    () => api.getBuildLog(entityRef, build),
    [api, entityRef, build.cluster, build.namespace, build.kind, build.name],
  );
}
