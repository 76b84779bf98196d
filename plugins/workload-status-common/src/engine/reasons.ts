/*
 * Reason codes: stable CamelCase identifiers the UI keys on. Messages are plain
 * words naming the object and container; hints say where to look next.
 * Adding a code is fine; renaming or removing one breaks the frontend.
 */
import type { HintTarget, ObjectRef, Reason, Severity } from '../model/types';

/** Every reason code the engine emits. @public */
export const REASON_CODES = {
  // generic
  ObjectDeleting: 'ObjectDeleting',
  MalformedObject: 'MalformedObject',
  UnsupportedKind: 'UnsupportedKind',
  UnsupportedApiVersion: 'UnsupportedApiVersion',
  EvaluationFailed: 'EvaluationFailed',
  // Deployment, ReplicaSet, StatefulSet, DaemonSet
  SpecNotObserved: 'SpecNotObserved',
  RolloutInProgress: 'RolloutInProgress',
  OldReplicasTerminating: 'OldReplicasTerminating',
  ReplicasUnavailable: 'ReplicasUnavailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  ReplicaFailure: 'ReplicaFailure',
  DeploymentPaused: 'DeploymentPaused',
  ScaledToZero: 'ScaledToZero',
  PodsNotReady: 'PodsNotReady',
  PartitionedRollout: 'PartitionedRollout',
  // Pod
  PodNotObserved: 'PodNotObserved',
  PodPending: 'PodPending',
  PodInitializing: 'PodInitializing',
  ContainerCreating: 'ContainerCreating',
  SchedulingGated: 'SchedulingGated',
  Unschedulable: 'Unschedulable',
  CrashLoopBackOff: 'CrashLoopBackOff',
  ImagePullBackOff: 'ImagePullBackOff',
  ErrImagePull: 'ErrImagePull',
  InvalidImageName: 'InvalidImageName',
  CreateContainerConfigError: 'CreateContainerConfigError',
  CreateContainerError: 'CreateContainerError',
  RunContainerError: 'RunContainerError',
  ContainerWaitingError: 'ContainerWaitingError',
  OOMKilled: 'OOMKilled',
  ContainerTerminatedError: 'ContainerTerminatedError',
  ContainerRestarted: 'ContainerRestarted',
  /** above 90 % of its memory limit (metrics.k8s.io usage): an OOM kill is near */
  MemoryNearLimit: 'MemoryNearLimit',
  InitContainerFailed: 'InitContainerFailed',
  ReadinessProbeFailing: 'ReadinessProbeFailing',
  PodFailed: 'PodFailed',
  PodEvicted: 'PodEvicted',
  NodeLost: 'NodeLost',
  NodeNotReady: 'NodeNotReady',
  PodTerminating: 'PodTerminating',
  // Job
  JobFailed: 'JobFailed',
  BackoffLimitExceeded: 'BackoffLimitExceeded',
  DeadlineExceeded: 'DeadlineExceeded',
  JobSuspended: 'JobSuspended',
  // CronJob
  CronJobSuspended: 'CronJobSuspended',
  LastRunFailed: 'LastRunFailed',
  NeverSucceeded: 'NeverSucceeded',
  MissedSchedule: 'MissedSchedule',
  InvalidSchedule: 'InvalidSchedule',
  UnknownTimeZone: 'UnknownTimeZone',
  JobRunning: 'JobRunning',
  // Build
  BuildPending: 'BuildPending',
  BuildFailed: 'BuildFailed',
  BuildTimedOut: 'BuildTimedOut',
  BuildCancelled: 'BuildCancelled',
  NoDeploymentTriggered: 'NoDeploymentTriggered',
  // HorizontalPodAutoscaler
  HpaAtMaxReplicas: 'HpaAtMaxReplicas',
  HpaMetricsFailing: 'HpaMetricsFailing',
  HpaScalingFailed: 'HpaScalingFailed',
  HpaWaiting: 'HpaWaiting',
  // Argo Rollouts
  RolloutPaused: 'RolloutPaused',
  RolloutAborted: 'RolloutAborted',
  RolloutAnalysisFailed: 'RolloutAnalysisFailed',
  RolloutDegraded: 'RolloutDegraded',
  RolloutStepInProgress: 'RolloutStepInProgress',
  RolloutCutoverPending: 'RolloutCutoverPending',
  // Knative Serving
  KnativeNotReady: 'KnativeNotReady',
  KnativeReconciling: 'KnativeReconciling',
  RevisionInactive: 'RevisionInactive',
  // OpenShift DeploymentConfig
  DeploymentConfigIdled: 'DeploymentConfigIdled',
  // KubeVirt
  StatusNotReported: 'StatusNotReported',
  VirtualMachineStopped: 'VirtualMachineStopped',
  VirtualMachinePaused: 'VirtualMachinePaused',
  VirtualMachineStarting: 'VirtualMachineStarting',
  VirtualMachineError: 'VirtualMachineError',
} as const;

/** @public */
export type ReasonCode = (typeof REASON_CODES)[keyof typeof REASON_CODES];

/** Where each hint target sends the reader, in plain words. */
const HINT_TEXT: Record<HintTarget, (ref: ObjectRef) => string> = {
  'service-log': ref =>
    `Read the service log of ${describe(
      ref,
    )} (the previous instance's log shows why it stopped).`,
  events: ref => `Check the events of ${describe(ref)}.`,
  'build-log': ref => `Read the build log of ${describe(ref)}.`,
  'operator-log': ref =>
    `Check the operator log for what the controllers did with ${describe(
      ref,
    )}.`,
  'job-history': ref =>
    `Open the job history of ${describe(ref)} and read the failed run's log.`,
  cluster: () => 'Check the cluster connection and the node status.',
};

/** `Pod shop/web-1 (container app)` */
export function describe(ref: ObjectRef): string {
  const name = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  return `${ref.kind} ${name}${
    ref.container ? ` (container ${ref.container})` : ''
  }`;
}

/** Builds a reason; the hint text follows from its target. */
export function reason(
  severity: Severity,
  code: ReasonCode,
  object: ObjectRef,
  message: string,
  options: { hint?: HintTarget; since?: string } = {},
): Reason {
  // Quoted controller messages often end with a period of their own.
  const r: Reason = {
    severity,
    code,
    message: message.replace(/([.!?])\.$/, '$1'),
    object,
  };
  if (options.since) r.since = options.since;
  if (options.hint) {
    r.hintTarget = options.hint;
    r.hint = HINT_TEXT[options.hint](object);
  }
  return r;
}

const SEVERITY_RANK: Record<Severity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

/** Errors first, then warnings, then info; stable otherwise. */
export function sortReasons(reasons: Reason[]): Reason[] {
  return reasons
    .map((r, i) => ({ r, i }))
    .sort(
      (a, b) =>
        (SEVERITY_RANK[a.r.severity] ?? 3) -
          (SEVERITY_RANK[b.r.severity] ?? 3) || a.i - b.i,
    )
    .map(x => x.r);
}

/** Drops repeated reasons (same code, object and container). */
export function dedupeReasons(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter(r => {
    const key = `${r.code}|${r.object.kind}|${r.object.namespace}|${r.object.name}|${r.object.container}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
