import type { ContainerUsage } from '../model/types';
import {
  ctx,
  deployment,
  replicaSet,
  rsPod,
  terminated,
} from './__fixtures__/objects';
import { isNearMemoryLimit } from './memoryPressure';
import type { KubeObject, PodUsageLookup } from './types';
import { evaluateWorkloads } from './workloads';

const MI = 2 ** 20;

const limited = (name: string, limit = '256Mi', over = {}) =>
  rsPod(name, 'web-new2', {
    spec: {
      containers: [
        {
          name: 'app',
          image: 'shop/app:1',
          resources: {
            requests: { cpu: '100m', memory: '128Mi' },
            limits: { memory: limit },
          },
        },
      ],
    },
    ...over,
  });

function web(...pods: KubeObject[]) {
  return [deployment('web'), replicaSet('web-new2', '2', 'web'), ...pods];
}

function usageOf(
  byPod: Record<string, number>,
  seen: string[] = [],
): PodUsageLookup {
  return (namespace, pod) => {
    seen.push(`${namespace}/${pod}`);
    const memory = byPod[pod];
    return memory === undefined
      ? undefined
      : new Map<string, ContainerUsage>([
          ['app', { cpuMillicores: 20, memoryBytes: memory }],
        ]);
  };
}

describe('the memory-limit warning', () => {
  it('warns about a container above 90 % of its limit, on its pod and workload', () => {
    const seen: string[] = [];
    const [w] = evaluateWorkloads(
      web(limited('web-new2-a'), limited('web-new2-b')),
      { ...ctx, usage: usageOf({ 'web-new2-a': 236 * MI }, seen) },
    );
    expect(seen.sort()).toEqual(['shop/web-new2-a', 'shop/web-new2-b']);
    const reason = w.reasons.find(r => r.code === 'MemoryNearLimit');
    expect(reason).toMatchObject({
      severity: 'warning',
      object: {
        kind: 'Pod',
        namespace: 'shop',
        name: 'web-new2-a',
        container: 'app',
      },
      hintTarget: 'service-log',
    });
    expect(reason!.message).toBe(
      'Container app of pod web-new2-a uses 92 % of its memory limit (236 MiB of 256 MiB): close to its memory limit, it will be OOM-killed when it reaches it.',
    );
    expect(w.health).toBe('warning');
    const a = w.pods.find(p => p.name === 'web-new2-a')!;
    const b = w.pods.find(p => p.name === 'web-new2-b')!;
    expect(a.health).toBe('warning');
    expect(a.reasons.map(r => r.code)).toEqual(['MemoryNearLimit']);
    expect(b.health).toBe('ok');
    // usage changes neither lifecycles nor readiness
    expect(w.components.pods).toMatchObject({
      lifecycle: 'Running',
      health: 'warning',
      ready: 2,
      total: 2,
    });
    expect(w.components.deployment?.health).toBe('ok');
    // the rows carry the requests and limits as numbers
    expect(a.containers[0].resources).toEqual({
      cpuRequestMillicores: 100,
      memoryRequestBytes: 128 * MI,
      memoryLimitBytes: 256 * MI,
    });
  });

  it('says nothing at 90 % or below, without a limit, or without usage', () => {
    const noLimit = rsPod('web-new2-c', 'web-new2');
    const [w] = evaluateWorkloads(
      web(limited('web-new2-a'), limited('web-new2-b'), noLimit),
      {
        ...ctx,
        usage: usageOf({
          'web-new2-a': 0.9 * 256 * MI,
          'web-new2-c': 10_000 * MI,
        }),
      },
    );
    expect(w.health).toBe('ok');
    expect(w.reasons).toEqual([]);
    const [without] = evaluateWorkloads(web(limited('web-new2-a')), ctx);
    expect(without.health).toBe('ok');
  });

  it('says nothing about a container that does not run', () => {
    const dead = limited('web-new2-a', '256Mi', {
      status: { containerStatuses: [terminated(137, 'OOMKilled')] },
    });
    const [w] = evaluateWorkloads(web(dead), {
      ...ctx,
      usage: usageOf({ 'web-new2-a': 255 * MI }),
    });
    expect(w.reasons.some(r => r.code === 'MemoryNearLimit')).toBe(false);
  });

  it('keeps an error an error', () => {
    const [w] = evaluateWorkloads(
      web(limited('web-new2-a'), limited('web-new2-b')),
      {
        ...ctx,
        usage: usageOf({ 'web-new2-a': 250 * MI }),
      },
    );
    expect(w.health).toBe('warning');
    expect(isNearMemoryLimit(250 * MI, 256 * MI)).toBe(true);
    expect(isNearMemoryLimit(250 * MI, 0)).toBe(false);
    expect(isNearMemoryLimit(undefined, 256 * MI)).toBe(false);
  });
});
