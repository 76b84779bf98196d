import type { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
} from '@backstage/plugin-kubernetes-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { sameApiServer, sameCaData } from './apiServerIdentity';
import type { ClusterSpec, WorkloadStatusSettings } from './types';

/**
 * The `catalog` cluster locator of the Kubernetes plugin: Resource entities
 * of type kubernetes-cluster with the api-server annotations.
 *
 * Whoever can register a catalog entity writes those annotations, so they
 * decide nothing about where the token goes: the token, the URL and the CA
 * all come from `workloadStatus.clusters.<name>`, and the entity only says
 * that the cluster exists. An entity whose URL or CA disagrees with that
 * config is refused, and so are all entities of a name claimed twice
 * (another namespace may sort first and win). Each refusal is returned as a
 * reason, which the runtime logs.
 */
export class CatalogClusterLocator {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      settings: WorkloadStatusSettings;
    },
  ) {}

  async getClusters(): Promise<{ clusters: ClusterSpec[]; skipped: string[] }> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
      { filter: { kind: 'Resource', 'spec.type': 'kubernetes-cluster' } },
      { credentials },
    );
    const clusters: ClusterSpec[] = [];
    const skipped: string[] = [];
    for (const [name, entities] of groupByClusterName(items)) {
      if (entities.length > 1) {
        const refs = entities.map(e => stringifyEntityRef(e)).sort();
        skipped.push(
          `${name}: refused, ${
            entities.length
          } catalog entities claim this cluster name (${refs.join(
            ', ',
          )}); remove all but one`,
        );
        continue;
      }
      const result = this.toSpec(entities[0]);
      if (typeof result === 'string') skipped.push(result);
      else clusters.push(result);
    }
    return { clusters, skipped };
  }

  private toSpec(entity: Entity): ClusterSpec | string {
    const name = entity.metadata.name;
    const ref = stringifyEntityRef(entity);
    const a = entity.metadata.annotations ?? {};
    const entityUrl = a[ANNOTATION_KUBERNETES_API_SERVER];
    const entityCa = a[ANNOTATION_KUBERNETES_API_SERVER_CA];
    const configured = this.options.settings.clusterSettings[name];
    const key = `workloadStatus.clusters.${name}`;
    if (!entityUrl) {
      return `${name} (${ref}): no ${ANNOTATION_KUBERNETES_API_SERVER} annotation`;
    }
    if (
      a[ANNOTATION_KUBERNETES_AUTH_PROVIDER] !== 'serviceAccount' ||
      !configured?.serviceAccountToken
    ) {
      return `${name} (${ref}): needs auth provider serviceAccount and ${key}.serviceAccountToken`;
    }
    // ClusterConfigReader refuses a token without a URL at start; a check
    // here too, as the token must never go to a URL the config did not name
    if (!configured.url) {
      return `${name} (${ref}): refused, ${key}.url is not set`;
    }
    if (!sameApiServer(entityUrl, configured.url)) {
      return `${name} (${ref}): refused, its ${ANNOTATION_KUBERNETES_API_SERVER} '${entityUrl}' is not ${key}.url '${configured.url}'`;
    }
    if (entityCa !== undefined && !sameCaData(entityCa, configured.caData)) {
      return `${name} (${ref}): refused, its ${ANNOTATION_KUBERNETES_API_SERVER_CA} is not ${key}.caData${
        configured.caData ? '' : ' (not set: the system CAs are trusted)'
      }`;
    }
    if (new URL(configured.url).protocol !== 'https:') {
      if (!configured.allowInsecureHttp) {
        return `${name} (${ref}): refused, ${key}.url is plain http and ${key}.allowInsecureHttp is not set`;
      }
    }
    return {
      name,
      title: entity.metadata.title,
      url: configured.url,
      source: 'catalog',
      authProvider: 'serviceAccount',
      serviceAccountToken: configured.serviceAccountToken,
      caData: configured.caData,
      // the Kubernetes plugin honours skip-tls-verify from the catalog only
      // with dangerouslyAllowSkipTLSVerify; we never do
      skipTLSVerify: false,
      operators: configured.operators,
    };
  }
}

/**
 * Entities by cluster name. Catalog names compare case-insensitively (as
 * entity refs do), so `Staging` and `staging` are one name claimed twice.
 */
function groupByClusterName(entities: Entity[]): Map<string, Entity[]> {
  const groups = new Map<string, Entity[]>();
  const byLowerName = new Map<string, string>();
  for (const entity of entities) {
    const lower = entity.metadata.name.toLocaleLowerCase('en-US');
    const name = byLowerName.get(lower) ?? entity.metadata.name;
    byLowerName.set(lower, name);
    groups.set(name, [...(groups.get(name) ?? []), entity]);
  }
  return groups;
}
