import { mockServices } from '@backstage/backend-test-utils';
import { ObjectStore } from '../cache/ObjectStore';
import { ClusterConnection } from '../cluster/ClusterConnection';
import {
  startStaticApiServer,
  staticClusterSpec,
} from '../__testUtils__/staticApiServer';
import { ClusterUsage, POD_METRICS_PATH } from './ClusterUsage';
import { DEFAULT_USAGE_SETTINGS, UsageSettings } from './UsageSettings';

const MI = 2 ** 20;

function metrics(name: string, memory: string, cpu = '250000n') {
  return {
    metadata: { name, namespace: 'shop' },
    timestamp: '2026-12-07T00:00:00Z',
    window: '15s',
    containers: [{ name: 'app', usage: { cpu, memory } }],
  };
}

function pod(name: string, uid: string, limit?: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', uid },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'app:1',
          ...(limit ? { resources: { limits: { memory: limit } } } : {}),
        },
      ],
    },
  };
}

describe('ClusterUsage', () => {
  let server: Awaited<ReturnType<typeof startStaticApiServer>>;
  const objects: Record<string, object[]> = {};

  beforeAll(async () => {
    server = await startStaticApiServer(objects);
  });
  afterAll(() => server.close());

  function usageOf(settings: Partial<UsageSettings> = {}) {
    const store = new ObjectStore();
    store.upsert(pod('a', 'uid-a', '100Mi'));
    store.upsert(pod('b', 'uid-b'));
    const crossings: string[][] = [];
    const logger = mockServices.logger.mock();
    const usage = new ClusterUsage('c', {
      transport: ClusterConnection.create(staticClusterSpec('c', server.url), {
        requestTimeoutMs: 2000,
      }),
      store,
      settings: { ...DEFAULT_USAGE_SETTINGS, ...settings },
      logger,
      onCrossing: uids => crossings.push(uids),
    });
    return { usage, crossings, logger };
  }

  it('keeps numbers per container, and tells only of threshold crossings', async () => {
    objects[POD_METRICS_PATH] = [metrics('a', '95Mi'), metrics('b', '500Mi')];
    const { usage, crossings, logger } = usageOf();
    await usage.refresh();
    expect(usage.usageState).toBe('ok');
    expect(usage.lookup()!('shop', 'a')).toEqual(
      new Map([['app', { cpuMillicores: 0.25, memoryBytes: 95 * MI }]]),
    );
    expect(usage.lookup()!('shop', 'nope')).toBeUndefined();
    // b has no limit: it never crosses anything
    expect(crossings).toEqual([['uid-a']]);

    objects[POD_METRICS_PATH] = [metrics('a', '96Mi'), metrics('b', '600Mi')];
    await usage.refresh();
    expect(crossings).toEqual([['uid-a']]);

    objects[POD_METRICS_PATH] = [metrics('a', '50Mi')];
    await usage.refresh();
    expect(crossings).toEqual([['uid-a'], ['uid-a']]);
    expect(logger.info).toHaveBeenCalledTimes(1);
  });

  it('has no usage, quietly, on a cluster without metrics-server', async () => {
    objects[POD_METRICS_PATH] = [metrics('a', '99Mi')];
    const { usage, crossings, logger } = usageOf();
    await usage.refresh();
    delete objects[POD_METRICS_PATH];
    await usage.refresh();
    await usage.refresh();
    expect(usage.usageState).toBe('absent');
    expect(usage.lookup()).toBeUndefined();
    // the warning goes with the usage
    expect(crossings).toEqual([['uid-a'], ['uid-a']]);
    expect(logger.warn).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenLastCalledWith(
      'Cluster c serves no metrics.k8s.io (no metrics-server): no container usage',
    );
    expect(logger.info).toHaveBeenCalledTimes(2);
  });

  it('keeps at most maxPodsPerCluster pods and skips what it cannot read', async () => {
    objects[POD_METRICS_PATH] = [
      { metadata: { name: 'x' } },
      { metadata: { name: 'y', namespace: 'shop' }, containers: 'no' },
      metrics('z', 'lots'),
      metrics('a', '10Mi'),
      metrics('a', '11Mi'),
      metrics('b', '10Mi'),
      metrics('c', '10Mi'),
    ];
    const { usage, logger } = usageOf({ maxPodsPerCluster: 2 });
    await usage.refresh();
    expect(usage.podCount).toBe(2);
    expect(usage.current().droppedPods).toBe(1);
    expect(usage.lookup()!('shop', 'a')!.get('app')!.memoryBytes).toBe(10 * MI);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('workloadStatus.usage.maxPodsPerCluster'),
    );
  });

  it('aborts an answer over maxResponseBytes and says why once', async () => {
    objects[POD_METRICS_PATH] = Array.from({ length: 50 }, (_, i) =>
      metrics(`p${i}`, '10Mi'),
    );
    const { usage, logger } = usageOf({ maxResponseBytes: 2048 });
    await usage.refresh();
    await usage.refresh();
    expect(usage.usageState).toBe('failing');
    expect(usage.lookup()).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/larger than 2 KiB/),
    );
  });
});
