// Engine benchmark: evaluation throughput (objects/s) per kind and for a
// whole namespace roll-up, and the heap a projection keeps per kind compared
// with the full object. Run from the repo root:
//
//   scripts/run.sh node plugins/workload-status-common/bench/engine.bench.mjs
//
// The TypeScript sources are loaded through Backstage's node transform, as
// the CLI does; no build step. Figures are in docs/status-rules.md
// ("Engine benchmark").
//
// A script that reports on the console; FULL maps kind names to factories.
/* eslint-disable no-console, new-cap */
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import vm from 'node:vm';

const require = createRequire(import.meta.url);
require('@backstage/cli/config/nodeTransform.cjs');

const engine = require('../src/engine/index.ts');

const { evaluateObject, evaluateWorkloads, projectObject } = engine;

v8.setFlagsFromString('--expose-gc');
const gc = globalThis.gc ?? vm.runInNewContext('gc');

const NOW = { now: new Date('2026-03-01T12:00:00Z') };
let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const hex = n =>
  Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join(
    '',
  );

// What the API server returns besides what rules read: managedFields,
// last-applied configuration, env, probes, volumes (perf-anchors.md, row 1).
function managedFields(kind) {
  const fields = {};
  for (let i = 0; i < 40; i++)
    fields[`f:${kind}-field-${i}`] = { '.': {}, [`f:sub-${i}`]: {} };
  return [
    {
      manager: 'kube-controller-manager',
      operation: 'Update',
      apiVersion: 'v1',
      time: '2026-03-01T11:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: fields,
    },
    {
      manager: 'kubelet',
      operation: 'Update',
      subresource: 'status',
      apiVersion: 'v1',
      time: '2026-03-01T11:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: fields,
    },
  ];
}
function meta(kind, name, extra = {}) {
  return {
    name,
    namespace: 'shop',
    uid: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(12)}`,
    resourceVersion: String(Math.floor(rand() * 1e7)),
    generation: 3,
    creationTimestamp: '2026-03-01T10:00:00Z',
    labels: {
      app: 'web',
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/part-of': 'shop',
      team: 'checkout',
    },
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
        kind,
        metadata: { name },
        spec: { filler: 'x'.repeat(1500) },
      }),
      'deployment.kubernetes.io/revision': '3',
    },
    managedFields: managedFields(kind),
    ...extra,
  };
}
const containerSpec = i => ({
  name: `c${i}`,
  image: `registry.example.com/shop/web:${hex(7)}`,
  imagePullPolicy: 'IfNotPresent',
  env: Array.from({ length: 12 }, (_, j) => ({
    name: `ENV_${j}`,
    value: `value-${hex(16)}`,
  })),
  ports: [{ containerPort: 8080, protocol: 'TCP' }],
  readinessProbe: {
    httpGet: { path: '/ready', port: 8080 },
    periodSeconds: 10,
    failureThreshold: 3,
  },
  livenessProbe: { httpGet: { path: '/live', port: 8080 }, periodSeconds: 10 },
  resources: {
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { memory: '512Mi' },
  },
  volumeMounts: [
    {
      name: 'kube-api-access',
      mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      readOnly: true,
    },
  ],
});
const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [containerSpec(0), containerSpec(1)] },
};
const condition = (type, status, reason) => ({
  type,
  status,
  reason,
  message: `${type} is ${status}`,
  lastTransitionTime: '2026-03-01T10:05:00Z',
  lastUpdateTime: '2026-03-01T10:05:00Z',
});

const FULL = {
  Pod: i => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta('Pod', `web-abc-${i}`, {
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web-abc',
          uid: 'rs-uid',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    }),
    spec: {
      ...template.spec,
      restartPolicy: 'Always',
      nodeName: `node-${i % 20}`,
      serviceAccountName: 'default',
      dnsPolicy: 'ClusterFirst',
      volumes: [
        {
          name: 'kube-api-access',
          projected: {
            sources: [
              {
                serviceAccountToken: { path: 'token', expirationSeconds: 3607 },
              },
              { configMap: { name: 'kube-root-ca.crt' } },
            ],
          },
        },
      ],
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
    },
    status: {
      phase: 'Running',
      hostIP: '10.0.0.1',
      podIP: '10.1.0.1',
      qosClass: 'Burstable',
      startTime: '2026-03-01T10:00:00Z',
      conditions: [
        'Initialized',
        'Ready',
        'ContainersReady',
        'PodScheduled',
      ].map(t => condition(t, 'True')),
      containerStatuses: [0, 1].map(c => ({
        name: `c${c}`,
        image: `registry.example.com/shop/web:${hex(7)}`,
        imageID: `sha256:${hex(64)}`,
        containerID: `containerd://${hex(64)}`,
        ready: true,
        started: true,
        restartCount: i % 3,
        state: { running: { startedAt: '2026-03-01T10:00:05Z' } },
        lastState:
          i % 3
            ? {
                terminated: {
                  exitCode: 1,
                  reason: 'Error',
                  startedAt: '2026-03-01T09:00:00Z',
                  finishedAt: '2026-03-01T10:00:00Z',
                },
              }
            : {},
      })),
    },
  }),
  Deployment: i => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('Deployment', `web-${i}`),
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
    },
    status: {
      observedGeneration: 3,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        condition('Available', 'True', 'MinimumReplicasAvailable'),
        condition('Progressing', 'True', 'NewReplicaSetAvailable'),
      ],
    },
  }),
  ReplicaSet: i => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta('ReplicaSet', `web-${i}`, {
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'web',
          uid: 'd-uid',
          controller: true,
        },
      ],
    }),
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
    status: {
      observedGeneration: 3,
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    },
  }),
  StatefulSet: i => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta('StatefulSet', `db-${i}`),
    spec: {
      replicas: 3,
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template,
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { partition: 0 },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '10Gi' } },
          },
        },
      ],
    },
    status: {
      observedGeneration: 3,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      currentRevision: 'db-7b8f',
      updateRevision: 'db-7b8f',
      collisionCount: 0,
    },
  }),
  DaemonSet: i => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta('DaemonSet', `agent-${i}`),
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template,
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 1 },
      },
    },
    status: {
      observedGeneration: 3,
      desiredNumberScheduled: 20,
      currentNumberScheduled: 20,
      updatedNumberScheduled: 20,
      numberAvailable: 20,
      numberReady: 20,
      numberMisscheduled: 0,
    },
  }),
  Job: i => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta('Job', `report-${i}`, {
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: 'report',
          uid: 'cj-uid',
          controller: true,
        },
      ],
    }),
    spec: {
      backoffLimit: 6,
      completions: 1,
      parallelism: 1,
      template: {
        ...template,
        spec: { ...template.spec, restartPolicy: 'Never' },
      },
    },
    status: {
      startTime: '2026-03-01T11:00:00Z',
      completionTime: '2026-03-01T11:01:00Z',
      succeeded: 1,
      conditions: [
        condition('SuccessCriteriaMet', 'True', 'CompletionsReached'),
        condition('Complete', 'True', 'CompletionsReached'),
      ],
    },
  }),
  CronJob: i => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta('CronJob', `report-${i}`),
    spec: {
      schedule: '*/15 * * * *',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        spec: {
          template: {
            ...template,
            spec: { ...template.spec, restartPolicy: 'OnFailure' },
          },
        },
      },
    },
    status: {
      lastScheduleTime: '2026-03-01T11:45:00Z',
      lastSuccessfulTime: '2026-03-01T11:46:00Z',
    },
  }),
  HorizontalPodAutoscaler: i => ({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta('HorizontalPodAutoscaler', `web-${i}`),
    spec: {
      minReplicas: 2,
      maxReplicas: 10,
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
      },
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 70 },
          },
        },
      ],
    },
    status: {
      currentReplicas: 3,
      desiredReplicas: 3,
      currentMetrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            current: { averageUtilization: 40, averageValue: '40m' },
          },
        },
      ],
      conditions: [
        condition('AbleToScale', 'True', 'ReadyForNewScale'),
        condition('ScalingActive', 'True', 'ValidMetricFound'),
        condition('ScalingLimited', 'False', 'DesiredWithinRange'),
      ],
    },
  }),
  PipelineRun: i => ({
    apiVersion: 'tekton.dev/v1',
    kind: 'PipelineRun',
    metadata: meta('PipelineRun', `web-build-${i}`),
    spec: {
      pipelineRef: { name: 'build' },
      params: Array.from({ length: 8 }, (_, j) => ({
        name: `p${j}`,
        value: hex(20),
      })),
      workspaces: [
        {
          name: 'src',
          volumeClaimTemplate: {
            spec: { resources: { requests: { storage: '1Gi' } } },
          },
        },
      ],
    },
    status: {
      startTime: '2026-03-01T11:00:00Z',
      completionTime: '2026-03-01T11:05:00Z',
      conditions: [condition('Succeeded', 'True', 'Succeeded')],
      childReferences: ['fetch', 'build', 'push'].map(t => ({
        apiVersion: 'tekton.dev/v1',
        kind: 'TaskRun',
        name: `web-build-${i}-${t}`,
        pipelineTaskName: t,
      })),
      pipelineSpec: {
        tasks: Array.from({ length: 3 }, (_, j) => ({
          name: `t${j}`,
          taskRef: { name: `t${j}` },
          params: [{ name: 'x', value: hex(40) }],
        })),
      },
    },
  }),
};

const N = 5_000;
const fmt = n => Math.round(n).toLocaleString('en-US');

function throughput(label, objects, fn) {
  for (let i = 0; i < Math.min(2000, objects.length); i++) fn(objects[i]); // warm up
  const start = process.hrtime.bigint();
  let count = 0;
  const until = start + 500_000_000n;
  while (process.hrtime.bigint() < until || count < objects.length) {
    fn(objects[count % objects.length]);
    count++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { label, perSecond: count / seconds };
}

/** Retained heap per object: build N copies, measure, keep them alive. */
function heapPerObject(make) {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = new Array(N);
  for (let i = 0; i < N; i++) kept[i] = make(i);
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  if (kept.length !== N) throw new Error('unreachable');
  return (after - before) / N;
}

console.log(
  `Node ${process.version}, ${N.toLocaleString(
    'en-US',
  )} objects per heap measurement\n`,
);
console.log(
  '| kind | full JSON | projected JSON | full heap/object | projected heap/object | evaluate (projected) objects/s | project objects/s |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [kind, make] of Object.entries(FULL)) {
  const sample = make(1);
  const full = JSON.stringify(sample).length;
  const projected = JSON.stringify(projectObject(sample)).length;
  const fullHeap = heapPerObject(i => JSON.parse(JSON.stringify(make(i))));
  const projectedHeap = heapPerObject(i => projectObject(make(i)));
  const objects = Array.from({ length: 1000 }, (_, i) =>
    projectObject(make(i)),
  );
  const fullObjects = Array.from({ length: 1000 }, (_, i) => make(i));
  const evalRate = throughput(kind, objects, o =>
    evaluateObject(o, [], NOW),
  ).perSecond;
  const projRate = throughput(kind, fullObjects, o =>
    projectObject(o),
  ).perSecond;
  console.log(
    `| ${kind} | ${(full / 1024).toFixed(1)} KB | ${(projected / 1024).toFixed(
      2,
    )} KB | ${(fullHeap / 1024).toFixed(1)} KB | ${(
      projectedHeap / 1024
    ).toFixed(2)} KB | ${fmt(evalRate)} | ${fmt(projRate)} |`,
  );
}

// A namespace as the backend hands it over: 50 Deployments x (2 ReplicaSets,
// 3 pods), 10 CronJobs x 3 jobs x 1 pod, 20 PipelineRuns.
const namespace = [];
for (let d = 0; d < 50; d++) {
  const dep = FULL.Deployment(d);
  dep.metadata.uid = `dep-${d}`;
  namespace.push(dep);
  for (const [r, rev] of [
    [0, '2'],
    [1, '3'],
  ]) {
    const rs = FULL.ReplicaSet(`${d}-${r}`);
    rs.metadata.uid = `rs-${d}-${r}`;
    rs.metadata.annotations['deployment.kubernetes.io/revision'] = rev;
    rs.metadata.ownerReferences = [
      {
        kind: 'Deployment',
        name: dep.metadata.name,
        uid: dep.metadata.uid,
        controller: true,
      },
    ];
    namespace.push(rs);
    if (r === 1) {
      for (let p = 0; p < 3; p++) {
        const pod = FULL.Pod(`${d}-${p}`);
        pod.metadata.ownerReferences = [
          {
            kind: 'ReplicaSet',
            name: rs.metadata.name,
            uid: rs.metadata.uid,
            controller: true,
          },
        ];
        namespace.push(pod);
      }
    }
  }
}
for (let c = 0; c < 10; c++) {
  const cj = FULL.CronJob(c);
  cj.metadata.uid = `cj-${c}`;
  namespace.push(cj);
  for (let j = 0; j < 3; j++) {
    const job = FULL.Job(`${c}-${j}`);
    job.metadata.uid = `job-${c}-${j}`;
    job.metadata.ownerReferences = [
      {
        kind: 'CronJob',
        name: cj.metadata.name,
        uid: cj.metadata.uid,
        controller: true,
      },
    ];
    namespace.push(job);
    const pod = FULL.Pod(`job-${c}-${j}`);
    pod.metadata.ownerReferences = [
      {
        kind: 'Job',
        name: job.metadata.name,
        uid: job.metadata.uid,
        controller: true,
      },
    ];
    namespace.push(pod);
  }
}
for (let b = 0; b < 20; b++) namespace.push(FULL.PipelineRun(b));
const projectedNamespace = namespace.map(projectObject);
const rollup = throughput('rollup', [projectedNamespace], objs =>
  evaluateWorkloads(objs, NOW),
);
console.log(
  `\nevaluateWorkloads over a namespace of ${
    projectedNamespace.length
  } projected objects (${
    evaluateWorkloads(projectedNamespace, NOW).length
  } workloads): ${rollup.perSecond.toFixed(1)} namespaces/s = ${fmt(
    rollup.perSecond * projectedNamespace.length,
  )} objects/s`,
);
