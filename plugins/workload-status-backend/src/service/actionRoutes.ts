import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  CronJobAction,
  CronJobActionResponse,
  workloadStatusCronJobDeletePermission,
  workloadStatusCronJobRunPermission,
  workloadStatusCronJobSuspendPermission,
} from '@workload-status/backstage-plugin-workload-status-common';
import type express from 'express';
import type { CronJobActions, CronJobRef } from '../actions/CronJobActions';
import type { ActionRecorder } from '../actions/records/ActionRecorder';
import { RunNowTooSoonError } from '../actions/RunNowLimiter';
import { actionActor } from './actionActor';
import type { EntityAuthorizer } from './EntityAuthorizer';
import { parseEntityRefParams } from './request/parseEntityRefParams';
import { parseObjectParams } from './request/parseObjectParams';

export interface ActionRouteDeps {
  httpAuth: HttpAuthService;
  authorizer: EntityAuthorizer;
  auditor?: AuditorService;
  cronJobActions?: CronJobActions;
  /** keeps each allowed action's outcome for the entity's operator log */
  actionRecords?: Pick<ActionRecorder, 'record'>;
}

interface ActionRoute {
  action: CronJobAction;
  method: 'post' | 'delete';
  suffix: string;
  permission: ResourcePermission<'catalog-entity'>;
  /** for the 403 message: "Not allowed to <refused> component:default/x" */
  refused: string;
  perform: (
    actions: CronJobActions,
    entityRef: string,
    ref: CronJobRef,
  ) => Promise<CronJobActionResponse>;
}

const ROUTES: ActionRoute[] = [
  {
    action: 'suspend',
    method: 'post',
    suffix: '/suspend',
    permission: workloadStatusCronJobSuspendPermission,
    refused: 'suspend the CronJobs of',
    perform: (a, e, r) => a.setSuspended(e, r, true),
  },
  {
    action: 'resume',
    method: 'post',
    suffix: '/resume',
    permission: workloadStatusCronJobSuspendPermission,
    refused: 'resume the CronJobs of',
    perform: (a, e, r) => a.setSuspended(e, r, false),
  },
  {
    action: 'run',
    method: 'post',
    suffix: '/run',
    permission: workloadStatusCronJobRunPermission,
    refused: 'run the CronJobs of',
    perform: (a, e, r) => a.run(e, r),
  },
  {
    action: 'delete',
    method: 'delete',
    suffix: '',
    permission: workloadStatusCronJobDeletePermission,
    refused: 'delete the CronJobs of',
    perform: (a, e, r) => a.delete(e, r),
  },
];

/**
 * POST .../cronjobs/{cluster}/{objectNamespace}/{objectName}/suspend|resume|run
 * and DELETE .../cronjobs/{cluster}/{objectNamespace}/{objectName}.
 *
 * Every request is an audit event (eventId `cronjob-action`), opened before
 * the permission check so that refusals are recorded too (a caller that is
 * not allowed, a run refused by Forbid or by the run-now interval); the
 * permission is checked before anything touches the cluster.
 */
export function registerCronJobActionRoutes(
  router: express.Router,
  entityPath: string,
  deps: ActionRouteDeps,
) {
  const base = `${entityPath}/cronjobs/:cluster/:objectNamespace/:objectName`;
  for (const route of ROUTES) {
    router[route.method](`${base}${route.suffix}`, async (req, res) => {
      const credentials = await deps.httpAuth.credentials(req);
      const audit = await deps.auditor?.createEvent({
        eventId: 'cronjob-action',
        severityLevel: 'medium',
        request: req,
        meta: {
          action: route.action,
          entityRef: auditedEntityRef(req.params),
          cluster: req.params.cluster,
          namespace: req.params.objectNamespace,
          cronJob: req.params.objectName,
        },
      });
      let allowed: { entityRef: string; ref: CronJobRef } | undefined;
      try {
        const entityRef = parseEntityRefParams(req.params);
        const ref = parseObjectParams(req.params);
        await deps.authorizer.assertAllowed(
          route.permission,
          entityRef,
          credentials,
          route.refused,
        );
        allowed = { entityRef, ref };
        if (!deps.cronJobActions) {
          throw new ServiceUnavailableError('CronJob actions are not set up');
        }
        const response = await route.perform(
          deps.cronJobActions,
          entityRef,
          ref,
        );
        await audit?.success({
          meta: {
            changed: response.changed,
            ...(response.job ? { job: response.job.name } : {}),
          },
        });
        await deps.actionRecords?.record({
          entityRef,
          actor: actionActor(credentials),
          ...ref,
          kind: 'CronJob',
          action: route.action,
        });
        res.json(response);
      } catch (error) {
        await audit?.fail({ error: error as Error });
        if (allowed) {
          await deps.actionRecords?.record({
            entityRef: allowed.entityRef,
            actor: actionActor(credentials),
            ...allowed.ref,
            kind: 'CronJob',
            action: route.action,
            error,
          });
        }
        if (error instanceof RunNowTooSoonError) {
          res.set('Retry-After', String(error.retryAfterSeconds));
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
