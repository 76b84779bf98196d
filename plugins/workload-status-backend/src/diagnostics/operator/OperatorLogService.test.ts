import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import { ObjectStore } from '../../cache/ObjectStore';
import { ClusterRequestError } from '../../cluster/ClusterConnection';
import type { PodLogText } from '../logs/PodLogReader';
import { OperatorLogService, operatorLogResponse } from './OperatorLogService';

const NOW = Date.parse('2026-11-22T07:00:00Z');
const ENTITY = 'component:default/checkout';
const LIMITS = {
  operatorTailLines: 1000,
  maxBytes: 2 * 1024 * 1024,
  readTimeoutMs: 2000,
  operatorMaxPods: 10,
  operatorMaxBytes: 8 * 1024 * 1024,
  operatorCacheTtlMs: 10_000,
  operatorCacheMaxEntries: 100,
  operatorCacheMaxBytes: 32 * 1024 * 1024,
};
const OPERATOR = {
  name: 'platform-operator',
  namespace: 'platform-system',
  labelSelector: 'app=platform-operator',
};

const line = (msg: string, extra = '') =>
  `{"level":"error","ts":1763794862.5,"msg":"${msg}","namespace":"shop","name":"checkout"${extra}}`;

function operatorPod(name: string): KubeObject {
  return {
    kind: 'Pod',
    metadata: { name, namespace: 'platform-system' },
    spec: { containers: [{ name: 'manager' }] },
  };
}

/**
 * The service with a fake cluster: `pods` answers the pod list (or throws),
 * `logs` the reads, by pod name; `clock` is the service's monotonic clock.
 */
function service(
  options: {
    pods?: (signal?: AbortSignal) => Promise<KubeObject[]>;
    logs?: Record<string, string | (() => Promise<PodLogText>)>;
    limits?: Partial<typeof LIMITS>;
  } = {},
) {
  const store = new ObjectStore();
  store.upsert({
    kind: 'Deployment',
    metadata: { uid: 'd1', namespace: 'shop', name: 'checkout' },
  });
  const calls = {
    lists: 0,
    reads: [] as Array<{ pod: string; limitBytes: number }>,
  };
  let clock = 0;
  const svc = new OperatorLogService({
    objects: {
      resolve: async () => [
        { cluster: 'production', store, uids: new Set(['d1']) },
      ],
      connection: () =>
        ({
          getJson: async (_path: string, signal?: AbortSignal) => {
            calls.lists += 1;
            return {
              items: await (
                options.pods ?? (async () => [operatorPod('op-1')])
              )(signal),
            };
          },
        } as any),
    },
    reader: {
      read: async (target, readOptions) => {
        calls.reads.push({
          pod: target.pod,
          limitBytes: readOptions.limitBytes,
        });
        const log = options.logs?.[target.pod] ?? line('Reconciler error');
        if (typeof log === 'function') return log();
        const text = log.slice(0, readOptions.limitBytes);
        return { text, lines: 1, truncated: false, timedOut: false };
      },
    },
    limits: { ...LIMITS, ...options.limits },
    operators: () => [OPERATOR],
    now: () => NOW,
    clock: () => clock,
  });
  return {
    svc,
    calls,
    advance(ms: number) {
      clock += ms;
    },
  };
}

describe('OperatorLogService', () => {
  it('reads the operators once for many requests within operatorCacheTtl', async () => {
    const { svc, calls, advance } = service();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => svc.read(ENTITY)),
    );
    await svc.read(ENTITY);
    expect(calls).toMatchObject({ lists: 1, reads: [{ pod: 'op-1' }] });
    expect(answers[0].items).toHaveLength(1);
    advance(10_000);
    await svc.read(ENTITY);
    expect(calls.lists).toBe(2);
  });

  it('skips malformed lines one by one and keeps the rest of the pod', async () => {
    const { svc } = service({
      logs: {
        'op-1': [
          line('first'),
          line('time out of range', ',"ts":1e300'),
          '{"level":"error","msg":"constructor shop/checkout","constructor":"shop/checkout"}',
          `${'{'.repeat(100_000)}`,
          line('last'),
        ].join('\n'),
      },
    });
    const read = await svc.read(ENTITY);
    expect(read.items.map(i => i.message).sort()).toEqual([
      'constructor shop/checkout',
      'first',
      'last',
      'time out of range',
    ]);
    expect(read.items.find(i => i.message === 'time out of range')?.time).toBe(
      undefined,
    );
    expect(read.incompleteReasons).toEqual([]);
  });

  it('redacts message and error again after unescaping them', async () => {
    const { svc } = service({
      logs: {
        'op-1': line(
          'login with password\\u003dhunter2',
          ',"error":"token\\u003a ghp_abcdefghijklmnopqrstuvwxyz0123456789 Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"',
        ),
      },
    });
    const [item] = (await svc.read(ENTITY)).items;
    expect(item.message).not.toContain('hunter2');
    expect(item.error).not.toMatch(/eyJzdWIi|c2lnbmF0dXJl/);
  });

  it('reads at most operatorMaxPods pods per operator and says so', async () => {
    const { svc, calls } = service({
      pods: async () => ['e', 'd', 'c', 'b', 'a'].map(operatorPod),
      limits: { operatorMaxPods: 2 },
    });
    const read = await svc.read(ENTITY);
    expect(calls.reads.map(r => r.pod)).toEqual(['a', 'b']);
    expect(read.sources[0].pods).toEqual(['a', 'b']);
    expect(read.incompleteReasons).toEqual([
      'operator platform-operator in cluster production has more than 2 pods; 2 are read (workloadStatus.logs.operatorMaxPods)',
    ]);
    expect(operatorLogResponse(read, 200, false)).toMatchObject({
      incomplete: true,
    });
  });

  it('reads at most operatorMaxBytes in all', async () => {
    const big = `${line('big')}\n`.repeat(10);
    const { svc, calls } = service({
      pods: async () => ['a', 'b', 'c'].map(operatorPod),
      logs: { a: big, b: big, c: big },
      limits: { maxBytes: big.length - 10, operatorMaxBytes: big.length + 5 },
    });
    const read = await svc.read(ENTITY);
    expect(calls.reads.map(r => r.limitBytes)).toEqual([big.length - 10, 15]);
    expect(read.incompleteReasons).toEqual([
      `the operators' logs reached ${
        big.length + 5
      } bytes (workloadStatus.logs.operatorMaxBytes); the rest was not read`,
    ]);
  });

  it('gives up a pod list at readTimeout and says the answer is incomplete', async () => {
    const { svc } = service({
      pods: signal =>
        new Promise((_resolve, reject) =>
          signal?.addEventListener('abort', () =>
            reject(new ClusterRequestError('Aborted')),
          ),
        ),
      limits: { readTimeoutMs: 50 },
    });
    const started = Date.now();
    const read = await svc.read(ENTITY);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(read.sources[0].error).toBe(
      'Cannot list pods app=platform-operator in platform-system: cluster production: timed out',
    );
    expect(read.incompleteReasons).toEqual([
      'operator platform-operator in cluster production: its pods cannot be listed: cluster production: timed out',
    ]);
  });

  it('says so when a pod log is cut by time', async () => {
    const { svc } = service({
      logs: {
        'op-1': async () => ({
          text: line('partial'),
          lines: 1,
          truncated: true,
          timedOut: true,
        }),
      },
    });
    const read = await svc.read(ENTITY);
    expect(read.items).toHaveLength(1);
    expect(read.incompleteReasons).toEqual([
      "the operators' logs were not all read within 2000 ms (workloadStatus.logs.readTimeout)",
    ]);
  });

  it("keeps the cluster's address and account out of the answer, unless the caller may read clusters", async () => {
    const { svc } = service({
      pods: async () => {
        throw new ClusterRequestError(
          'GET /api/v1/namespaces/platform-system/pods answered 403: pods is forbidden: User "system:serviceaccount:backstage:workload-status" cannot list resource "pods" (https://10.0.0.12:6443)',
          403,
        );
      },
    });
    const read = await svc.read(ENTITY);
    const shown = operatorLogResponse(read, 200, false);
    expect(shown.sources[0].error).toBe(
      "Cannot list pods app=platform-operator in platform-system: cluster production: the plugin's service account is not allowed to do this (403)",
    );
    expect(JSON.stringify(shown)).not.toMatch(/serviceaccount|10\.0\.0\.12/);
    expect(shown.sources[0]).not.toHaveProperty('detail');
    const detailed = operatorLogResponse(read, 200, true);
    expect(detailed.sources[0].error).toContain(
      'system:serviceaccount:backstage:workload-status',
    );
  });
});
