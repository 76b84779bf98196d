import { evaluateObject } from '../evaluate';
import { ago, ctx, pod, statefulSet, waiting } from '../__fixtures__/objects';
import type { KubeObject } from '../types';

const judge = (o: KubeObject, related: KubeObject[] = []) =>
  evaluateObject(o, related, ctx);
const stsPod = (name: string, revision: string, over = {}) =>
  pod(name, {
    metadata: {
      ownerReferences: [
        {
          kind: 'StatefulSet',
          name: 'db',
          uid: 'uid-StatefulSet-db',
          controller: true,
        },
      ],
      labels: { 'controller-revision-hash': revision },
    },
    ...over,
  });

describe('StatefulSet', () => {
  it('Running when ready, updated and on one revision', () => {
    expect(judge(statefulSet('db'))).toMatchObject({
      lifecycle: 'Running',
      health: 'ok',
    });
  });
  it('Waiting: not observed (observedGeneration 0 or behind)', () => {
    expect(
      judge(statefulSet('db', { status: { observedGeneration: 0 } })),
    ).toMatchObject({
      lifecycle: 'Waiting',
      reasons: [{ code: 'SpecNotObserved' }],
    });
    expect(
      judge(statefulSet('db', { metadata: { generation: 3 } })).reasons[0].code,
    ).toBe('SpecNotObserved');
  });
  it('Waiting: fewer ready than desired', () => {
    expect(
      judge(statefulSet('db', { status: { readyReplicas: 2 } })),
    ).toMatchObject({
      lifecycle: 'Waiting',
      reasons: [{ code: 'PodsNotReady' }],
    });
  });
  it('Waiting: rolling update between revisions', () => {
    expect(
      judge(
        statefulSet('db', {
          status: { updatedReplicas: 1, updateRevision: 'db-new' },
        }),
      ),
    ).toMatchObject({
      lifecycle: 'Waiting',
      reasons: [{ code: 'RolloutInProgress' }],
    });
  });
  it('partition: "updated" counts only ordinals at or above the partition (kubectl)', () => {
    const partitioned = (updated: number) =>
      statefulSet('db', {
        spec: { updateStrategy: { rollingUpdate: { partition: 2 } } },
        status: { updatedReplicas: updated, updateRevision: 'db-new' },
      });
    expect(judge(partitioned(0))).toMatchObject({
      lifecycle: 'Waiting',
      reasons: [{ code: 'PartitionedRollout' }],
    });
    expect(judge(partitioned(1))).toMatchObject({
      lifecycle: 'Running',
      health: 'ok',
    });
  });
  it('OnDelete: running once ready, whatever the revisions', () => {
    expect(
      judge(
        statefulSet('db', {
          spec: { updateStrategy: { type: 'OnDelete' } },
          status: { updatedReplicas: 0, updateRevision: 'db-new' },
        }),
      ).lifecycle,
    ).toBe('Running');
  });
  it('NotReady when a pod of the update revision crashes; Stopped at zero; Deleting', () => {
    const crash = stsPod('db-0', 'db-abc', {
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [waiting('CrashLoopBackOff')],
      },
    });
    expect(
      judge(statefulSet('db', { status: { readyReplicas: 2 } }), [crash]),
    ).toMatchObject({
      lifecycle: 'NotReady',
      reasons: [{ code: 'CrashLoopBackOff' }, { code: 'PodsNotReady' }],
    });
    expect(judge(statefulSet('db', { spec: { replicas: 0 } })).lifecycle).toBe(
      'Stopped',
    );
    expect(
      judge(statefulSet('db', { metadata: { deletionTimestamp: ago(1) } }))
        .lifecycle,
    ).toBe('Deleting');
  });
});

describe('StatefulSet scaling down', () => {
  it('Waiting while pods above the desired ordinals terminate', () => {
    expect(
      evaluateObject(statefulSet('db', { status: { replicas: 5 } }), [], ctx),
    ).toMatchObject({
      lifecycle: 'Waiting',
      reasons: [{ code: 'OldReplicasTerminating' }],
    });
  });
});

describe('StatefulSet Exception', () => {
  it('a pod of the update revision on a lost node', () => {
    const lost = stsPod('db-0', 'db-abc', {
      status: { phase: 'Unknown', reason: 'NodeLost' },
    });
    expect(evaluateObject(statefulSet('db'), [lost], ctx)).toMatchObject({
      lifecycle: 'Exception',
      health: 'unknown',
    });
  });
});
