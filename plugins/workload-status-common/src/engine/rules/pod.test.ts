import { evaluateObject } from '../evaluate';
import {
  ago,
  container,
  ctx,
  node,
  pod,
  podWith,
  running,
  terminated,
  waiting,
} from '../__fixtures__/objects';
import type { KubeObject } from '../types';

const judge = (p: KubeObject, related: KubeObject[] = []) =>
  evaluateObject(p, related, ctx);
const codes = (p: KubeObject, related: KubeObject[] = []) =>
  judge(p, related).reasons.map(r => r.code);

describe('Pod STATUS text (kubectl printPod)', () => {
  it.each<[string, KubeObject, string]>([
    ['running', pod('a'), 'Running'],
    [
      'pending, no container status',
      pod('a', {
        status: { phase: 'Pending', containerStatuses: [], conditions: [] },
      }),
      'Pending',
    ],
    [
      'container creating',
      podWith('a', waiting('ContainerCreating'), {
        status: { phase: 'Pending' },
      }),
      'ContainerCreating',
    ],
    [
      'waiting reason wins',
      podWith('a', waiting('CrashLoopBackOff')),
      'CrashLoopBackOff',
    ],
    [
      'terminated reason',
      podWith('a', terminated(137, 'OOMKilled')),
      'OOMKilled',
    ],
    [
      'terminated, no reason, signal',
      podWith(
        'a',
        container('app', { terminated: { exitCode: 0, signal: 9 } }),
      ),
      'Signal:9',
    ],
    [
      'terminated, no reason, exit code',
      podWith('a', container('app', { terminated: { exitCode: 3 } })),
      'ExitCode:3',
    ],
    [
      'succeeded',
      pod('a', {
        status: {
          phase: 'Succeeded',
          containerStatuses: [terminated(0, 'Completed')],
        },
      }),
      'Completed',
    ],
    [
      'failed',
      pod('a', {
        status: {
          phase: 'Failed',
          containerStatuses: [terminated(1, 'Error')],
        },
      }),
      'Error',
    ],
    [
      'status.reason is the start (Evicted)',
      pod('a', {
        status: { phase: 'Failed', reason: 'Evicted', containerStatuses: [] },
      }),
      'Evicted',
    ],
    [
      'init 0/2',
      pod('a', {
        spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }] },
        status: {
          phase: 'Pending',
          conditions: [{ type: 'Initialized', status: 'False' }],
          initContainerStatuses: [
            container('i1', { running: {} }),
            container('i2', { waiting: { reason: 'PodInitializing' } }),
          ],
          containerStatuses: [waiting('PodInitializing')],
        },
      }),
      'Init:0/2',
    ],
    [
      'init 1/2 after the first completed',
      pod('a', {
        spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }] },
        status: {
          phase: 'Pending',
          conditions: [{ type: 'Initialized', status: 'False' }],
          initContainerStatuses: [
            terminated(0, 'Completed', 'i1'),
            container('i2', { running: {} }),
          ],
          containerStatuses: [waiting('PodInitializing')],
        },
      }),
      'Init:1/2',
    ],
    [
      'init waiting reason',
      pod('a', {
        spec: { initContainers: [{ name: 'i1' }] },
        status: {
          phase: 'Pending',
          conditions: [],
          initContainerStatuses: [waiting('CrashLoopBackOff', 'i1')],
          containerStatuses: [waiting('PodInitializing')],
        },
      }),
      'Init:CrashLoopBackOff',
    ],
    [
      'init terminated reason',
      pod('a', {
        spec: { initContainers: [{ name: 'i1' }] },
        status: {
          phase: 'Pending',
          conditions: [],
          initContainerStatuses: [terminated(1, 'Error', 'i1')],
          containerStatuses: [],
        },
      }),
      'Init:Error',
    ],
    [
      'init terminated by signal',
      pod('a', {
        spec: { initContainers: [{ name: 'i1' }] },
        status: {
          phase: 'Pending',
          conditions: [],
          initContainerStatuses: [
            container('i1', { terminated: { exitCode: 137, signal: 9 } }),
          ],
          containerStatuses: [],
        },
      }),
      'Init:Signal:9',
    ],
    [
      'init exit 0 counts as done whatever the signal (kubectl checks the exit code only)',
      pod('a', {
        spec: { initContainers: [{ name: 'i1' }] },
        status: {
          phase: 'Pending',
          conditions: [],
          initContainerStatuses: [
            container('i1', { terminated: { exitCode: 0, signal: 15 } }),
          ],
          containerStatuses: [],
        },
      }),
      'Pending',
    ],
    [
      'init terminated with exit code',
      pod('a', {
        spec: { initContainers: [{ name: 'i1' }] },
        status: {
          phase: 'Pending',
          conditions: [],
          initContainerStatuses: [
            container('i1', { terminated: { exitCode: 2 } }),
          ],
          containerStatuses: [],
        },
      }),
      'Init:ExitCode:2',
    ],
    [
      'started sidecar does not hold initialisation',
      pod('a', {
        spec: { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] },
        status: {
          initContainerStatuses: [running(true, 'proxy')],
          containerStatuses: [running(true)],
        },
      }),
      'Running',
    ],
    [
      'sidecar not started yet',
      pod('a', {
        spec: { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] },
        status: {
          phase: 'Pending',
          conditions: [],
          initContainerStatuses: [
            container(
              'proxy',
              { waiting: { reason: 'PodInitializing' } },
              { started: false },
            ),
          ],
          containerStatuses: [waiting('PodInitializing')],
        },
      }),
      'Init:0/1',
    ],
    [
      'Completed with a running container and Ready → Running',
      pod('a', {
        status: {
          containerStatuses: [
            terminated(0, 'Completed', 'first'),
            running(true, 'second'),
          ],
        },
      }),
      'Running',
    ],
    [
      'Completed with a running container, not Ready → NotReady',
      pod('a', {
        status: {
          conditions: [
            { type: 'Ready', status: 'False' },
            { type: 'Initialized', status: 'True' },
          ],
          containerStatuses: [
            terminated(0, 'Completed', 'first'),
            running(true, 'second'),
          ],
        },
      }),
      'NotReady',
    ],
    [
      'first container wins',
      podWith('a', waiting('ErrImagePull', 'first'), {
        status: {
          containerStatuses: [
            waiting('ErrImagePull', 'first'),
            waiting('CrashLoopBackOff', 'second'),
          ],
        },
      }),
      'ErrImagePull',
    ],
    [
      'Terminating',
      pod('a', { metadata: { deletionTimestamp: ago(5) } }),
      'Terminating',
    ],
    [
      'terminal phase keeps its text while deleted',
      pod('a', {
        metadata: { deletionTimestamp: ago(5) },
        status: {
          phase: 'Succeeded',
          containerStatuses: [terminated(0, 'Completed')],
        },
      }),
      'Completed',
    ],
    [
      'NodeLost → Unknown',
      pod('a', {
        metadata: { deletionTimestamp: ago(5) },
        status: { reason: 'NodeLost' },
      }),
      'Unknown',
    ],
    [
      'SchedulingGated',
      pod('a', {
        status: {
          phase: 'Pending',
          containerStatuses: [],
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'SchedulingGated',
            },
          ],
        },
      }),
      'SchedulingGated',
    ],
  ])('%s', (_name, p, text) => {
    expect(judge(p).lifecycle).toBe(text);
  });
});

describe('Pod health (status-model "Pod")', () => {
  it('ok for Running and Ready, and for Succeeded', () => {
    expect(judge(pod('a')).health).toBe('ok');
    expect(
      judge(
        pod('a', {
          status: {
            phase: 'Succeeded',
            containerStatuses: [terminated(0, 'Completed')],
          },
        }),
      ).health,
    ).toBe('ok');
  });

  it('progressing for pending work without error', () => {
    const p = podWith('a', waiting('ContainerCreating'), {
      status: { phase: 'Pending' },
    });
    expect(judge(p)).toMatchObject({ health: 'progressing' });
    expect(codes(p)).toEqual(['ContainerCreating']);
    expect(
      codes(
        pod('a', {
          status: { phase: 'Pending', containerStatuses: [], conditions: [] },
        }),
      ),
    ).toEqual(['PodPending']);
    expect(codes(pod('a', { status: null }))).toEqual(['PodNotObserved']);
  });

  it('a running pod meant to complete (restartPolicy Never) is progressing', () => {
    expect(judge(pod('a', { spec: { restartPolicy: 'Never' } })).health).toBe(
      'progressing',
    );
    // Argo CD's annotation says it is long-running after all.
    const annotated = pod('a', {
      spec: { restartPolicy: 'Never' },
      metadata: {
        annotations: { 'argocd.argoproj.io/ignore-restart-policy': 'true' },
      },
    });
    expect(judge(annotated).health).toBe('ok');
  });

  it.each([
    ['CrashLoopBackOff', 'CrashLoopBackOff', 'service-log'],
    ['ImagePullBackOff', 'ImagePullBackOff', 'events'],
    ['ErrImagePull', 'ErrImagePull', 'events'],
    ['ErrImageNeverPull', 'ErrImagePull', 'events'],
    ['InvalidImageName', 'InvalidImageName', 'events'],
    ['CreateContainerConfigError', 'CreateContainerConfigError', 'events'],
    ['CreateContainerError', 'CreateContainerError', 'events'],
    ['RunContainerError', 'RunContainerError', 'service-log'],
    ['PreStartHookError', 'ContainerWaitingError', 'events'],
  ])(
    'error for waiting reason %s, naming pod and container, with a hint',
    (waitingReason, code, hint) => {
      const status = judge(podWith('web-1', waiting(waitingReason)));
      expect(status.health).toBe('error');
      expect(status.reasons[0]).toMatchObject({
        severity: 'error',
        code,
        hintTarget: hint,
        object: {
          kind: 'Pod',
          namespace: 'shop',
          name: 'web-1',
          container: 'app',
        },
      });
      expect(status.reasons[0].message).toContain(
        'Container app of Pod shop/web-1',
      );
      expect(status.reasons[0].hint).toBeTruthy();
    },
  );

  it('error for OOMKilled and restarting', () => {
    const crash = podWith(
      'a',
      waiting('CrashLoopBackOff', 'app', {
        restartCount: 3,
        lastState: {
          terminated: {
            exitCode: 137,
            reason: 'OOMKilled',
            finishedAt: ago(20),
          },
        },
      }),
    );
    expect(judge(crash)).toMatchObject({
      health: 'error',
      reasons: [{ code: 'OOMKilled', hintTarget: 'service-log' }],
    });
    const restarting = podWith(
      'a',
      running(false, 'app', {
        restartCount: 1,
        lastState: {
          terminated: {
            exitCode: 137,
            reason: 'OOMKilled',
            finishedAt: ago(20),
          },
        },
      }),
    );
    expect(judge(restarting)).toMatchObject({
      health: 'error',
      reasons: [{ code: 'OOMKilled' }],
    });
    expect(judge(podWith('a', terminated(137, 'OOMKilled')))).toMatchObject({
      health: 'error',
      reasons: [{ code: 'OOMKilled' }],
    });
  });

  it('error for a container that exited with an error, and for init containers failing', () => {
    expect(judge(podWith('a', terminated(1, 'Error')))).toMatchObject({
      health: 'error',
      reasons: [{ code: 'ContainerTerminatedError' }],
    });
    const init = pod('a', {
      spec: { initContainers: [{ name: 'migrate' }] },
      status: {
        phase: 'Pending',
        conditions: [],
        initContainerStatuses: [terminated(1, 'Error', 'migrate')],
        containerStatuses: [],
      },
    });
    expect(judge(init)).toMatchObject({
      lifecycle: 'Init:Error',
      health: 'error',
      reasons: [
        { code: 'InitContainerFailed', object: { container: 'migrate' } },
      ],
    });
    const initCrash = pod('a', {
      spec: { initContainers: [{ name: 'migrate' }] },
      status: {
        phase: 'Pending',
        conditions: [],
        initContainerStatuses: [waiting('CrashLoopBackOff', 'migrate')],
        containerStatuses: [],
      },
    });
    expect(judge(initCrash)).toMatchObject({
      lifecycle: 'Init:CrashLoopBackOff',
      health: 'error',
    });
  });

  it('error for phase Failed (PodFailed, PodEvicted)', () => {
    expect(
      codes(
        pod('a', {
          status: { phase: 'Failed', message: 'boom', containerStatuses: [] },
        }),
      ),
    ).toEqual(['PodFailed']);
    const evicted = judge(
      pod('a', {
        status: {
          phase: 'Failed',
          reason: 'Evicted',
          message: 'low on memory',
          containerStatuses: [],
        },
      }),
    );
    expect(evicted).toMatchObject({
      health: 'error',
      reasons: [{ code: 'PodEvicted', hintTarget: 'events' }],
    });
  });

  it('unschedulable: progressing within the grace, error past it, pointing to the events', () => {
    const p = (since: string) =>
      pod('a', {
        status: {
          phase: 'Pending',
          containerStatuses: [],
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: '0/3 nodes are available',
              lastTransitionTime: since,
            },
          ],
        },
      });
    expect(judge(p(ago(10)))).toMatchObject({
      health: 'progressing',
      reasons: [{ code: 'Unschedulable', severity: 'info' }],
    });
    expect(judge(p(ago(600)))).toMatchObject({
      health: 'error',
      reasons: [
        { code: 'Unschedulable', severity: 'error', hintTarget: 'events' },
      ],
    });
  });

  it('progressing while scheduling gates are set', () => {
    expect(
      codes(
        pod('a', {
          status: {
            phase: 'Pending',
            containerStatuses: [],
            conditions: [
              {
                type: 'PodScheduled',
                status: 'False',
                reason: 'SchedulingGated',
              },
            ],
          },
        }),
      ),
    ).toEqual(['SchedulingGated']);
  });

  it('warning for running but not ready past the readiness-probe budget', () => {
    const probe = {
      readinessProbe: {
        initialDelaySeconds: 5,
        periodSeconds: 10,
        failureThreshold: 3,
      },
    };
    const slow = podWith('a', running(false), {
      spec: { containers: [{ name: 'app', image: 'x', ...probe }] },
    });
    expect(judge(slow)).toMatchObject({
      health: 'warning',
      reasons: [
        { code: 'ReadinessProbeFailing', object: { container: 'app' } },
      ],
    });
    const young = podWith(
      'a',
      container('app', { running: { startedAt: ago(20) } }),
      { spec: { containers: [{ name: 'app', image: 'x', ...probe }] } },
    );
    expect(judge(young).health).toBe('progressing');
  });

  it('warning for a recent restart of a running container; info when old', () => {
    const last = (finishedAt: string) => ({
      restartCount: 2,
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt } },
    });
    expect(
      judge(
        pod('a', {
          status: { containerStatuses: [running(true, 'app', last(ago(300)))] },
        }),
      ),
    ).toMatchObject({
      health: 'warning',
      reasons: [{ code: 'ContainerRestarted' }],
    });
    expect(
      judge(
        pod('a', {
          status: {
            containerStatuses: [running(true, 'app', last(ago(86400)))],
          },
        }),
      ),
    ).toMatchObject({
      health: 'ok',
      reasons: [{ code: 'ContainerRestarted', severity: 'info' }],
    });
  });

  it('unknown for phase Unknown, NodeLost, or a node whose Ready is Unknown', () => {
    expect(judge(pod('a', { status: { phase: 'Unknown' } }))).toMatchObject({
      health: 'unknown',
      reasons: [{ code: 'NodeLost', hintTarget: 'cluster' }],
    });
    expect(judge(pod('a', { status: { reason: 'NodeLost' } })).health).toBe(
      'unknown',
    );
    expect(judge(pod('a'), [node('node-1', 'Unknown')])).toMatchObject({
      health: 'unknown',
      reasons: [{ code: 'NodeNotReady' }],
    });
    expect(judge(pod('a'), [node('node-1', 'True')]).health).toBe('ok');
  });

  it('Terminating is progressing', () => {
    expect(
      judge(pod('a', { metadata: { deletionTimestamp: ago(5) } })),
    ).toMatchObject({
      health: 'progressing',
      reasons: [{ code: 'PodTerminating' }],
    });
  });
});
