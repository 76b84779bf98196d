import { evaluateObject } from '../evaluate';
import { evaluateWorkloads } from '../workloads';
import { ctx } from '../__fixtures__/objects';
import { deploymentConfig, deploymentConfigChain } from '../__fixtures__/kinds';

const conditions = (progressing: object, available = 'True') => ({
  status: {
    conditions: [
      { type: 'Available', status: available },
      { type: 'Progressing', ...progressing },
    ],
  },
});

describe('DeploymentConfig', () => {
  it('is Running once the controller reports the new ReplicationController available', () => {
    expect(evaluateObject(deploymentConfig('dc'), [], ctx)).toMatchObject({
      lifecycle: 'Running',
      health: 'ok',
    });
  });

  it('is Waiting while a rollout runs (ReplicationControllerUpdated, or Progressing Unknown)', () => {
    for (const progressing of [
      { status: 'True', reason: 'ReplicationControllerUpdated' },
      { status: 'Unknown', message: 'waiting for pod "dc-1-deploy" to run' },
    ]) {
      expect(
        evaluateObject(
          deploymentConfig('dc', conditions(progressing)),
          [],
          ctx,
        ),
      ).toMatchObject({
        lifecycle: 'Waiting',
        health: 'progressing',
        reasons: [{ code: 'RolloutInProgress' }],
      });
    }
  });

  it('is an error without minimum availability and no rollout making progress', () => {
    expect(
      evaluateObject(
        deploymentConfig('dc', conditions({ status: 'Unknown' }, 'False')),
        [],
        ctx,
      ),
    ).toMatchObject({
      lifecycle: 'NotReady',
      health: 'error',
      reasons: [{ code: 'MinimumReplicasUnavailable' }],
    });
    expect(
      evaluateObject(
        deploymentConfig(
          'dc',
          conditions({ status: 'False', reason: 'ProgressDeadlineExceeded' }),
        ),
        [],
        ctx,
      ).reasons[0].code,
    ).toBe('ProgressDeadlineExceeded');
  });

  it('an idled DeploymentConfig (no replicas after rolling out) runs, with a warning; replicas 0 is Stopped; paused is grey', () => {
    expect(
      evaluateObject(
        deploymentConfig('dc', {
          status: {
            replicas: 0,
            ...conditions(
              { status: 'True', reason: 'NewReplicationControllerAvailable' },
              'False',
            ).status,
          },
        }),
        [],
        ctx,
      ),
    ).toMatchObject({
      lifecycle: 'Running',
      health: 'warning',
      reasons: [{ code: 'DeploymentConfigIdled' }],
    });
    expect(
      evaluateObject(deploymentConfig('dc', { spec: { replicas: 0 } }), [], ctx)
        .lifecycle,
    ).toBe('Stopped');
    expect(
      evaluateObject(
        deploymentConfig('dc', { spec: { paused: true } }),
        [],
        ctx,
      ).health,
    ).toBe('stopped');
  });

  it('rolls up with the pods of its ReplicationControllers', () => {
    const [w, ...rest] = evaluateWorkloads(
      [deploymentConfig('dc'), ...deploymentConfigChain('dc')],
      ctx,
    );
    expect(rest).toHaveLength(0);
    expect(w).toMatchObject({
      kind: 'DeploymentConfig',
      revision: '1',
      replicas: { desired: 2, ready: 2 },
      components: { deployment: { lifecycle: 'Running' }, pods: { total: 1 } },
    });
  });

  it('a ReplicationController alone is judged like a ReplicaSet, in its own words', () => {
    const [rc] = deploymentConfigChain('dc');
    expect(
      evaluateObject(
        { ...rc, metadata: { ...rc.metadata, ownerReferences: [] } },
        [],
        ctx,
      ),
    ).toMatchObject({ lifecycle: 'Running', health: 'ok' });
    const scaled = evaluateObject(
      {
        ...rc,
        status: { replicas: 1, readyReplicas: 0, availableReplicas: 0 },
      },
      [],
      ctx,
    );
    expect(scaled.reasons[0].message).toContain(
      'ReplicationController shop/dc-1',
    );
  });
});
