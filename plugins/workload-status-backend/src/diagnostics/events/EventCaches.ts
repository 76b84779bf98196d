import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  Reflector,
  ReflectorStore,
  ReflectorTransport,
} from '../../cache/Reflector';
import type { ClusterCache } from '../../cache/ClusterCache';
import type { ResourceType, WorkloadStatusSettings } from '../../cluster/types';
import type { ClusterListener } from '../../status/StatusPipeline';
import type { EventSettings } from './EventSettings';
import { EventStore } from './EventStore';
import { projectEvent, ProjectedEvent } from './projectEvent';
import { reflectorSettings } from '../../cache/reflectorSettings';

/**
 * The events cache reads events.k8s.io/v1: an apiserver serves the same
 * objects through both event APIs (one storage, the same uids), and a
 * recorder that writes events.k8s.io/v1 fills fields the core view only
 * approximates (series). Where a cluster does not serve it (404) or this
 * service account may not read it (403), the cache reads core/v1 instead,
 * from then on for the cluster's life. One LIST and one WATCH per cluster,
 * not two. Both are in the RBAC manifest.
 */
const EVENTS_V1: ResourceType = {
  group: 'events.k8s.io',
  version: 'v1',
  plural: 'events',
  kind: 'Event',
};
const CORE_EVENTS: ResourceType = {
  group: '',
  version: 'v1',
  plural: 'events',
  kind: 'Event',
};
/** The event APIs the cache may read: the preferred first. */
export const EVENT_RESOURCE_TYPES: ResourceType[] = [EVENTS_V1, CORE_EVENTS];

/** One cluster's event store and the reflectors that fill it. */
interface ClusterEvents {
  store: EventStore;
  /** events.k8s.io/v1, then core/v1 if that one could not be read */
  reflectors: Reflector[];
}

/**
 * The Events of every cluster of the pipeline, watched beside (not in) the
 * status inputs: they never mark an entity dirty and never reach the
 * EntityIndex, so an event storm costs memory up to the bounds (count and
 * bytes per cluster, each message redacted and cut when stored) and
 * nothing else.
 */
export class EventCaches implements ClusterListener {
  private readonly clusters = new Map<string, ClusterEvents>();

  constructor(
    private readonly options: {
      settings: WorkloadStatusSettings;
      events: EventSettings;
      logger: LoggerService;
      /** told of every event stored (persistence past the cluster's TTL) */
      onEvent?: (cluster: string, event: ProjectedEvent) => void;
    },
  ) {}

  clusterAdded(
    name: string,
    _cache: ClusterCache,
    transport: ReflectorTransport,
  ) {
    if (this.clusters.has(name)) return;
    const s = this.options.settings;
    const { maxPerCluster, maxBytesPerCluster, maxMessageBytes } =
      this.options.events;
    const store = new EventStore({
      maxEvents: maxPerCluster,
      maxBytes: maxBytesPerCluster,
    });
    const onEvent = this.options.onEvent;
    const reflectorStore: ReflectorStore = onEvent
      ? {
          upsert: obj => {
            store.upsert(obj);
            onEvent(name, obj as ProjectedEvent);
          },
          delete: uid => store.delete(uid),
          uidsOfKind: kind => store.uidsOfKind(kind),
        }
      : store;
    const reflectorOf = (resource: ResourceType, onHealth?: () => void) =>
      new Reflector({
        transport,
        resource,
        store: reflectorStore,
        project: obj => projectEvent(obj, maxMessageBytes),
        ...reflectorSettings(s),
        logger: this.options.logger.child({
          cluster: name,
          resource: resource.group
            ? `${resource.plural}.${resource.group}`
            : resource.plural,
        }),
        onHealth,
      });
    const cluster: ClusterEvents = { store, reflectors: [] };
    const preferred = reflectorOf(EVENTS_V1, () => {
      const h = preferred.health;
      const unreadable = h.absent || (h.synced && h.lists === 0);
      if (!unreadable || cluster.reflectors.length > 1) return;
      if (this.clusters.get(name) !== cluster) return; // removed meanwhile
      this.options.logger.info(
        `Cluster ${name}: events.k8s.io/v1 cannot be read (${
          h.lastError ?? 'not served'
        }); reading events through core/v1`,
      );
      const fallback = reflectorOf(CORE_EVENTS);
      cluster.reflectors.push(fallback);
      fallback.start();
    });
    cluster.reflectors.push(preferred);
    this.clusters.set(name, cluster);
    preferred.start();
  }

  async clusterRemoved(name: string) {
    const cluster = this.clusters.get(name);
    if (!cluster) return;
    this.clusters.delete(name);
    await Promise.all(cluster.reflectors.map(r => r.stop()));
  }

  /** The cluster's store, if the cluster is watched. */
  store(cluster: string): EventStore | undefined {
    return this.clusters.get(cluster)?.store;
  }

  /** Every event reflector of the cluster has listed and its last call reached the cluster. */
  current(cluster: string): boolean {
    const c = this.clusters.get(cluster);
    return (
      !!c && c.reflectors.every(r => r.health.synced && r.health.reachable)
    );
  }

  async stop() {
    await Promise.all(
      [...this.clusters.keys()].map(n => this.clusterRemoved(n)),
    );
  }
}
