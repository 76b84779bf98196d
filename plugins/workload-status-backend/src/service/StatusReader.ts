import { InputError, NotFoundError } from '@backstage/errors';
import type {
  EntityStatus,
  EntityStatusSummary,
} from '@internal/plugin-workload-status-common';
import type { ClusterHealth } from '../cache/ClusterCache';
import type { CatalogEntitySource } from '../matching/CatalogEntitySource';
import type { StatusPipeline } from '../status/StatusPipeline';

/**
 * Read side of the plugin, shared by the routes and the in-process service:
 * answers from memory, asking the catalog only for an entity it has not
 * seen yet. It trusts its caller: permission checks happen before it.
 */
export class StatusReader {
  constructor(
    private readonly pipeline: StatusPipeline,
    private readonly source: Pick<CatalogEntitySource, 'ensure' | 'ensureMany'>,
  ) {}

  /**
   * Throws NotFoundError for an entity the catalog does not know and
   * InputError for one whose Kubernetes annotations are invalid.
   */
  async getEntityStatus(entityRef: string): Promise<EntityStatus> {
    if (!(await this.source.ensure(entityRef))) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const error = this.pipeline.index.getMatch(entityRef)?.error;
    if (error) throw new InputError(error);
    const status = this.pipeline.statuses.getStatus(entityRef);
    if (!status) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    return status;
  }

  /**
   * Summaries in the order given; entities unknown to the catalog get
   * `NotFound`/`unknown` (the column shows nothing to fix for them).
   */
  async getSummaries(entityRefs: string[]): Promise<EntityStatusSummary[]> {
    const now = new Date().toISOString();
    // refs new to the index: one catalog call for all of them
    await this.source.ensureMany(entityRefs);
    return entityRefs.map(
      ref =>
        this.pipeline.statuses.getSummary(ref) ?? {
          entityRef: ref,
          lifecycle: 'NotFound',
          health: 'unknown',
          reasons: [],
          updatedAt: now,
        },
    );
  }

  clusters(): ClusterHealth[] {
    return [...this.pipeline.clusterCaches().values()]
      .map(c => c.health())
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
