/*
 * Container usage against the simulated clusters over HTTP: `metered` has
 * metrics-server (metrics.k8s.io), `plain` has none. The backend samples
 * every second here; the simulated clock moves only when the test says.
 */
import { parseScenario } from '@internal/cluster-simulator';
import type { EntityStatus } from '@workload-status/backstage-plugin-workload-status-common';
import { startHarness } from '../__testUtils__/simulatorHarness';

const MI = 2 ** 20;

function deployment(
  name: string,
  namespace: string,
  options: { leak?: boolean; limit?: string } = {},
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace,
      labels: { 'backstage.io/kubernetes-id': name, app: name },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: {
          labels: { 'backstage.io/kubernetes-id': name, app: name },
          ...(options.leak
            ? {
                annotations: {
                  'simulator.workload-status.dev/behaviour': 'memory-leak',
                  'simulator.workload-status.dev/run-for': '2m',
                },
              }
            : {}),
        },
        spec: {
          containers: [
            {
              name: 'app',
              image: `registry.example.com/${name}:1.0.0`,
              resources: {
                requests: { cpu: '200m', memory: '128Mi' },
                limits: { memory: options.limit ?? '256Mi' },
              },
            },
          ],
        },
      },
    },
  };
}

const namespace = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels: { 'backstage.io/owner': 'team-shop' } },
});

const SCENARIO = parseScenario(
  JSON.stringify({
    name: 'usage',
    seed: 7,
    clusters: [
      {
        name: 'metered',
        metrics: true,
        nodes: 1,
        objects: [
          namespace('shop'),
          deployment('steady', 'shop'),
          deployment('leaky', 'shop', { leak: true }),
        ],
      },
      {
        name: 'plain',
        nodes: 1,
        objects: [namespace('other'), deployment('quiet', 'other')],
      },
    ],
  }),
);

const containerOf = (s: EntityStatus) => s.workloads[0]?.pods[0]?.containers[0];
const memoryWarnings = (s: EntityStatus) =>
  s.reasons.filter(r => r.code === 'MemoryNearLimit');

describe('container usage (metrics.k8s.io)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;

  beforeAll(async () => {
    h = await startHarness(
      ['steady', 'leaky', 'quiet'],
      // a loaded test machine answers slowly: no stale clusters here
      { usage: { intervalSeconds: 1 }, requestTimeout: '15s' },
      { scenario: SCENARIO },
    );
    // 60 s into the leaky container's 2-minute run: ~94 % of its limit
    await h.sim.clock.advance(62_000);
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('shows each running container its usage beside its requests and limits', async () => {
    const steady = await h.eventually(
      () => h.status('steady'),
      // both clusters read: until `plain` is, every status says it is not
      // known there (an info reason), which is not what this test is about
      s =>
        containerOf(s)?.usage !== undefined &&
        s.health === 'ok' &&
        !s.reasons.some(r => r.code === 'ClusterNotSynced'),
      15_000,
    );
    const container = containerOf(steady)!;
    expect(container.resources).toEqual({
      cpuRequestMillicores: 200,
      memoryRequestBytes: 128 * MI,
      memoryLimitBytes: 256 * MI,
    });
    expect(container.usage!.cpuMillicores).toBeGreaterThan(0);
    expect(container.usage!.cpuMillicores).toBeLessThan(200);
    expect(container.usage!.memoryBytes).toBeGreaterThan(0);
    expect(container.usage!.memoryBytes).toBeLessThan(128 * MI);
    expect(memoryWarnings(steady)).toEqual([]);
    expect({ health: steady.health, reasons: steady.reasons }).toEqual({
      health: 'ok',
      reasons: [],
    });
    // numbers only: the usage is two fields
    expect(Object.keys(container.usage!).sort()).toEqual([
      'cpuMillicores',
      'memoryBytes',
    ]);
  });

  it('warns about a container above 90 % of its memory limit', async () => {
    const leaky = await h.eventually(
      () => h.status('leaky'),
      s => memoryWarnings(s).length > 0 && s.health === 'warning',
      15_000,
    );
    const [warning] = memoryWarnings(leaky);
    expect(warning).toMatchObject({
      severity: 'warning',
      object: { kind: 'Pod', namespace: 'shop', container: 'app' },
    });
    expect(warning.message).toMatch(
      /^Container app of pod leaky-[a-z0-9-]+ uses 9\d % of its memory limit \(\d+ MiB of 256 MiB\): close to its memory limit, it will be OOM-killed/,
    );
    expect(leaky.health).toBe('warning');
    const pods = leaky.workloads[0].components.pods!;
    expect(pods).toMatchObject({ health: 'warning', ready: 1, total: 1 });
    expect(containerOf(leaky)!.usage!.memoryBytes).toBeGreaterThan(
      0.9 * 256 * MI,
    );
  });

  it('does not recompute statuses on every sampling', async () => {
    // the crossing's own signal may still be on its way
    await new Promise(r => setTimeout(r, 1000));
    const before = h.signals.length;
    // three samplings while the simulated clock stands: usage wobbles
    // nowhere across the threshold, so no status changes
    await new Promise(r => setTimeout(r, 3500));
    expect(h.signals.slice(before)).toEqual([]);
  });

  it('drops the warning after the OOM kill, as the restarted container starts low', async () => {
    // killed at the end of its 2-minute run, restarted 10 s later
    await h.sim.clock.advance(80_000);
    const leaky = await h.eventually(
      () => h.status('leaky'),
      s =>
        containerOf(s)?.state === 'running' &&
        (containerOf(s)?.restarts ?? 0) >= 1 &&
        (containerOf(s)?.usage?.memoryBytes ?? Infinity) < 0.9 * 256 * MI,
      8000,
    );
    expect(memoryWarnings(leaky)).toEqual([]);
    // the kill itself is a reason of its own
    expect(leaky.reasons.map(r => r.code)).toEqual(['OOMKilled']);
    const container = containerOf(leaky)!;
    expect(container.lastTermination).toMatchObject({
      reason: 'OOMKilled',
      exitCode: 137,
    });
    expect(container.usage!.memoryBytes).toBeLessThan(0.9 * 256 * MI);
  });

  it('shows no usage and no error for a cluster without metrics-server', async () => {
    const quiet = await h.eventually(
      () => h.status('quiet'),
      s => s.workloads[0]?.pods[0]?.lifecycle === 'Running',
      8000,
    );
    const container = containerOf(quiet)!;
    expect(container.usage).toBeUndefined();
    expect(container.resources?.memoryLimitBytes).toBe(256 * MI);
    expect(quiet.health).toBe('ok');
    expect(quiet.reasons.filter(r => r.severity !== 'info')).toEqual([]);
    const plain = (await h.clusters()).find(c => c.name === 'plain')!;
    expect(plain.reachable).toBe(true);
    expect(plain.lastError).toBeUndefined();
  });
});
