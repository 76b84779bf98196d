/**
 * Errors as kube-apiserver writes them: a `Status` object with the HTTP code,
 * a CamelCase reason and details (k8s.io/apimachinery/pkg/api/errors).
 */
import { ServerResponse } from 'node:http';

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function statusObject(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

export function sendJson(res: ServerResponse, code: number, body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: ApiError) {
  sendJson(
    res,
    err.code,
    statusObject(err.code, err.reason, err.message, err.details),
  );
}

export const errors = {
  notFound: (resource: string, name: string, group = '') =>
    new ApiError(
      404,
      'NotFound',
      `${resource}${group ? `.${group}` : ''} "${name}" not found`,
      { name, ...(group ? { group } : {}), kind: resource },
    ),
  notFoundPath: () =>
    new ApiError(
      404,
      'NotFound',
      'the server could not find the requested resource',
      {},
    ),
  badRequest: (message: string) => new ApiError(400, 'BadRequest', message),
  invalid: (message: string) => new ApiError(422, 'Invalid', message),
  expired: (message: string) => new ApiError(410, 'Expired', message),
  gone: (message: string) => new ApiError(410, 'Gone', message),
  unauthorized: () => new ApiError(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (message: string) => new ApiError(403, 'Forbidden', message),
  conflict: (message: string) => new ApiError(409, 'Conflict', message),
  alreadyExists: (message: string) =>
    new ApiError(409, 'AlreadyExists', message),
  methodNotAllowed: (method: string) =>
    new ApiError(
      405,
      'MethodNotAllowed',
      `the server does not allow this method on the requested resource (${method})`,
    ),
  tooManyRequests: () =>
    new ApiError(
      429,
      'TooManyRequests',
      'the server has received too many requests and has asked us to try again later',
      { retryAfterSeconds: 1 },
    ),
  internal: (message: string) =>
    new ApiError(500, 'InternalError', `Internal error occurred: ${message}`),
  timeout: (message: string) => new ApiError(504, 'Timeout', message),
  /** the apiserver's words (storage/cacher: NewTooLargeResourceVersionError) */
  tooLargeResourceVersion: (requested: string, current: number) =>
    new ApiError(
      504,
      'Timeout',
      `Too large resource version: ${requested}, current: ${current}`,
      {
        causes: [
          {
            reason: 'ResourceVersionTooLarge',
            message: 'Too large resource version',
          },
        ],
        retryAfterSeconds: 1,
      },
    ),
  unsupportedMediaType: (type: string) =>
    new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
      { contentType: type },
    ),
};
