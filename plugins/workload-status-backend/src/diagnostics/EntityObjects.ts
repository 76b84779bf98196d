import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { KubeObject } from '@internal/plugin-workload-status-common';
import type { ObjectStore } from '../cache/ObjectStore';
import type { ClusterConnection } from '../cluster/ClusterConnection';
import type { CatalogEntitySource } from '../matching/CatalogEntitySource';
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
 */
export class EntityObjects {
  constructor(
    private readonly pipeline: Pick<
      StatusPipeline,
      'index' | 'clusterCaches' | 'connection'
    >,
    private readonly source: Pick<CatalogEntitySource, 'ensure'>,
  ) {}

  /**
   * Throws NotFoundError for an entity the catalog does not know and
   * InputError for one whose Kubernetes annotations are invalid.
   */
  async resolve(entityRef: string): Promise<EntityClusterObjects[]> {
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
   * NotFoundError, whether the object exists elsewhere or not at all.
   */
  async find(entityRef: string, ref: EntityObjectRef): Promise<KubeObject> {
    const clusters = await this.resolve(entityRef);
    const objects = clusters.find(c => c.cluster === ref.cluster);
    if (objects) {
      for (const uid of objects.uids) {
        const obj = objects.store.get(uid);
        if (
          obj?.kind === ref.kind &&
          obj.metadata?.namespace === ref.namespace &&
          obj.metadata?.name === ref.name
        ) {
          return obj;
        }
      }
    }
    throw new NotFoundError(
      `${entityRef} has no ${ref.kind} ${ref.namespace}/${ref.name} in cluster ${ref.cluster}`,
    );
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
