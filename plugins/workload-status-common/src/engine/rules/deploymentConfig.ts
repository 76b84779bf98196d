/*
 * OpenShift DeploymentConfig (apps.openshift.io/v1) with its
 * ReplicationControllers. The controller reports a finished rollout as
 * `Progressing=True` reason `NewReplicationControllerAvailable` and
 * availability as `Available`; Argo CD's check reads exactly those two, and
 * so do we, before the counters. A rolled-out DeploymentConfig with no
 * replicas at all was idled (OpenShift scales idle services to zero and
 * wakes them on traffic): running, with a note.
 */
import { findCondition } from '../conditions';
import { readBoolean, readCount, readPath } from '../fields';
import { REASON_CODES, reason } from '../reasons';
import type { RuleInput, Verdict } from '../types';
import {
  Finding,
  decide,
  podFindings,
  replicaFailureFinding,
  scaledToZeroFinding,
  specNotObserved,
} from './workloadFindings';

export function evaluateDeploymentConfig(input: RuleInput): Verdict {
  const { obj, ref } = input;
  const name = `DeploymentConfig ${ref.namespace ? `${ref.namespace}/` : ''}${
    ref.name
  }`;
  const pods = input.related.all().filter(o => o.kind === 'Pod');
  const findings: Finding[] = podFindings(input, pods);
  const waiting = (
    code: (typeof REASON_CODES)[keyof typeof REASON_CODES],
    m: string,
  ) =>
    findings.push({
      lifecycle: 'Waiting',
      health: 'progressing',
      reasons: [reason('info', code, ref, `${name} ${m}.`, { hint: 'events' })],
    });
  const desired = readCount(readPath(obj, 'spec', 'replicas'), 1);
  const replicas = readCount(readPath(obj, 'status', 'replicas'), 0);
  const available = readCount(readPath(obj, 'status', 'availableReplicas'), 0);
  const progressing = findCondition(obj, 'Progressing');
  const availableCond = findCondition(obj, 'Available');
  const rolledOut =
    progressing?.status === 'True' &&
    progressing.reason === 'NewReplicationControllerAvailable';

  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    findings.push({
      lifecycle: 'NotReady',
      health: 'error',
      reasons: [
        reason(
          'error',
          REASON_CODES.ProgressDeadlineExceeded,
          ref,
          `${name} exceeded its progress deadline${
            progressing.message ? `: ${progressing.message}` : ''
          }.`,
          { hint: 'events', since: progressing.lastTransitionTime },
        ),
      ],
    });
  }
  const replicaFailure = replicaFailureFinding(obj, ref, name);
  if (replicaFailure) findings.push(replicaFailure);
  if (desired === 0) {
    findings.push(scaledToZeroFinding(ref, name));
    return decide(findings);
  }
  if (readBoolean(readPath(obj, 'spec', 'paused')) === true) {
    findings.push({
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
    });
    return decide(findings);
  }
  if (specNotObserved(obj, false)) {
    waiting(
      REASON_CODES.SpecNotObserved,
      'is waiting for the controller to observe the latest spec',
    );
    return decide(findings);
  }
  if (rolledOut && replicas === 0) {
    findings.push({
      lifecycle: 'Running',
      health: 'warning',
      reasons: [
        reason(
          'warning',
          REASON_CODES.DeploymentConfigIdled,
          ref,
          `${name} runs no replicas of its ${desired}: it was idled and starts again when traffic arrives.`,
          { hint: 'events' },
        ),
      ],
    });
    return decide(findings);
  }
  if (rolledOut && availableCond?.status !== 'False') return decide(findings);
  if (availableCond?.status === 'False' && progressing?.status !== 'True') {
    findings.push({
      lifecycle: 'NotReady',
      health: 'error',
      reasons: [
        reason(
          'error',
          REASON_CODES.MinimumReplicasUnavailable,
          ref,
          `${name} has ${available} of ${desired} replicas available${
            availableCond.message ? `: ${availableCond.message}` : ''
          }.`,
          { hint: 'events', since: availableCond.lastTransitionTime },
        ),
      ],
    });
    return decide(findings);
  }
  waiting(
    REASON_CODES.RolloutInProgress,
    `is rolling out${progressing?.message ? `: ${progressing.message}` : ''}`,
  );
  return decide(findings);
}
