import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { toOwnerRef } from './ownerRef';

/** Refs per catalog call. */
const BATCH = 100;
/** Deeper group trees than this are cut (a cycle ends sooner: refs are read once). */
const MAX_DEPTH = 32;
const FIELDS = ['kind', 'metadata.namespace', 'metadata.name', 'relations'];

/**
 * The groups an owner belongs to, from the catalog: a User's groups
 * (`memberOf`) and their parents, a Group's parents (`childOf`), up to the
 * root. Read with the plugin's own credentials when the catalog is read
 * (`refresh`) and for owners not seen before (`ensure`), never per status;
 * at most `maxRefs` users and groups are kept.
 */
export class OwnerGroups {
  /** ref -> its direct parents; [] for a ref the catalog does not have */
  private parents = new Map<string, readonly string[]>();
  private closures = new Map<string, ReadonlySet<string>>();
  private warnedBound = false;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      maxRefs: number;
    },
  ) {}

  /**
   * The ref itself and every group it belongs to, transitively; undefined
   * for a ref not read yet.
   */
  groupsOf(ref: string): ReadonlySet<string> | undefined {
    if (!this.parents.has(ref)) return undefined;
    let closure = this.closures.get(ref);
    if (!closure) {
      const seen = new Set<string>([ref]);
      const queue = [ref];
      while (queue.length) {
        for (const parent of this.parents.get(queue.pop()!) ?? []) {
          if (seen.has(parent)) continue;
          seen.add(parent);
          queue.push(parent);
        }
      }
      closure = seen;
      this.closures.set(ref, closure);
    }
    return closure;
  }

  /**
   * Reads `refs` and their ancestry again, from scratch (memberships and
   * parents change in the catalog). True when anything changed. Throws when
   * the catalog cannot be read; what was known stays.
   */
  async refresh(refs: Iterable<string>): Promise<boolean> {
    const next = new Map<string, readonly string[]>();
    await this.read([...refs], next);
    const changed =
      next.size !== this.parents.size ||
      [...next].some(([ref, p]) => this.parents.get(ref)?.join() !== p.join());
    this.parents = next;
    this.closures = new Map();
    return changed;
  }

  /** Reads the refs not known yet, with their ancestry. True when any were added. */
  async ensure(refs: Iterable<string>): Promise<boolean> {
    const missing = [...refs].filter(r => !this.parents.has(r));
    if (!missing.length) return false;
    const before = this.parents.size;
    await this.read(missing, this.parents);
    this.closures = new Map();
    return this.parents.size !== before;
  }

  private async read(start: string[], into: Map<string, readonly string[]>) {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    let frontier = [...new Set(start)].filter(r => !into.has(r));
    for (let depth = 0; frontier.length && depth < MAX_DEPTH; depth++) {
      const room = this.options.maxRefs - into.size;
      if (frontier.length > room) {
        this.warnBound();
        frontier = frontier.slice(0, Math.max(0, room));
        if (!frontier.length) return;
      }
      const next = new Set<string>();
      for (let i = 0; i < frontier.length; i += BATCH) {
        const batch = frontier.slice(i, i + BATCH);
        const { items } = await this.options.catalog.getEntitiesByRefs(
          { entityRefs: batch, fields: FIELDS },
          { credentials },
        );
        batch.forEach((ref, j) => {
          const parents = parentsOf(items[j] ?? undefined);
          into.set(ref, parents);
          parents.forEach(p => next.add(p));
        });
      }
      frontier = [...next].filter(r => !into.has(r));
    }
  }

  private warnBound() {
    if (this.warnedBound) return;
    this.warnedBound = true;
    this.options.logger.warn(
      `Namespace ownership: more than workloadStatus.ownership.maxOwnerRefs (${this.options.maxRefs}) users and groups own entities or are their parents; the groups of the others are not read, so their entities act only in namespaces they own directly`,
    );
  }
}

/** Where a kind's groups are: a User's memberships, a Group's parent. */
const PARENT_RELATION = new Map([
  ['user', 'memberOf'],
  ['group', 'childOf'],
]);

/** A User's groups, a Group's parents; nothing for other kinds. */
function parentsOf(entity: Entity | undefined): string[] {
  const kind = entity?.kind?.toLocaleLowerCase('en-US');
  const type = PARENT_RELATION.get(kind ?? '');
  if (!type) return [];
  return [
    ...new Set(
      (entity!.relations ?? [])
        .filter(r => r.type === type)
        .map(r => toOwnerRef(r.targetRef))
        .filter((r): r is string => Boolean(r)),
    ),
  ].sort();
}
