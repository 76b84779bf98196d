import { evaluateObject } from '../evaluate';
import {
  ago,
  ctx,
  deployment,
  node,
  podWith,
  replicaSet,
  rsPod,
  running,
  terminated,
  waiting,
} from '../__fixtures__/objects';
import type { KubeObject } from '../types';

const judge = (d: KubeObject, related: KubeObject[] = []) =>
  evaluateObject(d, related, ctx);
const codes = (d: KubeObject, related: KubeObject[] = []) =>
  judge(d, related).reasons.map(r => r.code);

/** Deployment web at revision 2 with an old (rev 1) and a current (rev 2) ReplicaSet. */
function tree(currentPods: KubeObject[], oldPods: KubeObject[] = []) {
  return [
    replicaSet('web-old1', '1', 'web'),
    replicaSet('web-new2', '2', 'web'),
    ...currentPods,
    ...oldPods,
  ];
}

describe('Deployment lifecycle (status-model table)', () => {
  it('Running: every desired replica updated, ready and available', () => {
    expect(
      judge(
        deployment('web'),
        tree([
          rsPod('web-new2-a', 'web-new2'),
          rsPod('web-new2-b', 'web-new2'),
        ]),
      ),
    ).toMatchObject({ lifecycle: 'Running', health: 'ok', reasons: [] });
  });

  describe('Waiting', () => {
    it('being created: no status yet', () => {
      const d = deployment('web', { status: null });
      expect(judge(d)).toMatchObject({
        lifecycle: 'Waiting',
        health: 'progressing',
      });
      expect(codes(d)).toEqual(['RolloutInProgress']);
    });
    it('spec not yet observed', () => {
      expect(
        judge(deployment('web', { metadata: { generation: 4 } })),
      ).toMatchObject({
        lifecycle: 'Waiting',
        reasons: [{ code: 'SpecNotObserved' }],
      });
    });
    it('updated < desired', () => {
      const s = judge(deployment('web', { status: { updatedReplicas: 1 } }));
      expect(s).toMatchObject({
        lifecycle: 'Waiting',
        health: 'progressing',
        reasons: [{ code: 'RolloutInProgress' }],
      });
      expect(s.reasons[0].message).toBe(
        'Deployment shop/web is rolling out: 1 of 2 new replicas updated.',
      );
    });
    it('old replicas still terminating', () => {
      expect(codes(deployment('web', { status: { replicas: 3 } }))).toEqual([
        'OldReplicasTerminating',
      ]);
    });
    it('new pods starting within their grace', () => {
      const d = deployment('web', {
        status: {
          availableReplicas: 1,
          readyReplicas: 1,
          conditions: [
            {
              type: 'Progressing',
              status: 'True',
              reason: 'ReplicaSetUpdated',
            },
          ],
        },
      });
      const starting = rsPod('web-new2-b', 'web-new2', {
        status: {
          phase: 'Pending',
          conditions: [],
          containerStatuses: [waiting('ContainerCreating')],
        },
      });
      expect(
        judge(d, tree([rsPod('web-new2-a', 'web-new2'), starting])),
      ).toMatchObject({
        lifecycle: 'Waiting',
        health: 'progressing',
        reasons: [{ code: 'ReplicasUnavailable' }],
      });
    });
    it('rolled out, then a replica became unavailable: waiting within the grace (warning)', () => {
      const d = deployment('web', {
        status: {
          availableReplicas: 1,
          conditions: [
            {
              type: 'Available',
              status: 'False',
              reason: 'MinimumReplicasUnavailable',
              lastTransitionTime: ago(30),
            },
            {
              type: 'Progressing',
              status: 'True',
              reason: 'NewReplicaSetAvailable',
            },
          ],
        },
      });
      expect(judge(d)).toMatchObject({
        lifecycle: 'Waiting',
        health: 'warning',
        reasons: [{ code: 'MinimumReplicasUnavailable', severity: 'warning' }],
      });
    });
    it('spec.paused: waiting, intentionally held (stopped)', () => {
      expect(
        judge(
          deployment('web', {
            spec: { paused: true },
            status: { updatedReplicas: 1 },
          }),
        ),
      ).toMatchObject({
        lifecycle: 'Waiting',
        health: 'stopped',
        reasons: [{ code: 'DeploymentPaused' }],
      });
    });
  });

  describe('NotReady', () => {
    it.each([
      'CrashLoopBackOff',
      'ImagePullBackOff',
      'ErrImagePull',
      'InvalidImageName',
      'CreateContainerConfigError',
      'CreateContainerError',
      'RunContainerError',
    ])('a current pod in %s', reasonName => {
      const bad = rsPod('web-new2-b', 'web-new2', {
        status: {
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [waiting(reasonName)],
        },
      });
      const s = judge(
        deployment('web', { status: { availableReplicas: 1 } }),
        tree([rsPod('web-new2-a', 'web-new2'), bad]),
      );
      expect(s).toMatchObject({ lifecycle: 'NotReady', health: 'error' });
      expect(s.reasons[0]).toMatchObject({
        object: { kind: 'Pod', name: 'web-new2-b', container: 'app' },
      });
    });
    it('a current pod OOMKilled and restarting', () => {
      const bad = rsPod('web-new2-b', 'web-new2', {
        status: {
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [
            waiting('CrashLoopBackOff', 'app', {
              restartCount: 4,
              lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
            }),
          ],
        },
      });
      expect(judge(deployment('web'), tree([bad]))).toMatchObject({
        lifecycle: 'NotReady',
        reasons: [{ code: 'OOMKilled' }],
      });
    });
    it('a current pod with an init container failing', () => {
      const bad = rsPod('web-new2-b', 'web-new2', {
        spec: { initContainers: [{ name: 'migrate' }] },
        status: {
          phase: 'Pending',
          conditions: [],
          initContainerStatuses: [terminated(1, 'Error', 'migrate')],
          containerStatuses: [],
        },
      });
      expect(judge(deployment('web'), tree([bad]))).toMatchObject({
        lifecycle: 'NotReady',
        reasons: [{ code: 'InitContainerFailed' }],
      });
    });
    it('a current pod unschedulable past the grace', () => {
      const bad = rsPod('web-new2-b', 'web-new2', {
        status: {
          phase: 'Pending',
          containerStatuses: [],
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              lastTransitionTime: ago(900),
            },
          ],
        },
      });
      expect(judge(deployment('web'), tree([bad]))).toMatchObject({
        lifecycle: 'NotReady',
        reasons: [{ code: 'Unschedulable', hintTarget: 'events' }],
      });
    });
    it('old pods failing do not fail the rollout: only the current revision counts', () => {
      const oldBad = rsPod('web-old1-x', 'web-old1', {
        status: {
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [waiting('CrashLoopBackOff')],
        },
      });
      expect(
        judge(
          deployment('web'),
          tree([rsPod('web-new2-a', 'web-new2')], [oldBad]),
        ).lifecycle,
      ).toBe('Running');
    });
    it('progress deadline exceeded', () => {
      const d = deployment('web', {
        status: {
          updatedReplicas: 1,
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'ReplicaSet "web-new2" has timed out progressing.',
            },
          ],
        },
      });
      const s = judge(d);
      expect(s).toMatchObject({ lifecycle: 'NotReady', health: 'error' });
      expect(s.reasons[0]).toMatchObject({
        code: 'ProgressDeadlineExceeded',
        hintTarget: 'events',
      });
      expect(s.reasons[0].message).toBe(
        'Deployment shop/web exceeded its progress deadline: ReplicaSet "web-new2" has timed out progressing.',
      );
    });
    it('ReplicaFailure (quota)', () => {
      const d = deployment('web', {
        status: {
          conditions: [
            {
              type: 'ReplicaFailure',
              status: 'True',
              reason: 'FailedCreate',
              message: 'exceeded quota',
            },
          ],
        },
      });
      expect(judge(d)).toMatchObject({
        lifecycle: 'NotReady',
        reasons: [{ code: 'ReplicaFailure' }],
      });
    });
    it('settled with unavailable replicas past the grace', () => {
      const d = deployment('web', {
        status: {
          availableReplicas: 1,
          conditions: [
            {
              type: 'Available',
              status: 'False',
              reason: 'MinimumReplicasUnavailable',
              message: 'Deployment does not have minimum availability.',
              lastTransitionTime: ago(600),
            },
            {
              type: 'Progressing',
              status: 'True',
              reason: 'NewReplicaSetAvailable',
            },
          ],
        },
      });
      const s = judge(d);
      expect(s).toMatchObject({
        lifecycle: 'NotReady',
        health: 'error',
        reasons: [{ code: 'MinimumReplicasUnavailable', severity: 'error' }],
      });
      expect(s.reasons[0].message).toContain('1 of 2 replicas available');
    });
  });

  it('Stopped: scaled to zero', () => {
    expect(
      judge(
        deployment('web', {
          spec: { replicas: 0 },
          status: {
            replicas: 0,
            updatedReplicas: 0,
            readyReplicas: 0,
            availableReplicas: 0,
          },
        }),
      ),
    ).toMatchObject({
      lifecycle: 'Stopped',
      health: 'stopped',
      reasons: [{ code: 'ScaledToZero' }],
    });
  });

  it('Deleting: deletionTimestamp set', () => {
    expect(
      judge(deployment('web', { metadata: { deletionTimestamp: ago(3) } })),
    ).toMatchObject({
      lifecycle: 'Deleting',
      health: 'progressing',
      reasons: [{ code: 'ObjectDeleting' }],
    });
  });

  it('Exception: a current pod on a node that stopped answering', () => {
    const lost = rsPod('web-new2-a', 'web-new2', {
      spec: { nodeName: 'node-9' },
    });
    expect(
      judge(deployment('web'), [...tree([lost]), node('node-9', 'Unknown')]),
    ).toMatchObject({
      lifecycle: 'Exception',
      health: 'unknown',
      reasons: [{ code: 'NodeNotReady' }],
    });
    const nodeLost = rsPod('web-new2-a', 'web-new2', {
      status: { phase: 'Unknown', reason: 'NodeLost' },
    });
    expect(judge(deployment('web'), tree([nodeLost])).lifecycle).toBe(
      'Exception',
    );
  });

  describe('precedence: Deleting, Exception, NotReady, Stopped, Waiting, Running', () => {
    const crashing = rsPod('web-new2-b', 'web-new2', {
      status: {
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [waiting('CrashLoopBackOff')],
      },
    });
    it('Deleting beats NotReady', () => {
      expect(
        judge(
          deployment('web', { metadata: { deletionTimestamp: ago(3) } }),
          tree([crashing]),
        ).lifecycle,
      ).toBe('Deleting');
    });
    it('Exception beats NotReady', () => {
      const lost = rsPod('web-new2-a', 'web-new2', {
        status: { phase: 'Unknown' },
      });
      expect(judge(deployment('web'), tree([lost, crashing])).lifecycle).toBe(
        'Exception',
      );
    });
    it('NotReady beats Waiting (rollout in progress with a crashing new pod)', () => {
      expect(
        judge(
          deployment('web', { status: { updatedReplicas: 1 } }),
          tree([crashing]),
        ),
      ).toMatchObject({
        lifecycle: 'NotReady',
        reasons: [{ code: 'CrashLoopBackOff' }, { code: 'RolloutInProgress' }],
      });
    });
    it('NotReady beats Stopped (deadline exceeded while scaled to zero)', () => {
      expect(
        judge(
          deployment('web', {
            spec: { replicas: 0 },
            status: {
              conditions: [
                {
                  type: 'Progressing',
                  status: 'False',
                  reason: 'ProgressDeadlineExceeded',
                },
              ],
            },
          }),
        ).lifecycle,
      ).toBe('NotReady');
    });
    it('Stopped beats Waiting (scaled to zero while old replicas terminate)', () => {
      expect(
        judge(
          deployment('web', {
            spec: { replicas: 0 },
            status: { replicas: 2, updatedReplicas: 0 },
          }),
        ).lifecycle,
      ).toBe('Stopped');
    });
  });

  it('a running pod with a failing readiness probe colours a running Deployment warning', () => {
    const slow = rsPod('web-new2-a', 'web-new2', {
      spec: { containers: [{ name: 'app', readinessProbe: {} }] },
      status: {
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [running(false)],
      },
    });
    expect(judge(deployment('web'), tree([slow]))).toMatchObject({
      lifecycle: 'Running',
      health: 'warning',
      reasons: [{ code: 'ReadinessProbeFailing' }],
    });
  });

  it('podWith helper keeps the pod unowned (sanity)', () => {
    expect(podWith('x', running()).metadata?.ownerReferences).toBeUndefined();
  });
});
