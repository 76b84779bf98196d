/*
 * Builders for test objects: small, readable Kubernetes objects with only the
 * fields a case is about. Used by the unit, roll-up and coverage tests.
 */
import type { KubeObject } from '../types';

export const NOW = Date.parse('2026-03-01T12:00:00Z');
export const ctx = { now: new Date(NOW) };
/** RFC 3339 time `seconds` before NOW. */
export const ago = (seconds: number) =>
  new Date(NOW - seconds * 1000).toISOString();

type Json = Record<string, any>;

function merge(base: Json, over: Json | undefined): Json {
  if (!over) return base;
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] =
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      base[k] &&
      typeof base[k] === 'object' &&
      !Array.isArray(base[k])
        ? merge(base[k], v)
        : v;
  }
  return out;
}

export function owner(kind: string, name: string) {
  return [
    {
      apiVersion: 'apps/v1',
      kind,
      name,
      uid: `uid-${kind}-${name}`,
      controller: true,
    },
  ];
}

export function meta(kind: string, name: string, extra: Json = {}): Json {
  return merge(
    {
      name,
      namespace: 'shop',
      uid: `uid-${kind}-${name}`,
      creationTimestamp: ago(3600),
    },
    extra,
  );
}

export function container(name: string, state: Json, extra: Json = {}): Json {
  return {
    name,
    image: `shop/${name}:1`,
    ready: false,
    restartCount: 0,
    state,
    ...extra,
  };
}

export const running = (ready = true, name = 'app', extra: Json = {}) =>
  container(
    name,
    { running: { startedAt: ago(600) } },
    { ready, started: true, ...extra },
  );
export const waiting = (reason: string, name = 'app', extra: Json = {}) =>
  container(name, { waiting: { reason, message: `${reason} message` } }, extra);
export const terminated = (
  exitCode: number,
  reason?: string,
  name = 'app',
  extra: Json = {},
) =>
  container(
    name,
    {
      terminated: {
        exitCode,
        ...(reason ? { reason } : {}),
        finishedAt: ago(30),
      },
    },
    extra,
  );

export function pod(name: string, over: Json = {}): KubeObject {
  return merge(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('Pod', name),
      spec: {
        restartPolicy: 'Always',
        nodeName: 'node-1',
        containers: [{ name: 'app', image: 'shop/app:1' }],
      },
      status: {
        phase: 'Running',
        conditions: [
          { type: 'Initialized', status: 'True' },
          { type: 'Ready', status: 'True' },
          { type: 'PodScheduled', status: 'True' },
        ],
        containerStatuses: [running()],
      },
    },
    over,
  ) as KubeObject;
}

/** A pod whose container is not ready and in the given state. */
export function podWith(
  name: string,
  containerStatus: Json,
  over: Json = {},
): KubeObject {
  return pod(
    name,
    merge(
      {
        status: {
          conditions: [
            { type: 'Initialized', status: 'True' },
            { type: 'Ready', status: 'False' },
            { type: 'PodScheduled', status: 'True' },
          ],
          containerStatuses: [containerStatus],
        },
      },
      over,
    ),
  );
}

export function deployment(name: string, over: Json = {}): KubeObject {
  return merge(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('Deployment', name, {
        generation: 3,
        annotations: { 'deployment.kubernetes.io/revision': '2' },
      }),
      spec: {
        replicas: 2,
        template: {
          spec: { containers: [{ name: 'app', image: 'shop/app:2' }] },
        },
      },
      status: {
        observedGeneration: 3,
        replicas: 2,
        updatedReplicas: 2,
        readyReplicas: 2,
        availableReplicas: 2,
        conditions: [
          {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
          },
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
          },
        ],
      },
    },
    over,
  ) as KubeObject;
}

export function replicaSet(
  name: string,
  revision: string,
  ownerName: string,
  over: Json = {},
): KubeObject {
  return merge(
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta('ReplicaSet', name, {
        generation: 1,
        labels: { 'pod-template-hash': name.split('-').pop() },
        annotations: { 'deployment.kubernetes.io/revision': revision },
        ownerReferences: owner('Deployment', ownerName),
      }),
      spec: { replicas: 2 },
      status: {
        observedGeneration: 1,
        replicas: 2,
        readyReplicas: 2,
        availableReplicas: 2,
        fullyLabeledReplicas: 2,
      },
    },
    over,
  ) as KubeObject;
}

/** A pod owned by a ReplicaSet. */
export function rsPod(
  name: string,
  rsName: string,
  over: Json = {},
): KubeObject {
  return pod(
    name,
    merge(
      {
        metadata: {
          ownerReferences: owner('ReplicaSet', rsName),
          labels: { 'pod-template-hash': rsName.split('-').pop() },
        },
      },
      over,
    ),
  );
}

export function statefulSet(name: string, over: Json = {}): KubeObject {
  return merge(
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta('StatefulSet', name, { generation: 2 }),
      spec: {
        replicas: 3,
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { partition: 0 },
        },
      },
      status: {
        observedGeneration: 2,
        replicas: 3,
        readyReplicas: 3,
        currentReplicas: 3,
        updatedReplicas: 3,
        availableReplicas: 3,
        currentRevision: `${name}-abc`,
        updateRevision: `${name}-abc`,
      },
    },
    over,
  ) as KubeObject;
}

export function daemonSet(name: string, over: Json = {}): KubeObject {
  return merge(
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta('DaemonSet', name, { generation: 2 }),
      spec: { updateStrategy: { type: 'RollingUpdate' } },
      status: {
        observedGeneration: 2,
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        updatedNumberScheduled: 3,
        numberAvailable: 3,
        numberReady: 3,
      },
    },
    over,
  ) as KubeObject;
}

export function job(name: string, over: Json = {}): KubeObject {
  return merge(
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('Job', name, { creationTimestamp: ago(120) }),
      spec: {
        backoffLimit: 2,
        template: {
          spec: { containers: [{ name: 'task', image: 'shop/task:1' }] },
        },
      },
      status: {},
    },
    over,
  ) as KubeObject;
}

export const jobConditions = (...conds: Array<[string, string, string?]>) => ({
  status: {
    conditions: conds.map(([type, status, reason]) => ({
      type,
      status,
      reason,
      lastTransitionTime: ago(60),
    })),
  },
});

export function cronJob(name: string, over: Json = {}): KubeObject {
  return merge(
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta('CronJob', name, {
        creationTimestamp: '2026-01-01T00:00:00Z',
      }),
      spec: {
        schedule: '0 * * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: { containers: [{ name: 'task', image: 'shop/task:1' }] },
            },
          },
        },
      },
      status: {
        lastScheduleTime: '2026-03-01T11:00:00Z',
        lastSuccessfulTime: '2026-03-01T11:00:30Z',
      },
    },
    over,
  ) as KubeObject;
}

/** A Job created by a CronJob, started `startedSecondsAgo`. */
export function cronRun(
  name: string,
  cron: string,
  startedSecondsAgo: number,
  over: Json = {},
): KubeObject {
  return job(
    name,
    merge(
      {
        metadata: {
          ownerReferences: [
            {
              apiVersion: 'batch/v1',
              kind: 'CronJob',
              name: cron,
              uid: `uid-CronJob-${cron}`,
              controller: true,
            },
          ],
          creationTimestamp: ago(startedSecondsAgo),
        },
        status: { startTime: ago(startedSecondsAgo) },
      },
      over,
    ),
  );
}

export function jobPod(
  name: string,
  jobName: string,
  over: Json = {},
): KubeObject {
  return pod(
    name,
    merge(
      {
        metadata: {
          ownerReferences: [
            {
              apiVersion: 'batch/v1',
              kind: 'Job',
              name: jobName,
              uid: `uid-Job-${jobName}`,
              controller: true,
            },
          ],
          labels: { 'job-name': jobName },
        },
        spec: { restartPolicy: 'Never' },
      },
      over,
    ),
  );
}

export function run(
  kind: 'PipelineRun' | 'TaskRun' | 'BuildRun',
  name: string,
  succeeded?: [string, string?],
  over: Json = {},
): KubeObject {
  const apiVersion =
    kind === 'BuildRun' ? 'shipwright.io/v1beta1' : 'tekton.dev/v1';
  return merge(
    {
      apiVersion,
      kind,
      metadata: meta(kind, name, { creationTimestamp: ago(900) }),
      spec: {},
      status: succeeded
        ? {
            startTime: ago(900),
            conditions: [
              {
                type: 'Succeeded',
                status: succeeded[0],
                reason: succeeded[1],
                message: `${succeeded[1]} message`,
                lastTransitionTime: ago(300),
              },
            ],
          }
        : {},
    },
    over,
  ) as KubeObject;
}

export function hpa(name: string, target: string, over: Json = {}): KubeObject {
  return merge(
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('HorizontalPodAutoscaler', name),
      spec: {
        minReplicas: 2,
        maxReplicas: 5,
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: target,
        },
      },
      status: {
        currentReplicas: 2,
        desiredReplicas: 2,
        conditions: [
          { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' },
          { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
          {
            type: 'ScalingLimited',
            status: 'False',
            reason: 'DesiredWithinRange',
          },
        ],
      },
    },
    over,
  ) as KubeObject;
}

export function node(name: string, ready: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-Node-${name}` },
    status: { conditions: [{ type: 'Ready', status: ready }] },
  };
}

export { merge };
