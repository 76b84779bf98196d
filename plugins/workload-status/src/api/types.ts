import { createApiRef } from '@backstage/core-plugin-api';
import {
  BuildLogResponse,
  ClusterHealth,
  CronJobAction,
  CronJobActionResponse,
  EntityEventsResponse,
  EntityRollup,
  EntityStatus,
  EntityStatusSummary,
  EntityTimelineResponse,
  JobHistoryResponse,
  OperatorLogResponse,
  WorkloadAction,
  WorkloadActionResponse,
} from '@workload-status/backstage-plugin-workload-status-common';

/** A namespaced object in one cluster: a pod, a Job or a CronJob. @public */
export interface ClusterObjectRef {
  cluster: string;
  namespace: string;
  name: string;
}

/** A Deployment, StatefulSet or DaemonSet in one cluster, as its `kind` names it. @public */
export interface WorkloadObjectRef extends ClusterObjectRef {
  kind: string;
}

/** A build run in one cluster (`PipelineRun`, `TaskRun`, `BuildRun`, `Job`). @public */
export interface BuildRef extends ClusterObjectRef {
  kind: string;
}

/** What part of a container log to read; the backend bounds every value. @public */
export interface ContainerLogOptions {
  /** the container; the backend picks the only or default one when absent */
  container?: string;
  /** the previous instance of the container (the one that crashed) */
  previous?: boolean;
  /** only the last N lines */
  tailLines?: number;
  sinceSeconds?: number;
  limitBytes?: number;
  /** prefix each line with its RFC 3339 time */
  timestamps?: boolean;
}

/** Filters of the events route. @public */
export interface EventFilter {
  type?: 'Normal' | 'Warning';
  objectKind?: string;
  objectName?: string;
}

/** How a followed log is delivered and stopped. @public */
export interface LogFollowHandlers {
  /** complete lines, in order, as they arrive */
  onLines: (lines: string[]) => void;
  /** aborting ends the stream; the returned promise then resolves */
  signal: AbortSignal;
}

/** The Workload Status backend, as the frontend sees it. @public */
export interface WorkloadStatusApi {
  /** The full status of one entity (the Status tab). */
  getEntityStatus(entityRef: string): Promise<EntityStatus>;
  /**
   * Summaries of many entities in one request (the catalog column), in the
   * order asked; entities the user may not read are left out.
   */
  getSummaries(entityRefs: string[]): Promise<EntityStatusSummary[]>;
  /**
   * The rollup of a System or Group (its Status tab): worst health, counts
   * per health and its members, worst first; members the user may not read
   * are left out.
   */
  getRollup(entityRef: string): Promise<EntityRollup>;
  /** Kubernetes events about the entity's objects: warnings first, then newest. */
  getEvents(
    entityRef: string,
    filter?: EventFilter,
  ): Promise<EntityEventsResponse>;
  /** The entity's status changes, newest first (at or after `since`). */
  getTimeline(
    entityRef: string,
    options?: { since?: string; limit?: number },
  ): Promise<EntityTimelineResponse>;
  /** Runs kept in the plugin's database, newest first, deleted Jobs included. */
  getJobHistory(
    entityRef: string,
    options?: { cronJob?: string; limit?: number },
  ): Promise<JobHistoryResponse>;
  /** A pod's container log, as text. */
  getPodLog(
    entityRef: string,
    pod: ClusterObjectRef,
    options?: ContainerLogOptions,
  ): Promise<string>;
  /**
   * Follows a pod's container log: lines arrive through `onLines` until the
   * container stops or `signal` aborts. Rejects on an error response.
   */
  followPodLog(
    entityRef: string,
    pod: ClusterObjectRef,
    options: ContainerLogOptions,
    handlers: LogFollowHandlers,
  ): Promise<void>;
  /** A pod's container log as a file (the backend sets its name). */
  downloadPodLog(
    entityRef: string,
    pod: ClusterObjectRef,
    options?: ContainerLogOptions,
  ): Promise<Blob>;
  /** The log of a Job's newest pod, as text. */
  getJobLog(
    entityRef: string,
    job: ClusterObjectRef,
    options?: ContainerLogOptions,
  ): Promise<string>;
  /** A build run's log, step by step in execution order. */
  getBuildLog(
    entityRef: string,
    build: BuildRef,
    options?: { tailLines?: number },
  ): Promise<BuildLogResponse>;
  /** Lines of the configured operators' logs that name the entity's objects. */
  getOperatorLog(
    entityRef: string,
    options?: { limit?: number },
  ): Promise<OperatorLogResponse>;
  /**
   * Every watched cluster's health, per resource type (the clusters page).
   * Rejects with a 403 ResponseError without `kubernetes.clusters.read`.
   */
  getClusters(): Promise<ClusterHealth[]>;
  /** Stops (suspends), resumes, runs now or deletes one of the entity's CronJobs. */
  cronJobAction(
    entityRef: string,
    action: CronJobAction,
    cronJob: ClusterObjectRef,
  ): Promise<CronJobActionResponse>;
  /**
   * Restarts, scales, stops, starts or rolls back one of the entity's
   * Deployments, StatefulSets or DaemonSets. `replicas` for scale, and for
   * start when the workload remembers none.
   */
  workloadAction(
    entityRef: string,
    action: Exclude<WorkloadAction, 'delete-pod'>,
    workload: WorkloadObjectRef,
    options?: { replicas?: number },
  ): Promise<WorkloadActionResponse>;
  /** Deletes one of the entity's pods; its controller replaces it. */
  deletePod(
    entityRef: string,
    pod: ClusterObjectRef,
  ): Promise<WorkloadActionResponse>;
}

/** @public */
export const workloadStatusApiRef = createApiRef<WorkloadStatusApi>({
  id: 'plugin.workload-status.service',
});
