import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogClusterLocator } from './CatalogClusterLocator';
import { ClusterConfigReader } from './ClusterConfigReader';

const cluster = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'kubernetes-cluster', owner: 'team' },
});

describe('CatalogClusterLocator', () => {
  it('builds clusters from kubernetes-cluster resources, with tokens from our config', async () => {
    const settings = ClusterConfigReader.readSettings(
      new ConfigReader({
        kubernetes: { clusterLocatorMethods: [{ type: 'catalog' }] },
        workloadStatus: {
          clusters: { eu: { serviceAccountToken: 'eu-token' } },
        },
      }),
    );
    const locator = new CatalogClusterLocator({
      catalog: catalogServiceMock({
        entities: [
          cluster('eu', {
            'kubernetes.io/api-server': 'https://eu.example.com',
            'kubernetes.io/api-server-certificate-authority': 'Q0E=',
            'kubernetes.io/auth-provider': 'serviceAccount',
            'kubernetes.io/skip-tls-verify': 'true',
          }),
          cluster('us', {
            'kubernetes.io/api-server': 'https://us.example.com',
            'kubernetes.io/auth-provider': 'serviceAccount',
          }),
          cluster('gke', {
            'kubernetes.io/api-server': 'https://gke.example.com',
            'kubernetes.io/auth-provider': 'google',
          }),
        ],
      }),
      auth: mockServices.auth(),
      settings,
    });
    const { clusters, skipped } = await locator.getClusters();
    expect(clusters).toEqual([
      expect.objectContaining({
        name: 'eu',
        url: 'https://eu.example.com',
        source: 'catalog',
        serviceAccountToken: 'eu-token',
        caData: 'Q0E=',
        skipTLSVerify: false,
      }),
    ]);
    expect(skipped).toEqual([
      expect.stringContaining(
        'us: needs auth provider serviceAccount and workloadStatus.clusters.us.serviceAccountToken',
      ),
      expect.stringContaining('gke: needs'),
    ]);
  });
});
