import {
  WorkloadActionResponse,
  workloadStatusPodDeletePermission,
  workloadStatusWorkloadRestartPermission,
  workloadStatusWorkloadRollbackPermission,
  workloadStatusWorkloadScalePermission,
  workloadStatusWorkloadStopPermission,
} from '@workload-status/backstage-plugin-workload-status-common';
import type express from 'express';
import type { WorkloadActions, WorkloadRef } from '../actions/WorkloadActions';
import { parseObjectParams } from './request/parseObjectParams';
import { parseReplicasBody } from './request/parseReplicasBody';
import { parseWorkloadParams } from './request/parseWorkloadParams';
import {
  ActionFamily,
  ActionRouteDeps,
  ActionTable,
  ActionTarget,
  registerActionRoutes,
} from './registerActionRoutes';

export interface WorkloadActionRouteDeps extends ActionRouteDeps {
  workloadActions?: WorkloadActions;
  /** `workloadStatus.actions.maxReplicas` */
  maxReplicas: number;
}

/** The workload actions: permission, body and what each calls. */
function workloadActionTable(
  maxReplicas: number,
): ActionTable<WorkloadActions, WorkloadRef, WorkloadActionResponse> {
  return {
    path: '/workloads/:cluster/:objectNamespace/:workloadKind/:objectName',
    target: parseWorkloadParams,
    rows: {
      restart: {
        permission: workloadStatusWorkloadRestartPermission,
        refused: 'restart the workloads of',
        perform: (a, e, w) => a.restart(e, w),
      },
      scale: {
        permission: workloadStatusWorkloadScalePermission,
        refused: 'scale the workloads of',
        perform: (a, e, w, body) =>
          a.scale(
            e,
            w,
            parseReplicasBody(body, { required: true, min: 0, maxReplicas })!,
          ),
      },
      stop: {
        permission: workloadStatusWorkloadStopPermission,
        refused: 'stop the workloads of',
        perform: (a, e, w) => a.stop(e, w),
      },
      start: {
        permission: workloadStatusWorkloadStopPermission,
        refused: 'start the workloads of',
        perform: (a, e, w, body) =>
          a.start(
            e,
            w,
            parseReplicasBody(body, { required: false, min: 1, maxReplicas }),
          ),
      },
      rollback: {
        permission: workloadStatusWorkloadRollbackPermission,
        refused: 'roll back the workloads of',
        perform: (a, e, w) => a.rollback(e, w),
      },
    },
  };
}

const POD_ACTIONS: ActionTable<
  WorkloadActions,
  ActionTarget,
  WorkloadActionResponse
> = {
  path: '/pods/:cluster/:objectNamespace/:objectName',
  target: params => ({ ...parseObjectParams(params), kind: 'Pod' }),
  rows: {
    'delete-pod': {
      method: 'delete',
      suffix: '',
      permission: workloadStatusPodDeletePermission,
      refused: 'delete the pods of',
      perform: (a, e, pod) => a.deletePod(e, pod),
    },
  },
};

/**
 * POST .../workloads/{cluster}/{objectNamespace}/{workloadKind}/{objectName}/restart|scale|stop|start|rollback
 * and DELETE .../pods/{cluster}/{objectNamespace}/{objectName}.
 *
 * Every request is an audit event (eventId `workload-action`), refusals
 * included; see registerActionRoutes.
 */
export function registerWorkloadActionRoutes(
  router: express.Router,
  entityPath: string,
  deps: WorkloadActionRouteDeps,
) {
  const family: ActionFamily<WorkloadActions, WorkloadActionResponse> = {
    eventId: 'workload-action',
    auditMeta: params => ({
      cluster: params.cluster,
      namespace: params.objectNamespace,
      ...(params.workloadKind ? { workloadKind: params.workloadKind } : {}),
      object: params.objectName,
    }),
    successMeta: response => ({
      changed: response.changed,
      ...(response.replicas !== undefined
        ? { replicas: response.replicas }
        : {}),
    }),
    actions: deps.workloadActions,
    notSetUp: 'Workload actions are not set up',
  };
  const workloads = workloadActionTable(deps.maxReplicas);
  registerActionRoutes(router, entityPath, deps, family, workloads);
  registerActionRoutes(router, entityPath, deps, family, POD_ACTIONS);
}
