import { evaluateObject } from './evaluate';
import { projectObject } from './projection';
import {
  cronJob,
  ctx,
  deployment,
  hpa,
  job,
  pod,
  run,
  statefulSet,
  daemonSet,
  replicaSet,
  node,
} from './__fixtures__/objects';
import type { KubeObject } from './types';

/** A pod as the API server returns it: managedFields, env, last-applied and all. */
function fullPod(): KubeObject {
  const p = pod('web-1', {
    metadata: {
      labels: { app: 'web', 'pod-template-hash': 'abc' },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
          big: 'x'.repeat(2000),
        }),
        'deployment.kubernetes.io/revision': '3',
      },
      managedFields: [
        {
          manager: 'kubelet',
          fieldsV1: { 'f:status': { 'f:conditions': {} } },
        },
      ],
      generateName: 'web-',
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'shop/app:1',
          env: [{ name: 'SECRET', value: 'hunter2' }],
          readinessProbe: {
            httpGet: { path: '/health', port: 8080 },
            periodSeconds: 5,
          },
          resources: { limits: { memory: '1Gi' } },
          volumeMounts: [{ name: 'x', mountPath: '/x' }],
        },
      ],
      volumes: [{ name: 'x', projected: { sources: [] } }],
      tolerations: [{ key: 'a' }],
    },
    status: {
      podIP: '10.0.0.1',
      hostIP: '10.1.0.1',
      qosClass: 'Burstable',
      message: 'y'.repeat(5000),
    },
  });
  return p;
}

describe('projectObject', () => {
  it('keeps only what rules read: no managedFields, env, last-applied annotation', () => {
    const p = projectObject(fullPod());
    const text = JSON.stringify(p);
    expect(text).not.toContain('managedFields');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('last-applied');
    expect(text).not.toContain('podIP');
    expect(text).not.toContain('volumes');
    expect(p.metadata).toMatchObject({
      name: 'web-1',
      namespace: 'shop',
      uid: 'uid-Pod-web-1',
      labels: { app: 'web' },
      annotations: { 'deployment.kubernetes.io/revision': '3' },
    });
    expect(p.spec.containers[0]).toEqual({
      name: 'app',
      image: 'shop/app:1',
      readinessProbe: { periodSeconds: 5 },
      // requests and limits: usage is shown against them
      resources: { limits: { memory: '1Gi' } },
    });
    expect(p.status.message).toHaveLength(1024);
    expect(text.length).toBeLessThan(JSON.stringify(fullPod()).length / 4);
  });

  it.each<[string, KubeObject]>([
    ['Pod', fullPod()],
    ['Deployment', deployment('web', { metadata: { managedFields: [{}] } })],
    ['ReplicaSet', replicaSet('web-a', '1', 'web')],
    ['StatefulSet', statefulSet('db')],
    ['DaemonSet', daemonSet('agent')],
    ['Job', job('j', { status: { active: 1 } })],
    ['CronJob', cronJob('c')],
    ['HPA', hpa('h', 'web')],
    ['PipelineRun', run('PipelineRun', 'b', ['True', 'Succeeded'])],
    ['BuildRun', run('BuildRun', 'b', ['False', 'Failed'])],
    ['Node', node('n', 'True')],
    [
      'unknown kind',
      {
        apiVersion: 'x/v1',
        kind: 'Widget',
        metadata: {
          name: 'w',
          namespace: 'a',
          labels: { a: 'b' },
          managedFields: [],
        } as KubeObject['metadata'],
        spec: { big: 1 },
      },
    ],
  ])(
    '%s: idempotent, and judged exactly like the full object',
    (_kind, obj) => {
      const once = projectObject(obj);
      expect(projectObject(once)).toEqual(once);
      expect(evaluateObject(once, [], ctx)).toEqual(
        evaluateObject(obj, [], ctx),
      );
    },
  );

  it('unknown kinds keep apiVersion, kind and identity metadata only', () => {
    const full = {
      apiVersion: 'x/v1',
      kind: 'Widget',
      metadata: {
        name: 'w',
        namespace: 'a',
        uid: 'u',
        resourceVersion: '5',
        labels: { a: 'b' },
        ownerReferences: [
          {
            kind: 'X',
            name: 'y',
            uid: 'z',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        creationTimestamp: 't',
        finalizers: ['f'],
      },
      spec: { big: 1 },
      status: { s: 1 },
    };
    const w = projectObject(full as KubeObject);
    expect(w).toEqual({
      apiVersion: 'x/v1',
      kind: 'Widget',
      metadata: {
        name: 'w',
        namespace: 'a',
        uid: 'u',
        resourceVersion: '5',
        labels: { a: 'b' },
        ownerReferences: [{ kind: 'X', name: 'y', uid: 'z', controller: true }],
        creationTimestamp: 't',
      },
    });
  });

  it('never throws on garbage', () => {
    for (const bad of [
      null,
      1,
      'x',
      [],
      { kind: 'Pod', spec: 5, status: [1], metadata: { labels: 'x' } },
    ]) {
      expect(() => projectObject(bad as unknown as KubeObject)).not.toThrow();
    }
    expect(projectObject(null as unknown as KubeObject)).toEqual({});
  });
});
