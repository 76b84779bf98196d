/*
 * DaemonSet (apps/v1). Follows gitops-engine health_daemonset.go and
 * `kubectl rollout status`: not observed → waiting; updated < desired →
 * waiting (skipped for OnDelete, whose pods are only replaced by hand);
 * available < desired → waiting.
 */
import { readCount, readNumber, readPath, readString } from '../fields';
import { ReasonCode, REASON_CODES, reason } from '../reasons';
import type { RuleInput, Verdict } from '../types';
import {
  Finding,
  decide,
  podFindings,
  scaledToZeroFinding,
  specNotObserved,
  waitingFinding,
} from './workloadFindings';

export function evaluateDaemonSet(input: RuleInput): Verdict {
  const { obj, ref } = input;
  const name = `DaemonSet ${ref.namespace ? `${ref.namespace}/` : ''}${
    ref.name
  }`;
  const findings: Finding[] = podFindings(
    input,
    input.related.ownedBy(obj, 'Pod'),
  );
  const wait = (code: ReasonCode, message: string) =>
    findings.push(waitingFinding(reason('info', code, ref, message)));
  const desired = readNumber(readPath(obj, 'status', 'desiredNumberScheduled'));
  if (specNotObserved(obj, false) || desired === undefined) {
    wait(
      REASON_CODES.SpecNotObserved,
      `${name}: waiting for the controller to observe the latest spec.`,
    );
    return decide(findings);
  }
  if (desired === 0) {
    findings.push(
      scaledToZeroFinding(ref, name, 'matches no node: no pod is scheduled'),
    );
    return decide(findings);
  }
  const strategy =
    readString(readPath(obj, 'spec', 'updateStrategy', 'type')) ??
    'RollingUpdate';
  const updated = readCount(
    readPath(obj, 'status', 'updatedNumberScheduled'),
    0,
  );
  // Available pods are ready pods; take the smaller if a writer disagrees.
  const available = Math.min(
    readCount(readPath(obj, 'status', 'numberAvailable'), 0),
    readCount(readPath(obj, 'status', 'numberReady'), desired),
  );
  if (strategy !== 'OnDelete' && updated < desired) {
    wait(
      REASON_CODES.RolloutInProgress,
      `${name} is rolling out: ${updated} of ${desired} pods updated.`,
    );
  } else if (available < desired) {
    wait(
      REASON_CODES.ReplicasUnavailable,
      `${name} has ${available} of ${desired} pods available.`,
    );
  }
  return decide(findings);
}
