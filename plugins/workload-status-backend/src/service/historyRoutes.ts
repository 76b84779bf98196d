import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { workloadStatusReadPermission } from '@workload-status/backstage-plugin-workload-status-common';
import type express from 'express';
import type {
  JobHistoryQuery,
  JobHistoryService,
} from '../diagnostics/history/JobHistoryService';
import type { EntityAuthorizer } from './EntityAuthorizer';
import { parseEntityRefParams } from './request/parseEntityRefParams';
import { isObjectName } from '../cluster/kubernetesNames';
import { quoted } from './request/queryValues';

export interface HistoryRouteDeps {
  httpAuth: HttpAuthService;
  authorizer: EntityAuthorizer;
  /** absent when the plugin runs without a database (router tests) */
  jobHistory?: JobHistoryService;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

/** GET {entityPath}/job-history: the runs of the entity's CronJobs and Jobs. */
export function registerHistoryRoutes(
  router: express.Router,
  entityPath: string,
  deps: HistoryRouteDeps,
) {
  router.get(`${entityPath}/job-history`, async (req, res) => {
    const credentials = await deps.httpAuth.credentials(req);
    const entityRef = parseEntityRefParams(req.params);
    const query = parseJobHistoryQuery(req.query);
    await deps.authorizer.assertAllowed(
      workloadStatusReadPermission,
      entityRef,
      credentials,
      'read the job history of',
    );
    if (!deps.jobHistory) {
      throw new ServiceUnavailableError('Job history is not recorded');
    }
    res.json(await deps.jobHistory.list(entityRef, query));
  });
}

/** `cronJob` (a Kubernetes name) and `limit` (1..500, default 100). */
export function parseJobHistoryQuery(
  query: express.Request['query'],
): JobHistoryQuery {
  const { cronJob, limit } = query;
  const out: JobHistoryQuery = { limit: DEFAULT_LIMIT };
  if (limit !== undefined) {
    const n = typeof limit === 'string' && /^\d{1,4}$/.test(limit) ? +limit : 0;
    if (n < 1 || n > MAX_LIMIT) {
      throw new InputError(
        `Invalid limit '${quoted(
          String(limit),
        )}': must be an integer from 1 to ${MAX_LIMIT}`,
      );
    }
    out.limit = n;
  }
  if (cronJob !== undefined) {
    if (typeof cronJob !== 'string' || !isObjectName(cronJob)) {
      throw new InputError(`Invalid cronJob name '${quoted(String(cronJob))}'`);
    }
    out.cronJob = cronJob;
  }
  return out;
}
