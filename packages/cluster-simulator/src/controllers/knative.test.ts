import { KubeObject } from '../types';
import { testCluster } from '../testing/testCluster';

function service(annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: {
      name: 'thumbnails',
      namespace: 'default',
      labels: { 'backstage.io/kubernetes-id': 'thumbnails' },
    },
    spec: {
      template: {
        metadata: {
          labels: { 'backstage.io/kubernetes-id': 'thumbnails' },
          annotations,
        },
        spec: {
          containers: [
            { image: 'thumbnails:1.0.0', ports: [{ containerPort: 8080 }] },
          ],
        },
      },
    },
  };
}

const cond = (o: KubeObject | undefined, type: string) =>
  o?.status?.conditions?.find((c: any) => c.type === type);

describe('knative serving controllers', () => {
  const setup = (annotations?: Record<string, string>) => {
    const t = testCluster();
    t.apply(service(annotations));
    const get = (kind: string, name = 'thumbnails') =>
      t.cluster.get(kind, 'default', name);
    return { t, get };
  };

  it('runs Service -> Configuration -> Revision -> Deployment -> pods and becomes Ready', () => {
    const { t, get } = setup({ 'autoscaling.knative.dev/min-scale': '1' });
    t.advance(1000);
    let svc = get('ksvc')!;
    expect(cond(svc, 'Ready')?.status).toBe('Unknown');
    expect(cond(svc, 'RoutesReady')).toMatchObject({
      status: 'Unknown',
      reason: 'RevisionMissing',
      message:
        'Configuration "thumbnails" is waiting for a Revision to become ready.',
    });
    expect(cond(get('Revision', 'thumbnails-00001'), 'Ready')).toMatchObject({
      status: 'Unknown',
      reason: 'Deploying',
    });
    t.advance(15_000);
    svc = get('ksvc')!;
    expect(svc.status).toMatchObject({
      observedGeneration: 1,
      latestCreatedRevisionName: 'thumbnails-00001',
      latestReadyRevisionName: 'thumbnails-00001',
      url: 'http://thumbnails.default.example.com',
      address: { url: 'http://thumbnails.default.svc.cluster.local' },
      traffic: [
        {
          revisionName: 'thumbnails-00001',
          latestRevision: true,
          percent: 100,
        },
      ],
    });
    expect(svc.status.conditions.map((c: any) => [c.type, c.status])).toEqual([
      ['ConfigurationsReady', 'True'],
      ['Ready', 'True'],
      ['RoutesReady', 'True'],
    ]);
    const config = get('Configuration')!;
    expect(config.metadata.labels).toMatchObject({
      'serving.knative.dev/service': 'thumbnails',
    });
    expect(cond(config, 'Ready')?.status).toBe('True');
    const rev = get('Revision', 'thumbnails-00001')!;
    expect(rev.status).toMatchObject({ actualReplicas: 1, desiredReplicas: 1 });
    expect(rev.status.conditions.map((c: any) => [c.type, c.status])).toEqual([
      ['Active', 'True'],
      ['ContainerHealthy', 'True'],
      ['Ready', 'True'],
      ['ResourcesAvailable', 'True'],
    ]);
    const d = get('Deployment', 'thumbnails-00001-deployment')!;
    expect(d.metadata.ownerReferences![0]).toMatchObject({
      kind: 'Revision',
      name: 'thumbnails-00001',
    });
    const pods = t.pods();
    expect(pods).toHaveLength(1);
    expect(pods[0].metadata.labels).toMatchObject({
      'backstage.io/kubernetes-id': 'thumbnails',
      'serving.knative.dev/service': 'thumbnails',
      'serving.knative.dev/configuration': 'thumbnails',
      'serving.knative.dev/revision': 'thumbnails-00001',
      app: 'thumbnails-00001',
    });
    expect(pods[0].spec.containers.map((c: any) => c.name)).toEqual([
      'user-container',
      'queue-proxy',
    ]);
    expect(pods[0].status.phase).toBe('Running');
  });

  it('stamps a new Revision for a new template and fails it when its container exits', () => {
    const { t, get } = setup({ 'autoscaling.knative.dev/min-scale': '1' });
    t.advance(15_000);
    t.cluster.patch('ksvc', 'default', 'thumbnails', {
      spec: {
        template: {
          metadata: {
            annotations: {
              'simulator.workload-status.dev/behaviour': 'crash-loop',
            },
          },
        },
      },
    });
    t.advance(30_000);
    const rev = get('Revision', 'thumbnails-00002')!;
    expect(cond(rev, 'ContainerHealthy')).toMatchObject({
      status: 'False',
      reason: 'ExitCode1',
    });
    expect(cond(rev, 'Ready')?.status).toBe('False');
    const svc = get('ksvc')!;
    expect(svc.status).toMatchObject({
      observedGeneration: 2,
      latestCreatedRevisionName: 'thumbnails-00002',
      latestReadyRevisionName: 'thumbnails-00001',
    });
    expect(cond(svc, 'ConfigurationsReady')).toMatchObject({
      status: 'False',
      reason: 'RevisionFailed',
      message: expect.stringMatching(
        /^Revision "thumbnails-00002" failed with message: Container failed with: /,
      ),
    });
    expect(cond(svc, 'Ready')?.status).toBe('False');
    // traffic stays on the last ready Revision
    expect(cond(svc, 'RoutesReady')?.status).toBe('True');
    expect(svc.status.traffic[0].revisionName).toBe('thumbnails-00001');
  });

  it('moves the traffic to a new ready Revision and keeps the old one in reserve at zero', () => {
    const { t, get } = setup({ 'autoscaling.knative.dev/min-scale': '1' });
    t.advance(15_000);
    t.cluster.patch('ksvc', 'default', 'thumbnails', {
      spec: {
        template: {
          spec: {
            containers: [
              { image: 'thumbnails:1.1.0', ports: [{ containerPort: 8080 }] },
            ],
          },
        },
      },
    });
    t.advance(20_000);
    const svc = get('ksvc')!;
    expect(svc.status).toMatchObject({
      latestReadyRevisionName: 'thumbnails-00002',
      traffic: [{ revisionName: 'thumbnails-00002', percent: 100 }],
    });
    const old = get('Revision', 'thumbnails-00001')!;
    expect(old.metadata.labels!['serving.knative.dev/routingState']).toBe(
      'reserve',
    );
    expect(cond(old, 'Active')).toMatchObject({
      status: 'False',
      reason: 'NoTraffic',
    });
    expect(
      get('Deployment', 'thumbnails-00001-deployment')!.spec.replicas,
    ).toBe(0);
    expect(
      get('Revision', 'thumbnails-00002')!.metadata.labels![
        'serving.knative.dev/routingState'
      ],
    ).toBe('active');
    t.advance(10_000);
    expect(
      t.pods().map(p => p.metadata.labels!['serving.knative.dev/revision']),
    ).toEqual(['thumbnails-00002']);
  });

  it('scales a Revision without min-scale to zero when no traffic comes', () => {
    const { t, get } = setup();
    t.advance(90_000);
    const rev = get('Revision', 'thumbnails-00001')!;
    expect(cond(rev, 'Active')).toMatchObject({
      status: 'False',
      reason: 'NoTraffic',
    });
    expect(cond(rev, 'Ready')?.status).toBe('True');
    expect(
      get('Deployment', 'thumbnails-00001-deployment')!.spec.replicas,
    ).toBe(0);
    expect(cond(get('ksvc'), 'Ready')?.status).toBe('True');
  });

  it('gives Knative Services a generation, unlike core Services', () => {
    const { t, get } = setup();
    expect(get('ksvc')!.metadata.generation).toBe(1);
    t.apply({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'plain', namespace: 'default' },
      spec: { ports: [{ port: 80 }] },
    });
    expect(get('Service', 'plain')!.metadata.generation).toBeUndefined();
  });
});
