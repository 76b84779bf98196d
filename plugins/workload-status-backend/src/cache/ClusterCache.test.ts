import { mockServices } from '@backstage/backend-test-utils';
import {
  ClusterRequestError,
  WatchInactivityError,
} from '../cluster/ClusterConnection';
import type { WorkloadStatusSettings } from '../cluster/types';
import { ClusterCache } from './ClusterCache';
import type { ReflectorTransport } from './Reflector';

const NOW = Date.parse('2026-01-15T10:00:00Z');

/**
 * An API server with one pod, no permission to read nodes, no CronJob
 * type installed and deployments that cannot be reached; watches hang
 * until stopped.
 */
class OneOfEachServer implements ReflectorTransport {
  async getJson<T>(path: string): Promise<T> {
    if (path.includes('/nodes')) {
      throw new ClusterRequestError('nodes is forbidden (403)', 403);
    }
    if (path.includes('/cronjobs')) {
      throw new ClusterRequestError('the server could not find it', 404);
    }
    if (path.includes('/deployments')) {
      throw new ClusterRequestError('connect ECONNREFUSED 10.0.0.9:6443');
    }
    return {
      metadata: { resourceVersion: '7' },
      items: [
        {
          metadata: {
            uid: 'uid-web-1',
            name: 'web-1',
            namespace: 'shop',
            resourceVersion: '7',
          },
        },
      ],
    } as T;
  }

  async stream(_path: string, options: { signal: AbortSignal }) {
    await new Promise<void>(resolve =>
      options.signal.addEventListener('abort', () => resolve()),
    );
  }
}

const settings = {
  staleAfterMs: 60_000,
  pageSize: 100,
  watchTimeoutSeconds: { min: 300, max: 600 },
  backoff: { initialMs: 60_000, maxMs: 60_000 },
  watchInactivityTimeoutMs: 60_000,
  minWatchDurationMs: 5_000,
  maxResponseBytes: 1_000_000,
  maxWatchLineBytes: 1_000_000,
} as WorkloadStatusSettings;

describe('ClusterCache', () => {
  it('reports the health of each watched resource type', async () => {
    const cache = new ClusterCache('edge', {
      transport: new OneOfEachServer(),
      resources: [
        { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
        {
          group: 'apps',
          version: 'v1',
          plural: 'deployments',
          kind: 'Deployment',
        },
        { group: 'batch', version: 'v1', plural: 'cronjobs', kind: 'CronJob' },
        { group: '', version: 'v1', plural: 'nodes', kind: 'Node' },
      ],
      project: o => o,
      settings,
      logger: mockServices.logger.mock(),
      now: () => NOW,
    });
    cache.start();
    try {
      // every reflector has made its first call
      for (let i = 0; i < 50; i++) {
        const resources = cache.health().resources;
        if (resources.every(r => r.watch !== 'listing')) break;
        await new Promise(r => setTimeout(r, 10));
      }
      const health = cache.health();
      expect(health).toMatchObject({
        name: 'edge',
        synced: false,
        reachable: false,
        stale: true,
        objects: { Pod: 1 },
      });
      expect(health.resources).toEqual([
        expect.objectContaining({
          resource: 'cronjobs.batch',
          kind: 'CronJob',
          watch: 'absent',
          synced: true,
          objects: 0,
        }),
        expect.objectContaining({
          resource: 'deployments.apps',
          kind: 'Deployment',
          watch: 'failing',
          synced: false,
          reachable: false,
          lastError: 'connect ECONNREFUSED 10.0.0.9:6443',
          lists: 0,
        }),
        expect.objectContaining({
          resource: 'nodes',
          kind: 'Node',
          watch: 'failing',
          synced: true,
          lastError: 'nodes is forbidden (403)',
        }),
        expect.objectContaining({
          resource: 'pods',
          kind: 'Pod',
          watch: 'watching',
          synced: true,
          reachable: true,
          lastSyncAt: new Date(NOW).toISOString(),
          lists: 1,
          objects: 1,
        }),
      ]);
    } finally {
      await cache.stop();
    }
  });
});

/** Lists work; the watches of `silent` types go silent, the others hang open. */
class SilentWatchServer implements ReflectorTransport {
  constructor(private readonly silent: string[]) {}

  async getJson<T>(): Promise<T> {
    return { metadata: { resourceVersion: '7' }, items: [] } as T;
  }

  async stream(path: string, options: { signal: AbortSignal }) {
    if (this.silent.some(s => path.includes(`/${s}?`))) {
      throw new WatchInactivityError(`Watch ${path} sent nothing for 60000 ms`);
    }
    await new Promise<void>(resolve =>
      options.signal.addEventListener('abort', () => resolve()),
    );
  }
}

describe('ClusterCache with a silent resource type', () => {
  const resources = [
    { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
    { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment' },
  ];
  const start = async (silent: string[]) => {
    const cache = new ClusterCache('edge', {
      transport: new SilentWatchServer(silent),
      resources,
      project: o => o,
      settings,
      logger: mockServices.logger.mock(),
      now: () => NOW,
    });
    cache.start();
    for (let i = 0; i < 100; i++) {
      if (cache.staleResourceTypes().length === silent.length && cache.synced)
        break;
      await new Promise(r => setTimeout(r, 10));
    }
    return cache;
  };

  it('marks that type stale, not the cluster', async () => {
    const cache = await start(['pods']);
    try {
      expect(cache.staleResourceTypes()).toEqual([
        {
          resource: 'pods',
          kind: 'Pod',
          since: NOW,
          error: expect.stringMatching(/sent nothing/),
        },
      ]);
      const health = cache.health();
      expect(health).toMatchObject({
        synced: true,
        reachable: true,
        stale: false,
      });
      // the type's failure is on its row, not the cluster's
      expect(health.lastError).toBeUndefined();
      expect(health.resources.find(r => r.kind === 'Pod')).toMatchObject({
        watch: 'failing',
        staleSince: new Date(NOW).toISOString(),
      });
      expect(
        health.resources.find(r => r.kind === 'Deployment')?.staleSince,
      ).toBeUndefined();
    } finally {
      await cache.stop();
    }
  });

  it('is stale as a whole when no type is current', async () => {
    const cache = await start(['pods', 'deployments']);
    try {
      expect(cache.health()).toMatchObject({ reachable: true, stale: true });
      expect(cache.health().lastError).toMatch(/sent nothing/);
    } finally {
      await cache.stop();
    }
  });
});
