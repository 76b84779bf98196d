import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { ClusterCache } from '../../cache/ClusterCache';
import { ClusterConfigReader } from '../../cluster/ClusterConfigReader';
import { ClusterConnection } from '../../cluster/ClusterConnection';
import { eventually } from '../../__testUtils__/backendRequests';
import {
  startStaticApiServer,
  staticClusterSpec,
} from '../../__testUtils__/staticApiServer';
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
      ClusterConnection.create(staticClusterSpec('prod', server.url), {
        requestTimeoutMs: 2000,
      }),
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
    await eventually(async () => w.caches.current('prod'), Boolean, 'read');
    await eventually(
      async () => w.caches.store('prod')!.size,
      n => n === 1,
      'one event',
    );
    expect(w.caches.store('prod')!.uidsOfKind('Event')).toEqual(['new-api']);
    expect(w.calls(EVENTS_V1)).toBeGreaterThan(0);
    expect(w.calls(CORE_EVENTS)).toBe(0);
    await w.stop();
  });

  it('reads core/v1 where events.k8s.io/v1 is not served', async () => {
    const w = await watch({ [CORE_EVENTS]: both[CORE_EVENTS] });
    await eventually(
      async () => w.caches.store('prod')!.size,
      n => n === 1,
      'one event',
    );
    expect(w.caches.store('prod')!.uidsOfKind('Event')).toEqual(['core-api']);
    expect(w.caches.current('prod')).toBe(true);
    expect(w.logger.info).toHaveBeenCalledWith(
      expect.stringContaining('reading events through core/v1'),
    );
    await w.stop();
  });

  it('reads core/v1 where events.k8s.io/v1 is forbidden', async () => {
    const w = await watch(both, { [EVENTS_V1]: 403 });
    await eventually(
      async () => w.caches.store('prod')!.size,
      n => n === 1,
      'one event',
    );
    expect(w.caches.store('prod')!.uidsOfKind('Event')).toEqual(['core-api']);
    await eventually(async () => w.caches.current('prod'), Boolean, 'read');
    // one fallback, however often the refused API is asked again
    const fallbacks = (w.logger.info as jest.Mock).mock.calls.filter(
      ([message]) => String(message).includes('through core/v1'),
    );
    expect(fallbacks).toHaveLength(1);
    await w.stop();
  });
});
