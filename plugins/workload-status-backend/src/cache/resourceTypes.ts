import type { KindRegistry } from '@workload-status/backstage-plugin-workload-status-common';
import type { ResourceType } from '../cluster/types';

/**
 * The resource types watched in every cluster: one per row of the kind
 * table (the engine's rows and the extension point's, see
 * plugins/workload-status-common/src/engine/registry.ts), so a kind the
 * engine judges is always watched and nothing else is. A cluster without a
 * kind's CRD answers 404 and its reflector stays idle (see Reflector).
 */
export function watchedResourceTypes(kinds: KindRegistry): ResourceType[] {
  return kinds.watchList().map(({ group, version, plural, kind }) => ({
    group,
    version,
    plural,
    kind,
  }));
}

export function resourceTypeKey(r: ResourceType) {
  return `${r.group}/${r.version}/${r.plural}`;
}

/**
 * Namespaces: who owns each (its owner label or annotation) decides which
 * entities may read logs of and act on the objects in it. Watched beside
 * the status inputs, not in the ObjectStore (see ownership/).
 */
export const NAMESPACE_RESOURCE_TYPE: ResourceType = {
  group: '',
  version: 'v1',
  plural: 'namespaces',
  kind: 'Namespace',
};
