import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ContainerUsage,
  PodUsageLookup,
  WorkloadStatus,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { ClusterCache } from '../cache/ClusterCache';
import type { ReflectorTransport } from '../cache/Reflector';
import type { ClusterListener } from '../status/StatusPipeline';
import { ClusterUsage, UsageState } from './ClusterUsage';
import type { UsageSettings } from './UsageSettings';

/**
 * Container usage of every cluster of the pipeline (one ClusterUsage
 * each), for the status engine (the memory-limit warning) and for the
 * answers (usage beside requests and limits in the pods table).
 */
export class UsageCaches implements ClusterListener {
  private readonly clusters = new Map<string, ClusterUsage>();

  constructor(
    private readonly options: {
      settings: UsageSettings;
      logger: LoggerService;
      /** the entities a pod belongs to, to recompute after a crossing */
      entitiesOfPod: (cluster: string, uid: string) => Iterable<string>;
      markDirty: (entityRefs: Iterable<string>) => void;
      now?: () => number;
    },
  ) {}

  clusterAdded(
    name: string,
    cache: ClusterCache,
    transport: ReflectorTransport,
  ) {
    if (!this.options.settings.enabled || this.clusters.has(name)) return;
    const usage = new ClusterUsage(name, {
      transport,
      store: cache.store,
      settings: this.options.settings,
      logger: this.options.logger,
      now: this.options.now,
      onCrossing: uids => {
        const refs = new Set<string>();
        for (const uid of uids)
          for (const ref of this.options.entitiesOfPod(name, uid))
            refs.add(ref);
        if (refs.size) this.options.markDirty(refs);
      },
    });
    this.clusters.set(name, usage);
    usage.start();
  }

  async clusterRemoved(name: string) {
    const usage = this.clusters.get(name);
    this.clusters.delete(name);
    await usage?.stop();
  }

  async stop() {
    await Promise.all([...this.clusters.values()].map(u => u.stop()));
    this.clusters.clear();
  }

  /** For the status engine: the cluster's usage, or undefined. */
  lookup(cluster: string): PodUsageLookup | undefined {
    return this.clusters.get(cluster)?.lookup();
  }

  state(cluster: string): UsageState | undefined {
    return this.clusters.get(cluster)?.usageState;
  }

  /**
   * Copies of `workloads` whose pod rows' containers carry their current
   * usage. The status itself never holds usage: it would change every
   * sampling, and with it every status and its signals.
   */
  withUsage(workloads: readonly WorkloadStatus[]): WorkloadStatus[] {
    return workloads.map(w => {
      const lookup = w.cluster ? this.lookup(w.cluster) : undefined;
      if (!lookup || !w.pods.length) return w;
      return {
        ...w,
        pods: w.pods.map(row => {
          const byContainer = lookup(row.namespace, row.name);
          if (!byContainer) return row;
          return {
            ...row,
            containers: row.containers.map(c => {
              const usage: ContainerUsage | undefined = byContainer.get(c.name);
              return usage ? { ...c, usage: rounded(usage) } : c;
            }),
          };
        }),
      };
    });
  }
}

/** Whole millicores and bytes: the answer stays small and plain. */
function rounded(usage: ContainerUsage): ContainerUsage {
  return {
    cpuMillicores: Math.round(usage.cpuMillicores * 10) / 10,
    memoryBytes: Math.round(usage.memoryBytes),
  };
}
