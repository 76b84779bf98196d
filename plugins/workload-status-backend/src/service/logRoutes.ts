import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { workloadStatusLogsReadPermission } from '@workload-status/backstage-plugin-workload-status-common';
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
import { callerKey, LogStreamLimit } from '../diagnostics/logs/LogStreamLimit';
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
  /** the log requests each caller (and all follow streams) may have open */
  streams: LogStreamLimit;
  podLogs: PodLogService;
  buildLogs: BuildLogService;
  operatorLogs: OperatorLogService;
}

export interface LogRouteDeps {
  httpAuth: HttpAuthService;
  authorizer: EntityAuthorizer;
  /** whether a caller may read cluster details in an answer (operator log sources) */
  permissions: PermissionsService;
  logs?: LogRouteServices;
}

/** Starts the line the backend adds to a log cut by time. */
export const LOG_NOTE = '[workload-status]';

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
      caller: callerKey(credentials),
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
        const { podLogs, settings, streams } = services();
        const { entityRef, ref, caller, allow } = await authorize(req);
        const request = parseLogRequest(req.query, settings);
        await allow();
        const release = streams.acquire(caller, { follow: request.follow });
        try {
          await sendLog(res, request, settings, release, signal =>
            podLogs[open](entityRef, ref, request, signal),
          );
        } catch (e) {
          release();
          throw e;
        }
      },
    );
  }

  router.get(
    `${entityPath}/builds/:cluster/:objectNamespace/:buildKind/:objectName/log`,
    async (req, res) => {
      const { buildLogs, settings, streams } = services();
      const { entityRef, ref, caller, allow } = await authorize(req);
      const kind = parseBuildKind(req.params.buildKind);
      rejectUnknown(req.query, ['tailLines']);
      const tailLines = parseTailLines(req.query.tailLines, settings);
      await allow();
      const release = streams.acquire(caller, { follow: false });
      try {
        const log = await buildLogs.read(
          entityRef,
          { ...ref, kind },
          tailLines,
        );
        res.set(LOG_HEADERS).json(log);
      } finally {
        release();
      }
    },
  );
}

/**
 * Streams an opened log to the client: text/plain, chunked. The upstream
 * request is aborted when the client goes away, or when followTimeout (a
 * follow stream) or readTimeout (any other) passes once the cluster has
 * answered: a cluster that trickles a byte a second cannot hold the request.
 * A log cut by time ends with a line that says so. `release` frees the
 * caller's stream slot when the response is done.
 */
async function sendLog(
  res: express.Response,
  request: LogRequest,
  settings: LogSettings,
  release: () => void,
  open: (signal: AbortSignal) => Promise<OpenedLog>,
) {
  const abort = new AbortController();
  // 'close' comes when the response is done or the client went away
  res.on('close', () => {
    abort.abort();
    release();
  });
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
  if (request.follow) {
    // Lines must reach the client as they come: no-transform keeps the
    // backend's compression middleware (which buffers) off this response,
    // X-Accel-Buffering keeps an nginx in front from buffering it.
    res.set({
      'Cache-Control': 'no-store, no-transform',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
  }
  const limitMs = request.follow
    ? settings.followTimeoutMs
    : settings.readTimeoutMs;
  let cutBy: string | undefined;
  const timer = setTimeout(() => {
    cutBy = request.follow
      ? `${LOG_NOTE} The stream was closed after ${duration(
          limitMs,
        )} (workloadStatus.logs.followTimeout); follow the log again to go on.`
      : `${LOG_NOTE} The log is incomplete: the cluster did not send all of it within ${duration(
          limitMs,
        )} (workloadStatus.logs.readTimeout).`;
    abort.abort();
  }, limitMs);
  res.on('close', () => clearTimeout(timer));
  let endsWithNewline = true;
  stream.on('data', (chunk: Buffer | string) => {
    if (chunk.length) {
      endsWithNewline =
        typeof chunk === 'string'
          ? chunk.endsWith('\n')
          : chunk[chunk.length - 1] === 0x0a;
    }
  });
  stream.on('end', () => {
    clearTimeout(timer);
    if (cutBy && !res.destroyed) {
      res.write(`${endsWithNewline ? '' : '\n'}${cutBy}\n`);
    }
    res.end();
  });
  stream.pipe(res, { end: false });
}

function duration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
