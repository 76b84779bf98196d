import { EntityObjectNames } from './EntityObjectNames';
import { parseOperatorLine } from './OperatorLogParser';

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
