import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  WorkloadAction,
  WorkloadActionResponse,
} from '@workload-status/backstage-plugin-workload-status-common';
import { WorkloadObjectRef, workloadStatusApiRef } from '../api/types';

/**
 * Runs an action on one of the entity's Deployments, StatefulSets or
 * DaemonSets; the answer carries the entity's status with the change.
 */
export function useWorkloadAction(
  entityRef: string,
  workload: WorkloadObjectRef,
): (
  action: Exclude<WorkloadAction, 'delete-pod'>,
  options?: { replicas?: number },
) => Promise<WorkloadActionResponse> {
  const api = useApi(workloadStatusApiRef);
  const { cluster, namespace, name, kind } = workload;
  return useCallback(
    (action, options) =>
      api.workloadAction(
        entityRef,
        action,
        { cluster, namespace, name, kind },
        options,
      ),
    [api, entityRef, cluster, namespace, name, kind],
  );
}
