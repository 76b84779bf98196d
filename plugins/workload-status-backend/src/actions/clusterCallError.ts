import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/**
 * A failed client-node call as the error the caller should see. The cluster
 * refusing the plugin's service account (403) is an installation problem,
 * not the caller's: 503 with the verb to grant. A cluster that cannot be
 * reached is 503. Never a 500.
 */
export function clusterCallError(
  error: unknown,
  call: {
    cluster: string;
    /** the RBAC verb and resource: "patch cronjobs" */
    verb: string;
    /** what the call was about: "CronJob data/reports" */
    object: string;
  },
): Error {
  const code = (error as { code?: unknown })?.code;
  const message = statusMessage(error);
  if (typeof code === 'number') {
    switch (code) {
      case 404:
        return new NotFoundError(
          `${call.object} does not exist in cluster ${call.cluster}${
            message ? `: ${message}` : ''
          }`,
        );
      case 409:
        return new ConflictError(
          `${call.object} changed in cluster ${
            call.cluster
          } while the action ran; try again${message ? `: ${message}` : ''}`,
        );
      case 401:
      case 403:
        return new ServiceUnavailableError(
          `The plugin's service account may not ${call.verb} in cluster ${
            call.cluster
          } (${code}${
            message ? `: ${message}` : ''
          }); grant it that verb to enable this action`,
        );
      case 400:
      case 422:
        // the request the plugin built was refused: show the cluster's words
        return new InputError(
          `Cluster ${call.cluster} refused to ${call.verb} ${call.object}: ${
            message ?? code
          }`,
        );
      default:
        return new ServiceUnavailableError(
          `Cluster ${call.cluster} failed to ${call.verb} ${
            call.object
          } (${code}${message ? `: ${message}` : ''})`,
        );
    }
  }
  return new ServiceUnavailableError(
    `Cluster ${call.cluster} cannot be reached to ${call.verb} ${
      call.object
    }: ${(error as Error)?.message ?? String(error)}`,
  );
}

/** The `message` of the Kubernetes Status in a client-node ApiException. */
function statusMessage(error: unknown): string | undefined {
  const body = (error as { body?: unknown })?.body;
  let status: unknown = body;
  if (typeof body === 'string') {
    try {
      status = JSON.parse(body);
    } catch {
      return body.slice(0, 300) || undefined;
    }
  }
  const text = (status as { message?: unknown })?.message;
  return typeof text === 'string' ? text.slice(0, 300) : undefined;
}
