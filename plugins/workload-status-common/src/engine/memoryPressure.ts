/*
 * The memory-limit warning: a running container whose memory (as
 * metrics-server last sampled it) is above 90 % of its limit is close to an
 * OOM kill. The kernel kills a container the moment it passes its limit,
 * with no event beforehand; this warning is the only notice a developer
 * gets. Usage is an input (EvaluationContext.usage), like the time.
 */
import { worstHealth } from '../model/health';
import type {
  ContainerSummary,
  ContainerUsage,
  PodSummary,
  Reason,
  WorkloadStatus,
} from '../model/types';
import { REASON_CODES, dedupeReasons, reason, sortReasons } from './reasons';
import type { PodUsageLookup } from './types';

/** The share of its memory limit above which a container is warned about. @public */
export const MEMORY_PRESSURE_RATIO = 0.9;

/** True when `memoryBytes` is above 90 % of a (positive) limit. @public */
export function isNearMemoryLimit(
  memoryBytes: number | undefined,
  limitBytes: number | undefined,
): boolean {
  return (
    memoryBytes !== undefined &&
    limitBytes !== undefined &&
    limitBytes > 0 &&
    memoryBytes > limitBytes * MEMORY_PRESSURE_RATIO
  );
}

/** `236 MiB`: usage in a message is read by people. */
function mebibytes(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}

/** The warning for one container, or undefined when it is not near its limit. */
export function memoryPressureReason(
  row: Pick<PodSummary, 'name' | 'namespace'>,
  container: Pick<ContainerSummary, 'name' | 'state' | 'resources'>,
  usage: ContainerUsage | undefined,
): Reason | undefined {
  const limit = container.resources?.memoryLimitBytes;
  if (container.state !== 'running' || !usage) return undefined;
  if (!isNearMemoryLimit(usage.memoryBytes, limit)) return undefined;
  // floor: "100 %" would say it is already over, which it cannot be and run
  const percent = Math.min(99, Math.floor((usage.memoryBytes / limit!) * 100));
  return reason(
    'warning',
    REASON_CODES.MemoryNearLimit,
    {
      kind: 'Pod',
      namespace: row.namespace,
      name: row.name,
      container: container.name,
    },
    `Container ${container.name} of pod ${
      row.name
    } uses ${percent} % of its memory limit (${mebibytes(
      usage.memoryBytes,
    )} of ${mebibytes(
      limit!,
    )}): close to its memory limit, it will be OOM-killed when it reaches it.`,
    { hint: 'service-log' },
  );
}

/**
 * Adds the warning to the pod rows, the pods component and the workload
 * (each at least `warning`); lifecycles and ready counts stay: usage
 * changes neither.
 */
export function addMemoryPressure(
  workloads: WorkloadStatus[],
  usage: PodUsageLookup,
): void {
  for (const w of workloads) {
    const found: Reason[] = [];
    for (const row of w.pods) {
      const byContainer = usage(row.namespace, row.name);
      if (!byContainer) continue;
      const rowReasons = row.containers
        .map(c => memoryPressureReason(row, c, byContainer.get(c.name)))
        .filter((r): r is Reason => r !== undefined);
      if (!rowReasons.length) continue;
      row.reasons = sortReasons([...row.reasons, ...rowReasons]);
      row.health = worstHealth([row.health, 'warning']);
      found.push(...rowReasons);
    }
    if (!found.length) continue;
    const pods = w.components.pods;
    if (pods) {
      w.components.pods = {
        ...pods,
        health: worstHealth([pods.health, 'warning']),
        reasons: sortReasons(dedupeReasons([...pods.reasons, ...found])),
      };
    }
    w.health = worstHealth([w.health, 'warning']);
    w.reasons = sortReasons(dedupeReasons([...w.reasons, ...found]));
  }
}
