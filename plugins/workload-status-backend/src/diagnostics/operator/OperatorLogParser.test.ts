import { EntityObjectNames } from './EntityObjectNames';
import { klogPairs, mentions, parseOperatorLine } from './OperatorLogParser';

const NOW = Date.parse('2026-11-22T07:00:00Z');

describe('parseOperatorLine', () => {
  it('reads controller-runtime JSON with float-second ts and a Kind object', () => {
    const line =
      '{"level":"error","ts":1763794862.123456,"logger":"controller.deployment","msg":"Reconciler error","controller":"deployment","controllerGroup":"apps","controllerKind":"Deployment","Deployment":{"name":"checkout","namespace":"shop"},"namespace":"shop","name":"checkout","reconcileID":"1c2d","error":"deployment shop/checkout is not available"}';
    expect(parseOperatorLine(line, NOW)).toEqual({
      time: '2025-11-22T07:01:02.123Z',
      level: 'error',
      message: 'Reconciler error',
      error: 'deployment shop/checkout is not available',
      objects: [
        { kind: 'Deployment', namespace: 'shop', name: 'checkout' },
        { kind: 'Deployment', namespace: 'shop', name: 'checkout' },
        { kind: 'Deployment', namespace: 'shop', name: 'checkout' },
      ],
    });
  });

  it('reads RFC 3339 times, warn and numeric levels, and kind-keyed strings', () => {
    expect(
      parseOperatorLine(
        '{"level":"warn","time":"2026-11-22T06:59:00+01:00","message":"slow","CronJob":"data/reports"}',
        NOW,
      ),
    ).toEqual({
      time: '2026-11-22T05:59:00.000Z',
      level: 'warning',
      message: 'slow',
      objects: [{ kind: 'CronJob', namespace: 'data', name: 'reports' }],
    });
    expect(parseOperatorLine('{"level":-2,"msg":"tick"}', NOW)?.level).toBe(
      'debug',
    );
    expect(parseOperatorLine('{"level":"debug","msg":"x"}', NOW)?.level).toBe(
      'debug',
    );
  });

  it('reads structured klog', () => {
    const line =
      'E1122 06:01:02.123456       1 controller.go:123] "Reconciler error" err="cannot apply policy \\"restart-budget\\"" Deployment="shop/checkout" reconcileID="abc"';
    expect(parseOperatorLine(line, NOW)).toEqual({
      time: '2026-11-22T06:01:02.123Z',
      level: 'error',
      message: 'Reconciler error',
      error: 'cannot apply policy "restart-budget"',
      objects: [{ kind: 'Deployment', namespace: 'shop', name: 'checkout' }],
    });
  });

  it('reads plain klog and the kind word before a namespace/name', () => {
    expect(
      parseOperatorLine(
        'W1121 23:59:59.000001 7 sync.go:88] deployment shop/checkout has 0 available replicas',
        NOW,
      ),
    ).toEqual({
      time: '2026-11-21T23:59:59.000Z',
      level: 'warning',
      message: 'deployment shop/checkout has 0 available replicas',
      objects: [{ kind: 'Deployment', namespace: 'shop', name: 'checkout' }],
    });
  });

  it('gives klog lines from late December the previous year', () => {
    expect(
      parseOperatorLine(
        'I1231 23:00:00.000000 1 x.go:1] pod shop/a',
        Date.parse('2027-01-01T01:00:00Z'),
      )?.time,
    ).toBe('2026-12-31T23:00:00.000Z');
  });

  it('scans other text for mentions and skips blank lines', () => {
    expect(
      parseOperatorLine('ERROR failed to sync shop/checkout-db: timeout', NOW),
    ).toEqual({
      level: 'error',
      message: 'ERROR failed to sync shop/checkout-db: timeout',
      objects: [{ namespace: 'shop', name: 'checkout-db' }],
    });
    expect(parseOperatorLine('   ', NOW)).toBeUndefined();
    // broken JSON is text
    expect(parseOperatorLine('{"level":', NOW)?.message).toBe('{"level":');
  });
});

describe('hostile operator lines', () => {
  it('keeps a line whose time Date cannot hold, without the time', () => {
    for (const ts of [
      '1e300',
      '-1e300',
      '8.65e15',
      '"+275760-09-13T00:00:00.001Z"',
    ]) {
      const parsed = parseOperatorLine(
        `{"level":"error","ts":${ts},"msg":"failed","namespace":"shop","name":"checkout"}`,
        NOW,
      );
      expect(parsed).toMatchObject({ level: 'error', message: 'failed' });
      expect(parsed?.time).toBeUndefined();
    }
  });

  it('finds no kind in words that are properties of every object', () => {
    for (const word of [
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
    ]) {
      expect(mentions(`${word} shop/checkout`)).toEqual([
        { namespace: 'shop', name: 'checkout' },
      ]);
    }
    const klog = parseOperatorLine(
      'E1122 06:01:02.123456 1 c.go:1] "x" constructor="shop/checkout" __proto__="shop/checkout"',
      NOW,
    );
    // neither key is a kind: the values are not taken for objects
    expect(klog?.objects).toEqual([]);
  });

  it('finds the mentions the pattern found: whole tokens, namespace/name, kind word before', () => {
    expect(
      mentions(
        'sync deployment "shop/checkout" and pod  shop/web-1, not a/b/c, Shop/x, x_y/z, shop/-bad, ./shop/a or http://h/p; job data/report.v2.',
      ),
    ).toEqual([
      { kind: 'Deployment', namespace: 'shop', name: 'checkout' },
      { kind: 'Pod', namespace: 'shop', name: 'web-1' },
    ]);
    expect(mentions('job data/report.v2 done')).toEqual([
      { kind: 'Job', namespace: 'data', name: 'report.v2' },
    ]);
    expect(mentions(`${'x'.repeat(64)}/a ${'y'.repeat(63)}/b`)).toEqual([
      { namespace: 'y'.repeat(63), name: 'b' },
    ]);
    expect(mentions(`thisisaverylongwordthatisnokindwordatall shop/a`)).toEqual(
      [{ namespace: 'shop', name: 'a' }],
    );
  });

  it('keeps the first 100 mentions of a line that names thousands', () => {
    const found = mentions('shop/a '.repeat(100_000));
    expect(found).toHaveLength(100);
  });

  it('reads klog pairs as the pattern did', () => {
    expect(
      klogPairs(
        'err="a \\"quoted\\" value" Deployment="shop/checkout" 1x.y-z=plain k= bad="unclosed',
      ),
    ).toEqual([
      ['err', '"a \\"quoted\\" value"'],
      ['Deployment', '"shop/checkout"'],
      ['x.y-z', 'plain'],
    ]);
  });

  // lines are read up to 2 MiB; every one must parse in time linear in its length
  it.each([
    ['letters', 'a'.repeat(2 * 1024 * 1024)],
    ['letter-dash', 'a-'.repeat(1024 * 1024)],
    ['mentions', 'deployment a/b '.repeat(140_000)],
    ['spaces before a mention', `pod${' '.repeat(2 * 1024 * 1024)}a/b`],
    ['slashes', 'a/'.repeat(1024 * 1024)],
    [
      'klog pairs',
      `E1122 06:01:02.123456 1 c.go:1] "m" ${'k=v '.repeat(500_000)}`,
    ],
    [
      'klog key run',
      `E1122 06:01:02.123456 1 c.go:1] "m" ${'a'.repeat(2 * 1024 * 1024)}`,
    ],
    [
      'klog quotes',
      `E1122 06:01:02.123456 1 c.go:1] "m" ${'a="\\"'.repeat(300_000)}`,
    ],
    ['klog header', `I1122 06:01:02.123456 1 ${'x'.repeat(2 * 1024 * 1024)}`],
    ['json', `{"msg":"${'shop/a '.repeat(290_000)}","ts":1e300}`],
    [
      'unclosed message',
      `E1122 06:01:02.123456 1 c.go:1] "${'\\"'.repeat(1024 * 1024)}`,
    ],
  ])('parses a 2 MiB line of %s in bounded time', (_name, line) => {
    const started = performance.now();
    parseOperatorLine(line, NOW);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe('EntityObjectNames', () => {
  const names = new EntityObjectNames('production', [
    { kind: 'Deployment', metadata: { namespace: 'shop', name: 'checkout' } },
    { kind: 'ReplicaSet', metadata: { namespace: 'shop', name: 'checkout' } },
    {
      kind: 'Pod',
      metadata: { namespace: 'shop', name: 'checkout-7d9f8-abcde' },
    },
  ]);

  it('matches namespace and name, with the kind when the line gives one', () => {
    expect(
      names.match([
        { namespace: 'shop', name: 'storefront' },
        { namespace: 'shop', name: 'checkout' },
      ]),
    ).toEqual({
      kind: 'Deployment',
      namespace: 'shop',
      name: 'checkout',
      cluster: 'production',
    });
    expect(
      names.match([
        { kind: 'replicaset', namespace: 'shop', name: 'checkout' },
      ]),
    ).toMatchObject({ kind: 'ReplicaSet' });
    expect(
      names.match([{ kind: 'Service', namespace: 'shop', name: 'checkout' }]),
    ).toBeUndefined();
    expect(
      names.match([{ namespace: 'shop', name: 'checkout-db' }]),
    ).toBeUndefined();
  });
});
