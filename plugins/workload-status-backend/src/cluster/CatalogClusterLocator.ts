import type { AuthService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
} from '@backstage/plugin-kubernetes-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ClusterSpec, WorkloadStatusSettings } from './types';

/**
 * The `catalog` cluster locator of the Kubernetes plugin: Resource entities
 * of type kubernetes-cluster with the api-server annotations. A catalog
 * entity cannot carry a secret, so the token comes from
 * `workloadStatus.clusters.<name>.serviceAccountToken`; clusters without
 * one, or with a user-token auth provider, are skipped with a reason.
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
    for (const entity of items) {
      const result = this.toSpec(entity);
      if (typeof result === 'string') skipped.push(result);
      else clusters.push(result);
    }
    return { clusters, skipped };
  }

  private toSpec(entity: Entity): ClusterSpec | string {
    const name = entity.metadata.name;
    const a = entity.metadata.annotations ?? {};
    const url = a[ANNOTATION_KUBERNETES_API_SERVER];
    const authProvider = a[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
    const token =
      this.options.settings.clusterSettings[name]?.serviceAccountToken;
    if (!url)
      return `${name}: no ${ANNOTATION_KUBERNETES_API_SERVER} annotation`;
    if (authProvider !== 'serviceAccount' || !token) {
      return `${name}: needs auth provider serviceAccount and workloadStatus.clusters.${name}.serviceAccountToken`;
    }
    return {
      name,
      title: entity.metadata.title,
      url,
      source: 'catalog',
      authProvider,
      serviceAccountToken: token,
      caData: a[ANNOTATION_KUBERNETES_API_SERVER_CA],
      // the Kubernetes plugin honours skip-tls-verify from the catalog only
      // with dangerouslyAllowSkipTLSVerify; we never do
      skipTLSVerify: false,
      operators: this.options.settings.clusterSettings[name]?.operators ?? [],
    };
  }
}
