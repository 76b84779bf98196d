/*
 * StatefulSet (apps/v1). Follows `kubectl rollout status` and gitops-engine
 * health_statefulset.go: not observed (observedGeneration 0 or behind) →
 * waiting; fewer ready than desired → waiting; RollingUpdate with a partition
 * counts only the ordinals at or above it; OnDelete needs only readiness
 * (pods are replaced when a person deletes them).
 */
import { readCount, readNumber, readPath, readString } from '../fields';
import { ReasonCode, REASON_CODES, reason } from '../reasons';
import type { KubeObject, RuleInput, Verdict } from '../types';
import {
  Finding,
  decide,
  podFindings,
  specNotObserved,
  scaledToZeroFinding,
  waitingFinding,
} from './workloadFindings';

/** Pods of the update revision (label controller-revision-hash). */
export function currentStatefulSetPods(input: RuleInput): {
  all: KubeObject[];
  current: KubeObject[];
} {
  const all = input.related.ownedBy(input.obj, 'Pod');
  const revision = readString(readPath(input.obj, 'status', 'updateRevision'));
  if (!revision) return { all, current: all };
  const current = all.filter(
    p =>
      readPath(p, 'metadata', 'labels', 'controller-revision-hash') ===
      revision,
  );
  return { all, current };
}

export function evaluateStatefulSet(input: RuleInput): Verdict {
  const { obj, ref } = input;
  const name = `StatefulSet ${ref.namespace ? `${ref.namespace}/` : ''}${
    ref.name
  }`;
  const desired = readCount(readPath(obj, 'spec', 'replicas'), 1);
  const ready = readCount(readPath(obj, 'status', 'readyReplicas'), 0);
  const updated = readCount(readPath(obj, 'status', 'updatedReplicas'), 0);
  const strategy =
    readString(readPath(obj, 'spec', 'updateStrategy', 'type')) ??
    'RollingUpdate';
  const findings: Finding[] = podFindings(
    input,
    currentStatefulSetPods(input).current,
  );
  const wait = (code: ReasonCode, message: string) =>
    findings.push(waitingFinding(reason('info', code, ref, message)));

  if (desired === 0) {
    findings.push(scaledToZeroFinding(ref, name));
    return decide(findings);
  }
  if (specNotObserved(obj, true)) {
    wait(
      REASON_CODES.SpecNotObserved,
      `${name}: waiting for the controller to observe the latest spec.`,
    );
    return decide(findings);
  }
  if (ready < desired) {
    wait(
      REASON_CODES.PodsNotReady,
      `${name} has ${ready} of ${desired} pods ready.`,
    );
    return decide(findings);
  }
  // Scaling down: pods above the desired ordinals are still terminating
  // (status-model: "old replicas still terminating" is Waiting).
  const replicas = readCount(readPath(obj, 'status', 'replicas'), desired);
  if (replicas > desired) {
    wait(
      REASON_CODES.OldReplicasTerminating,
      `${name} is scaling down: ${
        replicas - desired
      } pods above the desired ${desired} are terminating.`,
    );
    return decide(findings);
  }
  if (strategy === 'RollingUpdate') {
    const partition = readNumber(
      readPath(obj, 'spec', 'updateStrategy', 'rollingUpdate', 'partition'),
    );
    if (partition !== undefined && partition > 0) {
      // kubectl: "Waiting for partitioned roll out to finish: U out of M new pods have been updated".
      const toUpdate = Math.max(0, desired - partition);
      if (updated < toUpdate) {
        wait(
          REASON_CODES.PartitionedRollout,
          `${name} is rolling out ordinals ${partition} and above: ${updated} of ${toUpdate} pods updated.`,
        );
      }
      return decide(findings);
    }
    const currentRevision = readString(
      readPath(obj, 'status', 'currentRevision'),
    );
    const updateRevision = readString(
      readPath(obj, 'status', 'updateRevision'),
    );
    // kubectl compares the revisions; without them (never on live objects)
    // there is nothing to compare.
    if (
      updateRevision !== undefined &&
      currentRevision !== updateRevision &&
      updated < desired
    ) {
      wait(
        REASON_CODES.RolloutInProgress,
        `${name} is rolling out: ${updated} of ${desired} pods updated.`,
      );
    }
  }
  return decide(findings);
}
