import { startSimulator, Simulator } from '../simulator';
import { KubeObject } from '../types';

/** Every situation the demo promises, observed on a manual clock within two simulated minutes. */
jest.setTimeout(60_000);

describe('demo scenario', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({
      scenario: 'demo',
      clock: 'manual',
      token: 'demo-test',
    });
  });
  afterAll(() => sim.stop());

  const prod = () => sim.cluster('production');
  const pods = (labelKey: string, value: string, ns = 'shop') =>
    prod()
      .list('Pod', ns)
      .filter(
        p =>
          p.metadata.labels?.[labelKey] === value &&
          !p.metadata.deletionTimestamp,
      );
  const waiting = (p: KubeObject) =>
    p.status?.containerStatuses?.[0]?.state?.waiting?.reason;
  const cond = (o: KubeObject, type: string) =>
    o.status?.conditions?.find((c: any) => c.type === type);

  it('has an HPA on recommendations, so a manual scale of it is refused', () => {
    const hpa = prod().get(
      'HorizontalPodAutoscaler',
      'shop',
      'recommendations',
    )!;
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'recommendations',
    });
    expect(cond(hpa, 'AbleToScale')?.status).toBe('True');
  });

  it('starts with three clusters, edge down, every workload labelled', () => {
    expect(sim.clusters.map(c => [c.name, c.down])).toEqual([
      ['production', false],
      ['staging', false],
      ['edge', true],
    ]);
    const c = prod;
    const workloads = [
      'Deployment',
      'StatefulSet',
      'DaemonSet',
      'CronJob',
    ].flatMap(k => prod().list(k));
    const byId = workloads.filter(
      w =>
        !['search', 'platform-operator'].includes(w.metadata.name) &&
        // a Knative Revision's Deployment is named after the Revision
        !w.metadata.labels?.['serving.knative.dev/revision'],
    );
    expect(
      byId.filter(
        w =>
          w.metadata.labels?.['backstage.io/kubernetes-id'] !== w.metadata.name,
      ),
    ).toEqual([]);
    expect(byId.map(w => w.metadata.name).sort()).toEqual([
      'cache-warmer',
      'checkout',
      'db-cleanup',
      'inventory-db',
      'legacy-export',
      'log-shipper',
      'nightly-report',
      'payments',
      'recommendations',
      'storefront',
      'thumbnailer',
    ]);
    expect(c().get('Deployment', 'shop', 'search')!.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'search',
      'app.kubernetes.io/part-of': 'shop',
    });
  });

  it('reaches every described state within two minutes', async () => {
    await sim.clock.advance(120_000);
    const c = prod();

    const storefront = c.get('Deployment', 'shop', 'storefront')!;
    expect(storefront.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      updatedReplicas: 3,
    });

    const checkout = pods('backstage.io/kubernetes-id', 'checkout');
    expect(checkout).toHaveLength(2);
    for (const p of checkout) {
      expect(waiting(p)).toBe('CrashLoopBackOff');
      expect(p.status.containerStatuses[0].lastState.terminated).toMatchObject({
        exitCode: 1,
        reason: 'Error',
      });
    }

    const search = pods('app.kubernetes.io/name', 'search');
    const pulling = search.filter(p =>
      ['ImagePullBackOff', 'ErrImagePull'].includes(waiting(p)),
    );
    const serving = search.filter(p => p.status.containerStatuses[0].ready);
    expect(pulling.length).toBeGreaterThanOrEqual(1);
    expect(serving).toHaveLength(3);
    expect(
      cond(c.get('Deployment', 'shop', 'search')!, 'Progressing'),
    ).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });

    const payments = c.get('Deployment', 'shop', 'payments')!;
    expect(
      payments.metadata.annotations?.['deployment.kubernetes.io/revision'],
    ).toBe('2');
    expect(payments.status.updatedReplicas).toBeLessThan(3);
    expect(payments.status.availableReplicas).toBe(3);
    expect(cond(payments, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'ReplicaSetUpdated',
    });

    const builds = c.list('PipelineRun', 'shop');
    expect(
      builds.map(b => [b.metadata.name, cond(b, 'Succeeded')?.status]),
    ).toEqual([
      ['recommendations-build-41', 'True'],
      ['recommendations-build-42', 'False'],
    ]);
    const failedTask = c.get(
      'TaskRun',
      'shop',
      'recommendations-build-42-build-image',
    )!;
    expect(cond(failedTask, 'Succeeded')).toMatchObject({
      status: 'False',
      reason: 'Failed',
    });
    expect(failedTask.metadata.labels?.['backstage.io/kubernetes-id']).toBe(
      'recommendations',
    );
    expect(
      c.get('Deployment', 'shop', 'recommendations')!.status.availableReplicas,
    ).toBe(2);

    const warmerJobs = c
      .list('Job', 'shop')
      .filter(
        j =>
          j.metadata.labels?.['backstage.io/kubernetes-id'] === 'cache-warmer',
      );
    expect(warmerJobs.some(j => cond(j, 'Complete')?.status === 'True')).toBe(
      true,
    );

    expect(c.get('Deployment', 'data', 'legacy-export')!.spec.replicas).toBe(0);
    expect(c.get('StatefulSet', 'data', 'inventory-db')!.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
    });
    expect(
      c
        .list('Pod', 'data')
        .filter(p => p.metadata.name.startsWith('inventory-db-'))
        .map(p => p.metadata.name)
        .sort(),
    ).toEqual(['inventory-db-0', 'inventory-db-1', 'inventory-db-2']);

    const reportJobs = c
      .list('Job', 'data')
      .filter(
        j =>
          j.metadata.labels?.['backstage.io/kubernetes-id'] ===
          'nightly-report',
      );
    const failed = reportJobs.filter(j => cond(j, 'Failed')?.status === 'True');
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(cond(failed[failed.length - 1], 'Failed')?.reason).toBe(
      'BackoffLimitExceeded',
    );
    expect(c.get('CronJob', 'data', 'db-cleanup')!.spec.suspend).toBe(true);

    const shippers = c.list('Pod', 'logging');
    expect(shippers).toHaveLength(3);
    const lost = shippers.find(p => p.spec.nodeName === 'node-3')!;
    expect(lost.status).toMatchObject({ phase: 'Unknown', reason: 'NodeLost' });
    expect(cond(c.get('Node', undefined, 'node-3')!, 'Ready')?.status).toBe(
      'Unknown',
    );

    const operator = c.list('Pod', 'platform-system');
    expect(operator).toHaveLength(1);
    expect(operator[0].spec.containers[0].name).toBe('manager');

    expect(
      sim.cluster('staging').get('Deployment', 'shop', 'storefront')!.status
        .readyReplicas,
    ).toBe(1);
    expect(
      sim.cluster('edge').get('Deployment', 'edge', 'edge-gateway'),
    ).toBeDefined();
  });

  it('pauses pricing at its canary step and serves previews through Knative', () => {
    const c = prod();
    const pricing = c.get('Rollout', 'shop', 'pricing')!;
    expect(pricing.metadata.labels?.['backstage.io/kubernetes-id']).toBe(
      'pricing',
    );
    expect(pricing.status).toMatchObject({
      phase: 'Paused',
      message: 'CanaryPauseStep',
      currentStepIndex: 1,
      controllerPause: true,
      pauseConditions: [{ reason: 'CanaryPauseStep' }],
      replicas: 5,
      updatedReplicas: 1,
      availableReplicas: 5,
    });
    const canaryPods = pods('backstage.io/kubernetes-id', 'pricing').filter(
      p =>
        p.metadata.labels?.['rollouts-pod-template-hash'] ===
        pricing.status.currentPodHash,
    );
    expect(canaryPods).toHaveLength(1);
    expect(canaryPods[0].spec.containers[0].image).toBe(
      'registry.example.com/shop/pricing:1.8.0',
    );

    const previews = c.get('ksvc', 'data', 'previews')!;
    expect(cond(previews, 'Ready')?.status).toBe('True');
    expect(previews.status).toMatchObject({
      latestReadyRevisionName: 'previews-00001',
      url: 'http://previews.data.example.com',
    });
    const previewPods = pods('backstage.io/kubernetes-id', 'previews', 'data');
    expect(previewPods).toHaveLength(1);
    expect(previewPods[0].status.phase).toBe('Running');
    expect(
      previewPods[0].metadata.labels?.['serving.knative.dev/service'],
    ).toBe('previews');
  });

  it('keeps changing: storefront rolls out every three minutes, cron jobs keep running', async () => {
    const c = prod();
    const revision = () =>
      Number(
        c.get('Deployment', 'shop', 'storefront')!.metadata.annotations?.[
          'deployment.kubernetes.io/revision'
        ],
      );
    const before = revision();
    const jobsBefore = c.list('Job', 'shop').map(j => j.metadata.name);
    await sim.clock.advance(90_000);
    expect(revision()).toBe(before + 1);
    const jobsAfter = c.list('Job', 'shop').map(j => j.metadata.name);
    expect(
      jobsAfter.filter(n => !jobsBefore.includes(n)).length,
    ).toBeGreaterThanOrEqual(1);
    const events = c
      .list('Event', 'shop')
      .filter(e => e.involvedObject.name === 'storefront');
    expect(events.map(e => e.reason)).toContain('ScalingReplicaSet');
  });
});
