import { ResponseError } from '@backstage/errors';

/**
 * An API error in a sentence a developer can act on. The backend's own
 * message is kept: it names the object and the cluster. A 503 is not always
 * a cluster that is down (a route can be switched off, the history database
 * can fail), so its message, not the status, says which.
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
        return `Unavailable: ${message}`;
      default:
        return message;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
