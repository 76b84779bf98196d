import { evaluateObject } from '../evaluate';
import { evaluateWorkloads } from '../workloads';
import { ctx, merge, waiting } from '../__fixtures__/objects';
import { knativeChain, knativeService } from '../__fixtures__/kinds';
import type { KubeObject } from '../types';

describe('Knative Serving', () => {
  it('a Service is Running when Ready, ConfigurationsReady and RoutesReady are True', () => {
    expect(evaluateObject(knativeService('k'), [], ctx)).toMatchObject({
      lifecycle: 'Running',
      health: 'ok',
      reasons: [],
    });
  });

  it('a failed revision is an error naming the failing part once', () => {
    const s = evaluateObject(
      knativeService('k', {
        status: {
          conditions: [
            {
              type: 'ConfigurationsReady',
              status: 'False',
              reason: 'RevisionFailed',
              message: 'Revision "k-00002" failed',
            },
            { type: 'Ready', status: 'False', reason: 'RevisionFailed' },
            { type: 'RoutesReady', status: 'True' },
          ],
        },
      }),
      [],
      ctx,
    );
    expect(s).toMatchObject({ lifecycle: 'NotReady', health: 'error' });
    expect(s.reasons).toHaveLength(1);
    expect(s.reasons[0].message).toBe(
      'Knative Service shop/k: ConfigurationsReady is False (RevisionFailed): Revision "k-00002" failed.',
    );
  });

  it('a rollout in progress (Unknown) and an unobserved spec are Waiting', () => {
    expect(
      evaluateObject(
        knativeService('k', {
          status: {
            conditions: [
              { type: 'Ready', status: 'Unknown', reason: 'RolloutInProgress' },
            ],
          },
        }),
        [],
        ctx,
      ),
    ).toMatchObject({
      lifecycle: 'Waiting',
      health: 'progressing',
      reasons: [{ code: 'KnativeReconciling' }],
    });
    expect(
      evaluateObject(
        knativeService('k', { metadata: { generation: 2 } }),
        [],
        ctx,
      ).lifecycle,
    ).toBe('Waiting');
    expect(
      evaluateObject(knativeService('k', { status: null }), [], ctx).lifecycle,
    ).toBe('Waiting');
  });

  it('a Revision scaled to zero for lack of traffic is Running with a note', () => {
    const revision = merge(knativeChain('k')[1], {
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Active', status: 'False', reason: 'NoTraffic' },
        ],
      },
    }) as KubeObject;
    expect(evaluateObject(revision, [], ctx)).toMatchObject({
      lifecycle: 'Running',
      health: 'ok',
      reasons: [{ code: 'RevisionInactive', severity: 'info' }],
    });
  });

  it('rolls up as one workload: Service -> Configuration -> Revision -> Deployment -> ReplicaSet -> Pod', () => {
    const [w, ...rest] = evaluateWorkloads(
      [knativeService('k'), ...knativeChain('k')],
      ctx,
    );
    expect(rest).toHaveLength(0);
    expect(w).toMatchObject({
      kind: 'Service',
      apiVersion: 'serving.knative.dev/v1',
      health: 'ok',
      revision: 'k-00001',
      images: { 'user-container': 'shop/fn:1' },
      components: {
        deployment: { lifecycle: 'Running' },
        pods: { total: 1, ready: 1 },
      },
    });
    expect(w.replicas).toBeUndefined();
    // a crashing pod deep in the chain is the Service's error
    const crashing = evaluateWorkloads(
      [
        knativeService('k'),
        ...knativeChain('k', {
          status: {
            conditions: [{ type: 'Ready', status: 'False' }],
            containerStatuses: [waiting('CrashLoopBackOff')],
          },
        }),
      ],
      ctx,
    )[0];
    expect(crashing).toMatchObject({ health: 'error' });
    expect(crashing.components.deployment?.lifecycle).toBe('NotReady');
  });
});
