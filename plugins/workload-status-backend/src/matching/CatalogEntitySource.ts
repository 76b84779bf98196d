import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  hasKubernetesAnnotations,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { EntityIndex } from './EntityIndex';
import type { EntityMatcher } from './EntityMatcher';

const FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.annotations',
  'relations',
];

/** An unknown ref asked for again within this window is not re-fetched. */
const NEGATIVE_CACHE_MS = 10_000;

/**
 * Keeps the EntityIndex in step with the catalog: the entities carrying the
 * Kubernetes annotations, read with the plugin's own credentials every
 * `entityRefresh`, and single entities on demand when a request names one
 * the index has not seen yet.
 */
export class CatalogEntitySource {
  private readonly missing = new Map<string, number>();

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      index: EntityIndex;
      matcher: EntityMatcher;
      logger: LoggerService;
      /** entities whose matching changed or that are gone */
      onChanged: (entityRefs: string[], removed: string[]) => void;
      /** every entity read (its owners matter beside its matching) */
      onEntity?: (entity: Entity, entityRef: string) => void;
    },
  ) {}

  /** Reads every annotated entity; entities no longer there are removed. */
  async refresh(): Promise<void> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const seen = new Set<string>();
    const changed: string[] = [];
    for await (const page of this.options.catalog.streamEntities(
      {
        query: {
          $any: [
            {
              [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]: {
                $exists: true,
              },
            },
            {
              [`metadata.annotations.${ANNOTATION_KUBERNETES_LABEL_SELECTOR}`]:
                {
                  $exists: true,
                },
            },
          ],
        },
        fields: FIELDS,
      },
      { credentials },
    )) {
      for (const entity of page) {
        if (!hasKubernetesAnnotations(entity)) continue;
        const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
        seen.add(ref);
        this.options.onEntity?.(entity, ref);
        if (this.options.index.setEntity(this.options.matcher.match(entity))) {
          changed.push(ref);
        }
      }
      await new Promise(resolve => setImmediate(resolve));
    }
    const removed = [...this.options.index.entityRefs()].filter(
      ref => !seen.has(ref),
    );
    removed.forEach(ref => this.options.index.removeEntity(ref));
    if (changed.length || removed.length) {
      this.options.onChanged(changed, removed);
    }
  }

  /** {@link CatalogEntitySource.ensure} for many refs, in one catalog call. */
  async ensureMany(entityRefs: string[]): Promise<void> {
    const now = Date.now();
    const unknown = [...new Set(entityRefs)].filter(ref => {
      if (this.options.index.getMatch(ref)) return false;
      const missingAt = this.missing.get(ref);
      return !(missingAt && now - missingAt < NEGATIVE_CACHE_MS);
    });
    if (!unknown.length) return;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: unknown, fields: FIELDS },
      { credentials },
    );
    const changed: string[] = [];
    items.forEach((entity, i) => {
      if (!entity) {
        this.missing.set(unknown[i], now);
        return;
      }
      const match = this.options.matcher.match(entity);
      this.options.onEntity?.(entity, match.entityRef);
      if (this.options.index.setEntity(match)) changed.push(match.entityRef);
    });
    if (this.missing.size > 10_000) this.missing.clear();
    if (changed.length) this.options.onChanged(changed, []);
  }

  /**
   * Makes sure the index knows `entityRef` (a catalog entity added since the
   * last refresh). Returns false when the catalog does not know it; an
   * entity without the annotations is indexed with an explaining error.
   */
  async ensure(entityRef: string): Promise<boolean> {
    if (this.options.index.getMatch(entityRef)) return true;
    const missingAt = this.missing.get(entityRef);
    if (missingAt && Date.now() - missingAt < NEGATIVE_CACHE_MS) return false;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entity: Entity | undefined =
      await this.options.catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      if (this.missing.size > 10_000) this.missing.clear();
      this.missing.set(entityRef, Date.now());
      return false;
    }
    this.missing.delete(entityRef);
    const match = this.options.matcher.match(entity);
    this.options.onEntity?.(entity, match.entityRef);
    if (this.options.index.setEntity(match)) {
      this.options.onChanged([match.entityRef], []);
    }
    return true;
  }
}
