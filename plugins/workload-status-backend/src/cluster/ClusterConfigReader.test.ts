import { ConfigReader } from '@backstage/config';
import { ClusterConfigReader } from './ClusterConfigReader';

const cluster = (over: Record<string, unknown> = {}) => ({
  name: 'production',
  url: 'http://127.0.0.1:6551',
  authProvider: 'serviceAccount',
  serviceAccountToken: 'secret',
  ...over,
});
const config = (data: object) => new ConfigReader(data);

describe('ClusterConfigReader', () => {
  it('reads the Kubernetes plugin clusters and our settings, with defaults', () => {
    const c = config({
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              cluster(),
              cluster({ name: 'staging', caData: 'Q0E=', skipTLSVerify: true }),
            ],
          },
          { type: 'localKubectlProxy' },
        ],
      },
      workloadStatus: {
        requestTimeout: '5s',
        staleAfter: { minutes: 1 },
        clusters: {
          production: {
            operators: [{ namespace: 'argocd', labelSelector: 'app=argocd' }],
          },
        },
      },
    });
    const settings = ClusterConfigReader.readSettings(c);
    expect(settings).toMatchObject({
      serviceLocatorMethod: 'multiTenant',
      requestTimeoutMs: 5000,
      staleAfterMs: 60_000,
      pageSize: 500,
      listWorker: false,
      backoff: { initialMs: 800, maxMs: 30_000 },
      watchTimeoutSeconds: { min: 300, max: 600 },
      maxBatchSize: 1000,
      minWatchDurationMs: 5000,
      maxResponseBytes: 16 * 1024 * 1024,
      maxWatchLineBytes: 8 * 1024 * 1024,
    });
    const clusters = ClusterConfigReader.readClusters(c);
    expect(clusters.map(x => [x.name, x.source, x.authProvider])).toEqual([
      ['production', 'config', 'serviceAccount'],
      ['staging', 'config', 'serviceAccount'],
      ['local', 'localKubectlProxy', 'localKubectlProxy'],
    ]);
    expect(clusters[0].operators).toEqual([
      {
        name: 'argocd/app=argocd',
        namespace: 'argocd',
        labelSelector: 'app=argocd',
        container: undefined,
      },
    ]);
    expect(clusters[1]).toMatchObject({ caData: 'Q0E=', skipTLSVerify: true });
  });

  it('reads the log bounds and named operators', () => {
    const settings = ClusterConfigReader.readSettings(
      config({
        workloadStatus: {
          logs: { maxTailLines: 2000, maxBytes: 1024, followTimeout: '5m' },
          clusters: {
            production: {
              operators: [
                {
                  name: 'platform',
                  namespace: 'platform-system',
                  labelSelector: 'control-plane=controller-manager',
                  container: 'manager',
                },
              ],
            },
          },
        },
      }),
    );
    expect(settings.logs).toEqual({
      defaultTailLines: 500,
      maxTailLines: 2000,
      maxBytes: 1024,
      followTimeoutMs: 300_000,
      maxFollowStreams: 100,
      operatorTailLines: 1000,
      maxStreamsPerUser: 4,
      readTimeoutMs: 30_000,
      maxBuildStepReads: 30,
      operatorMaxPods: 10,
      operatorMaxBytes: 8 * 1024 * 1024,
      operatorCacheTtlMs: 10_000,
      operatorCacheMaxEntries: 100,
      operatorCacheMaxBytes: 32 * 1024 * 1024,
    });
    expect(settings.clusterSettings.production.operators).toEqual([
      {
        name: 'platform',
        namespace: 'platform-system',
        labelSelector: 'control-plane=controller-manager',
        container: 'manager',
      },
    ]);
  });

  it('adds a kubeconfig cluster named after its context', () => {
    const clusters = ClusterConfigReader.readClusters(
      config({
        workloadStatus: {
          kubeconfig: { path: '/tmp/kc', context: 'kind-dev' },
        },
      }),
    );
    expect(clusters).toEqual([
      expect.objectContaining({
        name: 'kind-dev',
        source: 'kubeconfig',
        kubeconfig: { path: '/tmp/kc', context: 'kind-dev' },
      }),
    ]);
  });

  it.each([
    [
      {
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'config', clusters: [cluster({ url: 'nope' })] },
          ],
        },
      },
      "kubernetes.clusterLocatorMethods[0].clusters[0].url: 'nope' is not a URL",
    ],
    [
      {
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'config', clusters: [cluster({ authProvider: 'google' })] },
          ],
        },
      },
      'kubernetes.clusterLocatorMethods[0].clusters[0].authProvider',
    ],
    [
      {
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'config', clusters: [cluster(), cluster()] },
          ],
        },
      },
      "kubernetes.clusterLocatorMethods[0].clusters[1]: duplicate cluster name 'production'",
    ],
    [
      { kubernetes: { clusterLocatorMethods: [{ type: 'bogus' }] } },
      'kubernetes.clusterLocatorMethods[0].type',
    ],
    [
      { kubernetes: { serviceLocatorMethod: { type: 'http' } } },
      'kubernetes.serviceLocatorMethod.type',
    ],
    [{ workloadStatus: { pageSize: 0 } }, 'workloadStatus.pageSize'],
    [
      { workloadStatus: { watchTimeoutSeconds: { min: 600, max: 300 } } },
      'workloadStatus.watchTimeoutSeconds',
    ],
    [
      { workloadStatus: { backoff: { initial: '1m', max: '1s' } } },
      'workloadStatus.backoff',
    ],
    [
      { workloadStatus: { minWatchDuration: '10m' } },
      'workloadStatus.minWatchDuration: longer than watchTimeoutSeconds.min',
    ],
    [
      { workloadStatus: { maxResponseBytes: 1024 } },
      'workloadStatus.maxResponseBytes',
    ],
    [
      { workloadStatus: { maxWatchLineBytes: 1.5 } },
      'workloadStatus.maxWatchLineBytes',
    ],
    [
      {
        workloadStatus: {
          maxResponseBytes: 1024 * 1024,
          maxWatchLineBytes: 2 * 1024 * 1024,
        },
      },
      'workloadStatus.maxWatchLineBytes: greater than maxResponseBytes',
    ],
    [
      { workloadStatus: { requestTimeout: 'soon' } },
      'workloadStatus.requestTimeout',
    ],
    [
      { workloadStatus: { clusters: { nowhere: {} } } },
      'workloadStatus.clusters.nowhere',
    ],
    [
      { workloadStatus: { logs: { maxTailLines: 1.5 } } },
      'workloadStatus.logs.maxTailLines',
    ],
    [
      {
        workloadStatus: { logs: { maxTailLines: 100, defaultTailLines: 500 } },
      },
      'workloadStatus.logs.defaultTailLines: greater than logs.maxTailLines',
    ],
    [
      { workloadStatus: { logs: { maxBytes: 0 } } },
      'workloadStatus.logs.maxBytes',
    ],
    [
      { workloadStatus: { logs: { followTimeout: 'forever' } } },
      'workloadStatus.logs.followTimeout',
    ],
    [
      {
        workloadStatus: {
          clusters: {
            production: {
              operators: [{ namespace: 'Bad_NS', labelSelector: 'a=b' }],
            },
          },
        },
      },
      'workloadStatus.clusters.production.operators[0].namespace',
    ],
    [
      {
        workloadStatus: {
          clusters: {
            production: {
              operators: [{ namespace: 'ops', labelSelector: 'a=b;rm' }],
            },
          },
        },
      },
      'workloadStatus.clusters.production.operators[0].labelSelector',
    ],
  ])('names the key of a bad value: %j', (data, key) => {
    expect(() => ClusterConfigReader.readClusters(config(data))).toThrow(key);
  });
});
