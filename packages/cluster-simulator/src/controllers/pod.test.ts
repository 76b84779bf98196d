import { barePod, testCluster } from '../testing/testCluster';

const B = 'simulator.workload-status.dev/behaviour';
const main = (pod: any) => pod.status.containerStatuses[0];

describe('pod controller (scheduler + kubelet)', () => {
  it('schedules, pulls, starts and readies a healthy pod, with the kubelet events', () => {
    const t = testCluster();
    t.apply(barePod('web'));
    t.advance(5000);
    const pod = t.cluster.get('Pod', 'default', 'web')!;
    expect(pod.spec.nodeName).toMatch(/^node-/);
    expect(pod.status.phase).toBe('Running');
    expect(main(pod)).toMatchObject({
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: {} },
    });
    expect(
      pod.status.conditions.map((c: any) => `${c.type}=${c.status}`),
    ).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    expect(t.events('web').sort()).toEqual([
      'Created',
      'Pulled',
      'Pulling',
      'Scheduled',
      'Started',
    ]);
  });

  it.each([
    [
      'crash-loop',
      30_000,
      (p: any) =>
        expect(main(p)).toMatchObject({
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error' } },
        }),
    ],
    [
      'oom',
      30_000,
      (p: any) =>
        expect(main(p).lastState.terminated).toMatchObject({
          exitCode: 137,
          reason: 'OOMKilled',
        }),
    ],
    [
      'image-pull-error',
      10_000,
      (p: any) => expect(main(p).state.waiting.reason).toBe('ImagePullBackOff'),
    ],
    [
      'invalid-image-name',
      5000,
      (p: any) => expect(main(p).state.waiting.reason).toBe('InvalidImageName'),
    ],
    [
      'config-error',
      5000,
      (p: any) =>
        expect(main(p).state.waiting).toMatchObject({
          reason: 'CreateContainerConfigError',
          message: expect.stringContaining('configmap'),
        }),
    ],
    [
      'slow-readiness',
      30_000,
      (p: any) =>
        expect(p.status).toMatchObject({
          phase: 'Running',
          containerStatuses: [{ ready: false, started: true }],
        }),
    ],
  ])('%s', (behaviour, after, check) => {
    const t = testCluster();
    t.apply(barePod('p', { [B]: behaviour }));
    t.advance(after);
    check(t.cluster.get('Pod', 'default', 'p')!);
  });

  it('crash loops with the kubelet back-off and BackOff events', () => {
    const t = testCluster();
    t.apply(barePod('p', { [B]: 'crash-loop' }));
    t.advance(60_000);
    const pod = t.cluster.get('Pod', 'default', 'p')!;
    // runs of 3 s with back-offs of 10, 20 and 40 s: three exits within a minute
    expect(main(pod).restartCount).toBe(3);
    expect(t.events('p')).toContain('BackOff');
    expect(pod.status.phase).toBe('Running');
  });

  it('readies a slow pod after its ready-after delay, reporting Unhealthy meanwhile', () => {
    const t = testCluster();
    t.apply(
      barePod('p', {
        [B]: 'slow-readiness',
        'simulator.workload-status.dev/ready-after': '40s',
      }),
    );
    t.advance(30_000);
    expect(main(t.cluster.get('Pod', 'default', 'p')!).ready).toBe(false);
    expect(t.events('p')).toContain('Unhealthy');
    t.advance(15_000);
    expect(main(t.cluster.get('Pod', 'default', 'p')!).ready).toBe(true);
  });

  it('leaves an unschedulable pod Pending with FailedScheduling', () => {
    const t = testCluster();
    t.apply(barePod('p', { [B]: 'unschedulable' }));
    t.advance(5000);
    const pod = t.cluster.get('Pod', 'default', 'p')!;
    expect(pod.spec.nodeName).toBeUndefined();
    expect(pod.status.conditions[0]).toMatchObject({
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
    });
    expect(t.events('p')).toEqual(['FailedScheduling']);
  });

  it('fails an init container into Init:CrashLoopBackOff', () => {
    const t = testCluster();
    t.apply(
      barePod(
        'p',
        { [B]: 'init-failure' },
        { initContainers: [{ name: 'migrate', image: 'migrate:1' }] },
      ),
    );
    t.advance(20_000);
    const pod = t.cluster.get('Pod', 'default', 'p')!;
    expect(pod.status.phase).toBe('Pending');
    expect(pod.status.initContainerStatuses[0]).toMatchObject({
      name: 'migrate',
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: {},
    });
    expect(
      pod.status.conditions.find((c: any) => c.type === 'Initialized'),
    ).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized' });
  });

  it('runs a job-like pod to Succeeded or Failed (restartPolicy Never)', () => {
    const t = testCluster();
    t.apply([
      barePod('ok', { [B]: 'complete' }, { restartPolicy: 'Never' }),
      barePod('ko', { [B]: 'fail' }, { restartPolicy: 'Never' }),
    ]);
    t.advance(10_000);
    expect(t.cluster.get('Pod', 'default', 'ok')!.status.phase).toBe(
      'Succeeded',
    );
    expect(
      main(t.cluster.get('Pod', 'default', 'ok')!).state.terminated,
    ).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(t.cluster.get('Pod', 'default', 'ko')!.status.phase).toBe('Failed');
  });

  it('removes a deleted pod after its containers stop', () => {
    const t = testCluster();
    t.apply(barePod('p'));
    t.advance(5000);
    t.cluster.delete('Pod', 'default', 'p');
    expect(
      t.cluster.get('Pod', 'default', 'p')!.metadata.deletionTimestamp,
    ).toBeDefined();
    t.advance(3000);
    expect(t.cluster.get('Pod', 'default', 'p')).toBeUndefined();
    expect(t.events('p')).toContain('Killing');
  });

  it('is deterministic: the same steps give the same objects', () => {
    const run = () => {
      const t = testCluster();
      t.apply([barePod('a', { [B]: 'crash-loop' }), barePod('b')]);
      t.advance(40_000);
      return JSON.stringify(t.cluster.state());
    };
    expect(run()).toBe(run());
  });
});
