import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { toMilliseconds } from '../../cluster/ClusterConfigReader';

/** `workloadStatus.actionRecords`, with defaults applied. */
export interface ActionRecordSettings {
  /** records kept per entity */
  maxPerEntity: number;
  /** older records are dropped */
  maxAgeMs: number;
  /** how often the bounds are applied */
  pruneIntervalMs: number;
}

/** As the job history: a month of records, a few hundred per entity. */
export function readActionRecordSettings(config: Config): ActionRecordSettings {
  const prefix = 'workloadStatus.actionRecords';
  const c = config.getOptionalConfig(prefix);
  const maxPerEntity = c?.getOptionalNumber('maxPerEntity') ?? 200;
  if (
    !Number.isInteger(maxPerEntity) ||
    maxPerEntity < 1 ||
    maxPerEntity > 10_000
  ) {
    throw new InputError(
      `Invalid config at ${prefix}.maxPerEntity: must be an integer from 1 to 10000`,
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
    maxPerEntity,
    maxAgeMs: duration('maxAge', 30 * 24 * 3600_000),
    pruneIntervalMs: duration('pruneInterval', 3600_000),
  };
}
