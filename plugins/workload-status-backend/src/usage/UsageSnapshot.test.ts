import { UsageSnapshot } from './UsageSnapshot';

const MI = 2 ** 20;

describe('UsageSnapshot', () => {
  const list = {
    kind: 'PodMetricsList',
    items: [
      {
        metadata: { name: 'web-1', namespace: 'shop' },
        containers: [
          { name: 'app', usage: { cpu: '12m', memory: '123456Ki' } },
          { name: 'proxy', usage: { cpu: '1500000n', memory: '1e6' } },
          { name: 'broken', usage: { cpu: 'x', memory: '1Mi' } },
        ],
      },
      {
        metadata: { name: 'web-1', namespace: 'other' },
        containers: [{ name: 'app', usage: { cpu: '2', memory: '1Gi' } }],
      },
      {
        metadata: { name: 'empty', namespace: 'shop' },
        containers: [],
      },
      {
        metadata: { name: 'x'.repeat(254), namespace: 'shop' },
        containers: [{ name: 'app', usage: { cpu: '1m', memory: '1Mi' } }],
      },
    ],
  };

  it('keeps CPU in millicores and memory in bytes per container, by namespace and name', () => {
    const s = UsageSnapshot.fromList(list, { maxPods: 10, sampledAt: 1 });
    expect(s.size).toBe(2);
    expect(s.pod('shop', 'web-1')).toEqual(
      new Map([
        ['app', { cpuMillicores: 12, memoryBytes: 123456 * 1024 }],
        ['proxy', { cpuMillicores: 1.5, memoryBytes: 1e6 }],
      ]),
    );
    expect(s.pod('other', 'web-1')!.get('app')).toEqual({
      cpuMillicores: 2000,
      memoryBytes: 1024 * MI,
    });
    // a pod without a readable container is not kept
    expect(s.pod('shop', 'empty')).toBeUndefined();
    expect([...s.memoryByPod()]).toEqual([
      [
        'shop/web-1',
        [
          ['app', 123456 * 1024],
          ['proxy', 1e6],
        ],
      ],
      ['other/web-1', [['app', 1024 * MI]]],
    ]);
  });

  it('reads anything without throwing', () => {
    for (const garbage of [null, 'x', { items: 'x' }, { items: [null, 1] }]) {
      expect(
        UsageSnapshot.fromList(garbage, { maxPods: 10, sampledAt: 0 }).size,
      ).toBe(0);
    }
  });
});
