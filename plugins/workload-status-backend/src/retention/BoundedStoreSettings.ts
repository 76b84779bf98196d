import type { Config } from '@backstage/config';
import {
  boundedInteger,
  readPositiveDuration,
} from '../settings/settingValues';

/**
 * The bounds of a table that keeps the newest rows of each group (an
 * entity's action records, a CronJob's runs), with defaults applied.
 */
export interface BoundedStoreSettings {
  /** rows kept per group, newest first */
  maxPerGroup: number;
  /** older rows are dropped */
  maxAgeMs: number;
  /** how often the bounds are applied */
  pruneIntervalMs: number;
}

/** A month of rows by default, pruned hourly. */
const DEFAULT_MAX_AGE_MS = 30 * 24 * 3600_000;
const DEFAULT_PRUNE_INTERVAL_MS = 3600_000;
const MAX_PER_GROUP = 10_000;

/**
 * Reads `<prefix>.<maxPerGroupKey>`, `<prefix>.maxAge` and
 * `<prefix>.pruneInterval`; errors name the key.
 */
export function readBoundedStoreSettings(
  config: Config,
  options: { prefix: string; maxPerGroupKey: string; maxPerGroup: number },
): BoundedStoreSettings {
  const { prefix, maxPerGroupKey } = options;
  const c = config.getOptionalConfig(prefix);
  const maxPerGroup = boundedInteger(
    c?.getOptionalNumber(maxPerGroupKey),
    `${prefix}.${maxPerGroupKey}`,
    options.maxPerGroup,
    MAX_PER_GROUP,
  );
  return {
    maxPerGroup,
    maxAgeMs: readPositiveDuration(c, prefix, 'maxAge', DEFAULT_MAX_AGE_MS),
    pruneIntervalMs: readPositiveDuration(
      c,
      prefix,
      'pruneInterval',
      DEFAULT_PRUNE_INTERVAL_MS,
    ),
  };
}
