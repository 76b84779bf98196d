import { NotFoundError } from '@backstage/errors';
import type {
  EntityStatus,
  EntityStatusSummary,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { ClusterHealth } from '../cache/ClusterCache';
import type { CatalogEntitySource } from '../matching/CatalogEntitySource';
import type { StatusPipeline } from '../status/StatusPipeline';
import type { UsageCaches } from '../usage/UsageCaches';
import {
  hasClusterError,
  publicEntityStatus,
  publicSummary,
} from './publicStatus';
import {
  StatusSince,
  statusWithSince,
  summaryWithSince,
} from '../timeline/statusSince';

/** How a status is read for one caller. */
export interface StatusReadOptions {
  /**
   * Whether the caller may read cluster details (kubernetes.clusters.read):
   * asked only when a cluster of the entity has an error. Without it (the
   * default), cluster errors name the cluster and what failed only.
   */
  clusterDetail?: () => Promise<boolean>;
}

/**
 * Read side of the plugin, shared by the routes and the in-process service:
 * answers from memory, asking the catalog only for an entity it has not
 * seen yet. It trusts its caller: permission checks happen before it.
 * Cluster errors in what it returns are worded for users (see
 * publicStatus) unless the caller may read cluster details.
 */
export class StatusReader {
  constructor(
    private readonly pipeline: StatusPipeline,
    private readonly source: Pick<CatalogEntitySource, 'ensure' | 'ensureMany'>,
    /** when each status's health began (the timeline); absent: no `since` */
    private readonly since?: StatusSince,
    /** current container usage for the pod rows; absent: none */
    private readonly usage?: Pick<UsageCaches, 'withUsage'>,
  ) {}

  /**
   * Throws NotFoundError for an entity the catalog does not know. An
   * entity whose Kubernetes annotations are unusable (a selector that pins
   * no label value, say) has a status: `Unknown`, matching nothing, with an
   * InvalidAnnotation reason saying why, as its summary has; its owners
   * read it on the Status tab, where an error answer would hide it.
   */
  async getEntityStatus(
    entityRef: string,
    options: StatusReadOptions = {},
  ): Promise<EntityStatus> {
    if (!(await this.source.ensure(entityRef))) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const cached = this.pipeline.statuses.getStatus(entityRef);
    if (!cached) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const dated = this.since ? statusWithSince(cached, this.since) : cached;
    const status = this.usage
      ? { ...dated, workloads: this.usage.withUsage(dated.workloads) }
      : dated;
    if (!hasClusterError(status)) return status;
    if (options.clusterDetail && (await options.clusterDetail())) return status;
    return publicEntityStatus(status);
  }

  /**
   * Summaries in the order given; entities unknown to the catalog get
   * `NotFound`/`unknown` (the column shows nothing to fix for them).
   */
  async getSummaries(entityRefs: string[]): Promise<EntityStatusSummary[]> {
    const now = new Date().toISOString();
    // refs new to the index: one catalog call for all of them
    await this.source.ensureMany(entityRefs);
    return entityRefs.map(ref => {
      const summary = this.pipeline.statuses.getSummary(ref);
      if (!summary) {
        return {
          entityRef: ref,
          lifecycle: 'NotFound',
          health: 'unknown',
          reasons: [],
          updatedAt: now,
        };
      }
      // the summary's reasons are the status's (both cached): word its
      // cluster errors as the status route does for most callers
      const worded = publicSummary(
        summary,
        this.pipeline.statuses.getStatus(ref),
      );
      return this.since ? summaryWithSince(worded, this.since) : worded;
    });
  }

  clusters(): ClusterHealth[] {
    return [...this.pipeline.clusterCaches().values()]
      .map(c => c.health())
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
