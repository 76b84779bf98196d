import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  Simulator,
  parseScenario,
  startSimulator,
} from '@internal/cluster-simulator';
import { ClusterConfigReader } from '../cluster/ClusterConfigReader';
import { EntityMatcher } from '../matching/EntityMatcher';
import { StatusPipeline } from '../status/StatusPipeline';

jest.setTimeout(90_000);

/**
 * The kinds of the kind table beyond the built-in workloads, watched over
 * HTTP from the simulated cluster: an Argo Rollout that pauses at its canary
 * step (its pods counted through its ReplicaSets; its HPA attached by
 * scaleTargetRef, without labels) and a Knative Service (its pods counted
 * through Configuration, Revision, Deployment and ReplicaSet).
 */
const SCENARIO = parseScenario(`
name: kinds
seed: 7
clusters:
  - name: production
    nodes: [{ name: node-1 }, { name: node-2 }]
    timeline:
      - at: 10s
        action: { setImage: { kind: Rollout, namespace: shop, name: pricing, container: pricing, image: 'shop/pricing:1.8.0' } }
    objects:
      - apiVersion: v1
        kind: Namespace
        metadata: { name: shop }
      - apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: pricing
          namespace: shop
          labels: { backstage.io/kubernetes-id: pricing, app: pricing }
        spec:
          replicas: 5
          selector: { matchLabels: { app: pricing } }
          strategy:
            canary:
              steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { pause: { duration: 30s } }]
          template:
            metadata: { labels: { app: pricing } }
            spec:
              containers: [{ name: pricing, image: 'shop/pricing:1.7.3' }]
      - apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: { name: pricing, namespace: shop }
        spec:
          minReplicas: 2
          maxReplicas: 5
          scaleTargetRef: { apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: pricing }
        status:
          currentReplicas: 5
          desiredReplicas: 5
          conditions:
            - { type: AbleToScale, status: 'True', reason: ReadyForNewScale }
            - { type: ScalingActive, status: 'False', reason: FailedGetResourceMetric, message: 'unable to get metrics for resource cpu' }
      - apiVersion: serving.knative.dev/v1
        kind: Service
        metadata:
          name: previews
          namespace: shop
          labels: { backstage.io/kubernetes-id: previews }
        spec:
          template:
            metadata:
              annotations: { autoscaling.knative.dev/min-scale: '1' }
            spec:
              containers: [{ image: 'shop/previews:0.9.2' }]
`);

describe('Argo Rollouts and Knative from the simulated cluster', () => {
  let sim: Simulator;
  let pipeline: StatusPipeline;

  beforeAll(async () => {
    sim = await startSimulator({
      scenario: SCENARIO,
      clock: 'manual',
      token: 'tok',
    });
    pipeline = new StatusPipeline({
      settings: ClusterConfigReader.readSettings(new ConfigReader({})),
      logger: mockServices.logger.mock(),
      buildSources: [],
      kindRules: [],
      now: () => sim.clock.now().getTime(),
    });
    const c = sim.cluster('production');
    pipeline.addCluster({
      name: 'production',
      url: c.url,
      source: 'config',
      authProvider: 'serviceAccount',
      serviceAccountToken: c.token,
      skipTLSVerify: false,
      operators: [],
    });
    for (const name of ['pricing', 'previews']) {
      pipeline.index.setEntity(
        new EntityMatcher('multiTenant').match({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name,
            namespace: 'default',
            annotations: { 'backstage.io/kubernetes-id': name },
          },
        }),
      );
    }
    await sim.clock.advance(40_000);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await sim?.stop();
  });

  /** The status once the cache holds what the cluster holds. */
  async function statusOf(entity: string, until: (s: any) => boolean) {
    let status: any;
    for (let i = 0; i < 300; i++) {
      pipeline.statuses.resync();
      pipeline.statuses.flush(1_000);
      status = pipeline.statuses.getStatus(`component:default/${entity}`);
      if (status && until(status)) return status;
      await new Promise(r => setTimeout(r, 50));
    }
    return status;
  }

  it('shows a Rollout paused at its canary step, with its pods and its HPA', async () => {
    const status = await statusOf(
      'pricing',
      s =>
        s.workloads[0]?.lifecycle === 'Waiting' &&
        s.workloads[0]?.pods.length === 5 &&
        s.workloads[0]?.reasons.some(
          (r: any) => r.code === 'HpaMetricsFailing',
        ),
    );
    expect(status.workloads).toHaveLength(1);
    const [w] = status.workloads;
    expect(w).toMatchObject({
      kind: 'Rollout',
      name: 'pricing',
      lifecycle: 'Waiting',
      images: { pricing: 'shop/pricing:1.8.0' },
      replicas: { desired: 5 },
      components: {
        deployment: { lifecycle: 'Waiting' },
        // the canary's pod is the current revision
        pods: { total: 1, ready: 1 },
      },
    });
    const paused = w.reasons.find((r: any) => r.code === 'RolloutPaused');
    expect(paused.message).toContain('at canary step 2 of 4');
    // four stable pods and one canary pod, through the two ReplicaSets
    expect(w.pods).toHaveLength(5);
    expect(w.pods.filter((p: any) => p.current)).toHaveLength(1);
    // the HPA has no entity labels: it came by its scaleTargetRef, and its
    // trouble is said on the Rollout's own component
    expect(w.components.deployment.reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'HpaMetricsFailing',
          object: expect.objectContaining({
            kind: 'HorizontalPodAutoscaler',
          }),
        }),
      ]),
    );
    expect(w.health).toBe('warning');
  });

  it('shows a Knative Service with the pods of its Revision', async () => {
    const status = await statusOf(
      'previews',
      s => s.workloads[0]?.health === 'ok',
    );
    expect(status.workloads).toHaveLength(1);
    expect(status.workloads[0]).toMatchObject({
      kind: 'Service',
      apiVersion: 'serving.knative.dev/v1',
      lifecycle: 'Running',
      health: 'ok',
      components: {
        deployment: { lifecycle: 'Running' },
        pods: { total: 1, ready: 1 },
      },
    });
  });
});
