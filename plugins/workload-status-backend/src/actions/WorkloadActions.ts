import { ConflictError, InputError } from '@backstage/errors';
import { AppsV1Api, CoreV1Api, PatchStrategy } from '@kubernetes/client-node';
import {
  KubeObject,
  STOPPED_REPLICAS_ANNOTATION,
  WorkloadAction,
  WorkloadActionResponse,
  EntityStatus,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { ClusterCache } from '../cache/ClusterCache';
import type { EntityObjects } from '../diagnostics/EntityObjects';
import { CacheWriteThrough } from './CacheWriteThrough';
import { clusterCallError } from './clusterCallError';
import { clusterRequestOptions } from './clusterRequestOptions';
import {
  ActionableKind,
  RESOURCE_OF,
  Workload,
  workloadApi,
} from './workloadApi';
import { findAutoscaler, listReplicaSets } from './workloadLists';
import { previousTemplate, RESTARTED_AT_ANNOTATION } from './workloadTemplates';

/** A Deployment, StatefulSet or DaemonSet of an entity, as the action routes name it. */
export interface WorkloadRef {
  cluster: string;
  namespace: string;
  name: string;
  kind: ActionableKind;
}

/** A pod of an entity. */
export interface PodRef {
  cluster: string;
  namespace: string;
  name: string;
}

export interface WorkloadActionsOptions {
  objects: Pick<EntityObjects, 'find' | 'connection'>;
  clusterCaches: () => ReadonlyMap<string, ClusterCache>;
  /** the entity's status once the cache holds the change */
  getEntityStatus: (entityRef: string) => Promise<EntityStatus>;
  requestTimeoutMs: number;
  /** the plugin's clock: the restart annotation's time */
  now: () => number;
  /** the most replicas start restores from the annotation (`workloadStatus.actions.maxReplicas`) */
  maxReplicas: number;
}

/**
 * Restart, scale, stop, start and roll back an entity's Deployments,
 * StatefulSets and DaemonSets, and delete its pods, through client-node.
 * As CronJobActions: the object must be in the entity's tree (and its
 * namespace owned by the entity's owner), still the same object in the
 * cluster (uid), and the API server's answer goes into the cache so the
 * returned status shows the change. Callers check permissions before.
 */
export class WorkloadActions {
  private readonly writeThrough: CacheWriteThrough;

  constructor(private readonly options: WorkloadActionsOptions) {
    this.writeThrough = new CacheWriteThrough(options.clusterCaches);
  }

  /**
   * What `kubectl rollout restart` does: a new time in the pod template's
   * `kubectl.kubernetes.io/restartedAt` annotation, so the controller
   * replaces every pod by its usual strategy.
   */
  async restart(
    entityRef: string,
    ref: WorkloadRef,
  ): Promise<WorkloadActionResponse> {
    const { current } = await this.prepare(entityRef, ref);
    if (!hasReplicas(current) && ref.kind !== 'DaemonSet') {
      throw new InputError(
        `${describe(
          ref,
        )} is scaled to zero: there is no pod to restart; start it instead`,
      );
    }
    const restartedAt = new Date(this.options.now()).toISOString();
    await this.patch(ref, current, {
      spec: {
        template: {
          metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: restartedAt } },
        },
      },
    });
    return this.respond(entityRef, 'restart', ref, true);
  }

  /** Sets `spec.replicas`; refused for a workload an HPA scales. */
  async scale(
    entityRef: string,
    ref: WorkloadRef,
    replicas: number,
  ): Promise<WorkloadActionResponse> {
    this.assertScalable(ref, 'scaled');
    const { current } = await this.prepare(entityRef, ref);
    await this.assertNoAutoscaler(ref);
    if (replicasOf(current) === replicas) {
      this.writeThrough.apply(ref.cluster, current, ref.kind, 'apps/v1');
      return this.respond(entityRef, 'scale', ref, false, replicas);
    }
    await this.patch(ref, current, {
      // scaled by hand: what a stop remembered no longer applies
      ...(replicas > 0 && stoppedReplicas(current) !== undefined
        ? { metadata: { annotations: { [STOPPED_REPLICAS_ANNOTATION]: null } } }
        : {}),
      spec: { replicas },
    });
    return this.respond(entityRef, 'scale', ref, true, replicas);
  }

  /**
   * Scales to zero and remembers the replicas in an annotation, for start.
   * A workload already at zero is left as is. An HPA does not get in the
   * way: it does not scale a workload whose replicas are zero.
   */
  async stop(
    entityRef: string,
    ref: WorkloadRef,
  ): Promise<WorkloadActionResponse> {
    this.assertScalable(ref, 'stopped');
    const { current } = await this.prepare(entityRef, ref);
    const replicas = replicasOf(current);
    if (replicas === 0) {
      this.writeThrough.apply(ref.cluster, current, ref.kind, 'apps/v1');
      return this.respond(entityRef, 'stop', ref, false, 0);
    }
    await this.patch(ref, current, {
      metadata: {
        annotations: { [STOPPED_REPLICAS_ANNOTATION]: String(replicas) },
      },
      spec: { replicas: 0 },
    });
    return this.respond(entityRef, 'stop', ref, true, 0);
  }

  /**
   * Scales back to `replicas`, else to what stop remembered. A workload
   * scaled to zero some other way has nothing remembered: the caller must
   * say how many (InputError). One that runs already is left as is.
   */
  async start(
    entityRef: string,
    ref: WorkloadRef,
    replicas?: number,
  ): Promise<WorkloadActionResponse> {
    this.assertScalable(ref, 'started');
    const { current } = await this.prepare(entityRef, ref);
    if (replicasOf(current) > 0) {
      this.writeThrough.apply(ref.cluster, current, ref.kind, 'apps/v1');
      return this.respond(entityRef, 'start', ref, false, replicasOf(current));
    }
    const target = replicas ?? stoppedReplicas(current);
    if (target === undefined || target < 1) {
      throw new InputError(
        `${describe(
          ref,
        )} was scaled to zero outside this plugin: no replica count is remembered; say how many replicas to start ("replicas")`,
      );
    }
    if (target > this.options.maxReplicas) {
      // the annotation is the cluster's text, which anyone with write access changes
      throw new InputError(
        `${describe(ref)} remembers ${target} replicas, more than ${
          this.options.maxReplicas
        } (workloadStatus.actions.maxReplicas); say how many replicas to start ("replicas")`,
      );
    }
    await this.patch(ref, current, {
      metadata: { annotations: { [STOPPED_REPLICAS_ANNOTATION]: null } },
      spec: { replicas: target },
    });
    return this.respond(entityRef, 'start', ref, true, target);
  }

  /**
   * What `kubectl rollout undo` does: the pod template of the previous
   * revision (the ReplicaSet with the highest revision below the current)
   * replaces the Deployment's; its controller then makes that ReplicaSet
   * the newest revision. The template is replaced whole (a JSON patch):
   * a merge would keep what the bad revision added.
   */
  async rollback(
    entityRef: string,
    ref: WorkloadRef,
  ): Promise<WorkloadActionResponse> {
    if (ref.kind !== 'Deployment') {
      throw new InputError(
        `Only Deployments can be rolled back here; ${describe(ref)} is not one`,
      );
    }
    const { current } = await this.prepare(entityRef, ref);
    const replicaSets = await listReplicaSets(
      this.options.objects.connection(ref.cluster),
      ref,
      current,
    );
    const { template } = previousTemplate(current, replicaSets);
    await this.patch(
      ref,
      current,
      [
        { op: 'test', path: '/metadata/uid', value: current.metadata!.uid },
        { op: 'replace', path: '/spec/template', value: template },
      ],
      PatchStrategy.JsonPatch,
    );
    return this.respond(entityRef, 'rollback', ref, true);
  }

  /**
   * Deletes one pod of the entity (its controller makes another). The uid
   * precondition makes sure a pod recreated under the same name (a
   * StatefulSet's) is not the one deleted.
   */
  async deletePod(
    entityRef: string,
    ref: PodRef,
  ): Promise<WorkloadActionResponse> {
    const cached = await this.options.objects.find(entityRef, {
      ...ref,
      kind: 'Pod',
    });
    const uid = cached.metadata?.uid;
    const api = this.options.objects
      .connection(ref.cluster)
      .makeApiClient(CoreV1Api);
    await api
      .deleteNamespacedPod(
        {
          name: ref.name,
          namespace: ref.namespace,
          body: uid ? { preconditions: { uid } } : undefined,
        },
        this.requestOptions(),
      )
      .catch(e => {
        throw clusterCallError(e, {
          cluster: ref.cluster,
          verb: 'delete pods',
          object: `Pod ${ref.namespace}/${ref.name}`,
        });
      });
    if (uid) this.writeThrough.removeWithDependents(ref.cluster, uid);
    return {
      action: 'delete-pod',
      changed: true,
      object: {
        kind: 'Pod',
        namespace: ref.namespace,
        name: ref.name,
        cluster: ref.cluster,
      },
      status: await this.options.getEntityStatus(entityRef),
    };
  }

  private assertScalable(ref: WorkloadRef, verb: string) {
    if (ref.kind === 'DaemonSet') {
      throw new InputError(
        `A DaemonSet runs one pod per node and cannot be ${verb}; ${describe(
          ref,
        )} can be restarted`,
      );
    }
  }

  /** ConflictError naming the HPA that scales the workload, if one does. */
  private async assertNoAutoscaler(ref: WorkloadRef) {
    const hpa = await findAutoscaler(
      this.options.objects.connection(ref.cluster),
      ref,
    );
    if (hpa) {
      throw new ConflictError(
        `${describe(ref)} is scaled by HorizontalPodAutoscaler ${
          ref.namespace
        }/${hpa}, which would undo a change of its replicas; change the autoscaler's minReplicas and maxReplicas instead`,
      );
    }
  }

  /**
   * The entity guard (404 unless the cache places the workload in the
   * entity's tree, 403 when its namespace is not the owner's), then the
   * workload as the cluster holds it now, which must be the one the cache
   * saw (uid).
   */
  private async prepare(entityRef: string, ref: WorkloadRef) {
    const cached: KubeObject = await this.options.objects.find(entityRef, ref);
    const apps = this.options.objects
      .connection(ref.cluster)
      .makeApiClient(AppsV1Api);
    const current = await workloadApi(apps, ref.kind)
      .read({ name: ref.name, namespace: ref.namespace }, this.requestOptions())
      .catch(e => {
        throw clusterCallError(
          e,
          this.call(ref, `get ${RESOURCE_OF[ref.kind]}`),
        );
      });
    if (current.metadata?.uid !== cached.metadata?.uid) {
      throw new ConflictError(
        `${describe(
          ref,
        )} was replaced since it was last seen; reload and try again`,
      );
    }
    return { apps, current };
  }

  /** Patches the workload and puts the answer into the cache. */
  private async patch(
    ref: WorkloadRef,
    current: Workload,
    body: object,
    strategy: string = PatchStrategy.MergePatch,
  ) {
    const apps = this.options.objects
      .connection(ref.cluster)
      .makeApiClient(AppsV1Api);
    // a merge patch names the object by uid too: one deleted and recreated
    // meanwhile answers 409 instead of being changed
    const guarded =
      strategy === PatchStrategy.MergePatch
        ? {
            ...body,
            metadata: {
              ...((body as { metadata?: object }).metadata ?? {}),
              uid: current.metadata?.uid,
            },
          }
        : body;
    const patched = await workloadApi(apps, ref.kind)
      .patch(
        { name: ref.name, namespace: ref.namespace, body: guarded },
        this.requestOptions(strategy),
      )
      .catch(e => {
        throw clusterCallError(
          e,
          this.call(ref, `patch ${RESOURCE_OF[ref.kind]}`),
        );
      });
    this.writeThrough.apply(ref.cluster, patched, ref.kind, 'apps/v1');
    return patched;
  }

  private async respond(
    entityRef: string,
    action: WorkloadAction,
    ref: WorkloadRef,
    changed: boolean,
    replicas?: number,
  ): Promise<WorkloadActionResponse> {
    return {
      action,
      changed,
      object: {
        kind: ref.kind,
        namespace: ref.namespace,
        name: ref.name,
        cluster: ref.cluster,
      },
      ...(replicas !== undefined ? { replicas } : {}),
      status: await this.options.getEntityStatus(entityRef),
    };
  }

  private call(ref: WorkloadRef, verb: string) {
    return { cluster: ref.cluster, verb, object: describeShort(ref) };
  }

  private requestOptions(contentType?: string) {
    return clusterRequestOptions(this.options.requestTimeoutMs, contentType);
  }
}

function replicasOf(w: Workload): number {
  return (w.spec as { replicas?: number } | undefined)?.replicas ?? 1;
}

function hasReplicas(w: Workload): boolean {
  return replicasOf(w) > 0;
}

/** The replicas a stop remembered, if the annotation holds a count. */
function stoppedReplicas(w: Workload): number | undefined {
  const text = w.metadata?.annotations?.[STOPPED_REPLICAS_ANNOTATION];
  if (text === undefined || !/^\d{1,6}$/.test(text)) return undefined;
  return Number(text);
}

function describeShort(ref: WorkloadRef) {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}

function describe(ref: WorkloadRef) {
  return `${describeShort(ref)} in cluster ${ref.cluster}`;
}
