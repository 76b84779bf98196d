/*
 * Argo Rollouts Rollout (argoproj.io/v1alpha1), canary and blue-green. The
 * order follows Argo CD's Rollout health check: spec observed (numeric
 * observedGeneration; a hash is a pre-v1.0 Rollout and counts as observed),
 * the v1.0+ status.phase when present, else abort / invalid spec / progress
 * deadline, pauses, then the replica counters, canary steps and the
 * blue-green cutover. Pods of the current pod hash are judged as a
 * Deployment's are: a pod error wins over everything but deletion.
 */
import type { Reason } from '../../model/types';
import { findCondition } from '../conditions';
import {
  asRecord,
  asRecordList,
  readCount,
  readMessage,
  readNumber,
  readPath,
  readString,
  readWord,
} from '../fields';
import { ReasonCode, REASON_CODES, reason } from '../reasons';
import type { KubeObject, RuleInput, Verdict } from '../types';
import { progressDeadlineFinding } from './deploymentProgress';
import {
  Finding,
  conditionErrorFinding,
  decide,
  podFindings,
  scaledToZeroFinding,
  waitingFinding,
} from './workloadFindings';

export const ROLLOUT_REVISION_ANNOTATION = 'rollout.argoproj.io/revision';
const WORKLOAD_GENERATION_ANNOTATION =
  'rollout.argoproj.io/workload-generation';
/** The label Argo Rollouts puts on its ReplicaSets and pods. */
const POD_HASH_LABEL = 'rollouts-pod-template-hash';

/** The pods of the current pod hash (the new revision); all pods when it is unknown. */
export function currentRolloutPods(input: RuleInput): {
  all: KubeObject[];
  current: KubeObject[];
} {
  const all = input.related.all().filter(o => o.kind === 'Pod');
  const hash = readString(readPath(input.obj, 'status', 'currentPodHash'));
  if (!hash) return { all, current: all };
  const current = all.filter(
    p => readPath(p, 'metadata', 'labels', POD_HASH_LABEL) === hash,
  );
  return { all, current: current.length ? current : all };
}

/** v1.0+ writes metadata.generation to observedGeneration; older ones a hash. */
function generationObserved(obj: KubeObject): boolean {
  const observed = readNumber(readPath(obj, 'status', 'observedGeneration'));
  const generation = readNumber(readPath(obj, 'metadata', 'generation'));
  if (observed === undefined || generation === undefined) return true;
  // a numeric-looking pod-template hash is larger than any generation
  if (observed > generation) return true;
  return observed === generation;
}

/** A Rollout referencing a Deployment (workloadRef) observes its generation too. */
function workloadGenerationObserved(obj: KubeObject): boolean {
  if (readPath(obj, 'spec', 'workloadRef') === undefined) return true;
  const wanted = readNumber(
    readPath(obj, 'metadata', 'annotations', WORKLOAD_GENERATION_ANNOTATION),
  );
  const seen = readNumber(
    readPath(obj, 'status', 'workloadObservedGeneration'),
  );
  return wanted === seen;
}

function failed(r: Reason): Finding {
  return { lifecycle: 'NotReady', health: 'error', reasons: [r] };
}

/** Why the Rollout is paused, in words: the step, or who paused it. */
function pauseText(obj: KubeObject): string | undefined {
  const status = readPath(obj, 'status');
  const conditions = asRecordList(readPath(status, 'pauseConditions'));
  // at most three short words: the list and its texts come from the cluster
  const why = conditions
    .map(c => readWord(c.reason))
    .filter(Boolean)
    .slice(0, 3);
  const manual = readPath(obj, 'spec', 'paused') === true;
  const preview = readPath(status, 'verifyingPreview') === true;
  const phasePaused = readString(readPath(status, 'phase')) === 'Paused';
  if (
    !why.length &&
    !manual &&
    !preview &&
    !phasePaused &&
    readPath(status, 'controllerPause') !== true
  )
    return undefined;
  const steps = asRecordList(
    readPath(obj, 'spec', 'strategy', 'canary', 'steps'),
  );
  const index = readNumber(readPath(status, 'currentStepIndex'));
  const step =
    steps.length && index !== undefined && index < steps.length
      ? ` at canary step ${index + 1} of ${steps.length}`
      : '';
  if (manual) return `is paused${step}: a person paused it (spec.paused)`;
  if (preview) return 'is paused: the preview is being verified';
  return `is paused${step}${why.length ? ` (${why.join(', ')})` : ''}`;
}

export function evaluateRollout(input: RuleInput): Verdict {
  const { obj, ref } = input;
  const name = `Rollout ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
  const status = asRecord(obj.status);
  const findings: Finding[] = podFindings(
    input,
    currentRolloutPods(input).current,
  );

  if (!status || !generationObserved(obj) || !workloadGenerationObserved(obj)) {
    findings.push(
      waitingFinding(
        reason(
          'info',
          REASON_CODES.SpecNotObserved,
          ref,
          `${name}: waiting for the Argo Rollouts controller to observe the latest spec.`,
          { hint: 'operator-log' },
        ),
      ),
    );
    return decide(findings);
  }

  const phase = readString(status.phase);
  const message = readMessage(status.message);
  const progressing = findCondition(obj, 'Progressing');
  const invalid = findCondition(obj, 'InvalidSpec');
  const deadline = progressDeadlineFinding(progressing, ref, name);
  if (status.abort === true || progressing?.reason === 'RolloutAborted') {
    const why = message ?? progressing?.message;
    // An analysis that failed aborts the rollout; its message names the metric.
    const analysis =
      why !== undefined &&
      (why.includes('Metric') ||
        why.includes('AnalysisRun') ||
        why.includes('analysis'));
    findings.push(
      failed(
        reason(
          'error',
          analysis
            ? REASON_CODES.RolloutAnalysisFailed
            : REASON_CODES.RolloutAborted,
          ref,
          `${name} was aborted${
            analysis ? ' because an analysis failed' : ''
          } and runs the stable version${why ? `: ${why}` : ''}.`,
          { hint: 'events', since: progressing?.lastTransitionTime },
        ),
      ),
    );
  } else if (invalid && invalid.status !== 'False') {
    findings.push(
      conditionErrorFinding(
        invalid,
        REASON_CODES.RolloutDegraded,
        ref,
        `${name} has an invalid spec`,
      ),
    );
  } else if (deadline) {
    findings.push(deadline);
  } else if (phase === 'Degraded') {
    findings.push(
      failed(
        reason(
          'error',
          REASON_CODES.RolloutDegraded,
          ref,
          `${name} is degraded${message ? `: ${message}` : ''}.`,
          { hint: 'events' },
        ),
      ),
    );
  }
  if (findings.some(f => f.health === 'error')) return decide(findings);

  const paused = pauseText(obj);
  if (paused) {
    findings.push({
      lifecycle: 'Waiting',
      health: 'stopped',
      reasons: [
        reason('info', REASON_CODES.RolloutPaused, ref, `${name} ${paused}.`, {
          hint: 'events',
        }),
      ],
    });
    return decide(findings);
  }

  const desired = readCount(readPath(obj, 'spec', 'replicas'), 1);
  if (desired === 0) {
    findings.push(scaledToZeroFinding(ref, name));
    return decide(findings);
  }
  // v1.0+: the controller's own phase is the verdict (as Argo CD reads it).
  if (phase === 'Healthy') return decide(findings);
  if (phase === 'Progressing') {
    findings.push(
      waitingFinding(
        reason(
          'info',
          REASON_CODES.RolloutInProgress,
          ref,
          `${name} is rolling out${message ? `: ${message}` : ''}.`,
        ),
      ),
    );
    return decide(findings);
  }
  findings.push(...counterFindings(obj, name, ref, desired));
  return decide(findings);
}

/** Rollouts without a phase (before v1.0): the counters, steps and cutover. */
function counterFindings(
  obj: KubeObject,
  name: string,
  ref: RuleInput['ref'],
  desired: number,
): Finding[] {
  const s = (f: string) => readCount(readPath(obj, 'status', f), 0);
  const podHash = readString(readPath(obj, 'status', 'currentPodHash'));
  const canary = readPath(obj, 'spec', 'strategy', 'canary') !== undefined;
  const info = (code: ReasonCode, m: string) => [
    waitingFinding(reason('info', code, ref, `${name} ${m}.`)),
  ];
  if (!podHash)
    return info(
      REASON_CODES.SpecNotObserved,
      'is waiting for the controller to report its status',
    );
  const updated = s('updatedReplicas');
  const available = s('availableReplicas');
  if (updated < desired)
    return info(
      REASON_CODES.RolloutInProgress,
      `is rolling out: ${updated} of ${desired} new replicas updated`,
    );
  // Blue-green keeps old replicas through its scale-down delay on purpose.
  if (canary && s('replicas') > updated)
    return info(
      REASON_CODES.OldReplicasTerminating,
      `is rolling out: ${
        s('replicas') - updated
      } old replicas pending termination`,
    );
  if (available < updated)
    return info(
      REASON_CODES.ReplicasUnavailable,
      `has ${available} of ${updated} updated replicas available`,
    );
  const steps = asRecordList(
    readPath(obj, 'spec', 'strategy', 'canary', 'steps'),
  );
  const index = readNumber(readPath(obj, 'status', 'currentStepIndex'));
  if (canary && steps.length && index !== undefined && index < steps.length)
    return info(
      REASON_CODES.RolloutStepInProgress,
      `is at canary step ${index + 1} of ${steps.length}`,
    );
  const active =
    readString(readPath(obj, 'status', 'blueGreen', 'activeSelector')) ??
    readString(readPath(obj, 'status', 'activeSelector'));
  if (
    readPath(obj, 'spec', 'strategy', 'blueGreen') !== undefined &&
    active !== podHash
  )
    return info(
      REASON_CODES.RolloutCutoverPending,
      'is waiting for the active service to switch to the new version',
    );
  return [];
}
