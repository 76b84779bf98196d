import type { Config } from '@backstage/config';
import { boundedInteger } from '../settings/settingValues';

/** The workload actions' part of `workloadStatus.actions`, with defaults applied. */
export interface WorkloadActionSettings {
  /** the most replicas a scale or start may ask for */
  maxReplicas: number;
}

/**
 * 100 by default: more than most services run, few enough that a typo
 * (1000 for 10) is refused instead of asking the cluster for every pod it
 * can hold. An installation with larger services raises it.
 */
const DEFAULT_MAX_REPLICAS = 100;
const MAX_MAX_REPLICAS = 100_000;

export function readWorkloadActionSettings(
  config: Config,
): WorkloadActionSettings {
  const key = 'workloadStatus.actions.maxReplicas';
  return {
    maxReplicas: boundedInteger(
      config.getOptionalNumber(key),
      key,
      DEFAULT_MAX_REPLICAS,
      MAX_MAX_REPLICAS,
    ),
  };
}
