import { ServiceUnavailableError } from '@backstage/errors';
import { workloadStatusLogsReadPermission } from '@workload-status/backstage-plugin-workload-status-common';
import type express from 'express';
import { integer, rejectUnknown } from '../diagnostics/logs/LogRequest';
import { callerKey } from '../diagnostics/logs/LogStreamLimit';
import {
  OPERATOR_LOG_LIMIT,
  operatorLogResponse,
} from '../diagnostics/operator/OperatorLogService';
import type { ActionRecorder } from '../actions/records/ActionRecorder';
import { mergeActionLines } from '../actions/records/mergeActionLines';
import type { OperatorLogLine } from '@workload-status/backstage-plugin-workload-status-common';
import type { LogRouteDeps } from './logRoutes';
import { mayReadClusterDetails, textFor } from './publicErrors';
import { parseEntityRefParams } from './request/parseEntityRefParams';

/**
 * The operator log of an entity: configured operators' lines about its
 * objects, and the actions taken on them through this plugin. An operator's error names the cluster and what failed; the
 * cluster's own text (addresses, account names) is added only for callers
 * who may read cluster details, asked only when there is an error.
 */
export function registerOperatorLogRoutes(
  router: express.Router,
  entityPath: string,
  deps: LogRouteDeps & {
    /** the plugin's own actions, merged into the operators' lines */
    actionRecords?: Pick<ActionRecorder, 'lines'>;
  },
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
      let actionLines: OperatorLogLine[] = [];
      let actionsUnread: string | undefined;
      try {
        actionLines = (await deps.actionRecords?.lines(entityRef)) ?? [];
      } catch {
        actionsUnread =
          "this plugin's own actions cannot be read from its database";
      }
      const clusterDetail =
        read.sources.some(s => s.error !== undefined) ||
        actionLines.some(l => l.error !== undefined)
          ? await mayReadClusterDetails(deps.permissions, credentials)
          : false;
      // an action's error holds the cluster's words: shown as an operator's are
      const shownLines = actionLines.map(line =>
        line.error === undefined
          ? line
          : {
              ...line,
              error: textFor(line.error, undefined, clusterDetail),
              raw: textFor(line.raw, undefined, clusterDetail),
            },
      );
      const merged = mergeActionLines(read, shownLines);
      const withReasons = actionsUnread
        ? {
            ...merged,
            incompleteReasons: [...merged.incompleteReasons, actionsUnread],
          }
        : merged;
      res
        .set({
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
        })
        .json(operatorLogResponse(withReasons, limit, clusterDetail));
    } finally {
      release();
    }
  });
}
