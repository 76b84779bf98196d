import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterCache } from '../cache/ClusterCache';
import { Reflector, ReflectorTransport } from '../cache/Reflector';
import { NAMESPACE_RESOURCE_TYPE } from '../cache/resourceTypes';
import type { WorkloadStatusSettings } from '../cluster/types';
import type { ClusterListener } from '../status/StatusPipeline';
import { NamespaceOwnerStore, projectNamespace } from './NamespaceOwnerStore';
import { reflectorSettings } from '../cache/reflectorSettings';

/** How far a cluster's Namespaces are known. */
export type NamespacesState =
  /** not listed yet (starting, or the cluster does not answer) */
  | { state: 'pending' }
  /** the service account may not list Namespaces: no owner is known */
  | { state: 'unreadable' }
  | { state: 'read'; store: NamespaceOwnerStore };

interface ClusterNamespaces {
  store: NamespaceOwnerStore;
  reflector: Reflector;
  /** requests waiting for the first list */
  waiters: Set<() => void>;
  lastState: NamespacesState['state'];
  notifyScheduled: boolean;
}

/**
 * The Namespaces of every cluster of the pipeline, watched beside the
 * status inputs (cluster-scoped, core/v1), keeping only each one's name and
 * owner. Tells `onChange` once per turn of the event loop when a cluster's
 * owners changed or became known, so that statuses are recomputed.
 */
export class NamespaceOwnerCaches implements ClusterListener {
  private readonly clusters = new Map<string, ClusterNamespaces>();

  constructor(
    private readonly options: {
      settings: WorkloadStatusSettings;
      ownerKey: string;
      logger: LoggerService;
      onChange: (cluster: string) => void;
    },
  ) {}

  clusterAdded(
    name: string,
    _cache: ClusterCache,
    transport: ReflectorTransport,
  ) {
    if (this.clusters.has(name)) return;
    const s = this.options.settings;
    // the entry is complete before the reflector can call back
    const entry = {
      waiters: new Set<() => void>(),
      lastState: 'pending',
      notifyScheduled: false,
    } as ClusterNamespaces;
    entry.store = new NamespaceOwnerStore(this.options.ownerKey, () =>
      this.ownerChanged(name, entry),
    );
    entry.reflector = new Reflector({
      transport,
      resource: NAMESPACE_RESOURCE_TYPE,
      store: entry.store,
      project: projectNamespace(this.options.ownerKey),
      ...reflectorSettings(s),
      logger: this.options.logger.child({
        cluster: name,
        resource: NAMESPACE_RESOURCE_TYPE.plural,
      }),
      onHealth: () => this.healthChanged(name, entry),
    });
    this.clusters.set(name, entry);
    entry.reflector.start();
  }

  async clusterRemoved(name: string) {
    const entry = this.clusters.get(name);
    if (!entry) return;
    this.clusters.delete(name);
    entry.waiters.forEach(w => w());
    await entry.reflector.stop();
  }

  state(cluster: string): NamespacesState {
    const entry = this.clusters.get(cluster);
    if (!entry) return { state: 'pending' };
    const state = stateOf(entry);
    return state === 'read' ? { state, store: entry.store } : { state };
  }

  /**
   * Resolves once the cluster's Namespaces are listed (or known to be
   * unreadable), or after `timeoutMs`, whichever is first.
   */
  async whenKnown(cluster: string, timeoutMs: number): Promise<void> {
    const entry = this.clusters.get(cluster);
    if (!entry || stateOf(entry) !== 'pending') return;
    let timer: NodeJS.Timeout | undefined;
    let done: () => void = () => {};
    try {
      await new Promise<void>(resolve => {
        done = resolve;
        entry.waiters.add(done);
        timer = setTimeout(resolve, timeoutMs);
      });
    } finally {
      clearTimeout(timer);
      entry.waiters.delete(done);
    }
  }

  async stop() {
    await Promise.all(
      [...this.clusters.keys()].map(n => this.clusterRemoved(n)),
    );
  }

  /** A Namespace's owner changed: worth a recompute once the list is read. */
  private ownerChanged(cluster: string, entry: ClusterNamespaces) {
    // nothing is known before the first list ends; its end is a state change
    if (stateOf(entry) === 'read') this.schedule(cluster, entry);
  }

  private healthChanged(cluster: string, entry: ClusterNamespaces) {
    const state = stateOf(entry);
    if (state !== 'pending') {
      entry.waiters.forEach(w => w());
      entry.waiters.clear();
    }
    if (state === entry.lastState) return;
    entry.lastState = state;
    this.schedule(cluster, entry);
  }

  private schedule(cluster: string, entry: ClusterNamespaces) {
    if (entry.notifyScheduled) return;
    entry.notifyScheduled = true;
    setImmediate(() => {
      entry.notifyScheduled = false;
      if (this.clusters.get(cluster) === entry) this.options.onChange(cluster);
    });
  }
}

function stateOf(entry: ClusterNamespaces): NamespacesState['state'] {
  const h = entry.reflector?.health;
  if (!h?.synced) return 'pending';
  // a 403 on the first list counts as synced with nothing listed
  return h.lists === 0 ? 'unreadable' : 'read';
}
