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
 * Both event APIs: an apiserver serves the same objects through each, but
 * a recorder that writes events.k8s.io/v1 fills fields the core view only
 * approximates (series), and some clusters restrict one of them. A cluster
 * without events.k8s.io answers 404 and that reflector idles.
 */
export const EVENT_RESOURCE_TYPES: ResourceType[] = [
  { group: '', version: 'v1', plural: 'events', kind: 'Event' },
  { group: 'events.k8s.io', version: 'v1', plural: 'events', kind: 'Event' },
];

/** One cluster's event store and the reflectors that fill it. */
interface ClusterEvents {
  store: EventStore;
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
    const reflectors = EVENT_RESOURCE_TYPES.map(
      resource =>
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
        }),
    );
    this.clusters.set(name, { store, reflectors });
    reflectors.forEach(r => r.start());
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
