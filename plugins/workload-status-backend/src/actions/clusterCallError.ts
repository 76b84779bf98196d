import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { redactedWithin } from '../redaction/redactedWithin';

/**
 * Characters of the cluster's words kept in an error: its Status message
 * is one sentence. The cluster's words are a stranger's (an apiserver, a
 * proxy, a webhook quoting its configuration): they reach the caller, the
 * action record and the log redacted and cut, redacted before the cut so
 * that a secret straddling it is seen whole by the redactor.
 */
const MAX_CLUSTER_TEXT_CHARS = 300;

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
    }: ${clusterText((error as Error)?.message ?? String(error))}`,
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
      return clusterText(body) || undefined;
    }
  }
  const text = (status as { message?: unknown })?.message;
  return typeof text === 'string' ? clusterText(text) : undefined;
}

/** The cluster's words as an error keeps them: redacted, then cut. */
function clusterText(text: string): string {
  return redactedWithin(text, MAX_CLUSTER_TEXT_CHARS);
}
