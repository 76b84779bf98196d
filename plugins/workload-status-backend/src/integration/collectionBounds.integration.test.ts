import type { LoggerService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { EntityEventsResponse } from '@workload-status/backstage-plugin-workload-status-common';
import { startSimulator, Simulator } from '@internal/cluster-simulator';
import request from 'supertest';
import { ClusterConfigReader } from '../cluster/ClusterConfigReader';
import { EventCaches } from '../diagnostics/events/EventCaches';
import { readEventSettings } from '../diagnostics/events/EventSettings';
import { StatusPipeline } from '../status/StatusPipeline';
import { SCENARIO, startHarness } from '../__testUtils__/simulatorHarness';

jest.setTimeout(120_000);

const MiB = 1024 * 1024;
const SECRETS = [
  'password=hunter2',
  'Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123',
  'AKIAIOSFODNN7EXAMPLE',
];
const LEAKED = /hunter2|abcdefghijklmnop|AKIAIOSFODNN7/;

/** An Event of `bytes` about `pod`, with secrets at its start and end. */
function hostileEvent(
  i: number,
  pod: { name: string; uid: string },
  at: Date,
  bytes = MiB,
) {
  const filler = 'lorem ipsum '.repeat(Math.floor(bytes / 12));
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `hostile-${i}`, namespace: 'shop' },
    involvedObject: { kind: 'Pod', namespace: 'shop', ...pod },
    type: 'Warning',
    reason: 'Hostile',
    message: `event ${i}: ${SECRETS[i % 3]} ${filler} ${SECRETS[(i + 1) % 3]}`,
    firstTimestamp: at.toISOString(),
    lastTimestamp: at.toISOString(),
    count: 1,
    source: { component: 'attacker' },
  };
}

function checkoutPod(sim: Simulator) {
  const pod = sim
    .cluster('production')
    .list('Pod', 'shop')
    .find(p => p.metadata.name?.startsWith('checkout-'))!;
  return { name: pod.metadata.name!, uid: pod.metadata.uid! };
}

/** A logger that keeps its lines, children included. */
function recordingLogger(lines: string[]): LoggerService {
  const logger: LoggerService = {
    error: m => lines.push(`error ${m}`),
    warn: m => lines.push(`warn ${m}`),
    info: m => lines.push(`info ${m}`),
    debug: m => lines.push(`debug ${m}`),
    child: () => logger,
  };
  return logger;
}

describe('events of 1 MiB through the backend', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const auth = mockCredentials.user.header('user:default/alice');

  beforeAll(async () => {
    h = await startHarness(['checkout']);
    await h.eventually(h.clusters, cs => cs.every(c => c.synced), 20_000);
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('answers 60 events of 1 MiB about one pod in well under 2 MiB, with no secret', async () => {
    const cluster = h.sim.cluster('production');
    const pod = checkoutPod(h.sim);
    const now = h.sim.clock.now().getTime();
    for (let i = 0; i < 60; i++) {
      cluster.apply(hostileEvent(i, pod, new Date(now - (60 - i) * 1000)));
    }
    const get = async () =>
      request(h.backend.server)
        .get(
          '/api/workload-status/v1/entities/default/component/checkout/events',
        )
        .set('Authorization', auth);
    const hostile = (r: request.Response) =>
      ((r.body as EntityEventsResponse).items ?? []).filter(
        e => e.reason === 'Hostile',
      );
    const res = await h.eventually(get, r => hostile(r).length === 60, 30_000);
    expect(res.status).toBe(200);
    // before the bounds: 60 MiB
    expect(Buffer.byteLength(res.text)).toBeLessThan(2 * MiB);
    expect(Buffer.byteLength(res.text)).toBeLessThan(400 * 1024);
    expect(res.text).not.toMatch(LEAKED);
    const items = hostile(res);
    expect(items.every(e => e.messageTruncated === true)).toBe(true);
    expect(items.every(e => Buffer.byteLength(e.message) <= 4096)).toBe(true);
    expect(items[0].message).toMatch(/^event \d+: .*\[REDACTED\] lorem ipsum/);
  });
});

describe('collection against a hostile apiserver', () => {
  let sim: Simulator;
  const pipelines: StatusPipeline[] = [];

  beforeAll(async () => {
    sim = await startSimulator({
      scenario: {
        ...SCENARIO,
        clusters: SCENARIO.clusters.filter(c => c.name === 'production'),
      },
      clock: 'manual',
      token: 'tok',
      bookmarkIntervalMs: 200,
    });
  });

  afterAll(async () => {
    await Promise.all(pipelines.map(p => p.stop()));
    await sim?.stop();
  });

  const watch = (
    workloadStatus: object,
    logger: LoggerService = mockServices.logger.mock(),
    eventCaches?: (
      settings: ReturnType<typeof ClusterConfigReader.readSettings>,
    ) => EventCaches,
  ) => {
    const config = new ConfigReader({ workloadStatus });
    const settings = ClusterConfigReader.readSettings(config);
    const pipeline = new StatusPipeline({
      settings,
      logger,
      buildSources: [],
      kindRules: [],
    });
    pipelines.push(pipeline);
    const events = eventCaches?.(settings);
    if (events) pipeline.addClusterListener(events);
    const c = sim.cluster('production');
    pipeline.addCluster({
      name: 'production',
      url: c.url,
      source: 'config',
      authProvider: 'serviceAccount',
      serviceAccountToken: c.token,
      skipTLSVerify: false,
      operators: [],
    });
    return { pipeline, events };
  };

  const eventually = async (check: () => boolean, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!check() && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 25));
    }
    expect(check()).toBe(true);
  };

  it('does not relist in a loop when every watch answers 410', async () => {
    // the default backoff (800 ms doubling to 30 s) and minimum watch duration
    const { pipeline } = watch({});
    const cache = pipeline.clusterCaches().get('production')!;
    await eventually(() => cache.synced);
    const lists = () =>
      Object.fromEntries(
        Object.entries(cache.reflectorHealth()).map(([kind, r]) => [
          kind,
          r.lists,
        ]),
      );
    const c = sim.cluster('production');
    await c.faults.set({ expireWatches: true });
    c.faults.expireWatches();
    const before = lists();
    await new Promise(r => setTimeout(r, 2000));
    const after = lists();
    await c.faults.clear();
    const relists = Object.keys(after).map(kind => after[kind] - before[kind]);
    // before the 410 backoff: hundreds of LISTs per type in 2 s. Now the
    // first relist is at once, the second after 0.8 to 1.6 s
    expect(Math.max(...relists)).toBeLessThanOrEqual(3);
    // (types absent from the cluster do not watch)
    expect(after.Pod - before.Pod).toBeGreaterThanOrEqual(1);
    await pipeline.stop();
  });

  it('lists events whose LIST page is over the cap in smaller pages, saying so in the log', async () => {
    const c = sim.cluster('production');
    const pod = checkoutPod(sim);
    const now = sim.clock.now().getTime();
    // 20 events of 1 MiB: one LIST page of 20 MiB, over a cap of 16 MiB
    for (let i = 0; i < 20; i++) {
      c.apply(hostileEvent(100 + i, pod, new Date(now - i * 1000)));
    }
    const lines: string[] = [];
    const { events } = watch(
      {
        backoff: { initial: { milliseconds: 20 }, max: { milliseconds: 200 } },
      },
      recordingLogger(lines),
      settings =>
        new EventCaches({
          settings,
          events: readEventSettings(new ConfigReader({})),
          logger: recordingLogger(lines),
        }),
    );
    await eventually(() => events!.current('production'));
    const store = events!.store('production')!;
    const about = store.eventsOf([
      { kind: 'Pod', metadata: { ...pod, namespace: 'shop' } },
    ]).events;
    expect(about.filter(e => e.reason === 'Hostile')).toHaveLength(20);
    expect(about.every(e => !LEAKED.test(e.message))).toBe(true);
    expect(store.bytes).toBeLessThanOrEqual(32 * MiB);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^warn The answer of cluster production to GET \/apis\/events\.k8s\.io\/v1\/events\?limit=500 is larger than 16 MiB \(workloadStatus\.maxResponseBytes\); the request was aborted; listing with 250 objects per page/,
      ),
    );
    await events!.stop();
  });
});
