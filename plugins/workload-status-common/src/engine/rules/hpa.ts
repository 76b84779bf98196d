/*
 * HorizontalPodAutoscaler (autoscaling/v1, v2, v2beta1, v2beta2): a source of
 * reasons for the workload it scales. Failing metrics or scale access follow
 * gitops-engine v3 health_hpa.go (the condition's reason decides, whatever its
 * status); "at max replicas" follows Backstage's hpa-max-current-replicas.
 * autoscaling/v1 carries its conditions in a JSON annotation.
 */
import type { Reason } from '../../model/types';
import { Condition, readConditions } from '../conditions';
import { readNumber, readPath, readString } from '../fields';
import { REASON_CODES, reason } from '../reasons';
import type { KubeObject, RuleInput, Verdict } from '../types';

const SCALE_FAILURES = new Set(['FailedGetScale', 'FailedUpdateScale']);
const METRIC_FAILURES = new Set([
  'FailedGetResourceMetric',
  'FailedGetObjectMetric',
  'FailedGetPodsMetric',
  'FailedGetExternalMetric',
  'FailedComputeMetricsReplicas',
  'InvalidSelector',
]);

export const HPA_V1_CONDITIONS_ANNOTATION =
  'autoscaling.alpha.kubernetes.io/conditions';

function hpaConditions(obj: KubeObject): Condition[] {
  const fromStatus = readConditions(obj);
  if (fromStatus.length) return fromStatus;
  const raw = readString(
    readPath(obj, 'metadata', 'annotations', HPA_V1_CONDITIONS_ANNOTATION),
  );
  if (!raw) return [];
  try {
    return readConditions({ status: { conditions: JSON.parse(raw) } });
  } catch {
    return [];
  }
}

export function evaluateHorizontalPodAutoscaler(input: RuleInput): Verdict {
  const { obj, ref } = input;
  const name = `HorizontalPodAutoscaler ${
    ref.namespace ? `${ref.namespace}/` : ''
  }${ref.name}`;
  const conditions = hpaConditions(obj);
  const reasons: Reason[] = [];
  for (const c of conditions) {
    const r = c.reason ?? '';
    if (c.type === 'AbleToScale' && SCALE_FAILURES.has(r)) {
      reasons.push(
        reason(
          'error',
          REASON_CODES.HpaScalingFailed,
          ref,
          `${name} cannot scale its target (${r})${
            c.message ? `: ${c.message}` : ''
          }.`,
          { hint: 'events', since: c.lastTransitionTime },
        ),
      );
    } else if (c.type === 'ScalingActive' && METRIC_FAILURES.has(r)) {
      reasons.push(
        reason(
          'error',
          REASON_CODES.HpaMetricsFailing,
          ref,
          `${name} cannot read its metrics (${r})${
            c.message ? `: ${c.message}` : ''
          }.`,
          { hint: 'events', since: c.lastTransitionTime },
        ),
      );
    }
  }
  if (reasons.length)
    return { lifecycle: 'NotReady', health: 'error', reasons };

  const max = readNumber(readPath(obj, 'spec', 'maxReplicas'));
  const current = readNumber(readPath(obj, 'status', 'currentReplicas'));
  // minReplicas defaults to 1; when min equals max the size is fixed and
  // "at max" says nothing.
  const min = readNumber(readPath(obj, 'spec', 'minReplicas')) ?? 1;
  const atMax =
    max !== undefined && current !== undefined && max > min && current >= max;
  if (atMax) {
    reasons.push(
      reason(
        'warning',
        REASON_CODES.HpaAtMaxReplicas,
        ref,
        `${name} runs at its maximum of ${max} replicas: it cannot scale out further.`,
        { hint: 'events' },
      ),
    );
  }
  const able = conditions.some(
    c =>
      (c.type === 'AbleToScale' || c.type === 'ScalingLimited') &&
      c.status === 'True',
  );
  if (able || atMax)
    return { lifecycle: 'Running', health: atMax ? 'warning' : 'ok', reasons };
  reasons.push(
    reason(
      'info',
      REASON_CODES.HpaWaiting,
      ref,
      `${name} is waiting to autoscale.`,
    ),
  );
  return { lifecycle: 'Waiting', health: 'progressing', reasons };
}

/** The workload an HPA scales: kind and name in its namespace, and its apiVersion when given. */
export function hpaTarget(
  obj: KubeObject,
): { kind: string; name: string; apiVersion?: string } | undefined {
  const kind = readString(readPath(obj, 'spec', 'scaleTargetRef', 'kind'));
  const name = readString(readPath(obj, 'spec', 'scaleTargetRef', 'name'));
  const apiVersion = readString(
    readPath(obj, 'spec', 'scaleTargetRef', 'apiVersion'),
  );
  if (!kind || !name) return undefined;
  return apiVersion ? { kind, name, apiVersion } : { kind, name };
}
