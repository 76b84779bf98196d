import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { hasKubernetesAnnotations } from '@workload-status/backstage-plugin-workload-status-common';

/** What the team overview reads of an entity: no spec, no relations. */
const FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.annotations',
];

/** Entities with a status: Kubernetes annotations, or a rollup. */
function hasStatus(entity: Entity): boolean {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  return (
    kind === 'system' || kind === 'group' || hasKubernetesAnnotations(entity)
  );
}

/**
 * The entities that the signed-in user or one of its groups owns and that
 * have a workload status (Kubernetes annotations, or a System's or Group's
 * rollup), from the catalog.
 */
export function useOwnedEntities() {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  const state = useAsyncRetry(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    if (!ownershipEntityRefs.length) return [];
    const { items } = await catalogApi.getEntities({
      filter: { 'relations.ownedBy': ownershipEntityRefs },
      fields: FIELDS,
    });
    return items.filter(hasStatus);
  }, [identityApi, catalogApi]);
  return {
    entities: state.value,
    loading: state.loading,
    error: state.error,
    retry: state.retry,
  };
}
