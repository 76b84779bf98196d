/**
 * How much of one cluster answer is held in memory. A cluster (or whoever
 * can create objects in it, such as Events) decides how big its answers
 * are; these caps keep one answer from filling the backend's heap.
 */

/**
 * One LIST page (`workloadStatus.maxResponseBytes`). A page of 500 objects
 * is 2 to 12 MB in practice (a Pod with managed fields is 5 to 25 KB); a
 * page over the cap makes the reflector halve its page size, so the cap
 * bounds the memory of one page, not what can be listed.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * One watch event (`workloadStatus.maxWatchLineBytes`): one object as JSON.
 * etcd refuses objects over 1.5 MiB by default (its request limit); JSON is
 * larger than etcd's protobuf and some clusters raise the limit, so 8 MiB
 * leaves room for every object a real apiserver can hold.
 */
export const DEFAULT_MAX_WATCH_LINE_BYTES = 8 * 1024 * 1024;

/**
 * The body of an error answer is read for its Status message only; what
 * is past this is not read.
 */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** `16 MiB`, `512 KiB`, `100 bytes`: for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) {
    return `${bytes / (1024 * 1024)} MiB`;
  }
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
