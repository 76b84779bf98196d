/*
 * An HPA attaches to the workload its scaleTargetRef names (kind, name,
 * namespace, and API group when it gives one), whatever kind that is; its
 * trouble becomes reasons on that workload and its Deployment component.
 */
import { evaluateWorkloads } from './workloads';
import { ctx, deployment, hpa, merge } from './__fixtures__/objects';
import { rollout } from './__fixtures__/kinds';
import type { KubeObject } from './types';

const rolloutHpa = (over: object = {}) =>
  merge(
    hpa('web', 'web', {
      spec: {
        scaleTargetRef: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          name: 'web',
        },
      },
    }) as Record<string, any>,
    over,
  ) as KubeObject;

describe('autoscalers by scaleTargetRef', () => {
  it('a Rollout at its maximum: a warning on the Rollout and its Deployment component', () => {
    const workloads = evaluateWorkloads(
      [rollout('web'), rolloutHpa({ status: { currentReplicas: 5 } })],
      ctx,
    );
    expect(workloads).toHaveLength(1);
    const [w] = workloads;
    expect(w).toMatchObject({ kind: 'Rollout', health: 'warning' });
    const atMax = expect.objectContaining({
      code: 'HpaAtMaxReplicas',
      object: expect.objectContaining({ kind: 'HorizontalPodAutoscaler' }),
    });
    expect(w.reasons).toEqual([atMax]);
    expect(w.components.deployment).toMatchObject({
      health: 'warning',
      reasons: [atMax],
    });
  });

  it('metrics that cannot be read are a reason on the Deployment it scales', () => {
    const [w] = evaluateWorkloads(
      [
        deployment('api'),
        hpa('api-hpa', 'api', {
          status: {
            conditions: [
              {
                type: 'ScalingActive',
                status: 'False',
                reason: 'FailedGetResourceMetric',
              },
            ],
          },
        }),
      ],
      ctx,
    );
    expect(w.kind).toBe('Deployment');
    expect(w.components.deployment?.reasons.map(r => r.code)).toEqual([
      'HpaMetricsFailing',
    ]);
  });

  it('does not attach across API groups, kinds or namespaces', () => {
    const elsewhere = [
      rolloutHpa({
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Rollout' } },
      }),
      rolloutHpa({ spec: { scaleTargetRef: { kind: 'Deployment' } } }),
      rolloutHpa({ metadata: { namespace: 'other' } }),
    ];
    for (const h of elsewhere) {
      const workloads = evaluateWorkloads(
        [
          rollout('web'),
          merge(h as Record<string, any>, {
            status: { currentReplicas: 5 },
          }) as KubeObject,
        ],
        ctx,
      );
      // the HPA stands alone; the Rollout carries none of its reasons
      expect(workloads.map(x => x.kind)).toEqual([
        'Rollout',
        'HorizontalPodAutoscaler',
      ]);
      expect(workloads[0].reasons).toEqual([]);
    }
  });
});
