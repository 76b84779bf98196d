import {
  BASE_KINDS,
  KindRegistry,
  KindRow,
  WHOLE_FIELDS,
} from '@workload-status/backstage-plugin-workload-status-common';
import type {
  WorkloadStatusKindRule,
  WorkloadStatusObject,
} from '@workload-status/backstage-plugin-workload-status-node';

/**
 * The kind table of one backend: the engine's rows plus the kinds modules
 * registered through the extension point. Each becomes a row like the
 * engine's own, so its objects pass the same pipeline (deletion, the rule,
 * the Ready condition, unknown) and roll up like any workload or build.
 * A new table per backend: nothing is shared between backends or tests.
 */
export function kindTableWith(
  rules: readonly WorkloadStatusKindRule[],
): KindRegistry {
  return BASE_KINDS.with(...rules.map(kindRowOf));
}

/** One extension rule as a row of the kind table. */
export function kindRowOf(rule: WorkloadStatusKindRule): KindRow {
  const family = rule.family ?? 'workload';
  return {
    group: rule.resource.group,
    version: rule.resource.version,
    kind: rule.resource.kind,
    plural: rule.resource.plural,
    scope: 'namespaced',
    family,
    role: family === 'build' ? 'Build' : 'Deployment',
    // The rule may read any of spec and status.
    projection: WHOLE_FIELDS,
    rule: input => {
      const verdict = rule.evaluate(input.obj as WorkloadStatusObject, {
        now: new Date(input.now),
      });
      if (!verdict) return undefined;
      return {
        lifecycle: verdict.lifecycle,
        health: verdict.health,
        reasons: verdict.reasons.map(r => ({
          severity: r.severity,
          code: r.code,
          message: r.message,
          ...(r.hint ? { hint: r.hint } : {}),
          object: input.ref,
        })),
      };
    },
  };
}
