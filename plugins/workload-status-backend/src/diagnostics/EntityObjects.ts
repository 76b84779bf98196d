import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import type { ObjectStore } from '../cache/ObjectStore';
import type { ClusterConnection } from '../cluster/ClusterConnection';
import type { CatalogEntitySource } from '../matching/CatalogEntitySource';
import type { NamespaceOwnership } from '../ownership/NamespaceOwnership';
import type { StatusPipeline } from '../status/StatusPipeline';

/** An entity's objects in one cluster: what its selector selects and all they own. */
export interface EntityClusterObjects {
  cluster: string;
  store: ObjectStore;
  uids: ReadonlySet<string>;
}

/** Names an object of an entity, as the diagnostics and action routes take it. */
export interface EntityObjectRef {
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
}

/**
 * The one place the diagnostics and actions learn which cluster objects
 * belong to an entity. A route may touch an object (read its log, patch
 * it) only after this has found it in the entity's tree: that is what keeps
 * a caller from reaching a pod of another entity through ours.
 *
 * The entity's tree is what its catalog annotations claim, and whoever may
 * register an entity writes those. So `find` and `resolve`, which logs,
 * the operator log and actions use, also require the object's namespace
 * to belong to the entity's owner (NamespaceOwnership); only
 * `resolveVisible`, for what the status shows anyway (events), does not.
 */
export class EntityObjects {
  constructor(
    private readonly pipeline: Pick<
      StatusPipeline,
      'index' | 'clusterCaches' | 'connection'
    >,
    private readonly source: Pick<CatalogEntitySource, 'ensure'>,
    private readonly ownership: Pick<
      NamespaceOwnership,
      'authorize' | 'allowedNamespaces'
    >,
  ) {}

  /**
   * The entity's objects whose logs may be read and on which it may act:
   * those in namespaces its owner owns. Throws NotFoundError for an entity
   * the catalog does not know and InputError for one whose Kubernetes
   * annotations are invalid.
   */
  async resolve(entityRef: string): Promise<EntityClusterObjects[]> {
    const visible = await this.resolveVisible(entityRef);
    // clusters side by side: ownership may wait for a cluster's namespaces
    return Promise.all(
      visible.map(async objects => {
        const namespaceOf = (uid: string) =>
          objects.store.get(uid)?.metadata?.namespace;
        const namespaces = new Set<string>();
        for (const uid of objects.uids) {
          const ns = namespaceOf(uid);
          if (ns) namespaces.add(ns);
        }
        if (!namespaces.size) return { ...objects, uids: new Set<string>() };
        const allowed = await this.ownership.allowedNamespaces(
          entityRef,
          objects.cluster,
          namespaces,
        );
        const uids = new Set<string>();
        for (const uid of objects.uids) {
          const ns = namespaceOf(uid);
          if (ns && allowed.has(ns)) uids.add(uid);
        }
        return { ...objects, uids };
      }),
    );
  }

  /**
   * Every object the entity's annotations claim, whoever owns its
   * namespace: for what the status shows anyway (events). Never for logs
   * or actions.
   */
  async resolveVisible(entityRef: string): Promise<EntityClusterObjects[]> {
    if (!(await this.source.ensure(entityRef))) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const match = this.pipeline.index.getMatch(entityRef);
    if (match?.error) throw new InputError(match.error);
    if (!match?.selector) return [];
    const result: EntityClusterObjects[] = [];
    for (const [cluster, cache] of this.pipeline.clusterCaches()) {
      if (match.clusters && !match.clusters.includes(cluster)) continue;
      result.push({
        cluster,
        store: cache.store,
        uids: this.pipeline.index.objectUids(entityRef, cluster),
      });
    }
    return result;
  }

  /**
   * The cached (projected) object, if it belongs to the entity; otherwise
   * NotFoundError, whether the object exists elsewhere or not at all. An
   * object of the entity in a namespace its owner does not own is
   * NotAllowedError, naming the namespace's owner (the status shows the
   * object and says as much).
   */
  async find(entityRef: string, ref: EntityObjectRef): Promise<KubeObject> {
    const clusters = await this.resolveVisible(entityRef);
    const objects = clusters.find(c => c.cluster === ref.cluster);
    if (objects) {
      for (const uid of objects.uids) {
        const obj = objects.store.get(uid);
        if (
          obj?.kind === ref.kind &&
          obj.metadata?.namespace === ref.namespace &&
          obj.metadata?.name === ref.name
        ) {
          await this.ownership.authorize(entityRef, ref.cluster, ref.namespace);
          return obj;
        }
      }
    }
    throw new NotFoundError(
      `${entityRef} has no ${ref.kind} ${ref.namespace}/${ref.name} in cluster ${ref.cluster}`,
    );
  }

  /**
   * Of `namespaces`, those where the entity may read logs and act: for
   * what is found other than through `resolve` (a deleted Job's stored run,
   * found by the entity's selector).
   */
  ownedNamespaces(
    entityRef: string,
    cluster: string,
    namespaces: Iterable<string>,
  ): Promise<Set<string>> {
    return this.ownership.allowedNamespaces(entityRef, cluster, namespaces);
  }

  /** How to call a cluster now (logs, actions). */
  connection(cluster: string): ClusterConnection {
    const connection = this.pipeline.connection(cluster);
    if (!connection) {
      throw new ServiceUnavailableError(
        `Cluster ${cluster} cannot be called at request time`,
      );
    }
    return connection;
  }
}
