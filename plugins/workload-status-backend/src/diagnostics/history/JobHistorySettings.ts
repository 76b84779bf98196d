import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { toMilliseconds } from '../../cluster/ClusterConfigReader';

/** `workloadStatus.jobHistory`, with defaults applied. */
export interface JobHistorySettings {
  /** runs kept per CronJob (and per standalone Job name) */
  maxRunsPerOwner: number;
  /** runs that started longer ago are dropped */
  maxAgeMs: number;
  /** how often the bounds are applied */
  pruneIntervalMs: number;
  /** Job changes within this window are written in one batch */
  flushDelayMs: number;
}

export function readJobHistorySettings(config: Config): JobHistorySettings {
  const c = config.getOptionalConfig('workloadStatus.jobHistory');
  const prefix = 'workloadStatus.jobHistory';
  const maxRuns = c?.getOptionalNumber('maxRunsPerOwner') ?? 100;
  if (!Number.isInteger(maxRuns) || maxRuns < 1 || maxRuns > 10_000) {
    throw new InputError(
      `Invalid config at ${prefix}.maxRunsPerOwner: must be an integer from 1 to 10000`,
    );
  }
  const duration = (key: string, fallbackMs: number) => {
    if (!c?.has(key)) return fallbackMs;
    let ms: number;
    try {
      ms = toMilliseconds(readDurationFromConfig(c, { key }));
    } catch (e) {
      throw new InputError(
        `Invalid config at ${prefix}.${key}: ${(e as Error).message}`,
      );
    }
    if (!(ms > 0)) {
      throw new InputError(
        `Invalid config at ${prefix}.${key}: must be a positive duration`,
      );
    }
    return ms;
  };
  return {
    maxRunsPerOwner: maxRuns,
    maxAgeMs: duration('maxAge', 30 * 24 * 3600_000),
    pruneIntervalMs: duration('pruneInterval', 3600_000),
    flushDelayMs: duration('flushDelay', 1000),
  };
}
