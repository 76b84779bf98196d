/*
 * The status model: what the engine computes and what every API returns.
 * See docs/status-rules.md and ../shared/product/status-model.md.
 */

/**
 * Health, a colour a developer reads at a glance. Ordered worst first in
 * {@link HEALTH_ORDER}; roll-ups take the worst.
 * @public
 */
export type Health =
  /** red: something is broken and needs a person */
  | 'error'
  /** grey: the status cannot be told (cluster unreachable, unknown kind) */
  | 'unknown'
  /** yellow: works, but something deserves attention */
  | 'warning'
  /** blue: work in progress, nothing wrong yet */
  | 'progressing'
  /** grey: intentionally off (scaled to zero, suspended) */
  | 'stopped'
  /** green */
  | 'ok';

/** @public Worst first. */
export const HEALTH_ORDER: readonly Health[] = [
  'error',
  'unknown',
  'warning',
  'progressing',
  'stopped',
  'ok',
];

/** Lifecycle of a Deployment, StatefulSet or DaemonSet (second seed). @public */
export type WorkloadLifecycle =
  | 'Waiting'
  | 'Running'
  | 'NotReady'
  | 'Stopped'
  | 'Deleting'
  | 'Exception';

/** Lifecycle of a Job. @public */
export type JobLifecycle =
  | 'Waiting'
  | 'Executing'
  | 'Completed'
  | 'Failed'
  | 'Stopped'
  | 'Deleting'
  | 'Exception';

/** Lifecycle of a CronJob. @public */
export type CronJobLifecycle =
  | 'Waiting'
  | 'Started'
  | 'Stopped'
  | 'Deleting'
  | 'Exception';

/** Lifecycle of a build run (PipelineRun, TaskRun, BuildRun, build Job). @public */
export type BuildLifecycle =
  | 'Pending'
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Cancelled';

/**
 * A lifecycle word. Pods use kubectl's STATUS text (`CrashLoopBackOff`,
 * `Init:0/2`, ...), hence the open string; `Unknown` is for kinds the engine
 * does not know and `NotFound` for an entity with no workloads.
 * @public
 */
export type Lifecycle =
  | WorkloadLifecycle
  | JobLifecycle
  | CronJobLifecycle
  | BuildLifecycle
  | 'Unknown'
  | 'NotFound'
  | (string & {});

/** @public */
export type Severity = 'error' | 'warning' | 'info';

/** Where a reason's hint sends the reader. @public */
export type HintTarget =
  | 'service-log'
  | 'events'
  | 'build-log'
  | 'operator-log'
  | 'job-history'
  | 'cluster';

/** @public */
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
  /** set when the object lives in a named cluster (entity statuses) */
  cluster?: string;
  /** the container the reason is about, when there is one */
  container?: string;
}

/**
 * One actionable statement: what is wrong, on which object, and where to look.
 * @public
 */
export interface Reason {
  severity: Severity;
  /** stable CamelCase code, e.g. `CrashLoopBackOff`, `ProgressDeadlineExceeded` */
  code: string;
  /** plain words naming the object and container */
  message: string;
  object: ObjectRef;
  /** RFC 3339 time the condition started, when known */
  since?: string;
  /** where to look next, in plain words */
  hint?: string;
  /** machine-readable form of the hint, for the UI to link */
  hintTarget?: HintTarget;
}

/**
 * Reason codes the backend adds to an entity's status beside the engine's
 * (`REASON_CODES`): about the entity, its clusters and namespaces, not one
 * object's state. Adding a code is fine; renaming or removing one breaks
 * the frontend.
 * @public
 */
export const ENTITY_REASON_CODES = {
  /** the entity's Kubernetes annotations cannot be used (error) */
  InvalidAnnotation: 'InvalidAnnotation',
  /** the entity names a cluster that is not configured (warning) */
  UnknownCluster: 'UnknownCluster',
  /** a cluster was never read since start (warning, info beside workloads found elsewhere) */
  ClusterNotSynced: 'ClusterNotSynced',
  /** a workload shown as last seen in a cluster that does not answer (warning) */
  ClusterUnreachable: 'ClusterUnreachable',
  /**
   * one resource type's watch in a cluster is silent or failing while the
   * cluster answers: the workloads that read it are shown as last seen
   * (warning; names the type and since when)
   */
  ResourceTypeStale: 'ResourceTypeStale',
  /**
   * objects in a namespace the entity's owner does not own: shown, their
   * logs and actions refused; names the namespace's owner (warning)
   */
  NamespaceNotOwned: 'NamespaceNotOwned',
} as const;

/** Lifecycle, health and reasons: what every layer carries. @public */
export interface StatusCore {
  lifecycle: Lifecycle;
  health: Health;
  reasons: Reason[];
}

/** The status of one Kubernetes object. @public */
export interface ObjectStatus extends StatusCore {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** One pod row, as `kubectl get pods` shows it. @public */
export interface PodSummary extends StatusCore {
  name: string;
  namespace: string;
  /** `2/3` */
  ready: string;
  restarts: number;
  /** RFC 3339 of the last restart, when known */
  lastRestartAt?: string;
  node?: string;
  createdAt?: string;
  /** the owning controller's revision: ReplicaSet pod-template-hash or controller-revision-hash */
  revision?: string;
  /** true when the pod belongs to the workload's current revision */
  current?: boolean;
  containers: ContainerSummary[];
}

/** @public */
export interface ContainerSummary {
  name: string;
  image: string;
  init?: boolean;
  ready: boolean;
  restarts: number;
  /** `running`, `waiting`, `terminated` */
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  /** waiting or terminated reason, e.g. `CrashLoopBackOff`, `OOMKilled` */
  reason?: string;
  message?: string;
  exitCode?: number;
  startedAt?: string;
  /** the previous instance's termination, when the container restarted */
  lastTermination?: { reason?: string; exitCode?: number; finishedAt?: string };
  /** requests and limits of the container's spec, when it sets any */
  resources?: ContainerResources;
  /**
   * What the container uses now (metrics.k8s.io), added when the status is
   * read: absent where the cluster has no metrics-server.
   */
  usage?: ContainerUsage;
}

/** A container's requests and limits: CPU in millicores, memory in bytes. @public */
export interface ContainerResources {
  cpuRequestMillicores?: number;
  cpuLimitMillicores?: number;
  memoryRequestBytes?: number;
  memoryLimitBytes?: number;
}

/** One container's usage as metrics-server last sampled it. @public */
export interface ContainerUsage {
  cpuMillicores: number;
  memoryBytes: number;
}

/** One run in a CronJob's or Job's history. @public */
export interface JobRun extends StatusCore {
  name: string;
  namespace: string;
  /** the CronJob that created it, if any */
  cronJob?: string;
  startedAt?: string;
  completedAt?: string;
  durationSeconds?: number;
  /** `scheduled`, or `manual` for a run-now Job */
  trigger?: 'scheduled' | 'manual';
  /** pods of the run that still exist, whose logs can be read */
  pods: string[];
}

/** One build run. @public */
export interface BuildRun extends StatusCore {
  kind: string;
  name: string;
  namespace: string;
  startedAt?: string;
  completedAt?: string;
  durationSeconds?: number;
  /** commit, revision or image tag the build is for, when known */
  revision?: string;
  /** pods whose logs are the build log, in step order */
  pods: string[];
}

/**
 * The status components of one service, as in the first seed. Each is
 * present only when the status model's visibility rules say so.
 * @public
 */
export interface Components {
  /** only for services built from a repository */
  build?: StatusCore & { latest?: BuildRun };
  /** the Deployment/StatefulSet/DaemonSet itself */
  deployment?: StatusCore;
  /** the worst of the workload's pods */
  pods?: StatusCore & { total: number; ready: number };
  /** the CronJob itself */
  cronjob?: StatusCore & {
    schedule: string;
    timeZone?: string;
    suspended: boolean;
    lastScheduleTime?: string;
    lastSuccessfulTime?: string;
    nextScheduleTime?: string;
  };
  /** shown only while a job runs, or when a failed job is in the history */
  job?: StatusCore & { name: string };
  /** the CronJob's pod: shown only while a job runs */
  pod?: StatusCore & { name: string };
}

/** One top-level workload of an entity in one cluster. @public */
export interface WorkloadStatus extends StatusCore {
  /** RFC 3339: when the workload's current health began, when known */
  since?: string;
  cluster?: string;
  namespace: string;
  apiVersion: string;
  kind: string;
  name: string;
  components: Components;
  /** replicas: desired, ready, updated, available (Deployments & co.) */
  replicas?: {
    desired: number;
    ready: number;
    updated: number;
    available: number;
  };
  /** current images (container name -> image) */
  images?: Record<string, string>;
  /** current revision (Deployment revision annotation, StatefulSet updateRevision) */
  revision?: string;
  pods: PodSummary[];
  jobHistory: JobRun[];
  builds: BuildRun[];
}

/** A cluster's part in an entity status. @public */
export interface ClusterState {
  name: string;
  reachable: boolean;
  /** the data is older than the staleness bound: shown, but not trusted */
  stale: boolean;
  lastSyncAt?: string;
  error?: string;
  /**
   * False when the cluster is down or not yet read but the entity's status
   * does not depend on it: the entity had no objects there at the last
   * sync, or (never synced) its annotations do not name the cluster and its
   * workloads were found elsewhere. Such a cluster is a note (an info
   * reason), not a banner. Absent or true: the cluster's state is the
   * entity's concern.
   */
  affectsEntity?: boolean;
}

/**
 * How a cluster's watch of one resource type is doing: `watching` (listed,
 * following changes), `listing` (no complete LIST yet), `failing` (the last
 * call failed; retried with backoff), `absent` (the type is not installed).
 * @public
 */
export type ResourceWatchState = 'watching' | 'listing' | 'failing' | 'absent';

/** One watched resource type of a cluster, as the clusters page shows it. @public */
export interface ResourceTypeHealth {
  /** `deployments.apps`, `pods` (plural, then group when not core) */
  resource: string;
  kind: string;
  watch: ResourceWatchState;
  synced: boolean;
  reachable: boolean;
  lastSyncAt?: string;
  lastError?: string;
  /**
   * Set while the type's watch is silent or failing although the cluster
   * answers: its data is the last seen, as of this time (RFC 3339).
   */
  staleSince?: string;
  /** complete LISTs and watches started since the backend started */
  lists: number;
  watches: number;
  /** cached objects of this kind */
  objects: number;
}

/** A cluster's health, as GET /v1/clusters returns it. @public */
export interface ClusterHealth {
  name: string;
  /** every watched resource type has completed a LIST at least once */
  synced: boolean;
  /** the last call of every reflector reached the cluster */
  reachable: boolean;
  /** unreachable, or no news for longer than `staleAfter` */
  stale: boolean;
  lastSyncAt?: string;
  lastError?: string;
  /** cached objects by kind */
  objects: Record<string, number>;
  /** per watched resource type, sorted by resource */
  resources: ResourceTypeHealth[];
}

/** The status of one catalog entity across clusters. @public */
export interface EntityStatus extends StatusCore {
  entityRef: string;
  updatedAt: string;
  /** RFC 3339: when the current health began (from the timeline), when known */
  since?: string;
  clusters: ClusterState[];
  workloads: WorkloadStatus[];
}

/** What the catalog column needs. @public */
export interface EntityStatusSummary extends StatusCore {
  entityRef: string;
  updatedAt: string;
  /** RFC 3339: when the current health began (from the timeline), when known */
  since?: string;
  /**
   * For a System or Group (a rollup): how many of its members, that the
   * caller may read, have each health. Absent for other entities.
   */
  counts?: Record<Health, number>;
  /**
   * The clusters and namespaces its workloads were found in (names only,
   * sorted), for pages that filter by them. Absent for a rollup.
   */
  clusters?: string[];
  namespaces?: string[];
}
