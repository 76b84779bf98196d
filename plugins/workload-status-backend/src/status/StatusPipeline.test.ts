import { ListPageThread } from '../cache/listWorker/ListPageThread';
import {
  newStatusPipeline,
  startStaticClusterPipeline,
} from '../__testUtils__/staticClusterPipeline';

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

/**
 * A pipeline with these workloadStatus settings, synced with the two pods,
 * whose stored first pod is checked redacted.
 */
async function syncedPods(workloadStatus: object) {
  const cluster = await startStaticClusterPipeline(
    newStatusPipeline({ config: { workloadStatus } }),
    { '/api/v1/pods': [pod, longMessagePod] },
    'checkout',
  );
  await cluster.settle(['p1', 'p2']);
  expect(JSON.stringify(cluster.cache.store.get('p1'))).toContain(
    'password=[REDACTED]',
  );
  return cluster;
}

describe('StatusPipeline projection', () => {
  it('stores only redacted messages, so statuses show no secret', async () => {
    const pipeline = newStatusPipeline();
    const cluster = await startStaticClusterPipeline(
      pipeline,
      { '/api/v1/pods': [pod, longMessagePod] },
      'checkout',
    );
    try {
      const store = cluster.cache.store;
      await cluster.settle(['p1', 'p2']);
      expect(store.get('p1')).toBeDefined();
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
      await cluster.stop();
    }
  });

  it('projects LIST pages in its list worker, off the event loop thread', async () => {
    const pages = jest.spyOn(ListPageThread.prototype, 'project');
    const cluster = await syncedPods({ listWorker: true });
    try {
      // the pods' page went to the worker, which answered it (undefined
      // would have had this thread parse it)
      const answers = await Promise.all(pages.mock.results.map(r => r.value));
      expect(answers.length).toBeGreaterThan(0);
      const podPage = answers.find(a => a?.uids.includes('p1'));
      expect(podPage?.uids).toEqual(['p1', 'p2']);
      expect(answers.every(a => a !== undefined)).toBe(true);
    } finally {
      pages.mockRestore();
      await cluster.stop();
    }
  });

  it('parses LIST pages on its own thread unless the list worker is configured', async () => {
    const pages = jest.spyOn(ListPageThread.prototype, 'project');
    const cluster = await syncedPods({});
    try {
      expect(pages).not.toHaveBeenCalled();
    } finally {
      pages.mockRestore();
      await cluster.stop();
    }
  });
});
