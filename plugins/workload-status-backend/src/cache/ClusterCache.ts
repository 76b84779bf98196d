import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ClusterHealth,
  KubeObject,
  ResourceTypeHealth,
  ResourceWatchState,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { ResourceType, WorkloadStatusSettings } from '../cluster/types';
import { ObjectStore } from './ObjectStore';
import type { PageProjector } from './PagedList';
import { Reflector, ReflectorHealth, ReflectorTransport } from './Reflector';
import { reflectorSettings } from './reflectorSettings';

export type { ClusterHealth };

/** A resource type of a cluster whose data stopped being followed. */
export interface StaleResourceType {
  /** `pods`, `deployments.apps` */
  resource: string;
  kind: string;
  /** epoch ms of the last proof that its data was current */
  since: number;
  /** the failure that stopped it (the cluster's own words) */
  error?: string;
}

/**
 * One cluster's store and its reflectors (one per resource type).
 */
export class ClusterCache {
  readonly store = new ObjectStore();
  private readonly reflectors: Reflector[];
  /** reachable and error as last told to onHealthChange */
  private lastHealthKey?: string;
  private loggedUnreachable = false;
  /** the kinds last logged as stale */
  private loggedStale = new Set<string>();

  constructor(
    readonly name: string,
    private readonly options: {
      transport: ReflectorTransport;
      resources: ResourceType[];
      project: (obj: KubeObject) => KubeObject;
      /** the same projection of LIST pages in another thread */
      projector?: PageProjector;
      settings: WorkloadStatusSettings;
      logger: LoggerService;
      /** called when reachability or staleness flips */
      onHealthChange?: () => void;
      now?: () => number;
    },
  ) {
    const s = options.settings;
    this.reflectors = options.resources.map(
      resource =>
        new Reflector({
          transport: options.transport,
          resource,
          store: this.store,
          project: options.project,
          projector: options.projector,
          ...reflectorSettings(s),
          logger: options.logger.child({
            cluster: name,
            resource: resource.plural,
          }),
          onHealth: () => this.checkHealthChange(),
          now: options.now,
        }),
    );
  }

  start() {
    this.reflectors.forEach(r => r.start());
  }

  async stop() {
    await Promise.all(this.reflectors.map(r => r.stop()));
  }

  health(): ClusterHealth {
    const now = (this.options.now ?? Date.now)();
    const reflectors = this.reflectors.map(r => r.health);
    const synced = reflectors.every(h => h.synced);
    const reachable = reflectors.every(h => h.reachable);
    // A quiet resource type hears nothing between watch restarts, so the
    // newest news of any reflector dates the cluster. One type whose watch
    // is silent or failing is stale on its own (staleResourceTypes); the
    // cluster is stale when it does not answer, or when no type is current.
    const newest = Math.max(0, ...reflectors.map(h => h.lastSyncAt ?? 0));
    const followed = reflectors.filter(h => !h.absent);
    const stale =
      !reachable ||
      !synced ||
      now - newest > this.options.settings.staleAfterMs ||
      (followed.length > 0 && followed.every(h => h.staleSince !== undefined));
    const objects = this.store.countsByKind();
    return {
      name: this.name,
      synced,
      reachable,
      stale,
      lastSyncAt: newest ? new Date(newest).toISOString() : undefined,
      // a stale type says so on its own row and on the statuses using it:
      // the cluster's error is one that concerns the cluster, first why it
      // does not answer (not an older refusal a type still waits out)
      lastError:
        reflectors.find(h => !h.reachable && h.lastError)?.lastError ??
        reflectors.find(h => h.lastError && h.staleSince === undefined)
          ?.lastError ??
        (stale ? reflectors.find(h => h.lastError)?.lastError : undefined),
      objects,
      resources: this.options.resources
        .map((resource, i) =>
          resourceTypeHealth(resource, reflectors[i], objects),
        )
        .sort((a, b) => a.resource.localeCompare(b.resource)),
    };
  }

  /**
   * The resource types whose watch is silent or failing while the cluster
   * answers: their objects are shown as last seen, with a warning.
   */
  staleResourceTypes(): StaleResourceType[] {
    const stale: StaleResourceType[] = [];
    this.reflectors.forEach((r, i) => {
      const since = r.health.staleSince;
      if (since === undefined) return;
      stale.push({
        resource: resourceName(this.options.resources[i]),
        kind: r.kind,
        since,
        error: r.health.lastError,
      });
    });
    return stale;
  }

  /** Each reflector's own health, by kind (diagnostics and tests). */
  reflectorHealth(): Record<string, ReflectorHealth> {
    return Object.fromEntries(
      this.reflectors.map(r => [r.kind, { ...r.health }]),
    );
  }

  /** True once every reflector has listed its resource type. */
  get synced() {
    return this.reflectors.every(r => r.health.synced);
  }

  private checkHealthChange() {
    const reachable = this.reflectors.every(r => r.health.reachable);
    // a failed call, not just reflectors that have not called yet; a
    // stale type's failure is its own (logged below), not the cluster's
    const error = (
      this.reflectors.find(r => !r.health.reachable && r.health.lastError) ??
      this.reflectors.find(
        r => r.health.lastError && r.health.staleSince === undefined,
      )
    )?.health.lastError;
    const staleKinds = this.reflectors
      .filter(r => r.health.staleSince !== undefined)
      .map(r => r.kind);
    this.logStaleTypes(staleKinds);
    // One line per change of state, not per reflector or retry: "failing"
    // holds while any reflector's last call failed (a 401 reaches the
    // cluster, yet fails), and ends when every one has succeeded since.
    const failing = Boolean(error) || !reachable;
    if (error && !this.loggedUnreachable) {
      this.loggedUnreachable = true;
      this.options.logger.warn(
        `Cluster ${this.name} is unreachable: ${error}; its statuses are Exception until it answers`,
      );
    } else if (!failing && this.loggedUnreachable) {
      this.loggedUnreachable = false;
      this.options.logger.info(`Cluster ${this.name} is reachable again`);
    }
    // statuses carry the cluster's error, not only whether it answers: a
    // 403 that appears or clears while the cluster stays reachable must
    // reach them too (retries of one error are one change)
    const healthKey = `${reachable}\n${error ?? ''}\n${staleKinds.join(',')}`;
    if (healthKey !== this.lastHealthKey) {
      this.lastHealthKey = healthKey;
      this.options.onHealthChange?.();
    }
  }

  /** One line when a type goes stale and one when it is current again. */
  private logStaleTypes(staleKinds: string[]) {
    const now = new Set(staleKinds);
    this.reflectors.forEach((r, i) => {
      const resource = resourceName(this.options.resources[i]);
      if (now.has(r.kind) && !this.loggedStale.has(r.kind)) {
        this.options.logger.warn(
          `Cluster ${
            this.name
          }: the watch of ${resource} is silent or failing (${
            r.health.lastError ?? 'no error'
          }); its data is stale since ${new Date(
            r.health.staleSince!,
          ).toISOString()}, the statuses that use it say so, every other type is unaffected`,
        );
      } else if (!now.has(r.kind) && this.loggedStale.has(r.kind)) {
        this.options.logger.info(
          `Cluster ${this.name}: ${resource} is followed again`,
        );
      }
    });
    this.loggedStale = now;
  }
}

/** `pods`, `deployments.apps`: how kubectl and the clusters page name a type. */
function resourceName(resource: ResourceType): string {
  return resource.group
    ? `${resource.plural}.${resource.group}`
    : resource.plural;
}

/** What the clusters page says about one reflector. */
function resourceTypeHealth(
  resource: ResourceType,
  health: ReflectorHealth,
  objects: Record<string, number>,
): ResourceTypeHealth {
  return {
    resource: resourceName(resource),
    kind: resource.kind,
    watch: watchState(health),
    synced: health.synced,
    reachable: health.reachable,
    lastSyncAt: health.lastSyncAt
      ? new Date(health.lastSyncAt).toISOString()
      : undefined,
    lastError: health.lastError,
    staleSince:
      health.staleSince !== undefined
        ? new Date(health.staleSince).toISOString()
        : undefined,
    lists: health.lists,
    watches: health.watches,
    objects: objects[resource.kind] ?? 0,
  };
}

/**
 * A reflector's health in one word. A failed call is `failing` even when
 * the type once listed (a 403 marks it synced so the cluster is not held
 * back, yet nothing of it is watched); the reflector clears its error on
 * its next successful call.
 */
function watchState(health: ReflectorHealth): ResourceWatchState {
  if (health.absent) return 'absent';
  if (health.lastError) return 'failing';
  if (!health.synced) return 'listing';
  return 'watching';
}
