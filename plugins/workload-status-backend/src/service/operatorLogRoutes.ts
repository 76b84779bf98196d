import { ServiceUnavailableError } from '@backstage/errors';
import { workloadStatusLogsReadPermission } from '@internal/plugin-workload-status-common';
import type express from 'express';
import { integer, rejectUnknown } from '../diagnostics/logs/LogRequest';
import { callerKey } from '../diagnostics/logs/LogStreamLimit';
import {
  OPERATOR_LOG_LIMIT,
  operatorLogResponse,
} from '../diagnostics/operator/OperatorLogService';
import type { LogRouteDeps } from './logRoutes';
import { mayReadClusterDetails } from './publicErrors';
import { parseEntityRefParams } from './request/parseEntityRefParams';

/**
 * The operator log of an entity: configured operators' lines about its
 * objects. An operator's error names the cluster and what failed; the
 * cluster's own text (addresses, account names) is added only for callers
 * who may read cluster details, asked only when there is an error.
 */
export function registerOperatorLogRoutes(
  router: express.Router,
  entityPath: string,
  deps: LogRouteDeps,
) {
  router.get(`${entityPath}/operator-log`, async (req, res) => {
    if (!deps.logs) {
      throw new ServiceUnavailableError('Log routes are not configured');
    }
    const credentials = await deps.httpAuth.credentials(req);
    const entityRef = parseEntityRefParams(req.params);
    rejectUnknown(req.query, ['limit']);
    const limit =
      integer(req.query, 'limit', 1, OPERATOR_LOG_LIMIT.max) ??
      OPERATOR_LOG_LIMIT.default;
    await deps.authorizer.assertAllowed(
      workloadStatusLogsReadPermission,
      entityRef,
      credentials,
      'read the logs of',
    );
    const release = deps.logs.streams.acquire(callerKey(credentials), {
      follow: false,
    });
    try {
      const read = await deps.logs.operatorLogs.read(entityRef);
      const clusterDetail = read.sources.some(s => s.error !== undefined)
        ? await mayReadClusterDetails(deps.permissions, credentials)
        : false;
      res
        .set({
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
        })
        .json(operatorLogResponse(read, limit, clusterDetail));
    } finally {
      release();
    }
  });
}
