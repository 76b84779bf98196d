import { mockServices } from '@backstage/backend-test-utils';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ObjectStore } from '../cache/ObjectStore';
import { ClusterConnection } from '../cluster/ClusterConnection';
import { staticClusterSpec } from '../__testUtils__/staticApiServer';
import {
  cpuTimed,
  leaked,
  MiB,
  secretTexts,
} from '../__testUtils__/hostileTexts';
import { ClusterUsage, POD_METRICS_PATH } from './ClusterUsage';
import { DEFAULT_USAGE_SETTINGS } from './UsageSettings';
import { MAX_CONTAINERS_PER_POD, UsageSnapshot } from './UsageSnapshot';

/**
 * Plays a hostile metrics.k8s.io (a compromised or buggy metrics-server,
 * or pods named and shaped by whoever runs them): names past 253
 * characters, a pod of 100,000 containers, quantities no parser should
 * turn into a number (1e999999, 1e300 millicores, negative, not strings),
 * a 50 MiB answer, error bodies carrying secrets. Usage stays finite and
 * bounded, nothing crashes, sampling costs little, and no secret reaches
 * the log.
 */
const TIME_BOUND_MS = 200;
const SECRETS_TEXT = secretTexts()
  .map(s => s.text)
  .join(' ');

const QUANTITIES: unknown[] = [
  '1e999999',
  '1e-999999',
  '1e300',
  '9'.repeat(64),
  '9'.repeat(65),
  1e300,
  -1,
  '-5Gi',
  NaN,
  Infinity,
  '',
  '  ',
  {},
  [],
  true,
  null,
  '0x10',
  'Infinity',
  '١٢٣',
  `1${'0'.repeat(400)}`,
  SECRETS_TEXT,
];

function hostileList() {
  const items: unknown[] = [
    // names a Kubernetes object cannot have
    {
      metadata: { name: 'n'.repeat(254), namespace: 'shop' },
      containers: [{ name: 'app', usage: { cpu: '1m', memory: '1Mi' } }],
    },
    {
      metadata: { name: 'long-container', namespace: 'shop' },
      containers: [
        { name: 'c'.repeat(MiB), usage: { cpu: '1m', memory: '1Mi' } },
      ],
    },
    // one pod of 100,000 containers, each named differently
    {
      metadata: { name: 'crowded', namespace: 'shop' },
      containers: Array.from({ length: 100_000 }, (_, i) => ({
        name: `c${i}-${'x'.repeat(40)}`,
        usage: { cpu: '1m', memory: '1Mi' },
      })),
    },
    // and 100,000 more whose usage cannot be read
    {
      metadata: { name: 'unreadable-crowd', namespace: 'shop' },
      containers: Array.from({ length: 100_000 }, (_, i) => ({
        name: `c${i}`,
        usage: { cpu: '1e300', memory: '1Mi' },
      })),
    },
    // every hostile quantity, as CPU and as memory
    {
      metadata: { name: 'quantities', namespace: 'shop' },
      containers: QUANTITIES.flatMap((q, i) => [
        { name: `cpu${i}`, usage: { cpu: q, memory: '1Mi' } },
        { name: `mem${i}`, usage: { cpu: '1m', memory: q } },
      ]),
    },
    // fields of every wrong type
    { metadata: 'x', containers: [] },
    { metadata: { name: 1, namespace: [] }, containers: {} },
    {
      metadata: { name: 'p', namespace: 'shop' },
      containers: [null, 1, 'x', { name: {} }],
    },
    null,
    'item',
  ];
  return { kind: 'PodMetricsList', items };
}

/** Every number a snapshot holds is finite and not negative. */
function badNumbers(snapshot: UsageSnapshot): string[] {
  const out: string[] = [];
  for (const [key, containers] of snapshot.memoryByPod()) {
    const usage = snapshot.pod(key.split('/')[0], key.split('/')[1])!;
    for (const [name] of containers) {
      const u = usage.get(name)!;
      for (const [what, v] of Object.entries(u)) {
        if (!Number.isFinite(v) || v < 0)
          out.push(`${key} ${name} ${what}: ${v}`);
      }
    }
  }
  return out;
}

describe('UsageSnapshot of a hostile PodMetrics list', () => {
  it('keeps finite, bounded usage in bounded time', () => {
    const list = hostileList();
    const { ms, value: snapshot } = cpuTimed(() =>
      UsageSnapshot.fromList(list, { maxPods: 50_000, sampledAt: 1 }),
    );
    expect(ms).toBeLessThan(TIME_BOUND_MS);
    expect(badNumbers(snapshot)).toEqual([]);
    // no name Kubernetes could not have
    expect(snapshot.pod('shop', 'n'.repeat(254))).toBeUndefined();
    expect(snapshot.pod('shop', 'long-container')).toBeUndefined();
    // a pod keeps a bounded number of containers, read in bounded time
    const crowded = cpuTimed(() => snapshot.pod('shop', 'crowded')!);
    expect(crowded.value.size).toBe(MAX_CONTAINERS_PER_POD);
    expect(crowded.ms).toBeLessThan(TIME_BOUND_MS);
    // what it holds: numbers and names of at most 253 characters each
    let names = 0;
    let containers = 0;
    for (const [, cs] of snapshot.memoryByPod()) {
      containers += cs.length;
      for (const [name] of cs) names += name.length;
    }
    expect(containers).toBeLessThanOrEqual(
      snapshot.size * MAX_CONTAINERS_PER_POD,
    );
    expect(names).toBeLessThanOrEqual(containers * 253);
    // what it reads of the quantities: the readable ones only
    expect(snapshot.pod('shop', 'quantities')!.get('cpu0')).toBeUndefined();
  });
});

describe('ClusterUsage against a hostile metrics-server', () => {
  let server: http.Server;
  let url: string;
  const sockets = new Set<Socket>();
  /** what the server answers next */
  let answer: (res: http.ServerResponse) => void = res => res.end();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== POD_METRICS_PATH) {
        res.writeHead(404).end();
        return;
      }
      answer(res);
    });
    server.on('connection', s => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise(r => server.close(r));
  });

  function usage() {
    const logger = mockServices.logger.mock();
    const store = new ObjectStore();
    const clusterUsage = new ClusterUsage('c', {
      transport: ClusterConnection.create(staticClusterSpec('c', url), {
        requestTimeoutMs: 10_000,
      }),
      store,
      settings: DEFAULT_USAGE_SETTINGS,
      logger,
      onCrossing: () => {},
    });
    const logged = () =>
      [...logger.warn.mock.calls, ...logger.info.mock.calls]
        .map(c => String(c[0]))
        .join('\n');
    return { clusterUsage, logger, logged };
  }

  it('refuses a 50 MiB answer at the byte bound, without a crash', async () => {
    const chunk = Buffer.alloc(MiB, ' ');
    answer = res => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"items":[');
      let sent = 0;
      const more = () => {
        while (sent < 50 && !res.destroyed) {
          sent++;
          if (!res.write(chunk)) {
            res.once('drain', more);
            return;
          }
        }
        if (!res.destroyed) res.end(']}');
      };
      more();
    };
    const { clusterUsage, logged } = usage();
    const started = Date.now();
    await clusterUsage.refresh();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(clusterUsage.usageState).toBe('failing');
    expect(clusterUsage.lookup()).toBeUndefined();
    expect(logged()).toMatch(/larger than/);
  });

  it('keeps a hostile list finite and bounded', async () => {
    const body = JSON.stringify(hostileList());
    answer = res => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(body);
    };
    const { clusterUsage } = usage();
    await clusterUsage.refresh();
    expect(clusterUsage.usageState).toBe('ok');
    const snapshot = clusterUsage.current();
    expect(badNumbers(snapshot)).toEqual([]);
    expect(snapshot.pod('shop', 'crowded')!.size).toBe(MAX_CONTAINERS_PER_POD);
  });

  it.each([
    [
      'a Status message',
      403,
      JSON.stringify({ kind: 'Status', message: SECRETS_TEXT }),
    ],
    ['a text body', 500, SECRETS_TEXT],
    ['invalid JSON', 200, `{"items":[${SECRETS_TEXT}`],
  ])('logs no secret of %s', async (_name, code, body) => {
    answer = res => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(body);
    };
    const { clusterUsage, logged } = usage();
    await clusterUsage.refresh();
    expect(clusterUsage.usageState).toBe('failing');
    expect(logged()).toMatch(/could not be read/);
    expect(leaked(logged())).toEqual([]);
  });
});
