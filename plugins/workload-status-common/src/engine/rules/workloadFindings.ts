/*
 * Shared by the Deployment, ReplicaSet, StatefulSet and DaemonSet rules (and
 * the other workload kinds'): the lifecycle precedence of status-model.md,
 * the judgement of a workload's current pods, and the findings several kinds
 * say alike. Each rule collects findings; the worst by precedence wins.
 */
import type { Health, Reason, WorkloadLifecycle } from '../../model/types';
import { readNumber, readPath } from '../fields';
import { ReasonCode, REASON_CODES, reason, sortReasons } from '../reasons';
import { Condition, findCondition } from '../conditions';
import type { KubeObject, RuleInput, Verdict } from '../types';
import { evaluatePod } from './pod';
import { identityOf } from '../related';

export interface Finding {
  lifecycle: WorkloadLifecycle;
  health: Health;
  reasons: Reason[];
}

/** status-model.md: "Precedence when several hold". */
const PRECEDENCE: readonly WorkloadLifecycle[] = [
  'Deleting',
  'Exception',
  'NotReady',
  'Stopped',
  'Waiting',
  'Running',
];

/** The finding that wins, with every finding's reasons (errors first). */
export function decide(findings: Finding[]): Verdict {
  let winner: Finding = { lifecycle: 'Running', health: 'ok', reasons: [] };
  for (const f of findings) {
    if (PRECEDENCE.indexOf(f.lifecycle) < PRECEDENCE.indexOf(winner.lifecycle))
      winner = f;
  }
  const reasons = sortReasons(findings.flatMap(f => f.reasons));
  let health = winner.health;
  // A warning from a pod (readiness probe failing, recent restart) colours a
  // workload that is otherwise fine.
  if (
    (health === 'ok' || health === 'progressing') &&
    reasons.some(r => r.severity === 'warning')
  ) {
    health = 'warning';
  }
  return { lifecycle: winner.lifecycle, health, reasons };
}

/**
 * Findings from the pods of the current revision: a pod on a lost node makes
 * the workload's status untrustworthy (Exception); a pod in an error state
 * means the workload cannot get ready (NotReady).
 */
export function podFindings(input: RuleInput, pods: KubeObject[]): Finding[] {
  const out: Finding[] = [];
  for (const pod of pods) {
    const id = identityOf(pod);
    const verdict = evaluatePod({
      ...input,
      obj: pod,
      ref: { kind: 'Pod', namespace: id.namespace, name: id.name },
    });
    const relevant = verdict.reasons.filter(r => r.severity !== 'info');
    if (verdict.health === 'unknown') {
      out.push({
        lifecycle: 'Exception',
        health: 'unknown',
        reasons: relevant,
      });
    } else if (verdict.health === 'error') {
      out.push({ lifecycle: 'NotReady', health: 'error', reasons: relevant });
    } else if (relevant.length) {
      out.push({ lifecycle: 'Running', health: 'ok', reasons: relevant });
    }
  }
  return out;
}

/**
 * `metadata.generation` not yet seen by the controller: its status describes
 * an older spec. StatefulSets also report observedGeneration 0 before the
 * first sync (kubectl rollout status treats that as not observed).
 */
export function specNotObserved(
  obj: KubeObject,
  zeroMeansUnobserved: boolean,
): boolean {
  const generation = readNumber(readPath(obj, 'metadata', 'generation'));
  const observed = readNumber(readPath(obj, 'status', 'observedGeneration'));
  if (
    zeroMeansUnobserved &&
    (observed === undefined || observed === 0) &&
    generation !== undefined
  ) {
    return true;
  }
  return (
    generation !== undefined && observed !== undefined && generation > observed
  );
}

/** Not there yet and nothing wrong: one reason why. */
export function waitingFinding(r: Reason): Finding {
  return { lifecycle: 'Waiting', health: 'progressing', reasons: [r] };
}

/**
 * An error the controller reports in a condition: what it means, the
 * condition's own message, and since when it holds.
 */
export function conditionErrorFinding(
  condition: Condition,
  code: ReasonCode,
  ref: Reason['object'],
  text: string,
): Finding {
  return {
    lifecycle: 'NotReady',
    health: 'error',
    reasons: [
      reason(
        'error',
        code,
        ref,
        `${text}${condition.message ? `: ${condition.message}` : ''}.`,
        { hint: 'events', since: condition.lastTransitionTime },
      ),
    ],
  };
}

/** The Deployment and ReplicaSet controllers have not seen the latest spec. */
export function specNotObservedFinding(
  ref: Reason['object'],
  name: string,
): Finding {
  return waitingFinding(
    reason(
      'info',
      REASON_CODES.SpecNotObserved,
      ref,
      `${name}: waiting for the controller to observe the latest spec.`,
      { hint: 'operator-log' },
    ),
  );
}

/**
 * The controller could not create pods (quota, admission, security policy):
 * its `ReplicaFailure` condition, shared by Deployments and ReplicaSets.
 */
export function replicaFailureFinding(
  obj: KubeObject,
  ref: Reason['object'],
  name: string,
): Finding | undefined {
  const failure = findCondition(obj, 'ReplicaFailure');
  if (failure?.status !== 'True') return undefined;
  return conditionErrorFinding(
    failure,
    REASON_CODES.ReplicaFailure,
    ref,
    `${name} cannot create pods`,
  );
}

/**
 * Desired replicas are 0: intentionally off. `state` says so in the kind's
 * words (a DaemonSet matches no node).
 */
export function scaledToZeroFinding(
  ref: Reason['object'],
  name: string,
  state = 'is scaled to zero replicas',
): Finding {
  return {
    lifecycle: 'Stopped',
    health: 'stopped',
    reasons: [
      reason('info', REASON_CODES.ScaledToZero, ref, `${name} ${state}.`),
    ],
  };
}
