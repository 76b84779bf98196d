import {
  CronJobActionResponse,
  workloadStatusCronJobDeletePermission,
  workloadStatusCronJobRunPermission,
  workloadStatusCronJobSuspendPermission,
} from '@workload-status/backstage-plugin-workload-status-common';
import type express from 'express';
import type { CronJobActions } from '../actions/CronJobActions';
import { RunNowTooSoonError } from '../actions/RunNowLimiter';
import { parseObjectParams } from './request/parseObjectParams';
import {
  ActionRouteDeps,
  ActionTable,
  ActionTarget,
  registerActionRoutes,
} from './registerActionRoutes';

export interface CronJobActionRouteDeps extends ActionRouteDeps {
  cronJobActions?: CronJobActions;
}

/** The CronJob actions: permission and what each calls. */
const CRONJOB_ACTIONS: ActionTable<
  CronJobActions,
  ActionTarget,
  CronJobActionResponse
> = {
  path: '/cronjobs/:cluster/:objectNamespace/:objectName',
  target: params => ({ ...parseObjectParams(params), kind: 'CronJob' }),
  rows: {
    suspend: {
      permission: workloadStatusCronJobSuspendPermission,
      refused: 'suspend the CronJobs of',
      perform: (a, e, r) => a.setSuspended(e, r, true),
    },
    resume: {
      permission: workloadStatusCronJobSuspendPermission,
      refused: 'resume the CronJobs of',
      perform: (a, e, r) => a.setSuspended(e, r, false),
    },
    run: {
      permission: workloadStatusCronJobRunPermission,
      refused: 'run the CronJobs of',
      perform: (a, e, r) => a.run(e, r),
    },
    delete: {
      method: 'delete',
      suffix: '',
      permission: workloadStatusCronJobDeletePermission,
      refused: 'delete the CronJobs of',
      perform: (a, e, r) => a.delete(e, r),
    },
  },
};

/**
 * POST .../cronjobs/{cluster}/{objectNamespace}/{objectName}/suspend|resume|run
 * and DELETE .../cronjobs/{cluster}/{objectNamespace}/{objectName}.
 *
 * Every request is an audit event (eventId `cronjob-action`), refusals
 * included (a caller that is not allowed, a run refused by Forbid or by the
 * run-now interval); see registerActionRoutes.
 */
export function registerCronJobActionRoutes(
  router: express.Router,
  entityPath: string,
  deps: CronJobActionRouteDeps,
) {
  registerActionRoutes(
    router,
    entityPath,
    deps,
    {
      eventId: 'cronjob-action',
      auditMeta: params => ({
        cluster: params.cluster,
        namespace: params.objectNamespace,
        cronJob: params.objectName,
      }),
      successMeta: response => ({
        changed: response.changed,
        ...(response.job ? { job: response.job.name } : {}),
      }),
      actions: deps.cronJobActions,
      notSetUp: 'CronJob actions are not set up',
      failed: (error, res) => {
        if (error instanceof RunNowTooSoonError) {
          res.set('Retry-After', String(error.retryAfterSeconds));
        }
      },
    },
    CRONJOB_ACTIONS,
  );
}
