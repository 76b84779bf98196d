import http from 'node:http';
import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { OperatorLogResponse } from '@workload-status/backstage-plugin-workload-status-common';
import { startHarness } from '../__testUtils__/simulatorHarness';

jest.setTimeout(60_000);

const CACHE_TTL_MS = 300;

describe('operator log against the simulated cluster', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const auth = mockCredentials.user.header('user:default/alice');
  const operatorLog = async (name: string, query = '') => {
    const res = await request(h.backend.server)
      .get(
        `/api/workload-status/v1/entities/default/component/${name}/operator-log${query}`,
      )
      .set('Authorization', auth);
    expect([res.status, res.body.error]).toEqual([200, undefined]);
    return res.body as OperatorLogResponse;
  };

  beforeAll(async () => {
    h = await startHarness(['web', 'checkout'], {
      // answers are reused this long: short, so that the tests see changes
      logs: { operatorCacheTtl: { milliseconds: CACHE_TTL_MS } },
      clusters: {
        production: {
          operators: [
            {
              name: 'platform-operator',
              namespace: 'platform-system',
              labelSelector: 'app.kubernetes.io/name=platform-operator',
              container: 'manager',
            },
            {
              name: 'policy-controller',
              namespace: 'policy-system',
              labelSelector: 'app=policy-controller',
            },
            // configured, but nothing runs there: reported, not fatal
            {
              namespace: 'monitoring',
              labelSelector: 'app=prometheus-operator',
            },
          ],
        },
      },
    });
    // the demo's operator, writing controller-runtime JSON about shop/checkout
    // (and about objects that are no entity here: storefront, payments, ...)
    h.sim.cluster('production').apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'platform-operator',
        namespace: 'platform-system',
        labels: { 'app.kubernetes.io/name': 'platform-operator' },
      },
      spec: {
        replicas: 1,
        selector: {
          matchLabels: { 'app.kubernetes.io/name': 'platform-operator' },
        },
        template: {
          metadata: {
            labels: { 'app.kubernetes.io/name': 'platform-operator' },
            annotations: { 'simulator.workload-status.dev/logs': 'operator' },
          },
          spec: {
            containers: [
              {
                name: 'manager',
                image: 'registry.example.com/platform/operator:0.14.2',
              },
            ],
          },
        },
      },
    });
    // and one writing klog text
    h.sim
      .cluster('production')
      .apply(
        operatorDeployment(
          'policy-controller',
          'policy-system',
          'operator-klog',
        ),
      );
    await h.eventually(h.clusters, cs => cs.every(c => c.synced));
    await h.sim.clock.advance(60_000);
    await h.eventually(
      () => operatorLog('checkout'),
      log => log.items.some(i => i.level === 'error'),
    );
  });

  afterAll(async () => {
    await h?.stop();
  });

  it("returns the operator's lines about the entity, errors first, newest first", async () => {
    const log = await operatorLog('checkout');
    const operatorPod = h.sim
      .cluster('production')
      .list('Pod', 'platform-system')[0].metadata.name;
    const policyPod = h.sim
      .cluster('production')
      .list('Pod', 'policy-system')[0].metadata.name;
    expect(log.sources).toEqual([
      {
        cluster: 'production',
        name: 'platform-operator',
        namespace: 'platform-system',
        pods: [operatorPod],
      },
      {
        cluster: 'production',
        name: 'policy-controller',
        namespace: 'policy-system',
        pods: [policyPod],
      },
      {
        cluster: 'production',
        name: 'monitoring/app=prometheus-operator',
        namespace: 'monitoring',
        pods: [],
        error: 'No pod matches app=prometheus-operator in monitoring',
      },
    ]);
    expect(log.items.length).toBeGreaterThan(2);
    for (const item of log.items) {
      expect(item).toMatchObject({
        cluster: 'production',
        object: {
          kind: 'Deployment',
          namespace: 'shop',
          name: 'checkout',
          cluster: 'production',
        },
      });
      expect(item.raw).not.toMatch(/storefront|payments|nightly-report/);
      expect(
        item.operator === 'platform-operator'
          ? item.pod === operatorPod
          : item.operator === 'policy-controller' && item.pod === policyPod,
      ).toBe(true);
    }
    // klog, structured and plain
    expect(log.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          operator: 'policy-controller',
          level: 'error',
          message: 'Reconciler error',
          error:
            'admission policy "require-probes" violated: container app has no livenessProbe',
        }),
        expect.objectContaining({
          operator: 'policy-controller',
          level: 'warning',
          message:
            'deployment shop/checkout has 0 available replicas; policy "min-available" not evaluated',
        }),
      ]),
    );
    expect(log.items[0]).toMatchObject({
      level: 'error',
      message: 'Reconciler error',
      error: expect.stringContaining('CrashLoopBackOff'),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const levels = log.items.map(i => i.level);
    expect(levels).toEqual([...levels].sort((a, b) => rank(a) - rank(b)));
    const errorTimes = log.items
      .filter(i => i.level === 'error')
      .map(i => i.time!);
    expect(errorTimes).toEqual([...errorTimes].sort().reverse());
  });

  it('redacts the lines it returns', async () => {
    const log = await operatorLog('checkout', '?limit=1000');
    const webhook = log.items.find(
      i => i.message === 'Registered alert webhook',
    );
    expect(webhook?.raw).toContain(
      '"webhook":"https://alerts:[REDACTED]@alerts.example.com/hooks/shop"',
    );
    expect(JSON.stringify(log)).not.toContain('wh-s3cr3t');
  });

  it('has nothing for an entity the operator does not mention', async () => {
    const log = await operatorLog('web');
    expect(log.items).toEqual([]);
    expect(log.sources.map(s => s.name)).toEqual([
      'platform-operator',
      'policy-controller',
      'monitoring/app=prometheus-operator',
    ]);
  });

  it('applies the limit', async () => {
    const log = await operatorLog('checkout', '?limit=1');
    expect(log.items).toHaveLength(1);
    expect(log.items[0].level).toBe('error');
  });

  it('reads the operators once for the requests within operatorCacheTtl', async () => {
    await new Promise(r => setTimeout(r, CACHE_TTL_MS + 50));
    const spy = jest.spyOn(http, 'request');
    try {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => operatorLog('checkout')),
      );
      expect(new Set(answers.map(a => a.readAt)).size).toBe(1);
      const logReads = spy.mock.calls.filter(([target]) =>
        String((target as URL)?.pathname ?? target).endsWith('/log'),
      );
      // one read per operator pod (platform-operator, policy-controller)
      expect(logReads).toHaveLength(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('reports an unreachable cluster in sources, says the answer is incomplete, and keeps its address to itself', async () => {
    await h.sim.cluster('production').faults.set({ down: true });
    try {
      const log = await h.eventually(
        () => operatorLog('checkout'),
        l => l.sources[0].error !== undefined,
      );
      expect(log.items).toEqual([]);
      expect(log.sources[0].name).toBe('platform-operator');
      expect(log.sources[0].error).toMatch(
        /^Cannot list pods app\.kubernetes\.io\/name=platform-operator in platform-system: cluster production: unreachable/,
      );
      expect(log.incomplete).toBe(true);
      expect(log.incompleteReasons).toContain(
        'operator platform-operator in cluster production: its pods cannot be listed: cluster production: unreachable',
      );
      // the harness allows every permission (kubernetes.clusters.read too):
      // the cluster's own words are added (see errorLeaks for the others)
      expect(log.sources[0].error).toMatch(/unreachable \(.*ECONNREFUSED/);
    } finally {
      await h.sim.cluster('production').faults.clear();
    }
  });
});

describe('operator log of hostile lines', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const auth = mockCredentials.user.header('user:default/alice');
  // 200 KB lines that made the old patterns backtrack, and ones that threw
  const LINES = [
    'I1122 06:00:00.000000 1 c.go:1] "hostile-first" Deployment="shop/checkout"',
    '{"level":"error","ts":1e300,"msg":"time out of range","namespace":"shop","name":"checkout"}',
    'a'.repeat(200_000),
    'a-'.repeat(100_000),
    `E1122 06:00:01.000000 1 c.go:1] "pairs" Deployment="shop/checkout" ${'k=v '.repeat(
      50_000,
    )}`,
    `E1122 06:00:02.000000 1 c.go:1] "key run" ${'a'.repeat(200_000)}`,
    `deployment shop/checkout ${'deployment a/b '.repeat(13_000)}`,
    `{"level":"info","msg":"${'shop/a '.repeat(
      28_000,
    )}","namespace":"shop","name":"checkout"}`,
    '{"level":"error","msg":"constructor shop/checkout","constructor":"shop/checkout"}',
    'W1122 06:00:03.000000 1 c.go:1] "hostile-last" Deployment="shop/checkout"',
  ];

  beforeAll(async () => {
    h = await startHarness(['checkout'], {
      logs: { operatorCacheTtl: { milliseconds: 1 } },
      clusters: {
        production: {
          operators: [
            {
              name: 'hostile-operator',
              namespace: 'hostile-system',
              labelSelector: 'app=hostile-operator',
            },
          ],
        },
      },
    });
    const deployment = operatorDeployment(
      'hostile-operator',
      'hostile-system',
      'operator',
    );
    deployment.spec.template.metadata.annotations[
      'simulator.workload-status.dev/log-lines'
    ] = JSON.stringify(LINES);
    h.sim.cluster('production').apply(deployment);
    await h.eventually(h.clusters, cs => cs.every(c => c.synced));
    await h.sim.clock.advance(30_000);
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('answers in bounded time with every readable line, skipping none for its neighbours', async () => {
    const started = Date.now();
    const res = await h.eventually(
      () =>
        request(h.backend.server)
          .get(
            '/api/workload-status/v1/entities/default/component/checkout/operator-log?limit=1000',
          )
          .set('Authorization', auth),
      r => r.body.items?.some((i: any) => i.message === 'hostile-last'),
      10_000,
    );
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(10_000);
    const log = res.body as OperatorLogResponse;
    const messages = log.items.map(i => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'hostile-first',
        'time out of range',
        'pairs',
        'constructor shop/checkout',
        'hostile-last',
      ]),
    );
    expect(
      log.items.find(i => i.message === 'time out of range')?.time,
    ).toBeUndefined();
    expect(log.incomplete).toBeUndefined();
    // one more read of the whole log, timed: no line costs more than its length
    const again = Date.now();
    await request(h.backend.server)
      .get(
        '/api/workload-status/v1/entities/default/component/checkout/operator-log',
      )
      .set('Authorization', auth);
    expect(Date.now() - again).toBeLessThan(3000);
  });
});

function operatorDeployment(name: string, namespace: string, logs: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: {
          labels: { app: name },
          annotations: {
            'simulator.workload-status.dev/logs': logs,
          } as Record<string, string>,
        },
        spec: {
          containers: [
            { name: 'controller', image: `registry.example.com/${name}:1.4.0` },
          ],
        },
      },
    },
  };
}

function rank(level: string) {
  return ['error', 'warning', 'info', 'debug'].indexOf(level);
}
