import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { startStaticApiServer } from '../__testUtils__/staticApiServer';
import { ClusterConfigReader } from '../cluster/ClusterConfigReader';
import { EntityMatcher } from '../matching/EntityMatcher';
import { StatusPipeline } from './StatusPipeline';

const JWT =
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJl';
/** what the container printed last: the terminated message under FallbackToLogsOnError */
const LOG_TAIL = [
  'starting checkout',
  'connecting with password=hunter2',
  `calling payments with Authorization: Bearer ${JWT}`,
  'api_key: sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  'panic: payments said 401',
].join('\n');

const labels = { 'backstage.io/kubernetes-id': 'checkout', app: 'checkout' };

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'checkout-1',
    namespace: 'shop',
    uid: 'p1',
    resourceVersion: '1',
    creationTimestamp: '2026-01-01T00:00:00Z',
    labels,
  },
  spec: {
    restartPolicy: 'Always',
    containers: [
      {
        name: 'app',
        image: 'shop/checkout:1',
        terminationMessagePolicy: 'FallbackToLogsOnError',
      },
    ],
  },
  status: {
    phase: 'Running',
    startTime: '2026-01-01T00:00:00Z',
    message: 'pod says token=abc123secret',
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: 'ContainersNotReady',
        message: 'containers with unready status: [app] password=hunter2',
      },
    ],
    containerStatuses: [
      {
        name: 'app',
        image: 'shop/checkout:1',
        ready: false,
        restartCount: 4,
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off restarting failed container; last said: ${LOG_TAIL}`,
          },
        },
        lastState: {
          terminated: {
            reason: 'Error',
            exitCode: 2,
            finishedAt: '2026-01-01T00:05:00Z',
            message: LOG_TAIL,
          },
        },
      },
    ],
  },
};

/** a message longer than the projection keeps, the secret across the cut */
const longMessagePod = {
  ...pod,
  metadata: { ...pod.metadata, name: 'checkout-2', uid: 'p2' },
  status: {
    ...pod.status,
    containerStatuses: [
      {
        ...pod.status.containerStatuses[0],
        state: {
          terminated: {
            reason: 'Error',
            exitCode: 1,
            // cut at 1,024 characters, 23 of the token's 36 would remain:
            // too short to look like a token, unless the whole is redacted
            message: `${'x'.repeat(
              990,
            )} token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789`,
          },
        },
      },
    ],
  },
};

describe('StatusPipeline projection', () => {
  it('stores only redacted messages, so statuses show no secret', async () => {
    const settings = ClusterConfigReader.readSettings(new ConfigReader({}));
    const pipeline = new StatusPipeline({
      settings,
      logger: mockServices.logger.mock(),
      buildSources: [],
      kindRules: [],
    });
    // every watched type answers (empty but pods), so the cluster syncs
    const objects: Record<string, object[]> = {};
    for (const r of pipeline.resourceTypes()) {
      const path = r.group
        ? `/apis/${r.group}/${r.version}/${r.plural}`
        : `/api/${r.version}/${r.plural}`;
      objects[path] = [];
    }
    objects['/api/v1/pods'] = [pod, longMessagePod];
    const api = await startStaticApiServer(objects);
    try {
      pipeline.addCluster({
        name: 'prod',
        url: api.url,
        source: 'config',
        authProvider: 'serviceAccount',
        serviceAccountToken: 't',
        skipTLSVerify: false,
        operators: [],
      });
      pipeline.index.setEntity(
        new EntityMatcher('multiTenant').match({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'checkout',
            namespace: 'default',
            annotations: { 'backstage.io/kubernetes-id': 'checkout' },
          },
        }),
      );
      const store = pipeline.clusterCaches().get('prod')!.store;
      for (let i = 0; i < 200 && !(store.get('p1') && store.get('p2')); i++) {
        await new Promise(r => setTimeout(r, 20));
      }
      expect(store.get('p1')).toBeDefined();
      pipeline.statuses.resync();
      const status = pipeline.statuses.getStatus('component:default/checkout');
      const text = JSON.stringify(status);
      // the status does carry the messages, redacted
      expect(text).toContain('CrashLoopBackOff');
      expect(text).toContain('password=[REDACTED]');
      for (const secret of [
        'hunter2',
        JWT,
        'eyJ',
        'sk_live_',
        'abc123secret',
        'ghp_',
        'aBcDeFgHiJk',
      ]) {
        expect(text).not.toContain(secret);
      }
      // and so does everything the cache holds
      const cached = JSON.stringify([store.get('p1'), store.get('p2')]);
      expect(cached).toContain('[REDACTED]');
      for (const secret of ['hunter2', 'eyJ', 'sk_live_', 'aBcDeFgHiJk']) {
        expect(cached).not.toContain(secret);
      }
    } finally {
      await pipeline.stop();
      await api.close();
    }
  });
});
