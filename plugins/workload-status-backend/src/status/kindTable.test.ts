import {
  BASE_KINDS,
  KubeObject,
  evaluateWorkloads,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { WorkloadStatusKindRule } from '@workload-status/backstage-plugin-workload-status-node';
import {
  newStatusPipeline,
  startStaticClusterPipeline,
} from '../__testUtils__/staticClusterPipeline';
import { resourceTypeKey } from '../cache/resourceTypes';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const pipelineWith = (kindRules: WorkloadStatusKindRule[] = []) =>
  newStatusPipeline({ kindRules, now: () => NOW });

/** A kind the engine does not know, judged by a module's rule. */
const widgetRule: WorkloadStatusKindRule = {
  resource: {
    group: 'example.com',
    version: 'v1',
    plural: 'widgets',
    kind: 'Widget',
  },
  evaluate: obj => {
    const phase = (obj.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Boom') throw new Error('the rule broke');
    if (phase === undefined) return undefined; // no opinion: Ready decides
    return phase === 'Broken'
      ? {
          lifecycle: 'NotReady',
          health: 'error',
          reasons: [
            { severity: 'error', code: 'WidgetBroken', message: 'broken' },
          ],
        }
      : { lifecycle: 'Running', health: 'ok', reasons: [] };
  },
};

const widget = (name: string, extra: Record<string, unknown> = {}) =>
  ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name, namespace: 'shop', uid: `w-${name}` },
    ...extra,
  } as KubeObject);

describe('the kind table in the backend', () => {
  it('watches exactly the kind table: one resource type per row', () => {
    const pipeline = pipelineWith();
    const watched = pipeline.resourceTypes().map(resourceTypeKey).sort();
    const table = BASE_KINDS.rows()
      .map(r =>
        resourceTypeKey({
          group: r.group,
          version: r.version,
          plural: r.plural,
          kind: r.kind,
        }),
      )
      .sort();
    expect(watched).toEqual(table);
    expect(watched).toEqual(
      expect.arrayContaining([
        'argoproj.io/v1alpha1/rollouts',
        'serving.knative.dev/v1/services',
        'apps.openshift.io/v1/deploymentconfigs',
        '/v1/replicationcontrollers',
        'kubevirt.io/v1/virtualmachines',
      ]),
    );
  });

  it("adds the extension point's kinds as rows of its own table, leaving the engine's untouched", () => {
    const a = pipelineWith([widgetRule]);
    const b = pipelineWith();
    expect(a.kinds.keys()).toContain('example.com/Widget');
    expect(a.resourceTypes().map(resourceTypeKey)).toContain(
      'example.com/v1/widgets',
    );
    expect(b.kinds.keys()).not.toContain('example.com/Widget');
    expect(BASE_KINDS.keys()).not.toContain('example.com/Widget');
    expect(a.kinds.lookup(widget('w'))).toMatchObject({
      family: 'workload',
      role: 'Deployment',
      scope: 'namespaced',
    });
  });

  it('judges an added kind through the same pipeline: deletion, rule, Ready, unknown', () => {
    const { kinds } = pipelineWith([widgetRule]);
    const judge = (o: KubeObject) =>
      evaluateWorkloads([o], { now: new Date(NOW) }, kinds)[0];
    expect(judge(widget('ok', { status: { phase: 'Fine' } }))).toMatchObject({
      lifecycle: 'Running',
      health: 'ok',
      components: { deployment: { lifecycle: 'Running' } },
    });
    expect(judge(widget('bad', { status: { phase: 'Broken' } }))).toMatchObject(
      {
        lifecycle: 'NotReady',
        health: 'error',
        reasons: [
          {
            code: 'WidgetBroken',
            object: { kind: 'Widget', namespace: 'shop', name: 'bad' },
          },
        ],
      },
    );
    // deletion comes before the rule, as for the engine's kinds
    expect(
      judge(
        widget('gone', {
          metadata: {
            name: 'gone',
            namespace: 'shop',
            uid: 'w-gone',
            deletionTimestamp: '2026-03-01T11:59:00Z',
          },
          status: { phase: 'Fine' },
        }),
      ),
    ).toMatchObject({ lifecycle: 'Deleting', health: 'progressing' });
    // no opinion: the Ready condition decides
    expect(
      judge(
        widget('ready', {
          status: { conditions: [{ type: 'Ready', status: 'True' }] },
        }),
      ),
    ).toMatchObject({ lifecycle: 'Running', health: 'ok' });
    // no opinion and no Ready: unknown
    expect(judge(widget('silent'))).toMatchObject({
      lifecycle: 'Unknown',
      health: 'unknown',
    });
    // a rule that throws: unknown with a reason, never an exception
    expect(judge(widget('boom', { status: { phase: 'Boom' } }))).toMatchObject({
      health: 'unknown',
      reasons: [expect.objectContaining({ code: 'EvaluationFailed' })],
    });
  });

  it('attaches an HPA to the workload its scaleTargetRef names, without its labels', async () => {
    const labels = { 'backstage.io/kubernetes-id': 'web' };
    const objects: Record<string, object[]> = {};
    const pipeline = pipelineWith();
    objects['/apis/argoproj.io/v1alpha1/rollouts'] = [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: {
          name: 'web',
          namespace: 'shop',
          uid: 'r1',
          resourceVersion: '1',
          labels,
        },
        spec: { replicas: 5, strategy: { canary: {} } },
        status: {
          phase: 'Healthy',
          currentPodHash: 'h1',
          replicas: 5,
          updatedReplicas: 5,
          availableReplicas: 5,
          readyReplicas: 5,
        },
      },
    ];
    objects['/apis/autoscaling/v2/horizontalpodautoscalers'] = [
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        // no entity labels: it belongs to what it scales
        metadata: {
          name: 'web',
          namespace: 'shop',
          uid: 'h1',
          resourceVersion: '1',
        },
        spec: {
          minReplicas: 2,
          maxReplicas: 5,
          scaleTargetRef: {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Rollout',
            name: 'web',
          },
        },
        status: {
          currentReplicas: 5,
          desiredReplicas: 5,
          conditions: [
            { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' },
          ],
        },
      },
    ];
    const cluster = await startStaticClusterPipeline(pipeline, objects, 'web');
    try {
      const cache = cluster.cache;
      await cluster.settle(['r1', 'h1']);
      const status = pipeline.statuses.getStatus('component:default/web');
      expect(status?.workloads).toHaveLength(1);
      const [w] = status!.workloads;
      expect(w).toMatchObject({ kind: 'Rollout', health: 'warning' });
      const atMax = expect.objectContaining({
        code: 'HpaAtMaxReplicas',
        object: expect.objectContaining({
          kind: 'HorizontalPodAutoscaler',
          name: 'web',
        }),
      });
      expect(w.reasons).toEqual(expect.arrayContaining([atMax]));
      // said on the workload's own component too
      expect(w.components.deployment?.reasons).toEqual(
        expect.arrayContaining([atMax]),
      );

      // a change of the HPA alone (it is nobody's member by labels)
      // recomputes the entity of the workload it scales
      const hpa = cache.store.get('h1')!;
      cache.store.upsert({
        ...hpa,
        metadata: { ...hpa.metadata, resourceVersion: '2' },
        status: {
          currentReplicas: 3,
          desiredReplicas: 3,
          conditions: [
            {
              type: 'ScalingActive',
              status: 'False',
              reason: 'FailedGetResourceMetric',
            },
          ],
        },
      });
      const after = pipeline.statuses.getStatus('component:default/web')!;
      expect(after.workloads[0].reasons.map(r => r.code)).toEqual([
        'HpaMetricsFailing',
      ]);
    } finally {
      await cluster.stop();
    }
  });
});
