import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  EntityRollup,
  EntityStatus,
  EntityStatusSummary,
  EntityTimelineResponse,
  Health,
  Lifecycle,
  Severity,
} from '@workload-status/backstage-plugin-workload-status-common';

/**
 * An entity's workload status, answered from the backend's in-memory cache.
 * @public
 */
export interface WorkloadStatusService {
  /**
   * The full status of one entity. Resolves to `undefined` when the catalog
   * does not know the entity. When `credentials` are given, the caller must be
   * allowed `workload-status.entity.read` on the entity (else NotAllowedError);
   * without them the caller is trusted (a plugin asking for itself).
   */
  getEntityStatus(
    entityRef: string,
    options?: { credentials?: BackstageCredentials },
  ): Promise<EntityStatus | undefined>;

  /**
   * Summaries in the order of `entityRefs`. With `credentials`, entities the
   * caller may not read are left out of the result.
   */
  getSummaries(
    entityRefs: string[],
    options?: { credentials?: BackstageCredentials },
  ): Promise<EntityStatusSummary[]>;

  /**
   * The rollup of a System (its Components and Resources) or a Group (the
   * entities it owns, and its child groups' unless
   * `workloadStatus.rollups.groupDescendants` is false). With `credentials`,
   * the caller must be allowed `workload-status.entity.read` on the System
   * or Group (else NotAllowedError), and only members it may read are in
   * it. Throws InputError for a ref of another kind.
   */
  getRollup(
    entityRef: string,
    options?: { credentials?: BackstageCredentials },
  ): Promise<EntityRollup>;

  /**
   * The entity's status changes recorded in the plugin's database, newest
   * first: at or after `since` (RFC 3339) when given, at most `limit`
   * (1..1000, default 200). With `credentials`, the caller must be allowed
   * `workload-status.entity.read` on the entity (else NotAllowedError).
   * Absent from implementations that record no timeline.
   */
  getTimeline?(
    entityRef: string,
    options?: {
      since?: string;
      limit?: number;
      credentials?: BackstageCredentials;
    },
  ): Promise<EntityTimelineResponse>;
}

/**
 * A Kubernetes resource type the backend watches in every cluster, for
 * example Tekton PipelineRuns. The engine judges the objects (it must support
 * the kind, or a custom kind rule must be registered).
 * @public
 */
export interface WorkloadStatusResourceType {
  /** API group, empty for the core group */
  group: string;
  version: string;
  /** plural resource name, as in the URL: `pipelineruns` */
  plural: string;
  /** the kind the objects carry: `PipelineRun` */
  kind: string;
}

/**
 * A source of build objects: a resource type whose objects are builds of a
 * service, found by the service's label selector like its workloads.
 * @public
 */
export type WorkloadStatusBuildSource = WorkloadStatusResourceType;

/**
 * A rule for a kind the engine does not know. It becomes a row of the
 * engine's kind table: the backend watches the resource, and the engine's
 * pipeline judges each object — deletion first, then this rule, then the
 * object's `Ready` condition when the rule returns `undefined` (no opinion),
 * else unknown. A rule for a kind the engine knows replaces the engine's.
 * @public
 */
export interface WorkloadStatusKindRule {
  resource: WorkloadStatusResourceType;
  /**
   * `workload` (the default): a top-level service shown as the Deployment
   * component, with the pods it owns; `build`: a build run attached to the
   * workloads it built.
   */
  family?: 'workload' | 'build';
  evaluate(
    object: WorkloadStatusObject,
    context: { now: Date },
  ):
    | undefined
    | {
        lifecycle: Lifecycle;
        health: Health;
        /** the object the reasons are about is filled in by the backend */
        reasons: {
          severity: Severity;
          code: string;
          message: string;
          hint?: string;
        }[];
      };
}

/**
 * A Kubernetes object as the backend stores it (a projection for kinds the
 * engine knows, the object without managedFields otherwise).
 * @public
 */
export interface WorkloadStatusObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; uid: string }[];
    [key: string]: unknown;
  };
  spec?: unknown;
  status?: unknown;
}
