/**
 * Fault injection for one simulated cluster, switchable at run time (the
 * programmatic API and the admin endpoint both land here). Each switch is
 * something a client meets on a real cluster:
 *
 * - `latencyMs`: every request waits this long before it is answered.
 * - `errorRate` + `errorStatus`: that fraction of requests gets a Status
 *   error (500 InternalError, 429 TooManyRequests with Retry-After, 403 Forbidden).
 * - `dropWatchesAfterMs`: every watch connection is cut (socket destroyed) after this long.
 * - `expireWatches`: every watch from a resourceVersion gets an in-stream 410 Expired ERROR.
 * - `stallStreams`: watch and log-follow streams stay open but send nothing
 *   until the fault clears; then they deliver what they held, late.
 * - `silentWatches`: watches of these resource types (plural, as in the URL:
 *   `pods`, `deployments`) stay open but send nothing, not even bookmarks,
 *   until the fault clears; every other type and every LIST keeps working.
 * - `down`: the listener is closed (connection refused) and open connections are destroyed.
 *
 * One-shot actions (drop watches now, restart, inject 410) live on the cluster.
 */
export interface FaultSettings {
  latencyMs: number;
  errorRate: number;
  errorStatus: 500 | 429 | 403;
  dropWatchesAfterMs: number | null;
  expireWatches: boolean;
  stallStreams: boolean;
  silentWatches: string[];
  down: boolean;
}

export const NO_FAULTS: FaultSettings = {
  latencyMs: 0,
  errorRate: 0,
  errorStatus: 500,
  dropWatchesAfterMs: null,
  expireWatches: false,
  stallStreams: false,
  silentWatches: [],
  down: false,
};

/** Most resource types one `silentWatches` fault names. */
const MAX_SILENT_WATCHES = 100;

/** Whether watches of the resource type with this URL plural send nothing now. */
export function isWatchSilent(faults: FaultSettings, plural: string): boolean {
  return faults.stallStreams || faults.silentWatches.includes(plural);
}

export function validateFaults(
  input: Partial<FaultSettings>,
): Partial<FaultSettings> {
  const out: Partial<FaultSettings> = {};
  for (const [key, value] of Object.entries(input)) {
    switch (key) {
      case 'latencyMs':
        if (typeof value !== 'number' || value < 0)
          throw new Error('latencyMs must be a number >= 0');
        out.latencyMs = value;
        break;
      case 'errorRate':
        if (typeof value !== 'number' || value < 0 || value > 1)
          throw new Error('errorRate must be between 0 and 1');
        out.errorRate = value;
        break;
      case 'errorStatus':
        if (![500, 429, 403].includes(value as number))
          throw new Error('errorStatus must be 500, 429 or 403');
        out.errorStatus = value as 500;
        break;
      case 'dropWatchesAfterMs':
        if (value !== null && (typeof value !== 'number' || value < 0))
          throw new Error('dropWatchesAfterMs must be a number >= 0 or null');
        out.dropWatchesAfterMs = value as number | null;
        break;
      case 'silentWatches':
        if (
          !Array.isArray(value) ||
          value.length > MAX_SILENT_WATCHES ||
          !value.every(
            v => typeof v === 'string' && /^[a-z0-9.-]{1,63}$/.test(v),
          )
        )
          throw new Error(
            'silentWatches must be a list of resource plurals (e.g. ["pods"])',
          );
        out.silentWatches = [...value];
        break;
      case 'expireWatches':
      case 'stallStreams':
      case 'down':
        if (typeof value !== 'boolean')
          throw new Error(`${key} must be a boolean`);
        out[key] = value;
        break;
      default:
        throw new Error(`unknown fault "${key}"`);
    }
  }
  return out;
}
