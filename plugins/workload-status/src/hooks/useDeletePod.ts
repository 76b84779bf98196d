import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { WorkloadActionResponse } from '@workload-status/backstage-plugin-workload-status-common';
import { ClusterObjectRef, workloadStatusApiRef } from '../api/types';

/** Deletes one of the entity's pods (its controller replaces it). */
export function useDeletePod(
  entityRef: string,
): (pod: ClusterObjectRef) => Promise<WorkloadActionResponse> {
  const api = useApi(workloadStatusApiRef);
  return useCallback(pod => api.deletePod(entityRef, pod), [api, entityRef]);
}
