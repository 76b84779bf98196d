import { evaluateObject } from '../evaluate';
import { ctx, hpa } from '../__fixtures__/objects';

const judge = (o: ReturnType<typeof hpa>) => evaluateObject(o, [], ctx);

describe('HorizontalPodAutoscaler as a reason source', () => {
  it('ok while able to scale within range', () => {
    expect(judge(hpa('web', 'web'))).toMatchObject({
      lifecycle: 'Running',
      health: 'ok',
      reasons: [],
    });
  });
  it('warning at max replicas', () => {
    const s = judge(hpa('web', 'web', { status: { currentReplicas: 5 } }));
    expect(s).toMatchObject({
      health: 'warning',
      reasons: [{ code: 'HpaAtMaxReplicas' }],
    });
    expect(s.reasons[0].message).toContain('maximum of 5 replicas');
  });
  it('min = max is a fixed size, not "at max"', () => {
    expect(
      judge(
        hpa('web', 'web', {
          spec: { minReplicas: 5 },
          status: { currentReplicas: 5 },
        }),
      ).health,
    ).toBe('ok');
  });
  it.each([
    'FailedGetResourceMetric',
    'FailedGetObjectMetric',
    'FailedGetPodsMetric',
    'FailedGetExternalMetric',
    'FailedComputeMetricsReplicas',
    'InvalidSelector',
  ])('error when metrics fail (%s)', r => {
    const s = judge(
      hpa('web', 'web', {
        status: {
          conditions: [
            {
              type: 'ScalingActive',
              status: 'False',
              reason: r,
              message: 'no metrics',
            },
          ],
        },
      }),
    );
    expect(s).toMatchObject({
      lifecycle: 'NotReady',
      health: 'error',
      reasons: [{ code: 'HpaMetricsFailing', hintTarget: 'events' }],
    });
  });
  it.each(['FailedGetScale', 'FailedUpdateScale'])(
    'error when it cannot scale (%s)',
    r => {
      expect(
        judge(
          hpa('web', 'web', {
            status: {
              conditions: [{ type: 'AbleToScale', status: 'False', reason: r }],
            },
          }),
        ).reasons[0].code,
      ).toBe('HpaScalingFailed');
    },
  );
  it('progressing while waiting to autoscale; reads autoscaling/v1 conditions from the annotation', () => {
    expect(
      judge(hpa('web', 'web', { status: { conditions: [] } })),
    ).toMatchObject({
      health: 'progressing',
      reasons: [{ code: 'HpaWaiting' }],
    });
    const v1 = hpa('web', 'web', {
      apiVersion: 'autoscaling/v1',
      status: { conditions: null },
      metadata: {
        annotations: {
          'autoscaling.alpha.kubernetes.io/conditions':
            '[{"type":"ScalingActive","status":"False","reason":"FailedGetResourceMetric"}]',
        },
      },
    });
    expect(judge(v1).reasons[0].code).toBe('HpaMetricsFailing');
    const broken = hpa('web', 'web', {
      apiVersion: 'autoscaling/v1',
      status: { conditions: null },
      metadata: {
        annotations: {
          'autoscaling.alpha.kubernetes.io/conditions': '[not json',
        },
      },
    });
    expect(judge(broken).health).toBe('progressing');
  });
});
