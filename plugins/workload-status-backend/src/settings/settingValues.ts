import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';

/*
 * The readers every `workloadStatus:` setting goes through, so that each
 * mistake fails at start with the same words and the offending key.
 */

/** HumanDuration to milliseconds (a month is 30 days, a year 365). */
export function toMilliseconds(d: {
  years?: number;
  months?: number;
  weeks?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
}): number {
  return (
    (d.milliseconds ?? 0) +
    (d.seconds ?? 0) * 1000 +
    (d.minutes ?? 0) * 60_000 +
    (d.hours ?? 0) * 3_600_000 +
    (d.days ?? 0) * 86_400_000 +
    (d.weeks ?? 0) * 7 * 86_400_000 +
    (d.months ?? 0) * 30 * 86_400_000 +
    (d.years ?? 0) * 365 * 86_400_000
  );
}

/**
 * The duration at `key` of `config` in milliseconds, undefined when
 * absent; an error naming `<prefix>.<key>` (or `key` without a prefix)
 * when it is not a duration. Ranges are the caller's.
 */
export function readOptionalDuration(
  config: Config | undefined,
  prefix: string | undefined,
  key: string,
): number | undefined {
  if (!config?.has(key)) return undefined;
  try {
    return toMilliseconds(readDurationFromConfig(config, { key }));
  } catch (e) {
    throw new InputError(
      `Invalid config at ${prefix ? `${prefix}.` : ''}${key}: ${
        (e as Error).message
      }`,
    );
  }
}

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
  const ms = readOptionalDuration(config, prefix, key);
  if (ms === undefined) return fallbackMs;
  if (!(ms > 0)) {
    throw new InputError(
      `Invalid config at ${prefix}.${key}: must be a positive duration`,
    );
  }
  return ms;
}

/** An integer setting from `min` (1 unless said) to `max`, or its default when absent. */
export function boundedInteger(
  value: number | undefined,
  key: string,
  fallback: number,
  max: number,
  min: number = 1,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(
      `Invalid config at ${key}: must be an integer from ${min} to ${max}`,
    );
  }
  return value;
}
