import { evaluateObject } from '../evaluate';
import { ctx, replicaSet, rsPod, waiting } from '../__fixtures__/objects';

const judge = (
  o: ReturnType<typeof replicaSet>,
  related = [] as ReturnType<typeof replicaSet>[],
) => evaluateObject(o, related, ctx);

describe('ReplicaSet', () => {
  it('Running when every desired replica is available', () => {
    expect(judge(replicaSet('web-a1', '1', 'web'))).toMatchObject({
      lifecycle: 'Running',
      health: 'ok',
    });
  });
  it('Waiting while replicas are unavailable or the spec is not observed', () => {
    expect(
      judge(
        replicaSet('web-a1', '1', 'web', { status: { availableReplicas: 1 } }),
      ),
    ).toMatchObject({
      lifecycle: 'Waiting',
      reasons: [{ code: 'ReplicasUnavailable' }],
    });
    expect(
      judge(replicaSet('web-a1', '1', 'web', { metadata: { generation: 5 } })),
    ).toMatchObject({
      lifecycle: 'Waiting',
      reasons: [{ code: 'SpecNotObserved' }],
    });
  });
  it('NotReady on ReplicaFailure=True (gitops-engine: Degraded)', () => {
    const rs = replicaSet('web-a1', '1', 'web', {
      status: {
        conditions: [
          {
            type: 'ReplicaFailure',
            status: 'True',
            reason: 'FailedCreate',
            message: 'pods "x" is forbidden: exceeded quota',
          },
        ],
      },
    });
    expect(judge(rs)).toMatchObject({
      lifecycle: 'NotReady',
      health: 'error',
      reasons: [{ code: 'ReplicaFailure', hintTarget: 'events' }],
    });
  });
  it('NotReady when one of its pods crashes', () => {
    const crash = rsPod('web-a1-x', 'web-a1', {
      status: {
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [waiting('CrashLoopBackOff')],
      },
    });
    expect(judge(replicaSet('web-a1', '1', 'web'), [crash]).lifecycle).toBe(
      'NotReady',
    );
  });
  it('Stopped at zero replicas', () => {
    expect(
      judge(replicaSet('web-a1', '1', 'web', { spec: { replicas: 0 } }))
        .lifecycle,
    ).toBe('Stopped');
  });
});
