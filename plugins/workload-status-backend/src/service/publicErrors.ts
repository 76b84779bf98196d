import type {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { kubernetesClustersReadPermission } from '@backstage/plugin-kubernetes-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type express from 'express';
import { randomBytes } from 'node:crypto';
import { scrubInternalDetail } from '../cluster/clusterErrorText';

/**
 * Who may see the detail of a failure: `clusterReaders` (callers holding
 * kubernetes.clusters.read: the cluster's own message, addresses and
 * account names included) or `logOnly` (nobody: a database error).
 */
export type DetailAudience = 'clusterReaders' | 'logOnly';

const details = new WeakMap<
  object,
  { detail: string; audience: DetailAudience }
>();

/**
 * Attaches the full text of a failure to the error a user sees, whose own
 * message names only what failed. The detail is logged when the error is
 * answered, and added to the answer for its audience. It is kept beside
 * the error, not on it, so no serializer can send it.
 */
export function withInternalDetail<E extends Error>(
  error: E,
  detail: string,
  audience: DetailAudience = 'clusterReaders',
): E {
  details.set(error, { detail, audience });
  return error;
}

/** The detail attached by withInternalDetail. */
export function internalDetailOf(
  error: unknown,
): { detail: string; audience: DetailAudience } | undefined {
  return typeof error === 'object' && error ? details.get(error) : undefined;
}

/**
 * Whether a caller may read cluster details (addresses, account names, the
 * cluster's own error messages): the Kubernetes plugin's
 * `kubernetes.clusters.read`.
 */
export async function mayReadClusterDetails(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<boolean> {
  const [decision] = await permissions.authorize(
    [{ permission: kubernetesClustersReadPermission }],
    { credentials },
  );
  return decision?.result === AuthorizeResult.ALLOW;
}

/** A text as a caller sees it: whole for those who may read cluster details, scrubbed for others. */
export function textFor(
  text: string,
  detail: string | undefined,
  clusterDetail: boolean,
): string {
  if (!clusterDetail) return scrubInternalDetail(text);
  return detail ? `${text} (${detail})` : text;
}

// the @backstage/errors names (and ours) whose messages are written for users
const PUBLIC_ERROR_NAMES = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
  'NotImplementedError',
  'ServiceUnavailableError',
  'TooManyRequestsError',
]);

/**
 * The one place where an error becomes what a caller reads: the last error
 * middleware of the plugin's router, before the backend's own.
 *
 * - an error of a public type keeps its type and status; its message loses
 *   addresses and account names, unless the caller may read cluster
 *   details, who also gets the attached detail; a `cause` (which the
 *   backend would serialize into the answer) is logged, not sent;
 * - any other error (a driver's, a library's) becomes a 500 saying only that
 *   the request failed, with an id to find it in the log.
 *
 * Details are logged in full for operators.
 */
export function publicErrorHandler(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}): express.ErrorRequestHandler {
  const { logger } = options;
  const callerMayReadDetails = async (req: express.Request) => {
    try {
      const credentials = await options.httpAuth.credentials(req);
      return await mayReadClusterDetails(options.permissions, credentials);
    } catch {
      return false;
    }
  };

  const toPublic = async (
    err: unknown,
    req: express.Request,
  ): Promise<unknown> => {
    const where = `${req.method} ${req.baseUrl}${req.path}`;
    if (!isError(err) || !PUBLIC_ERROR_NAMES.has(err.name)) {
      const status = (err as { statusCode?: unknown; status?: unknown })
        ?.statusCode;
      if (isError(err) && typeof status === 'number' && status < 500) {
        // a library's client error (body parsing): its message is about the request
        return err;
      }
      const logId = randomBytes(8).toString('hex');
      logger.error(`${where} failed (logId=${logId})`, toLoggable(err));
      return new Error(
        `The request failed; the backend log has the details (logId=${logId})`,
      );
    }
    const attached = internalDetailOf(err);
    const cause = (err as { cause?: unknown }).cause;
    const scrubbed = scrubInternalDetail(err.message);
    if (!attached && !cause && scrubbed === err.message) return err;

    if (attached || cause) {
      const detail = [attached?.detail, cause && `caused by ${String(cause)}`]
        .filter(Boolean)
        .join('; ');
      const level =
        (err as { name: string }).name === 'ServiceUnavailableError'
          ? 'warn'
          : 'info';
      logger[level](`${where}: ${err.message}: ${detail}`);
    }
    const shown =
      attached?.audience === 'clusterReaders' || scrubbed !== err.message
        ? await callerMayReadDetails(req)
        : false;
    // a cause's message is part of err.message (CustomErrorBase): cut it off
    const own = cause ? ownMessage(err.message) : err.message;
    const message = shown
      ? textFor(
          own,
          attached?.audience === 'clusterReaders' ? attached.detail : undefined,
          true,
        )
      : scrubInternalDetail(own);
    return rebuilt(err, message);
  };

  return (err, req, _res, next) => {
    toPublic(err, req).then(next, next);
  };
}

/** The same type of error with another message and no cause. */
function rebuilt(err: Error, message: string): Error {
  const Type = err.constructor as new (message: string) => Error;
  try {
    const copy = new Type(message);
    if (copy.name === err.name) {
      delete (copy as { stack?: string }).stack;
      return copy;
    }
  } catch {
    // a constructor that wants other arguments
  }
  const copy = new Error(message);
  copy.name = err.name;
  delete copy.stack;
  return copy;
}

function ownMessage(message: string): string {
  const i = message.indexOf('; caused by ');
  return i >= 0 ? message.slice(0, i) : message;
}

function toLoggable(err: unknown): Error {
  return isError(err) ? (err as Error) : new Error(String(err));
}
