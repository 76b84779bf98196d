import { KubeObject } from '../types';
import { testCluster } from '../testing/testCluster';
import { canaryWeight } from './rollout';

const steps = [
  { setWeight: 20 },
  { pause: {} },
  { setWeight: 60 },
  { pause: { duration: '20s' } },
];

function rollout(strategy: any, image = 'pricing:1.0.0'): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'pricing', namespace: 'default' },
    spec: {
      replicas: 5,
      selector: { matchLabels: { app: 'pricing' } },
      strategy,
      template: {
        metadata: { labels: { app: 'pricing' } },
        spec: { containers: [{ name: 'app', image }] },
      },
    },
  };
}

const cond = (o: KubeObject, type: string) =>
  o.status?.conditions?.find((c: any) => c.type === type);

describe('rollout controller', () => {
  const setup = (strategy: any) => {
    const t = testCluster();
    t.apply(rollout(strategy));
    t.advance(20_000);
    const get = () => t.cluster.get('Rollout', 'default', 'pricing')!;
    const replicaSets = () =>
      t.cluster
        .list('ReplicaSet', 'default')
        .filter(rs => !rs.metadata.deletionTimestamp)
        .map(rs => [
          rs.metadata.annotations!['rollout.argoproj.io/revision'],
          rs.spec.replicas,
        ]);
    const update = (image: string) =>
      t.cluster.patch('Rollout', 'default', 'pricing', {
        spec: {
          template: { spec: { containers: [{ name: 'app', image }] } },
        },
      });
    return { t, get, replicaSets, update };
  };

  it('deploys the first template at once and reports it healthy', () => {
    const { t, get, replicaSets } = setup({ canary: { steps } });
    const ro = get();
    expect(ro.status).toMatchObject({
      phase: 'Healthy',
      replicas: 5,
      updatedReplicas: 5,
      readyReplicas: 5,
      availableReplicas: 5,
      currentStepIndex: 4,
      observedGeneration: '1',
      selector: 'app=pricing',
    });
    expect(ro.status.stableRS).toBe(ro.status.currentPodHash);
    expect(ro.status.message).toBeUndefined();
    expect(cond(ro, 'Healthy')).toMatchObject({
      status: 'True',
      reason: 'RolloutHealthy',
    });
    expect(cond(ro, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
    });
    expect(replicaSets()).toEqual([['1', 5]]);
    const pod = t.pods()[0];
    expect(pod.metadata.labels!['rollouts-pod-template-hash']).toBe(
      ro.status.currentPodHash,
    );
    expect(pod.metadata.name).toMatch(/^pricing-[a-z0-9]+-[a-z0-9]{5}$/);
  });

  it('walks the canary steps: weight 20, indefinite pause until promoted, timed pause, then promotes', () => {
    const { t, get, replicaSets, update } = setup({ canary: { steps } });
    const stable = get().status.stableRS;
    update('pricing:1.1.0');
    t.advance(20_000);
    let ro = get();
    expect(ro.status).toMatchObject({
      phase: 'Paused',
      message: 'CanaryPauseStep',
      currentStepIndex: 1,
      controllerPause: true,
      pauseConditions: [{ reason: 'CanaryPauseStep' }],
      stableRS: stable,
      updatedReplicas: 1,
      replicas: 5,
      availableReplicas: 5,
    });
    expect(ro.status.currentPodHash).not.toBe(stable);
    expect(cond(ro, 'Paused')).toMatchObject({
      status: 'True',
      reason: 'RolloutPaused',
    });
    expect(cond(ro, 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'RolloutPaused',
      message: 'Rollout is paused',
    });
    expect(cond(ro, 'Completed')?.status).toBe('False');
    expect(replicaSets()).toEqual([
      ['1', 4],
      ['2', 1],
    ]);
    // an indefinite pause stays
    t.advance(120_000);
    expect(get().status.currentStepIndex).toBe(1);
    expect(t.events('pricing')).toEqual(
      expect.arrayContaining([
        'RolloutUpdated',
        'NewReplicaSetCreated',
        'ScalingReplicaSet',
        'RolloutStepCompleted',
        'RolloutPaused',
      ]),
    );

    // kubectl argo rollouts promote: clears the pause conditions in the status
    t.cluster.patch('Rollout', 'default', 'pricing', {
      status: { pauseConditions: null },
    });
    t.advance(15_000);
    ro = get();
    expect(ro.status).toMatchObject({
      phase: 'Paused',
      currentStepIndex: 3,
      updatedReplicas: 3,
    });
    expect(cond(ro, 'Paused')?.status).toBe('True');
    t.advance(40_000);
    ro = get();
    expect(ro.status).toMatchObject({
      phase: 'Healthy',
      currentStepIndex: 4,
      updatedReplicas: 5,
      replicas: 5,
      availableReplicas: 5,
    });
    expect(ro.status.stableRS).toBe(ro.status.currentPodHash);
    expect(ro.status.pauseConditions).toBeUndefined();
    expect(cond(ro, 'Paused')).toMatchObject({
      status: 'False',
      reason: 'RolloutResumed',
    });
    expect(cond(ro, 'Completed')).toMatchObject({
      status: 'True',
      message: expect.stringContaining('Completed all 4 canary steps'),
    });
    expect(replicaSets()).toEqual([
      ['1', 0],
      ['2', 5],
    ]);
  });

  it('aborts back to the stable ReplicaSet', () => {
    const { t, get, replicaSets, update } = setup({ canary: { steps } });
    update('pricing:1.1.0');
    t.advance(20_000);
    t.cluster.patch('Rollout', 'default', 'pricing', {
      status: { abort: true },
    });
    t.advance(10_000);
    const ro = get();
    expect(ro.status).toMatchObject({
      phase: 'Degraded',
      message: 'RolloutAborted: Rollout aborted update to revision 2',
      abort: true,
    });
    expect(cond(ro, 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'RolloutAborted',
    });
    expect(replicaSets()).toEqual([
      ['1', 5],
      ['2', 0],
    ]);
    expect(t.events('pricing')).toContain('RolloutAborted');
  });

  it('reports a canary that cannot become available as timed out', () => {
    const { t, get, update } = setup({ canary: { steps } });
    t.cluster.patch('Rollout', 'default', 'pricing', {
      spec: {
        progressDeadlineSeconds: 30,
        template: {
          metadata: {
            annotations: {
              'simulator.workload-status.dev/behaviour': 'crash-loop',
            },
          },
        },
      },
    });
    update('pricing:2.0.0');
    t.advance(60_000);
    const ro = get();
    expect(ro.status.phase).toBe('Degraded');
    expect(cond(ro, 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
    });
  });

  it('is Paused with "manually paused" while spec.paused', () => {
    const { t, get, update } = setup({ canary: { steps } });
    t.cluster.patch('Rollout', 'default', 'pricing', {
      spec: { paused: true },
    });
    update('pricing:1.1.0');
    t.advance(10_000);
    expect(get().status).toMatchObject({
      phase: 'Paused',
      message: 'manually paused',
      currentStepIndex: 0,
    });
  });

  it('runs blue-green with a manual promotion', () => {
    const { t, get, replicaSets, update } = setup({
      blueGreen: { activeService: 'pricing', autoPromotionEnabled: false },
    });
    const first = get().status.currentPodHash;
    expect(get().status.blueGreen).toEqual({ activeSelector: first });
    update('pricing:1.1.0');
    t.advance(20_000);
    let ro = get();
    expect(ro.status).toMatchObject({
      phase: 'Paused',
      message: 'BlueGreenPause',
      blueGreen: {
        activeSelector: first,
        previewSelector: ro.status.currentPodHash,
      },
    });
    expect(replicaSets()).toEqual([
      ['1', 5],
      ['2', 5],
    ]);
    t.cluster.patch('Rollout', 'default', 'pricing', {
      status: { pauseConditions: null },
    });
    t.advance(10_000);
    ro = get();
    expect(ro.status.phase).toBe('Healthy');
    expect(ro.status.blueGreen).toEqual({
      activeSelector: ro.status.currentPodHash,
    });
    // the old version keeps its pods for scaleDownDelaySeconds (30 s)
    expect(replicaSets()).toEqual([
      ['1', 5],
      ['2', 5],
    ]);
    const old = t.cluster.get('ReplicaSet', 'default', `pricing-${first}`)!;
    expect(
      old.metadata.annotations![
        'argo-rollouts.argoproj.io/scale-down-deadline'
      ],
    ).toBeDefined();
    t.advance(25_000);
    expect(get().status.phase).toBe('Healthy');
    expect(replicaSets()).toEqual([
      ['1', 0],
      ['2', 5],
    ]);
  });

  it('reports a Rollout without a strategy as an invalid spec', () => {
    const { get } = setup(undefined);
    expect(get().status).toMatchObject({
      phase: 'Degraded',
      message: expect.stringContaining('InvalidSpec'),
    });
    expect(cond(get(), 'InvalidSpec')?.status).toBe('True');
  });

  it('computes the weight of a step index', () => {
    expect(canaryWeight(steps, 0)).toBe(20);
    expect(canaryWeight(steps, 1)).toBe(20);
    expect(canaryWeight(steps, 2)).toBe(60);
    expect(canaryWeight(steps, 4)).toBe(100);
    expect(canaryWeight([{ pause: {} }], 0)).toBe(0);
  });
});
