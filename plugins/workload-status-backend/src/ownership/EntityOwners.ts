import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { toOwnerRef } from './ownerRef';

/**
 * The owners of the entities the plugin follows, as the catalog says
 * (`ownedBy` relations, the form `isEntityOwner` compares; `spec.owner`
 * when the entity was read without relations). Fed by the catalog entity
 * source on every read, so a status never needs a catalog call for them.
 */
export class EntityOwners {
  private readonly owners = new Map<string, readonly string[]>();

  /** Records an entity's owners; true when they changed. */
  record(entity: Entity): boolean {
    const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    const fromRelations = (entity.relations ?? [])
      .filter(r => r.type === 'ownedBy')
      .map(r => toOwnerRef(r.targetRef))
      .filter((r): r is string => Boolean(r));
    const fromSpec = toOwnerRef(
      (entity.spec as { owner?: unknown } | undefined)?.owner,
      entity.metadata.namespace ?? 'default',
    );
    let found = fromRelations;
    if (!found.length && fromSpec) found = [fromSpec];
    const owners = [...new Set(found)].sort();
    const previous = this.owners.get(entityRef);
    this.owners.set(entityRef, owners);
    return previous !== undefined && previous.join() !== owners.join();
  }

  forget(entityRef: string) {
    this.owners.delete(entityRef);
  }

  /** The entity's owners; undefined for an entity never read. */
  ownersOf(entityRef: string): readonly string[] | undefined {
    return this.owners.get(entityRef);
  }

  /** Every owner of every entity followed. */
  all(): Set<string> {
    const all = new Set<string>();
    for (const owners of this.owners.values()) owners.forEach(o => all.add(o));
    return all;
  }
}
