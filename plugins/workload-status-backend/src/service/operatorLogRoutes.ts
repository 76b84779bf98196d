import { ServiceUnavailableError } from '@backstage/errors';
import { workloadStatusLogsReadPermission } from '@internal/plugin-workload-status-common';
import type express from 'express';
import { integer, rejectUnknown } from '../diagnostics/logs/LogRequest';
import type { LogRouteDeps } from './logRoutes';
import { parseEntityRefParams } from './request/parseEntityRefParams';

/** `limit` of the operator log: 1..1000, default 200. */
export const OPERATOR_LOG_LIMIT = { default: 200, max: 1000 };

/** The operator log of an entity: configured operators' lines about its objects. */
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
    const log = await deps.logs.operatorLogs.read(entityRef, limit);
    res
      .set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
      .json(log);
  });
}
