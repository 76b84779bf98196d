import { ResponseError } from '@backstage/errors';

/**
 * An API error in a sentence a developer can act on. The backend's own
 * message is kept: it names the object and the cluster.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    const message = error.body?.error?.message ?? error.message;
    switch (error.statusCode) {
      case 403:
        return `Not allowed: ${message}`;
      case 404:
        return `Not found: ${message}`;
      case 503:
        return `The cluster cannot be reached: ${message}`;
      default:
        return message;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
