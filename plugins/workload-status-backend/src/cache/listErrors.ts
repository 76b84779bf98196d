import type { ClusterRequestError } from '../cluster/ClusterConnection';

/** The server says our resourceVersion is too old: relist. */
export class GoneError extends Error {}

/** A paginated LIST's continue token expired (410): list from the start. */
export class ContinueExpiredError extends Error {}

/** The apiserver's 504 for a watch from a resourceVersion it never reached. */
export function isTooLargeResourceVersion(e: unknown): boolean {
  return (
    (e as ClusterRequestError)?.statusCode === 504 &&
    /Too large resource version/i.test((e as Error).message)
  );
}
