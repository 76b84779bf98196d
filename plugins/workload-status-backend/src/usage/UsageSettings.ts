import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** `workloadStatus.usage`, with defaults applied. */
export interface UsageSettings {
  enabled: boolean;
  intervalMs: number;
  /** pods kept per cluster; the rest of a larger answer is dropped */
  maxPodsPerCluster: number;
  /** bytes of one PodMetrics LIST answer */
  maxResponseBytes: number;
}

export const DEFAULT_USAGE_SETTINGS: UsageSettings = {
  enabled: true,
  intervalMs: 30_000,
  maxPodsPerCluster: 50_000,
  // a PodMetrics item is 250 to 600 bytes: 32 MiB holds 50,000 pods
  maxResponseBytes: 32 * 1024 * 1024,
};

function positiveInteger(
  config: Config,
  key: string,
  min: number,
  max: number,
): number | undefined {
  const value = config.getOptional(key);
  if (value === undefined) return undefined;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < min ||
    value > max
  ) {
    throw new InputError(
      `Invalid config at ${key}: must be an integer from ${min} to ${max}`,
    );
  }
  return value;
}

export function readUsageSettings(config: Config): UsageSettings {
  const prefix = 'workloadStatus.usage';
  const enabled = config.getOptional(`${prefix}.enabled`);
  if (enabled !== undefined && typeof enabled !== 'boolean') {
    throw new InputError(
      `Invalid config at ${prefix}.enabled: must be true or false`,
    );
  }
  const seconds = positiveInteger(config, `${prefix}.intervalSeconds`, 1, 3600);
  const d = DEFAULT_USAGE_SETTINGS;
  return {
    enabled: enabled ?? d.enabled,
    intervalMs: seconds !== undefined ? seconds * 1000 : d.intervalMs,
    maxPodsPerCluster:
      positiveInteger(config, `${prefix}.maxPodsPerCluster`, 1, 1_000_000) ??
      d.maxPodsPerCluster,
    maxResponseBytes:
      positiveInteger(
        config,
        `${prefix}.maxResponseBytes`,
        1024,
        1024 * 1024 * 1024,
      ) ?? d.maxResponseBytes,
  };
}
