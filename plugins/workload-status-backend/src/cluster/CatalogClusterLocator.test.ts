import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogClusterLocator } from './CatalogClusterLocator';
import { ClusterConfigReader } from './ClusterConfigReader';

const cluster = (
  name: string,
  annotations: Record<string, string>,
  namespace = 'default',
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace, annotations },
  spec: { type: 'kubernetes-cluster', owner: 'team' },
});

const serviceAccount = (url: string, more: Record<string, string> = {}) => ({
  'kubernetes.io/api-server': url,
  'kubernetes.io/auth-provider': 'serviceAccount',
  ...more,
});

const catalogConfig = (clusters: Record<string, object>) =>
  new ConfigReader({
    kubernetes: { clusterLocatorMethods: [{ type: 'catalog' }] },
    workloadStatus: { clusters },
  });

async function locate(
  clusters: Record<string, object>,
  entities: ReturnType<typeof cluster>[],
) {
  const locator = new CatalogClusterLocator({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    settings: ClusterConfigReader.readSettings(catalogConfig(clusters)),
  });
  return locator.getClusters();
}

describe('CatalogClusterLocator', () => {
  it('builds clusters from kubernetes-cluster resources, with token, URL and CA from our config', async () => {
    const { clusters, skipped } = await locate(
      {
        eu: {
          serviceAccountToken: 'eu-token',
          url: 'https://eu.example.com',
          caData: 'Q0E=',
        },
      },
      [
        cluster(
          'eu',
          serviceAccount('https://EU.example.com:443/', {
            'kubernetes.io/api-server-certificate-authority': 'Q0\nE=',
            'kubernetes.io/skip-tls-verify': 'true',
          }),
        ),
        cluster('us', serviceAccount('https://us.example.com')),
        cluster('gke', {
          'kubernetes.io/api-server': 'https://gke.example.com',
          'kubernetes.io/auth-provider': 'google',
        }),
      ],
    );
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
      'us (resource:default/us): needs auth provider serviceAccount and workloadStatus.clusters.us.serviceAccountToken',
      'gke (resource:default/gke): needs auth provider serviceAccount and workloadStatus.clusters.gke.serviceAccountToken',
    ]);
  });

  /*
   * The attacker registers catalog entities; the token must only ever go
   * to the server app-config names for the cluster.
   */
  describe('hostile entities', () => {
    const staging = {
      serviceAccountToken: 'staging-token',
      url: 'https://staging.example.com:6443',
      caData: 'U1RBR0lORy1DQQ==',
    };

    it('refuses both entities of a name claimed twice, whichever sorts first', async () => {
      const { clusters, skipped } = await locate({ staging }, [
        cluster(
          'staging',
          serviceAccount('https://attacker.example.net'),
          'aaa',
        ),
        cluster('staging', serviceAccount('https://staging.example.com:6443')),
      ]);
      expect(clusters).toEqual([]);
      expect(skipped).toEqual([
        'staging: refused, 2 catalog entities claim this cluster name (resource:aaa/staging, resource:default/staging); remove all but one',
      ]);
    });

    it('counts names that differ in case as one name claimed twice', async () => {
      const { clusters, skipped } = await locate({ staging }, [
        cluster('staging', serviceAccount('https://staging.example.com:6443')),
        cluster('Staging', serviceAccount('https://staging.example.com:6443')),
      ]);
      expect(clusters).toEqual([]);
      expect(skipped).toEqual([
        expect.stringMatching(/^staging: refused, 2 catalog entities/),
      ]);
    });

    it.each([
      ['another host', 'https://attacker.example.net:6443'],
      ['another port', 'https://staging.example.com:7443'],
      ['plain http to the same host', 'http://staging.example.com:6443'],
      ['another path', 'https://staging.example.com:6443/proxy'],
      ['credentials in the URL', 'https://user:pw@staging.example.com:6443'],
      ['a query', 'https://staging.example.com:6443/?x=1'],
      ['not a URL', 'staging.example.com'],
    ])('refuses an entity whose URL is %s', async (_what, url) => {
      const { clusters, skipped } = await locate({ staging }, [
        cluster('staging', serviceAccount(url)),
      ]);
      expect(clusters).toEqual([]);
      expect(skipped).toEqual([
        `staging (resource:default/staging): refused, its kubernetes.io/api-server '${url}' is not workloadStatus.clusters.staging.url 'https://staging.example.com:6443'`,
      ]);
    });

    it('refuses an entity that swaps the CA', async () => {
      const { clusters, skipped } = await locate({ staging }, [
        cluster(
          'staging',
          serviceAccount('https://staging.example.com:6443', {
            'kubernetes.io/api-server-certificate-authority':
              'QVRUQUNLRVItQ0E=',
          }),
        ),
      ]);
      expect(clusters).toEqual([]);
      expect(skipped).toEqual([
        'staging (resource:default/staging): refused, its kubernetes.io/api-server-certificate-authority is not workloadStatus.clusters.staging.caData',
      ]);
    });

    it('refuses an entity that brings a CA when the config trusts the system CAs', async () => {
      const { clusters, skipped } = await locate(
        { staging: { ...staging, caData: undefined } },
        [
          cluster(
            'staging',
            serviceAccount('https://staging.example.com:6443', {
              'kubernetes.io/api-server-certificate-authority':
                'QVRUQUNLRVItQ0E=',
            }),
          ),
        ],
      );
      expect(clusters).toEqual([]);
      expect(skipped).toEqual([
        'staging (resource:default/staging): refused, its kubernetes.io/api-server-certificate-authority is not workloadStatus.clusters.staging.caData (not set: the system CAs are trusted)',
      ]);
    });

    it('uses the configured CA when the entity names none', async () => {
      const { clusters } = await locate({ staging }, [
        cluster('staging', serviceAccount('https://staging.example.com:6443')),
      ]);
      expect(clusters).toEqual([
        expect.objectContaining({
          url: 'https://staging.example.com:6443',
          caData: 'U1RBR0lORy1DQQ==',
          serviceAccountToken: 'staging-token',
        }),
      ]);
    });

    it('sends to a plain http URL only when the config allows it by name', async () => {
      const dev = {
        serviceAccountToken: 'dev-token',
        url: 'http://127.0.0.1:6551',
        allowInsecureHttp: true,
      };
      const { clusters } = await locate({ dev }, [
        cluster('dev', serviceAccount('http://127.0.0.1:6551/')),
      ]);
      expect(clusters).toEqual([
        expect.objectContaining({ name: 'dev', url: 'http://127.0.0.1:6551' }),
      ]);
    });
  });

  describe('settings, checked at start', () => {
    const read = (clusters: Record<string, object>) =>
      ClusterConfigReader.readClusters(catalogConfig(clusters));

    it('requires the URL the token goes to', () => {
      expect(() => read({ eu: { serviceAccountToken: 't' } })).toThrow(
        "Invalid config at workloadStatus.clusters.eu.url: required with serviceAccountToken, the only API server the token is sent to (the catalog entity's URL must agree)",
      );
    });

    it('refuses plain http unless allowInsecureHttp says so', () => {
      expect(() =>
        read({ eu: { serviceAccountToken: 't', url: 'HTTP://eu:80' } }),
      ).toThrow(
        /workloadStatus\.clusters\.eu\.url: 'HTTP:\/\/eu:80' is plain http, which would send the token in clear; use https, or set workloadStatus\.clusters\.eu\.allowInsecureHttp: true/,
      );
      expect(
        read({
          eu: {
            serviceAccountToken: 't',
            url: 'http://eu',
            allowInsecureHttp: true,
          },
        }),
      ).toEqual([]);
    });

    it('refuses a URL that is not one', () => {
      expect(() =>
        read({ eu: { serviceAccountToken: 't', url: 'eu.example.com' } }),
      ).toThrow(
        /workloadStatus\.clusters\.eu\.url: 'eu\.example\.com' is not a URL/,
      );
    });

    it('keeps url, caData and allowInsecureHttp to catalog clusters', () => {
      const config = new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'prod',
                  url: 'https://prod',
                  authProvider: 'serviceAccount',
                },
              ],
            },
            { type: 'catalog' },
          ],
        },
        workloadStatus: {
          clusters: { prod: { url: 'https://elsewhere' } },
        },
      });
      expect(() => ClusterConfigReader.readClusters(config)).toThrow(
        /workloadStatus\.clusters\.prod\.url: only for clusters of the catalog locator/,
      );
    });
  });
});
