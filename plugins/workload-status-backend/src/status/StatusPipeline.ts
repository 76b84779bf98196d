import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  KindRegistry,
  KubeObject,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { WorkloadStatusKindRule } from '@workload-status/backstage-plugin-workload-status-node';
import { ClusterCache } from '../cache/ClusterCache';
import { ListPageThread } from '../cache/listWorker/ListPageThread';
import type { PageProjector } from '../cache/PagedList';
import { resourceTypeKey, watchedResourceTypes } from '../cache/resourceTypes';
import type { ReflectorTransport } from '../cache/Reflector';
import { ClusterConnection } from '../cluster/ClusterConnection';
import type {
  ClusterSpec,
  ResourceType,
  WorkloadStatusSettings,
} from '../cluster/types';
import { EntityIndex } from '../matching/EntityIndex';
import { compileRedactionRules } from '../redaction/SecretRedactor';
import { storedProjection } from '../cache/storedProjection';
import { EntityStatusService } from './EntityStatusService';
import { kindTableWith } from './extensionKinds';
import { ScaleTargetIndex } from './ScaleTargetIndex';

/**
 * Follows the pipeline's clusters: the diagnostics caches (events, job
 * history) that watch each cluster beside the status inputs.
 */
export interface ClusterListener {
  clusterAdded(
    name: string,
    cache: ClusterCache,
    transport: ReflectorTransport,
  ): void;
  clusterRemoved(name: string): Promise<void> | void;
}

/**
 * The data path from clusters to entity statuses: one ClusterCache per
 * cluster (reflectors into an ObjectStore), their changes fed into the
 * EntityIndex, which marks entities dirty in the EntityStatusService.
 */
export class StatusPipeline {
  readonly index = new EntityIndex();
  readonly statuses: EntityStatusService;
  private readonly clusters = new Map<string, ClusterCache>();
  /** for request-time calls (logs, actions); absent for test transports */
  private readonly connections = new Map<string, ClusterConnection>();
  private resyncTimer?: NodeJS.Timeout;
  /** this backend's kind table: the engine's kinds and the extension point's */
  readonly kinds: KindRegistry;
  private readonly scaleTargets = new Map<string, ScaleTargetIndex>();
  private readonly clusterListeners: ClusterListener[] = [];
  /** where LIST pages are parsed and projected, off the event loop */
  private readonly listThread: ListPageThread;
  private readonly projector: PageProjector;

  constructor(
    private readonly options: {
      settings: WorkloadStatusSettings;
      logger: LoggerService;
      /** extra build sources and kind rules from the extension point */
      buildSources: readonly ResourceType[];
      kindRules: readonly WorkloadStatusKindRule[];
      now?: () => number;
    },
  ) {
    this.kinds = kindTableWith(options.kindRules);
    this.listThread = new ListPageThread(options.logger);
    this.projector = {
      project: (page, listed, texts) =>
        this.listThread.project(page, listed, this.kinds, texts),
    };
    // at start, not in the first LIST page's slice of the event loop
    compileRedactionRules();
    this.statuses = new EntityStatusService({
      index: this.index,
      clusters: () => this.clusters,
      kinds: this.kinds,
      autoscalersOf: (cluster, obj) =>
        this.scaleTargets.get(cluster)?.autoscalersOf(obj) ?? [],
      logger: options.logger,
      now: options.now,
      minWakeIntervalMs: options.settings.resyncMs,
    });
  }

  /**
   * Every resource type watched in each cluster, without duplicates: the
   * kind table's, and the configured build sources (other versions of
   * build kinds the table judges).
   */
  resourceTypes(): ResourceType[] {
    const all = new Map<string, ResourceType>();
    for (const r of [
      ...watchedResourceTypes(this.kinds),
      ...this.options.settings.buildSources,
      ...this.options.buildSources,
    ]) {
      all.set(resourceTypeKey(r), r);
    }
    return [...all.values()];
  }

  /** Tells `listener` of every cluster added or removed from now on. */
  addClusterListener(listener: ClusterListener) {
    this.clusterListeners.push(listener);
  }

  clusterCaches(): ReadonlyMap<string, ClusterCache> {
    return this.clusters;
  }

  addCluster(spec: ClusterSpec) {
    if (this.clusters.has(spec.name)) return;
    const connection = ClusterConnection.create(spec, {
      requestTimeoutMs: this.options.settings.requestTimeoutMs,
    });
    this.connections.set(spec.name, connection);
    this.addClusterWithTransport(spec.name, connection);
  }

  /** The list worker's heap in use, in bytes (benchmarks print it). */
  listWorkerHeapUsed(): Promise<number | undefined> {
    return this.listThread.heapUsed();
  }

  /** How to call a cluster at request time (logs, actions). */
  connection(name: string): ClusterConnection | undefined {
    return this.connections.get(name);
  }

  /** Tests give a transport of their own (a fault-injecting one, say). */
  addClusterWithTransport(
    name: string,
    transport: ConstructorParameters<typeof ClusterCache>[1]['transport'],
  ) {
    const cache = new ClusterCache(name, {
      transport,
      resources: this.resourceTypes(),
      project: obj => storedProjection(obj, this.kinds),
      projector: this.options.settings.listWorker ? this.projector : undefined,
      settings: this.options.settings,
      logger: this.options.logger,
      onHealthChange: () => this.statuses.markClusterDirty(name),
      // connectivity is judged in wall-clock time, whatever clock the rules use
    });
    const scaleTargets = new ScaleTargetIndex(this.kinds);
    this.scaleTargets.set(name, scaleTargets);
    cache.store.onChange(({ previous, next }) => {
      scaleTargets.apply(previous, next);
      // An autoscaler concerns the entities of the workload it scales.
      for (const hpa of [previous, next]) {
        const target = hpa && scaleTargets.targetOf(hpa);
        const uid = target?.metadata?.uid;
        if (uid)
          this.statuses.markDirty(this.index.entitiesOfObject(name, uid));
      }
      if ((next ?? previous)?.kind === 'Node') {
        // Nodes are context, not members: a node turning NotReady concerns
        // every entity with pods on it, which only a recompute can tell
        if (nodeReady(previous) !== nodeReady(next)) {
          this.statuses.markClusterDirty(name);
        }
        return;
      }
      this.statuses.markDirty(this.index.applyChange(name, previous, next));
    });
    this.clusters.set(name, cache);
    this.index.addCluster(name, cache.store);
    cache.start();
    this.clusterListeners.forEach(l => l.clusterAdded(name, cache, transport));
  }

  async removeCluster(name: string) {
    const cache = this.clusters.get(name);
    if (!cache) return;
    this.clusters.delete(name);
    this.connections.delete(name);
    this.scaleTargets.delete(name);
    await cache.stop();
    await Promise.all(this.clusterListeners.map(l => l.clusterRemoved(name)));
    this.statuses.markDirty(this.index.removeCluster(name));
  }

  /**
   * Time-driven recomputes are the statuses' own (StatusWakes); what is
   * left to poll is whether a cluster went stale by silence alone, which
   * no reflector event tells: a look at each cluster's health, every
   * `resync`, recomputing only the entities of a cluster that flipped.
   */
  start() {
    const stale = new Map<string, boolean>();
    this.resyncTimer = setInterval(() => {
      for (const [name, cache] of this.clusters) {
        const now = cache.health().stale;
        if (stale.has(name) && stale.get(name) !== now) {
          this.statuses.markClusterDirty(name);
        }
        stale.set(name, now);
      }
    }, this.options.settings.resyncMs);
    this.resyncTimer.unref?.();
  }

  async stop() {
    clearInterval(this.resyncTimer);
    this.statuses.stop();
    await Promise.all([...this.clusters.values()].map(c => c.stop()));
    await this.listThread.close();
  }
}

function nodeReady(node: KubeObject | undefined): string | undefined {
  const conditions = node?.status?.conditions;
  if (!Array.isArray(conditions)) return undefined;
  return conditions.find((c: { type?: string }) => c?.type === 'Ready')?.status;
}
