import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  WorkloadAction,
  WorkloadActionResponse,
  workloadStatusPodDeletePermission,
  workloadStatusWorkloadRestartPermission,
  workloadStatusWorkloadRollbackPermission,
  workloadStatusWorkloadScalePermission,
  workloadStatusWorkloadStopPermission,
} from '@workload-status/backstage-plugin-workload-status-common';
import type express from 'express';
import type { ActionRecorder } from '../actions/records/ActionRecorder';
import type { WorkloadActions } from '../actions/WorkloadActions';
import { actionActor } from './actionActor';
import type { EntityAuthorizer } from './EntityAuthorizer';
import { parseEntityRefParams } from './request/parseEntityRefParams';
import { parseObjectParams } from './request/parseObjectParams';
import { parseReplicasBody } from './request/parseReplicasBody';
import { parseWorkloadParams } from './request/parseWorkloadParams';

export interface WorkloadActionRouteDeps {
  httpAuth: HttpAuthService;
  authorizer: EntityAuthorizer;
  auditor?: AuditorService;
  workloadActions?: WorkloadActions;
  actionRecords?: Pick<ActionRecorder, 'record'>;
  /** `workloadStatus.actions.maxReplicas` */
  maxReplicas: number;
}

interface Target {
  cluster: string;
  namespace: string;
  name: string;
  kind: string;
}

interface WorkloadActionRoute {
  action: WorkloadAction;
  method: 'post' | 'delete';
  path: string;
  permission: ResourcePermission<'catalog-entity'>;
  /** for the 403 message: "Not allowed to <refused> component:default/x" */
  refused: string;
  /** the object named by the path; throws InputError */
  target: (params: Record<string, string>) => Target;
  perform: (
    actions: WorkloadActions,
    entityRef: string,
    req: express.Request,
    maxReplicas: number,
  ) => Promise<WorkloadActionResponse>;
}

const WORKLOAD =
  '/workloads/:cluster/:objectNamespace/:workloadKind/:objectName';
const workload = (params: Record<string, string>) =>
  parseWorkloadParams(params);

const ROUTES: WorkloadActionRoute[] = [
  {
    action: 'restart',
    method: 'post',
    path: `${WORKLOAD}/restart`,
    permission: workloadStatusWorkloadRestartPermission,
    refused: 'restart the workloads of',
    target: workload,
    perform: (a, e, req) => a.restart(e, workload(req.params)),
  },
  {
    action: 'scale',
    method: 'post',
    path: `${WORKLOAD}/scale`,
    permission: workloadStatusWorkloadScalePermission,
    refused: 'scale the workloads of',
    target: workload,
    perform: (a, e, req, maxReplicas) =>
      a.scale(
        e,
        workload(req.params),
        parseReplicasBody(req.body, { required: true, min: 0, maxReplicas })!,
      ),
  },
  {
    action: 'stop',
    method: 'post',
    path: `${WORKLOAD}/stop`,
    permission: workloadStatusWorkloadStopPermission,
    refused: 'stop the workloads of',
    target: workload,
    perform: (a, e, req) => a.stop(e, workload(req.params)),
  },
  {
    action: 'start',
    method: 'post',
    path: `${WORKLOAD}/start`,
    permission: workloadStatusWorkloadStopPermission,
    refused: 'start the workloads of',
    target: workload,
    perform: (a, e, req, maxReplicas) =>
      a.start(
        e,
        workload(req.params),
        parseReplicasBody(req.body, { required: false, min: 1, maxReplicas }),
      ),
  },
  {
    action: 'rollback',
    method: 'post',
    path: `${WORKLOAD}/rollback`,
    permission: workloadStatusWorkloadRollbackPermission,
    refused: 'roll back the workloads of',
    target: workload,
    perform: (a, e, req) => a.rollback(e, workload(req.params)),
  },
  {
    action: 'delete-pod',
    method: 'delete',
    path: '/pods/:cluster/:objectNamespace/:objectName',
    permission: workloadStatusPodDeletePermission,
    refused: 'delete the pods of',
    target: params => ({ ...parseObjectParams(params), kind: 'Pod' }),
    perform: (a, e, req) => a.deletePod(e, parseObjectParams(req.params)),
  },
];

/**
 * POST .../workloads/{cluster}/{objectNamespace}/{workloadKind}/{objectName}/restart|scale|stop|start|rollback
 * and DELETE .../pods/{cluster}/{objectNamespace}/{objectName}.
 *
 * Every request is an audit event (eventId `workload-action`), opened
 * before the permission check so that refusals are recorded too; the
 * permission is checked before anything touches the cluster. Once the
 * caller is allowed, the outcome is also kept in the plugin's database for
 * the entity's operator log (a caller without the permission cannot write
 * to it).
 */
export function registerWorkloadActionRoutes(
  router: express.Router,
  entityPath: string,
  deps: WorkloadActionRouteDeps,
) {
  for (const route of ROUTES) {
    router[route.method](`${entityPath}${route.path}`, async (req, res) => {
      const credentials = await deps.httpAuth.credentials(req);
      const audit = await deps.auditor?.createEvent({
        eventId: 'workload-action',
        severityLevel: 'medium',
        request: req,
        meta: {
          action: route.action,
          entityRef: auditedEntityRef(req.params),
          cluster: req.params.cluster,
          namespace: req.params.objectNamespace,
          ...(req.params.workloadKind
            ? { workloadKind: req.params.workloadKind }
            : {}),
          object: req.params.objectName,
        },
      });
      let allowed: { entityRef: string; target: Target } | undefined;
      try {
        const entityRef = parseEntityRefParams(req.params);
        const target = route.target(req.params);
        await deps.authorizer.assertAllowed(
          route.permission,
          entityRef,
          credentials,
          route.refused,
        );
        allowed = { entityRef, target };
        if (!deps.workloadActions) {
          throw new ServiceUnavailableError('Workload actions are not set up');
        }
        const response = await route.perform(
          deps.workloadActions,
          entityRef,
          req,
          deps.maxReplicas,
        );
        await audit?.success({
          meta: {
            changed: response.changed,
            ...(response.replicas !== undefined
              ? { replicas: response.replicas }
              : {}),
          },
        });
        await deps.actionRecords?.record({
          entityRef,
          actor: actionActor(credentials),
          ...target,
          action: route.action,
        });
        res.json(response);
      } catch (error) {
        await audit?.fail({ error: error as Error });
        if (allowed) {
          await deps.actionRecords?.record({
            entityRef: allowed.entityRef,
            actor: actionActor(credentials),
            ...allowed.target,
            action: route.action,
            error,
          });
        }
        throw error;
      }
    });
  }
}

/** The entity as the audit record names it: canonical if valid, else as sent. */
function auditedEntityRef(params: Record<string, string>): string {
  try {
    return parseEntityRefParams(params);
  } catch {
    return `${params.kind}:${params.namespace}/${params.name}`;
  }
}
