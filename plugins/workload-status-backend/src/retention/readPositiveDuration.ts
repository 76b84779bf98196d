import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { toMilliseconds } from '../cluster/ClusterConfigReader';

/**
 * The duration at `key` of the config at `prefix` in milliseconds, or
 * `fallbackMs` when it is absent; an error naming the key unless positive.
 */
export function readPositiveDuration(
  config: Config | undefined,
  prefix: string,
  key: string,
  fallbackMs: number,
): number {
  if (!config?.has(key)) return fallbackMs;
  let ms: number;
  try {
    ms = toMilliseconds(readDurationFromConfig(config, { key }));
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
}
