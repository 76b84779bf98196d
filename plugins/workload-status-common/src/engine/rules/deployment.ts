/*
 * Deployment (apps/v1). The rollout checks follow `kubectl rollout status`
 * (polymorphichelpers/rollout_status.go) and gitops-engine
 * health_deployment.go; status-model.md adds pod errors, scaled-to-zero and
 * "settled with unavailable replicas".
 */
import { readNumber, readPath, readTime } from '../fields';
import { REASON_CODES, reason } from '../reasons';
import type { KubeObject, RuleInput, Verdict } from '../types';
import { readDeploymentProgress } from './deploymentProgress';
import {
  Finding,
  decide,
  podFindings,
  scaledToZeroFinding,
  specNotObserved,
  specNotObservedFinding,
  waitingFinding,
} from './workloadFindings';

/** A settled Deployment may lack availability this long (a pod being replaced) before it is NotReady. */
export const UNAVAILABLE_GRACE_MS = 120_000;

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

function revisionOf(obj: KubeObject): number | undefined {
  return readNumber(
    readPath(obj, 'metadata', 'annotations', REVISION_ANNOTATION),
  );
}

/**
 * The pods of the Deployment's current revision: those of the ReplicaSet
 * whose revision annotation matches the Deployment's (else the newest).
 * Old pods being replaced do not make a rollout fail.
 */
export function currentDeploymentPods(input: RuleInput): {
  all: KubeObject[];
  current: KubeObject[];
} {
  const deployment = input.obj;
  const all = input.related.podsUnder(deployment);
  const replicaSets = input.related.ownedBy(deployment, 'ReplicaSet');
  if (!replicaSets.length) return { all, current: all };
  const wanted = revisionOf(deployment);
  let currentRs = replicaSets.find(
    rs => wanted !== undefined && revisionOf(rs) === wanted,
  );
  if (!currentRs) {
    currentRs = replicaSets.reduce((a, b) =>
      (revisionOf(b) ?? -1) > (revisionOf(a) ?? -1) ? b : a,
    );
  }
  const current = input.related.ownedBy(currentRs, 'Pod');
  return { all, current };
}

export function evaluateDeployment(input: RuleInput): Verdict {
  const { obj, ref, now } = input;
  const name = `Deployment ${ref.namespace ? `${ref.namespace}/` : ''}${
    ref.name
  }`;
  const progress = readDeploymentProgress(obj, ref, name);
  const {
    desired,
    replicas,
    updated,
    available,
    progressing,
    availableCondition,
  } = progress;
  const findings: Finding[] = [
    ...podFindings(input, currentDeploymentPods(input).current),
    ...progress.findings,
  ];
  if (desired === 0) {
    findings.push(scaledToZeroFinding(ref, name));
  }
  if (progress.paused) {
    findings.push(progress.paused);
    return decide(findings);
  }
  if (specNotObserved(obj, false)) {
    findings.push(specNotObservedFinding(ref, name));
    return decide(findings);
  }
  if (updated < desired) {
    findings.push(
      waitingFinding(
        reason(
          'info',
          REASON_CODES.RolloutInProgress,
          ref,
          `${name} is rolling out: ${updated} of ${desired} new replicas updated.`,
        ),
      ),
    );
  } else if (replicas > updated) {
    findings.push(
      waitingFinding(
        reason(
          'info',
          REASON_CODES.OldReplicasTerminating,
          ref,
          `${name} is rolling out: ${
            replicas - updated
          } old replicas pending termination.`,
        ),
      ),
    );
  } else if (available < updated || available < desired) {
    const settled =
      progressing?.status === 'True' &&
      progressing.reason === 'NewReplicaSetAvailable';
    const since = readTime(availableCondition?.lastTransitionTime);
    const overdue =
      settled && (since === undefined || now - since > UNAVAILABLE_GRACE_MS);
    const message = `${name} has ${available} of ${desired} replicas available${
      availableCondition?.status === 'False' && availableCondition.message
        ? `: ${availableCondition.message}`
        : ''
    }.`;
    if (settled) {
      // Rolled out, then lost availability: the progress deadline no longer
      // applies, so without this rule the peers say Progressing forever.
      findings.push({
        lifecycle: overdue ? 'NotReady' : 'Waiting',
        health: overdue ? 'error' : 'progressing',
        reasons: [
          reason(
            overdue ? 'error' : 'warning',
            REASON_CODES.MinimumReplicasUnavailable,
            ref,
            message,
            { hint: 'events', since: availableCondition?.lastTransitionTime },
          ),
        ],
      });
    } else {
      findings.push(
        waitingFinding(
          reason('info', REASON_CODES.ReplicasUnavailable, ref, message),
        ),
      );
    }
  }
  return decide(findings);
}
