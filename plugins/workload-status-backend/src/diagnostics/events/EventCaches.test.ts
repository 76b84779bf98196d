import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { ClusterCache } from '../../cache/ClusterCache';
import { ClusterConfigReader } from '../../cluster/ClusterConfigReader';
import { ClusterConnection } from '../../cluster/ClusterConnection';
import { startStaticApiServer } from '../../__testUtils__/staticApiServer';
import { EventCaches } from './EventCaches';
import { readEventSettings } from './EventSettings';

const EVENTS_V1 = '/apis/events.k8s.io/v1/events';
const CORE_EVENTS = '/api/v1/events';

const event = (uid: string, apiVersion: string) => ({
  apiVersion,
  kind: 'Event',
  metadata: { uid, name: uid, namespace: 'shop', resourceVersion: '1' },
  reason: 'Pulled',
  ...(apiVersion === 'v1'
    ? { message: 'pulled', involvedObject: { kind: 'Pod', name: 'p' } }
    : { note: 'pulled', regarding: { kind: 'Pod', name: 'p' } }),
});

async function eventually(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) {
    await new Promise(r => setTimeout(r, 20));
  }
  expect(check()).toBe(true);
}

/*
 * One event API per cluster: events.k8s.io/v1, and core/v1 only where the
 * first cannot be read. The server serves a different event through each
 * path, so which one the cache read is visible in what it holds.
 */
describe('EventCaches', () => {
  async function watch(
    objects: Record<string, object[]>,
    refused: Record<string, number> = {},
  ) {
    const server = await startStaticApiServer(objects, refused);
    const logger = mockServices.logger.mock();
    const caches = new EventCaches({
      settings: ClusterConfigReader.readSettings(new ConfigReader({})),
      events: readEventSettings(new ConfigReader({})),
      logger,
    });
    caches.clusterAdded(
      'prod',
      {} as ClusterCache,
      ClusterConnection.create(
        {
          name: 'prod',
          url: server.url,
          source: 'config',
          authProvider: 'serviceAccount',
          serviceAccountToken: 't',
          skipTLSVerify: false,
          operators: [],
        },
        { requestTimeoutMs: 2000 },
      ),
    );
    const calls = (path: string) =>
      server.requests.filter(r => r.split('?')[0] === path).length;
    return {
      caches,
      logger,
      calls,
      async stop() {
        await caches.stop();
        await server.close();
      },
    };
  }

  const both = {
    [EVENTS_V1]: [event('new-api', 'events.k8s.io/v1')],
    [CORE_EVENTS]: [event('core-api', 'v1')],
  };

  it('reads events.k8s.io/v1 alone where the cluster serves it', async () => {
    const w = await watch(both);
    await eventually(() => w.caches.current('prod'));
    await eventually(() => w.caches.store('prod')!.size === 1);
    expect(w.caches.store('prod')!.uidsOfKind('Event')).toEqual(['new-api']);
    expect(w.calls(EVENTS_V1)).toBeGreaterThan(0);
    expect(w.calls(CORE_EVENTS)).toBe(0);
    await w.stop();
  });

  it('reads core/v1 where events.k8s.io/v1 is not served', async () => {
    const w = await watch({ [CORE_EVENTS]: both[CORE_EVENTS] });
    await eventually(() => w.caches.store('prod')!.size === 1);
    expect(w.caches.store('prod')!.uidsOfKind('Event')).toEqual(['core-api']);
    expect(w.caches.current('prod')).toBe(true);
    expect(w.logger.info).toHaveBeenCalledWith(
      expect.stringContaining('reading events through core/v1'),
    );
    await w.stop();
  });

  it('reads core/v1 where events.k8s.io/v1 is forbidden', async () => {
    const w = await watch(both, { [EVENTS_V1]: 403 });
    await eventually(() => w.caches.store('prod')!.size === 1);
    expect(w.caches.store('prod')!.uidsOfKind('Event')).toEqual(['core-api']);
    await eventually(() => w.caches.current('prod'));
    // one fallback, however often the refused API is asked again
    const fallbacks = (w.logger.info as jest.Mock).mock.calls.filter(
      ([message]) => String(message).includes('through core/v1'),
    );
    expect(fallbacks).toHaveLength(1);
    await w.stop();
  });
});
