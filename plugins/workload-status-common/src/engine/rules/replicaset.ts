/*
 * ReplicaSet (apps/v1), judged on its own when it has no Deployment among the
 * inputs. gitops-engine health_replicaset.go: ReplicaFailure=True is
 * Degraded; fewer available than desired is Progressing.
 */
import { findCondition } from '../conditions';
import { readCount, readPath } from '../fields';
import { REASON_CODES, reason } from '../reasons';
import type { RuleInput, Verdict } from '../types';
import {
  Finding,
  decide,
  podFindings,
  specNotObserved,
} from './workloadFindings';

export function evaluateReplicaSet(input: RuleInput): Verdict {
  const { obj, ref } = input;
  const name = `ReplicaSet ${ref.namespace ? `${ref.namespace}/` : ''}${
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
  const failure = findCondition(obj, 'ReplicaFailure');
  if (failure?.status === 'True') {
    findings.push({
      lifecycle: 'NotReady',
      health: 'error',
      reasons: [
        reason(
          'error',
          REASON_CODES.ReplicaFailure,
          ref,
          `${name} cannot create pods${
            failure.message ? `: ${failure.message}` : ''
          }.`,
          { hint: 'events', since: failure.lastTransitionTime },
        ),
      ],
    });
  }
  if (desired === 0) {
    findings.push({
      lifecycle: 'Stopped',
      health: 'stopped',
      reasons: [
        reason(
          'info',
          REASON_CODES.ScaledToZero,
          ref,
          `${name} is scaled to zero replicas.`,
        ),
      ],
    });
  } else if (specNotObserved(obj, false)) {
    findings.push({
      lifecycle: 'Waiting',
      health: 'progressing',
      reasons: [
        reason(
          'info',
          REASON_CODES.SpecNotObserved,
          ref,
          `${name}: waiting for the controller to observe the latest spec.`,
          { hint: 'operator-log' },
        ),
      ],
    });
  } else if (available < desired) {
    findings.push({
      lifecycle: 'Waiting',
      health: 'progressing',
      reasons: [
        reason(
          'info',
          REASON_CODES.ReplicasUnavailable,
          ref,
          `${name} has ${available} of ${desired} replicas available.`,
        ),
      ],
    });
  }
  return decide(findings);
}
