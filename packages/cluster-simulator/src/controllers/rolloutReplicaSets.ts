/**
 * The ReplicaSets of an Argo Rollout: one per pod template, named
 * `<rollout>-<hash>`, labelled (with its pods) `rollouts-pod-template-hash`
 * and annotated with `rollout.argoproj.io/revision`, and the events the
 * rollouts controller records about them.
 */
import { KubeObject } from '../types';
import { ControllerContext, controllerRef } from './context';

const SOURCE = { component: 'rollouts-controller' };
export const ROLLOUT_HASH_LABEL = 'rollouts-pod-template-hash';
export const ROLLOUT_REVISION_ANNOTATION = 'rollout.argoproj.io/revision';

export const hashOf = (rs: KubeObject) =>
  rs.metadata.labels?.[ROLLOUT_HASH_LABEL];
export const revisionOf = (rs: KubeObject) =>
  Number(rs.metadata.annotations?.[ROLLOUT_REVISION_ANNOTATION] ?? 0);

/** Creates the ReplicaSet of a new pod template, at zero replicas. */
export function createRolloutReplicaSet(
  ctx: ControllerContext,
  ro: KubeObject,
  hash: string,
  revision: number,
): KubeObject {
  const template = structuredClone(ro.spec.template);
  template.metadata = {
    ...(template.metadata ?? {}),
    labels: {
      ...(template.metadata?.labels ?? {}),
      [ROLLOUT_HASH_LABEL]: hash,
    },
  };
  const rs = ctx.store.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${ro.metadata.name}-${hash}`,
      namespace: ro.metadata.namespace,
      labels: template.metadata.labels,
      annotations: {
        'rollout.argoproj.io/desired-replicas': String(ro.spec.replicas ?? 1),
        [ROLLOUT_REVISION_ANNOTATION]: String(revision),
      },
      ownerReferences: [controllerRef(ro)],
    },
    spec: {
      replicas: 0,
      ...(ro.spec.minReadySeconds !== undefined
        ? { minReadySeconds: ro.spec.minReadySeconds }
        : {}),
      selector: {
        matchLabels: {
          ...(ro.spec.selector?.matchLabels ?? {}),
          [ROLLOUT_HASH_LABEL]: hash,
        },
      },
      template,
    },
  });
  recordRolloutEvent(
    ctx,
    ro,
    'NewReplicaSetCreated',
    `Created ReplicaSet ${rs.metadata.name} (revision ${revision})`,
  );
  recordRolloutEvent(
    ctx,
    ro,
    'RolloutUpdated',
    `Rollout updated to revision ${revision}`,
  );
  return rs;
}

/** Sets a ReplicaSet's replicas, with the event Argo Rollouts records. */
export function scaleRolloutReplicaSet(
  ctx: ControllerContext,
  ro: KubeObject,
  rs: KubeObject,
  to: number,
) {
  const from = rs.spec.replicas ?? 0;
  if (from === to) return;
  ctx.store.modify(
    'apps/replicasets',
    rs.metadata.namespace,
    rs.metadata.name,
    r => {
      r.spec.replicas = to;
    },
  );
  recordRolloutEvent(
    ctx,
    ro,
    'ScalingReplicaSet',
    `Scaled ${to > from ? 'up' : 'down'} ReplicaSet ${
      rs.metadata.name
    } (revision ${revisionOf(rs)}) from ${from} to ${to}`,
  );
}

export function recordRolloutEvent(
  ctx: ControllerContext,
  ro: KubeObject,
  reason: string,
  message: string,
) {
  ctx.events.record(ro, 'Normal', reason, message, SOURCE, ctx.now);
}
