/*
 * The shapes of the diagnostics routes (events, logs, operator log, job
 * history) and of the CronJob actions. The routes live under
 * `/v1/entities/{namespace}/{kind}/{name}/`; see the backend's OpenAPI
 * document for paths and parameters.
 */
import type { EntityStatus, ObjectRef, StatusCore } from './types';

/**
 * One Kubernetes event about an object of the entity's tree, merged from
 * core/v1 and events.k8s.io/v1 and de-duplicated (same object, reason and
 * message: one entry with the summed count, first and last seen).
 * @public
 */
export interface EntityEvent {
  cluster: string;
  type: 'Normal' | 'Warning';
  reason: string;
  /**
   * redacted, and cut at `workloadStatus.events.maxMessageBytes` of UTF-8
   * (default 4 KiB) when the event was stored
   */
  message: string;
  /** the message was longer than the bound and was cut */
  messageTruncated?: boolean;
  /** the object the event is about (`regarding` / `involvedObject`) */
  object: ObjectRef;
  count: number;
  /** RFC 3339 */
  firstSeen?: string;
  /** RFC 3339 */
  lastSeen?: string;
  /** the component or controller that reported it */
  source?: string;
  /**
   * the cluster no longer holds the event (Kubernetes deletes events after
   * about an hour): it is answered from the plugin's database, as last seen
   */
  expired?: boolean;
}

/** GET .../events: warnings first, then newest first. @public */
export interface EntityEventsResponse {
  items: EntityEvent[];
  /**
   * some of the entity's events may be missing: the cache dropped some (its
   * size bound), a cluster holding the entity's objects is not watched
   * right now, or the answer reached its byte bound (`truncated`)
   */
  incomplete?: boolean;
  /**
   * the answer reached `workloadStatus.events.maxResponseBytes` (default
   * 1 MiB): the least important events (Normal, then the oldest) were left
   * out
   */
  truncated?: boolean;
  /** clusters whose events cannot be watched right now */
  unavailableClusters?: string[];
}

/**
 * One run of a CronJob or standalone Job. The history is kept in the
 * plugin's database, so runs outlive the Jobs the cluster garbage-collects;
 * `pods` lists only pods that still exist (their logs can be read).
 * @public
 */
export interface JobHistoryEntry extends StatusCore {
  cluster: string;
  namespace: string;
  /** the Job's name */
  name: string;
  uid: string;
  /** the CronJob that created it; absent for a standalone Job */
  cronJob?: string;
  trigger: 'scheduled' | 'manual';
  startedAt?: string;
  completedAt?: string;
  durationSeconds?: number;
  /** the Job object no longer exists in the cluster (kept from the database) */
  deleted: boolean;
  pods: string[];
}

/** GET .../job-history: newest first. @public */
export interface JobHistoryResponse {
  items: JobHistoryEntry[];
}

/** One step of a build log, in execution order. @public */
export interface BuildLogStep {
  /** step name (Tekton step, Shipwright step, or container name of a build Job) */
  name: string;
  /** the TaskRun the step belongs to, for PipelineRuns */
  taskRun?: string;
  pod: string;
  container: string;
  state: 'waiting' | 'running' | 'terminated' | 'unknown';
  exitCode?: number;
  /** the step's log lines, redacted; empty when the pod is gone */
  log: string;
  /** the log was cut at the byte or line limit, or not read to its end in time */
  truncated: boolean;
  /**
   * the step's log was not read: the answer reached its bound of step reads
   * or its time (see the answer's incompleteReasons)
   */
  unread?: boolean;
}

/** GET .../builds/{cluster}/{namespace}/{kind}/{name}/log @public */
export interface BuildLogResponse {
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  steps: BuildLogStep[];
  /** some steps are missing or unread, or a log was cut by time; the reasons say which */
  incomplete?: boolean;
  incompleteReasons?: string[];
}

/** A configured operator of one cluster whose log is read. @public */
export interface OperatorSource {
  cluster: string;
  /** the operator's configured name */
  name: string;
  namespace: string;
  pods: string[];
  /** set when its log could not be read */
  error?: string;
}

/** One parsed operator log line that names an object of the entity. @public */
export interface OperatorLogLine {
  cluster: string;
  operator: string;
  pod: string;
  /** RFC 3339 */
  time?: string;
  level: 'error' | 'warning' | 'info' | 'debug';
  message: string;
  /** the error text of the line (controller-runtime `error` key), redacted */
  error?: string;
  /** the object of the entity the line is about */
  object?: ObjectRef;
  /** the line as the operator wrote it, redacted */
  raw: string;
  /**
   * set on a line that records an action taken through this plugin
   * (`operator` is then `workload-status`): who did what, and how it ended
   */
  action?: ActionRecordSummary;
}

/** An action taken through this plugin, as the operator log shows it. @public */
export interface ActionRecordSummary {
  /** CronJobAction or WorkloadAction */
  action: string;
  /** the user (or service) who asked for it */
  actor: string;
  outcome: 'succeeded' | 'failed';
}

/** GET .../operator-log: errors first, then newest first. @public */
export interface OperatorLogResponse {
  sources: OperatorSource[];
  items: OperatorLogLine[];
  /**
   * lines may be missing: a cluster or operator could not be read, a read
   * timed out, or the answer reached a bound (pods per operator, bytes); the
   * reasons say which
   */
  incomplete?: boolean;
  incompleteReasons?: string[];
  /** RFC 3339: when the operators were read (answers are reused briefly) */
  readAt?: string;
}

/** The CronJob actions. @public */
export type CronJobAction = 'suspend' | 'resume' | 'run' | 'delete';

/** The answer of a CronJob action: the entity's status once the change is applied. @public */
export interface CronJobActionResponse {
  action: CronJobAction;
  cronJob: ObjectRef;
  /**
   * false when nothing had to change: suspending a suspended CronJob or
   * resuming a running one (both are idempotent and answer 200)
   */
  changed: boolean;
  /** for `run`: the Job that was created */
  job?: ObjectRef;
  status: EntityStatus;
}

/** The actions on a Deployment, StatefulSet or DaemonSet, and on a pod (`delete-pod`). @public */
export type WorkloadAction =
  | 'restart'
  | 'scale'
  | 'stop'
  | 'start'
  | 'rollback'
  | 'delete-pod';

/** The workload kinds of the action routes, as their path segment names them. @public */
export type WorkloadActionKind = 'deployments' | 'statefulsets' | 'daemonsets';

/** The answer of a workload action: the entity's status once the change is applied. @public */
export interface WorkloadActionResponse {
  action: WorkloadAction;
  /** the Deployment, StatefulSet or DaemonSet, or the pod for `delete-pod` */
  object: ObjectRef;
  /** false when nothing had to change (stopping a stopped workload) */
  changed: boolean;
  /** for `scale`, `stop` and `start`: the replicas asked for */
  replicas?: number;
  status: EntityStatus;
}

/**
 * The annotation in which `stop` remembers the replicas a workload had, for
 * `start` to restore them.
 * @public
 */
export const STOPPED_REPLICAS_ANNOTATION =
  'workload-status.dev/stopped-replicas';
