import { evaluateObject } from '../evaluate';
import { ctx, daemonSet, pod, waiting } from '../__fixtures__/objects';
import type { KubeObject } from '../types';

const judge = (o: KubeObject, related: KubeObject[] = []) =>
  evaluateObject(o, related, ctx);

describe('DaemonSet', () => {
  it('Running when every scheduled pod is updated and available', () => {
    expect(judge(daemonSet('agent'))).toMatchObject({
      lifecycle: 'Running',
      health: 'ok',
    });
  });
  it('Waiting: not observed, no desired number yet, rolling out, pods unavailable', () => {
    expect(
      judge(daemonSet('agent', { metadata: { generation: 3 } })).reasons[0]
        .code,
    ).toBe('SpecNotObserved');
    expect(
      judge(daemonSet('agent', { status: { desiredNumberScheduled: null } }))
        .lifecycle,
    ).toBe('Waiting');
    expect(
      judge(daemonSet('agent', { status: { updatedNumberScheduled: 1 } })),
    ).toMatchObject({
      lifecycle: 'Waiting',
      reasons: [{ code: 'RolloutInProgress' }],
    });
    expect(
      judge(daemonSet('agent', { status: { numberAvailable: 2 } })),
    ).toMatchObject({
      lifecycle: 'Waiting',
      reasons: [{ code: 'ReplicasUnavailable' }],
    });
  });
  it('OnDelete: old pods are not a rollout in progress (gitops-engine)', () => {
    expect(
      judge(
        daemonSet('agent', {
          spec: { updateStrategy: { type: 'OnDelete' } },
          status: { updatedNumberScheduled: 0 },
        }),
      ).lifecycle,
    ).toBe('Running');
  });
  it('NotReady when a pod crashes; Stopped when no node matches', () => {
    const crash = pod('agent-x', {
      metadata: {
        ownerReferences: [
          {
            kind: 'DaemonSet',
            name: 'agent',
            uid: 'uid-DaemonSet-agent',
            controller: true,
          },
        ],
      },
      status: {
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [waiting('ImagePullBackOff')],
      },
    });
    expect(
      judge(daemonSet('agent', { status: { numberAvailable: 2 } }), [crash]),
    ).toMatchObject({
      lifecycle: 'NotReady',
      reasons: [{ code: 'ImagePullBackOff' }, { code: 'ReplicasUnavailable' }],
    });
    expect(
      judge(daemonSet('agent', { status: { desiredNumberScheduled: 0 } })),
    ).toMatchObject({
      lifecycle: 'Stopped',
      reasons: [{ code: 'ScaledToZero' }],
    });
  });
});

describe('DaemonSet Exception and Deleting', () => {
  it('a pod on a lost node; deletion', () => {
    const lost = pod('agent-x', {
      metadata: {
        ownerReferences: [
          {
            kind: 'DaemonSet',
            name: 'agent',
            uid: 'uid-DaemonSet-agent',
            controller: true,
          },
        ],
      },
      status: { phase: 'Unknown' },
    });
    expect(judge(daemonSet('agent'), [lost])).toMatchObject({
      lifecycle: 'Exception',
      health: 'unknown',
    });
    expect(
      judge(
        daemonSet('agent', {
          metadata: { deletionTimestamp: '2026-03-01T11:59:00Z' },
        }),
      ).lifecycle,
    ).toBe('Deleting');
  });
});
