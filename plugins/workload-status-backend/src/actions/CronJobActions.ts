import { ConflictError } from '@backstage/errors';
import {
  BatchV1Api,
  ConfigurationOptions,
  Observable,
  PatchStrategy,
  RequestContext,
  V1CronJob,
  V1Job,
} from '@kubernetes/client-node';
import type {
  CronJobAction,
  CronJobActionResponse,
  EntityStatus,
  KubeObject,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { ClusterCache } from '../cache/ClusterCache';
import type { EntityObjects } from '../diagnostics/EntityObjects';
import { activeRuns } from './activeRuns';
import { CacheWriteThrough } from './CacheWriteThrough';
import { clusterCallError } from './clusterCallError';
import { jobFromCronJob, manualJobName } from './jobFromCronJob';
import { RunNowLimiter } from './RunNowLimiter';

/** A CronJob of an entity, as the action routes name it. */
export interface CronJobRef {
  cluster: string;
  namespace: string;
  name: string;
}

export interface CronJobActionsOptions {
  objects: Pick<EntityObjects, 'find' | 'connection'>;
  clusterCaches: () => ReadonlyMap<string, ClusterCache>;
  /** the entity's status once the cache holds the change */
  getEntityStatus: (entityRef: string) => Promise<EntityStatus>;
  requestTimeoutMs: number;
  /** least time between two run-now of one CronJob (`workloadStatus.actions.runNowMinInterval`); 0: none */
  runNowMinIntervalMs: number;
  /** the plugin's clock, for the run-now interval */
  now: () => number;
  /** injectable for tests: the random part of a manual run's name */
  random?: (max: number) => number;
}

/**
 * Stop (suspend), resume, run now and delete an entity's CronJob, through
 * client-node against the cluster. Each action first makes sure the CronJob
 * belongs to the entity (the cache's view of its tree) and is still the
 * same object in the cluster (uid), then writes, then puts the API server's
 * answer into the cache so that the returned status already shows the
 * change. Callers check permissions before; errors are @backstage/errors.
 */
export class CronJobActions {
  private readonly writeThrough: CacheWriteThrough;
  private readonly runNowLimiter: RunNowLimiter;

  constructor(private readonly options: CronJobActionsOptions) {
    this.writeThrough = new CacheWriteThrough(options.clusterCaches);
    this.runNowLimiter = new RunNowLimiter({
      minIntervalMs: options.runNowMinIntervalMs,
      now: options.now,
    });
  }

  /** Sets `spec.suspend`; a CronJob already in that state is left as is. */
  async setSuspended(
    entityRef: string,
    ref: CronJobRef,
    suspend: boolean,
  ): Promise<CronJobActionResponse> {
    const action: CronJobAction = suspend ? 'suspend' : 'resume';
    const { api, current } = await this.prepare(entityRef, ref);
    let changed = false;
    if ((current.spec?.suspend ?? false) !== suspend) {
      // A merge patch of the one field: it cannot undo a concurrent change
      // of anything else, and repeating it is harmless.
      const patched = await api
        .patchNamespacedCronJob(
          {
            name: ref.name,
            namespace: ref.namespace,
            body: { spec: { suspend } },
          },
          this.requestOptions(PatchStrategy.MergePatch),
        )
        .catch(e => {
          throw clusterCallError(e, this.call(ref, 'patch cronjobs'));
        });
      this.writeThrough.apply(ref.cluster, patched, 'CronJob', 'batch/v1');
      changed = true;
    } else {
      // what the cluster holds may be newer than the cache: show it
      this.writeThrough.apply(ref.cluster, current, 'CronJob', 'batch/v1');
    }
    return this.respond(entityRef, action, ref, changed);
  }

  /**
   * Creates a Job from the CronJob's template as `kubectl create job
   * --from=cronjob/...` does, read from the cluster now (the cache keeps
   * projections only). A name taken by chance is retried once.
   *
   * Refused, before anything is written, when the CronJob was run less
   * than the minimum interval ago (429, after the entity guard so that the
   * answer says nothing of other entities' CronJobs), and when its
   * `concurrencyPolicy` is Forbid while a run is active (409: its owners
   * said runs must not overlap, and a manual run is a run).
   */
  async run(
    entityRef: string,
    ref: CronJobRef,
  ): Promise<CronJobActionResponse> {
    const cached = await this.guard(entityRef, ref);
    const giveBack = this.runNowLimiter.reserve(
      `${ref.cluster}\u0000${ref.namespace}\u0000${ref.name}`,
      `CronJob ${ref.namespace}/${ref.name} in cluster ${ref.cluster}`,
    );
    let job: V1Job;
    try {
      const { api, current } = await this.readCurrent(ref, cached);
      this.assertNoOverlap(current, ref);
      job = await this.createManualJob(api, current, ref);
    } catch (e) {
      giveBack();
      throw e;
    }
    this.writeThrough.apply(ref.cluster, job, 'Job', 'batch/v1');
    const response = await this.respond(entityRef, 'run', ref, true);
    response.job = {
      kind: 'Job',
      namespace: ref.namespace,
      name: job.metadata!.name!,
      cluster: ref.cluster,
    };
    return response;
  }

  private async createManualJob(
    api: BatchV1Api,
    cronJob: V1CronJob,
    ref: CronJobRef,
  ): Promise<V1Job> {
    for (let attempt = 1; ; attempt++) {
      const body = jobFromCronJob(
        cronJob,
        manualJobName(ref.name, this.options.random),
      );
      try {
        return await api.createNamespacedJob(
          { namespace: ref.namespace, body },
          this.requestOptions(),
        );
      } catch (e) {
        // AlreadyExists: the random part collided with an earlier run
        if ((e as { code?: number }).code === 409 && attempt < 2) continue;
        throw clusterCallError(e, this.call(ref, 'create jobs'));
      }
    }
  }

  /**
   * Deletes the CronJob with Background propagation: the garbage collector
   * removes its Jobs and their pods afterwards. The uid precondition makes
   * sure a CronJob recreated under the same name is not the one deleted.
   */
  async delete(
    entityRef: string,
    ref: CronJobRef,
  ): Promise<CronJobActionResponse> {
    const { api, current } = await this.prepare(entityRef, ref);
    const uid = current.metadata!.uid!;
    await api
      .deleteNamespacedCronJob(
        {
          name: ref.name,
          namespace: ref.namespace,
          propagationPolicy: 'Background',
          body: { preconditions: { uid } },
        },
        this.requestOptions(),
      )
      .catch(e => {
        throw clusterCallError(e, this.call(ref, 'delete cronjobs'));
      });
    this.writeThrough.removeWithDependents(ref.cluster, uid);
    return this.respond(entityRef, 'delete', ref, true);
  }

  /** Forbid: no run while one is active (ConflictError naming it). */
  private assertNoOverlap(current: V1CronJob, ref: CronJobRef) {
    if (current.spec?.concurrencyPolicy !== 'Forbid') return;
    const store = this.options.clusterCaches().get(ref.cluster)?.store;
    const active = activeRuns(current, store);
    if (active.length === 0) return;
    throw new ConflictError(
      `CronJob ${ref.namespace}/${ref.name} in cluster ${
        ref.cluster
      } forbids concurrent runs (concurrencyPolicy: Forbid) and ${
        active.length === 1 ? 'run' : 'runs'
      } ${active.join(', ')} ${
        active.length === 1 ? 'is' : 'are'
      } still active; try again when ${
        active.length === 1 ? 'it has' : 'they have'
      } finished`,
    );
  }

  /**
   * The entity guard (404 unless the cache places the CronJob in the
   * entity's tree), then the CronJob as the cluster holds it now.
   */
  private async prepare(entityRef: string, ref: CronJobRef) {
    return this.readCurrent(ref, await this.guard(entityRef, ref));
  }

  /** The cached CronJob, if it is in the entity's tree; else NotFoundError. */
  private guard(entityRef: string, ref: CronJobRef): Promise<KubeObject> {
    return this.options.objects.find(entityRef, { ...ref, kind: 'CronJob' });
  }

  /**
   * The CronJob as the cluster holds it now. A different uid than the
   * cache's means it was deleted and recreated since the cache saw it: the
   * caller acts on what it was shown, or not at all.
   */
  private async readCurrent(ref: CronJobRef, cached: KubeObject) {
    const api = this.options.objects
      .connection(ref.cluster)
      .makeApiClient(BatchV1Api);
    const current: V1CronJob = await api
      .readNamespacedCronJob(
        { name: ref.name, namespace: ref.namespace },
        this.requestOptions(),
      )
      .catch(e => {
        throw clusterCallError(e, this.call(ref, 'get cronjobs'));
      });
    if (current.metadata?.uid !== cached.metadata?.uid) {
      throw new ConflictError(
        `CronJob ${ref.namespace}/${ref.name} in cluster ${ref.cluster} was replaced since it was last seen; reload and try again`,
      );
    }
    return { api, current };
  }

  private async respond(
    entityRef: string,
    action: CronJobAction,
    ref: CronJobRef,
    changed: boolean,
  ): Promise<CronJobActionResponse> {
    return {
      action,
      changed,
      cronJob: {
        kind: 'CronJob',
        namespace: ref.namespace,
        name: ref.name,
        cluster: ref.cluster,
      },
      status: await this.options.getEntityStatus(entityRef),
    };
  }

  private call(ref: CronJobRef, verb: string) {
    return {
      cluster: ref.cluster,
      verb,
      object: `CronJob ${ref.namespace}/${ref.name}`,
    };
  }

  /**
   * client-node calls have no timeout of their own: a cluster that accepts
   * the connection and never answers would hold the request forever.
   */
  private requestOptions(contentType?: string): ConfigurationOptions {
    const timeoutMs = this.options.requestTimeoutMs;
    return {
      middleware: [
        {
          pre: (context: RequestContext) => {
            context.setSignal(AbortSignal.timeout(timeoutMs));
            if (contentType)
              context.setHeaderParam('Content-Type', contentType);
            return new Observable(Promise.resolve(context));
          },
          post: response => new Observable(Promise.resolve(response)),
        },
      ],
      middlewareMergeStrategy: 'append',
    };
  }
}
