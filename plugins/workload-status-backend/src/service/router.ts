import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { kubernetesClustersReadPermission } from '@backstage/plugin-kubernetes-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import type { CronJobActions } from '../actions/CronJobActions';
import type { ActionRecorder } from '../actions/records/ActionRecorder';
import type { WorkloadActions } from '../actions/WorkloadActions';
import type { EntityObjects } from '../diagnostics/EntityObjects';
import type { EntityEventsService } from '../diagnostics/events/EntityEventsService';
import type { JobHistoryService } from '../diagnostics/history/JobHistoryService';
import { registerCronJobActionRoutes } from './actionRoutes';
import { EntityAuthorizer } from './EntityAuthorizer';
import { registerEventRoutes } from './eventRoutes';
import { registerHistoryRoutes } from './historyRoutes';
import { registerTimelineRoutes } from './timelineRoutes';
import type { TimelineService } from '../timeline/TimelineService';
import { LogRouteServices, registerLogRoutes } from './logRoutes';
import { registerOperatorLogRoutes } from './operatorLogRoutes';
import { registerWorkloadActionRoutes } from './workloadActionRoutes';
import { publicErrorHandler } from './publicErrors';
import { parseEntityRefParams } from './request/parseEntityRefParams';
import { parseSummariesRequest } from './request/parseSummariesRequest';
import type { RollupReader } from './RollupReader';
import type { StatusReader } from './StatusReader';
import { isRollupRef } from '@workload-status/backstage-plugin-workload-status-common';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  reader: Pick<StatusReader, 'getEntityStatus' | 'getSummaries' | 'clusters'>;
  /** System and Group statuses (status and summaries routes); without it they are read as entities */
  rollups?: Pick<RollupReader, 'getRollup' | 'getSummaries'>;
  /** the entity -> cluster objects resolution of the diagnostics and action routes */
  objects: EntityObjects;
  maxBatchSize: number;
  /** services that may read logs and act (`workloadStatus.allowServicePrincipals`) */
  allowServicePrincipals?: readonly string[];
  /** POST/DELETE .../cronjobs/...: suspend, resume, run, delete */
  cronJobActions?: CronJobActions;
  /** POST .../workloads/...: restart, scale, stop, start, rollback; DELETE .../pods/... */
  workloadActions?: WorkloadActions;
  /** `workloadStatus.actions.maxReplicas` (default 100) */
  maxReplicas?: number;
  /** keeps the plugin's own actions for the operator log */
  actionRecords?: Pick<ActionRecorder, 'record' | 'lines'>;
  /** records every CronJob action (the backend's auditor service) */
  auditor?: AuditorService;
  /** GET .../events */
  events?: EntityEventsService;
  /** GET .../job-history */
  jobHistory?: JobHistoryService;
  /** GET .../timeline */
  timeline?: Pick<TimelineService, 'list'>;
  /** GET .../pods|jobs|builds/.../log and .../operator-log */
  logs?: LogRouteServices;
  /** where the full text of a failure is written (see publicErrorHandler) */
  logger?: LoggerService;
}

// for routers made without a logger (tests of the route table)
const SILENT_LOGGER: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => SILENT_LOGGER,
};

/**
 * The HTTP API (see src/schema/openapi.yaml). Routes translate HTTP to
 * reader calls and back; errors are @backstage/errors types, which the
 * backend's error middleware turns into the standard error body.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, reader, maxBatchSize } = options;
  const authorizer = new EntityAuthorizer(permissions, {
    allowServicePrincipals: options.allowServicePrincipals,
  });
  // diagnostics and action routes are registered below the status routes
  const entityPath = '/v1/entities/:namespace/:kind/:name';
  const router = Router();

  // ~100 bytes per ref: room for the largest batch, no more
  router.use(express.json({ limit: Math.max(100_000, maxBatchSize * 300) }));
  router.use(rejectMalformedJson);

  router.get(`${entityPath}/status`, async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entityRef = parseEntityRefParams(req.params);
    if (options.rollups && isRollupRef(entityRef)) {
      await authorizer.assertReadable(entityRef, credentials);
      // members the caller may not read are left out of the rollup
      res.json(
        await options.rollups.getRollup(entityRef, refs =>
          authorizer.filterReadable(refs, credentials),
        ),
      );
      return;
    }
    // both questions in one permission round trip (see EntityAuthorizer)
    const { clusterDetail } = await authorizer.assertReadableWithClusterDetail(
      entityRef,
      credentials,
    );
    res.json(
      await reader.getEntityStatus(entityRef, {
        clusterDetail: async () => clusterDetail,
      }),
    );
  });

  router.post('/v1/summaries', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entityRefs = parseSummariesRequest(req.body, maxBatchSize);
    const readable = await authorizer.filterReadable(entityRefs, credentials);
    if (options.rollups && readable.some(isRollupRef)) {
      res.json({
        items: await options.rollups.getSummaries(readable, refs =>
          authorizer.filterReadable(refs, credentials),
        ),
      });
      return;
    }
    res.json({ items: await reader.getSummaries(readable) });
  });

  router.get('/v1/clusters', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: kubernetesClustersReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('Not allowed to read cluster health');
    }
    res.json({ items: reader.clusters() });
  });

  registerEventRoutes(router, entityPath, {
    httpAuth,
    authorizer,
    events: options.events,
  });
  registerHistoryRoutes(router, entityPath, {
    httpAuth,
    authorizer,
    jobHistory: options.jobHistory,
  });
  registerTimelineRoutes(router, entityPath, {
    httpAuth,
    authorizer,
    timeline: options.timeline,
  });

  const logDeps = { httpAuth, authorizer, permissions, logs: options.logs };
  registerLogRoutes(router, entityPath, logDeps);
  registerOperatorLogRoutes(router, entityPath, {
    ...logDeps,
    actionRecords: options.actionRecords,
  });

  registerCronJobActionRoutes(router, entityPath, {
    httpAuth,
    authorizer,
    auditor: options.auditor,
    cronJobActions: options.cronJobActions,
    actionRecords: options.actionRecords,
  });
  registerWorkloadActionRoutes(router, entityPath, {
    httpAuth,
    authorizer,
    auditor: options.auditor,
    workloadActions: options.workloadActions,
    actionRecords: options.actionRecords,
    maxReplicas: options.maxReplicas ?? 100,
  });

  // last: every error of the routes above becomes what a caller may read
  router.use(
    publicErrorHandler({
      httpAuth,
      permissions,
      logger: options.logger ?? SILENT_LOGGER,
    }),
  );
  return router;
}

/** body-parser's errors carry no Backstage error name: make them 400s. */
function rejectMalformedJson(
  err: unknown,
  _req: express.Request,
  _res: express.Response,
  next: express.NextFunction,
) {
  const e = err as { type?: string; message?: string };
  if (e?.type === 'entity.parse.failed') {
    next(new InputError(`Malformed JSON body: ${e.message}`));
  } else if (e?.type === 'entity.too.large') {
    next(new InputError('Request body too large'));
  } else {
    next(err);
  }
}
