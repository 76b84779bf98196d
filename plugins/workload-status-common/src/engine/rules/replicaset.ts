/*
 * ReplicaSet (apps/v1), judged on its own when it has no Deployment among the
 * inputs. gitops-engine health_replicaset.go: ReplicaFailure=True is
 * Degraded; fewer available than desired is Progressing.
 */
import { readCount, readPath } from '../fields';
import { REASON_CODES, reason } from '../reasons';
import type { RuleInput, Verdict } from '../types';
import {
  Finding,
  decide,
  podFindings,
  replicaFailureFinding,
  scaledToZeroFinding,
  specNotObserved,
  specNotObservedFinding,
  waitingFinding,
} from './workloadFindings';

export function evaluateReplicaSet(input: RuleInput): Verdict {
  const { obj, ref } = input;
  // ReplicationControllers share this rule; messages name the kind.
  const name = `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${
    ref.name
  }`;
  const desired = readCount(readPath(obj, 'spec', 'replicas'), 1);
  // Available pods are ready pods; take the smaller if a writer disagrees.
  const available = Math.min(
    readCount(readPath(obj, 'status', 'availableReplicas'), 0),
    readCount(readPath(obj, 'status', 'readyReplicas'), 0),
  );
  const findings: Finding[] = podFindings(
    input,
    input.related.ownedBy(obj, 'Pod'),
  );
  const replicaFailure = replicaFailureFinding(obj, ref, name);
  if (replicaFailure) findings.push(replicaFailure);
  if (desired === 0) {
    findings.push(scaledToZeroFinding(ref, name));
  } else if (specNotObserved(obj, false)) {
    findings.push(specNotObservedFinding(ref, name));
  } else if (available < desired) {
    findings.push(
      waitingFinding(
        reason(
          'info',
          REASON_CODES.ReplicasUnavailable,
          ref,
          `${name} has ${available} of ${desired} replicas available.`,
        ),
      ),
    );
  }
  return decide(findings);
}
