import type { Config } from '@backstage/config';
import { readBoundedStoreSettings } from '../../retention/BoundedStoreSettings';
import { readPositiveDuration } from '../../settings/settingValues';

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
  const prefix = 'workloadStatus.jobHistory';
  const { maxPerGroup, ...bounds } = readBoundedStoreSettings(config, {
    prefix,
    maxPerGroupKey: 'maxRunsPerOwner',
    maxPerGroup: 100,
  });
  return {
    maxRunsPerOwner: maxPerGroup,
    ...bounds,
    flushDelayMs: readPositiveDuration(
      config.getOptionalConfig(prefix),
      prefix,
      'flushDelay',
      1000,
    ),
  };
}
