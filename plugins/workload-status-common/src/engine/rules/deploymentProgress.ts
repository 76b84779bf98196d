/*
 * A rollout's progress as the Deployment controller and OpenShift's
 * DeploymentConfig controller both report it, shared by their two rules:
 * the replica counters, the Progressing and Available conditions, and the
 * findings that stand whatever the counters say. How the counters are then
 * judged differs and stays in each rule.
 */
import type { Reason } from '../../model/types';
import { Condition, findCondition } from '../conditions';
import { readBoolean, readCount, readPath } from '../fields';
import { REASON_CODES, reason } from '../reasons';
import type { KubeObject } from '../types';
import {
  Finding,
  conditionErrorFinding,
  replicaFailureFinding,
} from './workloadFindings';

export interface DeploymentProgress {
  /** spec.replicas, the API's default 1 when absent */
  desired: number;
  replicas: number;
  updated: number;
  available: number;
  progressing: Condition | undefined;
  availableCondition: Condition | undefined;
  /** the progress deadline passed, pods that cannot be created */
  findings: Finding[];
  /** rollouts are on hold */
  paused: Finding | undefined;
}

export function readDeploymentProgress(
  obj: KubeObject,
  ref: Reason['object'],
  name: string,
): DeploymentProgress {
  const progressing = findCondition(obj, 'Progressing');
  const findings: Finding[] = [];
  const deadline = progressDeadlineFinding(progressing, ref, name);
  if (deadline) findings.push(deadline);
  const replicaFailure = replicaFailureFinding(obj, ref, name);
  if (replicaFailure) findings.push(replicaFailure);
  return {
    desired: readCount(readPath(obj, 'spec', 'replicas'), 1),
    replicas: readCount(readPath(obj, 'status', 'replicas'), 0),
    updated: readCount(readPath(obj, 'status', 'updatedReplicas'), 0),
    available: readCount(readPath(obj, 'status', 'availableReplicas'), 0),
    progressing,
    availableCondition: findCondition(obj, 'Available'),
    findings,
    paused: pausedFinding(obj, ref, name),
  };
}

/**
 * kubectl and gitops-engine key on the reason only; the controller sets it
 * with status False once progressDeadlineSeconds passes without progress.
 * Argo Rollouts reports the same condition.
 */
export function progressDeadlineFinding(
  progressing: Condition | undefined,
  ref: Reason['object'],
  name: string,
): Finding | undefined {
  if (progressing?.reason !== 'ProgressDeadlineExceeded') return undefined;
  return conditionErrorFinding(
    progressing,
    REASON_CODES.ProgressDeadlineExceeded,
    ref,
    `${name} exceeded its progress deadline`,
  );
}

/**
 * gitops-engine reports a paused Deployment as Suspended even mid-rollout:
 * a person put rollouts on hold, which is the grey "intentionally off".
 */
function pausedFinding(
  obj: KubeObject,
  ref: Reason['object'],
  name: string,
): Finding | undefined {
  if (readBoolean(readPath(obj, 'spec', 'paused')) !== true) return undefined;
  return {
    lifecycle: 'Waiting',
    health: 'stopped',
    reasons: [
      reason(
        'info',
        REASON_CODES.DeploymentPaused,
        ref,
        `${name} is paused: rollouts are on hold.`,
        { hint: 'operator-log' },
      ),
    ],
  };
}
