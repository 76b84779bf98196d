/**
 * What the Argo Rollouts controller writes into a Rollout's status besides
 * the replica counts: its conditions (Available, Completed, Healthy, Paused,
 * Progressing, InvalidSpec) and `phase` / `message`, computed the way
 * argo-rollouts' rolloututil computes them (paused before progressing, the
 * replica checks in the controller's order, then "waiting for all steps").
 */
import { templateHash } from '../random';
import { KubeObject } from '../types';
import { setCondition } from './context';

/** The status fields a pass works on: step position, pauses, abort. */
export interface RolloutProgress {
  index: number;
  pauseConditions: Array<{ reason: string; startTime: string }>;
  controllerPause: boolean;
  abort: boolean;
  stableRS?: string;
  activeSelector?: string;
}

/** The state the controller decided on for one reconcile pass. */
export interface RolloutState {
  replicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  readyReplicas: number;
  /** Pods of every ReplicaSet of the Rollout. */
  totalReplicas: number;
  currentPodHash: string;
  stableRS?: string;
  revision: number;
  newRsName: string;
  /** All steps done and the new ReplicaSet is the stable one. */
  promoted: boolean;
  paused: boolean;
  /** `spec.paused` (a user's `kubectl argo rollouts pause`), not a pause step. */
  manuallyPaused: boolean;
  pauseReason?: string;
  aborted: boolean;
  deadlineExceeded: boolean;
  invalidSpec?: string;
  strategy: 'canary' | 'blueGreen' | undefined;
  stepCount: number;
  /** Blue-green: the pod hash the active service selects. */
  activeSelector?: string;
}

export const INVALID_STRATEGY_MESSAGE =
  "spec.strategy.strategy: Required value: Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'";

/** argo-rollouts' CalculateRolloutPhase, for the states this simulator reaches. */
export function rolloutPhase(s: RolloutState): {
  phase: string;
  message?: string;
} {
  if (s.invalidSpec)
    return { phase: 'Degraded', message: `InvalidSpec: ${s.invalidSpec}` };
  if (s.aborted)
    return {
      phase: 'Degraded',
      message: `RolloutAborted: Rollout aborted update to revision ${s.revision}`,
    };
  if (s.deadlineExceeded)
    return {
      phase: 'Degraded',
      message: `ProgressDeadlineExceeded: ReplicaSet "${s.newRsName}" has timed out progressing.`,
    };
  if (s.paused)
    return {
      phase: 'Paused',
      message: s.manuallyPaused ? 'manually paused' : s.pauseReason,
    };
  if (s.updatedReplicas < s.replicas)
    return {
      phase: 'Progressing',
      message: 'more replicas need to be updated',
    };
  if (s.availableReplicas < s.updatedReplicas)
    return {
      phase: 'Progressing',
      message: 'updated replicas are still becoming available',
    };
  if (s.strategy === 'blueGreen' && s.activeSelector !== s.currentPodHash)
    return { phase: 'Progressing', message: 'active service cutover pending' };
  if (s.strategy === 'canary' && s.totalReplicas > s.updatedReplicas)
    return {
      phase: 'Progressing',
      message: 'old replicas are pending termination',
    };
  if (!s.promoted)
    return {
      phase: 'Progressing',
      message:
        s.strategy === 'blueGreen'
          ? 'waiting for analysis to complete'
          : 'waiting for all steps to complete',
    };
  return { phase: 'Healthy' };
}

/** The Rollout's conditions after this pass, keeping transition times that did not change. */
export function rolloutConditions(
  previous: any[],
  s: RolloutState,
  nowIso: string,
): any[] {
  let conditions = previous;
  const set = (
    type: string,
    status: string,
    reason: string,
    message: string,
  ) => {
    conditions = setCondition(
      conditions,
      { type, status, reason, message },
      nowIso,
      { lastUpdateTime: nowIso },
    );
  };
  if (s.invalidSpec) {
    set('InvalidSpec', 'True', 'InvalidSpec', s.invalidSpec);
    return conditions;
  }
  conditions = conditions.filter(c => c.type !== 'InvalidSpec');
  const minAvailable = s.replicas - Math.floor(s.replicas / 4);
  if (s.availableReplicas >= minAvailable)
    set(
      'Available',
      'True',
      'AvailableReason',
      'Rollout has minimum availability',
    );
  else
    set(
      'Available',
      'False',
      'AvailableReason',
      'Rollout does not have minimum availability',
    );
  const complete = s.promoted && s.availableReplicas >= s.replicas;
  if (complete)
    set(
      'Completed',
      'True',
      'RolloutCompleted',
      `Rollout completed update to revision ${s.revision} (${
        s.currentPodHash
      }): ${
        s.stepCount
          ? `Completed all ${s.stepCount} canary steps`
          : 'Initial deploy'
      }`,
    );
  else
    set(
      'Completed',
      'False',
      'RolloutCompleted',
      `Rollout not completed, started update to revision ${s.revision} (${s.currentPodHash})`,
    );
  const healthy = complete && !s.paused && !s.aborted;
  set(
    'Healthy',
    healthy ? 'True' : 'False',
    'RolloutHealthy',
    healthy ? 'Rollout is healthy' : 'Rollout is not healthy',
  );
  if (s.paused) set('Paused', 'True', 'RolloutPaused', 'Rollout is paused');
  else if (conditions.some(c => c.type === 'Paused'))
    set('Paused', 'False', 'RolloutResumed', 'Rollout is resumed');
  if (s.aborted)
    set(
      'Progressing',
      'False',
      'RolloutAborted',
      `Rollout aborted update to revision ${s.revision}`,
    );
  else if (s.deadlineExceeded)
    set(
      'Progressing',
      'False',
      'ProgressDeadlineExceeded',
      `ReplicaSet "${s.newRsName}" has timed out progressing.`,
    );
  else if (s.paused)
    set('Progressing', 'Unknown', 'RolloutPaused', 'Rollout is paused');
  else if (complete)
    set(
      'Progressing',
      'True',
      'NewReplicaSetAvailable',
      `ReplicaSet "${s.newRsName}" has successfully progressed.`,
    );
  else
    set(
      'Progressing',
      'True',
      'ReplicaSetUpdated',
      `ReplicaSet "${s.newRsName}" is progressing.`,
    );
  return conditions;
}

/** The whole `status` a pass writes, fields in the order Argo Rollouts serialises them. */
export function rolloutStatusObject(
  ro: KubeObject,
  p: RolloutProgress,
  state: RolloutState,
  t: string,
): any {
  const { strategy, currentPodHash: hash } = state;
  const steps: any[] = ro.spec.strategy?.canary?.steps ?? [];
  const { phase, message } = rolloutPhase(state);
  const selector = Object.entries(ro.spec.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const status: any = {
    ...(state.totalReplicas ? { HPAReplicas: state.totalReplicas } : {}),
    ...(p.abort ? { abort: true, abortedAt: ro.status?.abortedAt ?? t } : {}),
    ...(state.availableReplicas
      ? { availableReplicas: state.availableReplicas }
      : {}),
    blueGreen:
      strategy === 'blueGreen'
        ? {
            activeSelector: p.activeSelector,
            ...(p.activeSelector !== hash ? { previewSelector: hash } : {}),
          }
        : {},
    canary: {},
    conditions: rolloutConditions(ro.status?.conditions ?? [], state, t),
    ...(p.controllerPause ? { controllerPause: true } : {}),
    currentPodHash: hash,
    ...(strategy === 'canary'
      ? {
          currentStepHash: templateHash(steps),
          ...(steps.length ? { currentStepIndex: p.index } : {}),
        }
      : {}),
    ...(message ? { message } : {}),
    observedGeneration: String(ro.metadata.generation ?? 1),
    ...(p.pauseConditions.length ? { pauseConditions: p.pauseConditions } : {}),
    phase,
    ...(state.readyReplicas ? { readyReplicas: state.readyReplicas } : {}),
    ...(state.totalReplicas ? { replicas: state.totalReplicas } : {}),
    selector,
    ...(strategy ? { stableRS: p.stableRS } : {}),
    ...(state.updatedReplicas
      ? { updatedReplicas: state.updatedReplicas }
      : {}),
  };
  return status;
}
