/*
 * OpenShift DeploymentConfig (apps.openshift.io/v1) with its
 * ReplicationControllers. The controller reports a finished rollout as
 * `Progressing=True` reason `NewReplicationControllerAvailable` and
 * availability as `Available`; Argo CD's check reads exactly those two, and
 * so do we, before the counters. A rolled-out DeploymentConfig with no
 * replicas at all was idled (OpenShift scales idle services to zero and
 * wakes them on traffic): running, with a note.
 */
import { ReasonCode, REASON_CODES, reason } from '../reasons';
import type { RuleInput, Verdict } from '../types';
import { readDeploymentProgress } from './deploymentProgress';
import {
  Finding,
  conditionErrorFinding,
  decide,
  podFindings,
  scaledToZeroFinding,
  specNotObserved,
  waitingFinding,
} from './workloadFindings';

export function evaluateDeploymentConfig(input: RuleInput): Verdict {
  const { obj, ref } = input;
  const name = `DeploymentConfig ${ref.namespace ? `${ref.namespace}/` : ''}${
    ref.name
  }`;
  const progress = readDeploymentProgress(obj, ref, name);
  const { desired, replicas, available, progressing, availableCondition } =
    progress;
  const pods = input.related.all().filter(o => o.kind === 'Pod');
  const findings: Finding[] = [
    ...podFindings(input, pods),
    ...progress.findings,
  ];
  const waiting = (code: ReasonCode, m: string) =>
    findings.push(
      waitingFinding(
        reason('info', code, ref, `${name} ${m}.`, { hint: 'events' }),
      ),
    );
  const rolledOut =
    progressing?.status === 'True' &&
    progressing.reason === 'NewReplicationControllerAvailable';

  if (desired === 0) {
    findings.push(scaledToZeroFinding(ref, name));
    return decide(findings);
  }
  if (progress.paused) {
    findings.push(progress.paused);
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
  if (rolledOut && availableCondition?.status !== 'False')
    return decide(findings);
  if (
    availableCondition?.status === 'False' &&
    progressing?.status !== 'True'
  ) {
    findings.push(
      conditionErrorFinding(
        availableCondition,
        REASON_CODES.MinimumReplicasUnavailable,
        ref,
        `${name} has ${available} of ${desired} replicas available`,
      ),
    );
    return decide(findings);
  }
  waiting(
    REASON_CODES.RolloutInProgress,
    `is rolling out${progressing?.message ? `: ${progressing.message}` : ''}`,
  );
  return decide(findings);
}
