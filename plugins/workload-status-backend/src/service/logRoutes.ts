import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { workloadStatusLogsReadPermission } from '@internal/plugin-workload-status-common';
import type express from 'express';
import type { LogSettings } from '../cluster/types';
import type { BuildLogService } from '../diagnostics/builds/BuildLogService';
import { parseBuildKind } from '../diagnostics/builds/BuildStepPlan';
import {
  LogRequest,
  parseLogRequest,
  parseTailLines,
  rejectUnknown,
} from '../diagnostics/logs/LogRequest';
import type {
  OpenedLog,
  PodLogService,
} from '../diagnostics/logs/PodLogService';
import type { OperatorLogService } from '../diagnostics/operator/OperatorLogService';
import type { EntityAuthorizer } from './EntityAuthorizer';
import { parseEntityRefParams } from './request/parseEntityRefParams';
import { parseObjectParams } from './request/parseObjectParams';

/** The services behind the log routes (service, job, build and operator logs). */
export interface LogRouteServices {
  settings: LogSettings;
  podLogs: PodLogService;
  buildLogs: BuildLogService;
  operatorLogs: OperatorLogService;
}

export interface LogRouteDeps {
  httpAuth: HttpAuthService;
  authorizer: EntityAuthorizer;
  logs?: LogRouteServices;
}

/** Every log response: never cached, never sniffed as HTML. */
const LOG_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/**
 * The service log, the job run log and the build log of an entity's
 * objects. Everything in the request is checked before the cluster is
 * called; every line is redacted (see SecretRedactor).
 */
export function registerLogRoutes(
  router: express.Router,
  entityPath: string,
  deps: LogRouteDeps,
) {
  const services = () => {
    if (!deps.logs) {
      throw new ServiceUnavailableError('Log routes are not configured');
    }
    return deps.logs;
  };
  const authorize = async (req: express.Request) => {
    const credentials = await deps.httpAuth.credentials(req);
    const entityRef = parseEntityRefParams(req.params);
    const ref = parseObjectParams(req.params);
    return {
      entityRef,
      ref,
      allow: () =>
        deps.authorizer.assertAllowed(
          workloadStatusLogsReadPermission,
          entityRef,
          credentials,
          'read the logs of',
        ),
    };
  };

  // a pod's log, and a Job run's log (its newest pod): the same parameters
  for (const [collection, open] of [
    ['pods', 'openPodLog'],
    ['jobs', 'openJobLog'],
  ] as const) {
    router.get(
      `${entityPath}/${collection}/:cluster/:objectNamespace/:objectName/log`,
      async (req, res) => {
        const { podLogs, settings } = services();
        const { entityRef, ref, allow } = await authorize(req);
        const request = parseLogRequest(req.query, settings);
        await allow();
        await sendLog(res, request, settings, signal =>
          podLogs[open](entityRef, ref, request, signal),
        );
      },
    );
  }

  router.get(
    `${entityPath}/builds/:cluster/:objectNamespace/:buildKind/:objectName/log`,
    async (req, res) => {
      const { buildLogs, settings } = services();
      const { entityRef, ref, allow } = await authorize(req);
      const kind = parseBuildKind(req.params.buildKind);
      rejectUnknown(req.query, ['tailLines']);
      const tailLines = parseTailLines(req.query.tailLines, settings);
      await allow();
      const log = await buildLogs.read(entityRef, { ...ref, kind }, tailLines);
      res.set(LOG_HEADERS).json(log);
    },
  );
}

/**
 * Streams an opened log to the client: text/plain, chunked. The upstream
 * request is aborted when the client goes away or followTimeout passes;
 * the response ends when the cluster ends the log.
 */
async function sendLog(
  res: express.Response,
  request: LogRequest,
  settings: LogSettings,
  open: (signal: AbortSignal) => Promise<OpenedLog>,
) {
  const abort = new AbortController();
  // 'close' comes when the response is done or the client went away
  res.on('close', () => abort.abort());
  const { target, stream } = await open(abort.signal);
  res.status(200).set({
    ...LOG_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
  });
  if (request.download) {
    res.attachment(`${target.pod}_${target.container}.log`);
    // attachment() sets a type from the extension; a log is plain text
    res.type('text/plain; charset=utf-8');
  }
  let timer: NodeJS.Timeout | undefined;
  if (request.follow) {
    // Lines must reach the client as they come: no-transform keeps the
    // backend's compression middleware (which buffers) off this response,
    // X-Accel-Buffering keeps an nginx in front from buffering it.
    res.set({
      'Cache-Control': 'no-store, no-transform',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    timer = setTimeout(() => abort.abort(), settings.followTimeoutMs);
  }
  stream.on('end', () => clearTimeout(timer));
  res.on('close', () => clearTimeout(timer));
  stream.pipe(res);
}
