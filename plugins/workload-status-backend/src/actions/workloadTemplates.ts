import { ConflictError } from '@backstage/errors';
import type {
  V1Deployment,
  V1PodTemplateSpec,
  V1ReplicaSet,
} from '@kubernetes/client-node';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** The revision a ReplicaSet or Deployment carries; 0 when it has none. */
export function revisionOf(obj: {
  metadata?: { annotations?: Record<string, string> };
}): number {
  const value = Number(obj.metadata?.annotations?.[REVISION_ANNOTATION]);
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}

/**
 * The pod template `kubectl rollout undo` restores: that of the Deployment's
 * ReplicaSet with the highest revision below the current one, without the
 * `pod-template-hash` label its controller added. ConflictError when there
 * is no earlier revision (kept by revisionHistoryLimit).
 */
export function previousTemplate(
  deployment: V1Deployment,
  replicaSets: readonly V1ReplicaSet[],
): { revision: number; template: V1PodTemplateSpec } {
  const uid = deployment.metadata?.uid;
  const owned = replicaSets.filter(rs =>
    rs.metadata?.ownerReferences?.some(o => o.controller && o.uid === uid),
  );
  const current =
    revisionOf(deployment) || Math.max(0, ...owned.map(revisionOf));
  let previous: V1ReplicaSet | undefined;
  for (const rs of owned) {
    const revision = revisionOf(rs);
    if (revision > 0 && revision < current) {
      if (!previous || revision > revisionOf(previous)) previous = rs;
    }
  }
  const name = `Deployment ${deployment.metadata?.namespace}/${deployment.metadata?.name}`;
  if (!previous?.spec?.template) {
    throw new ConflictError(
      `${name} has no earlier revision to roll back to (revision ${current} is the oldest kept; see its revisionHistoryLimit)`,
    );
  }
  const template = structuredClone(previous.spec.template);
  if (template.metadata?.labels) {
    delete template.metadata.labels['pod-template-hash'];
  }
  return { revision: revisionOf(previous), template };
}

/** A label selector's matchLabels as the `labelSelector` query parameter. */
export function matchLabelsQuery(
  matchLabels: Record<string, string> | undefined,
): string | undefined {
  const entries = Object.entries(matchLabels ?? {});
  if (!entries.length) return undefined;
  return entries.map(([k, v]) => `${k}=${v}`).join(',');
}
