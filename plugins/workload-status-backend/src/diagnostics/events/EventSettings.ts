import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** `workloadStatus.events`, with defaults applied. */
export interface EventSettings {
  /** events kept per cluster; the least recently seen go first */
  maxPerCluster: number;
}

export function readEventSettings(config: Config): EventSettings {
  const key = 'workloadStatus.events.maxPerCluster';
  const max = config.getOptionalNumber(key) ?? 10_000;
  if (!Number.isInteger(max) || max < 1 || max > 1_000_000) {
    throw new InputError(
      `Invalid config at ${key}: must be an integer from 1 to 1000000`,
    );
  }
  return { maxPerCluster: max };
}
