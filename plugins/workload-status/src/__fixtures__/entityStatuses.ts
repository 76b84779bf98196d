/*
 * EntityStatus documents as the backend's status route returns them, written
 * after the engine's output for the demo scenarios. Tests render these through
 * a fake WorkloadStatusApi; nothing in production code reads them.
 */
import {
  EntityStatus,
  PodSummary,
  Reason,
} from '@workload-status/backstage-plugin-workload-status-common';

/** The clock the fixtures were taken at; tests pin Date.now() to it. */
export const FIXTURE_NOW = Date.parse('2026-11-22T03:00:00Z');

const crashReason: Reason = {
  severity: 'error',
  code: 'CrashLoopBackOff',
  message:
    'Container app of pod shop/api-5f7c9d8b6-x2x9q keeps crashing (exit code 1); Kubernetes waits before restarting it.',
  object: {
    kind: 'Pod',
    namespace: 'shop',
    name: 'api-5f7c9d8b6-x2x9q',
    container: 'app',
  },
  since: '2026-11-22T02:41:00Z',
  hint: "Read the service log of Pod shop/api-5f7c9d8b6-x2x9q (container app) (the previous instance's log shows why it stopped).",
  hintTarget: 'service-log',
};

const runningPod = (
  name: string,
  node: string,
  createdAt: string,
): PodSummary => ({
  name,
  namespace: 'shop',
  lifecycle: 'Running',
  health: 'ok',
  reasons: [],
  ready: '1/1',
  restarts: 0,
  node,
  createdAt,
  revision: '6d4b8f7c9',
  current: true,
  containers: [
    {
      name: 'web',
      image: 'registry.example.com/shop/web:1.4.2',
      ready: true,
      restarts: 0,
      state: 'running',
      startedAt: createdAt,
    },
  ],
});

/** A Deployment with every replica up: the plain green case. */
export const healthyStatus: EntityStatus = {
  entityRef: 'component:default/web',
  lifecycle: 'Running',
  health: 'ok',
  reasons: [],
  updatedAt: '2026-11-22T02:59:50Z',
  clusters: [
    {
      name: 'prod',
      reachable: true,
      stale: false,
      lastSyncAt: '2026-11-22T02:59:50Z',
    },
  ],
  workloads: [
    {
      cluster: 'prod',
      namespace: 'shop',
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
      lifecycle: 'Running',
      health: 'ok',
      reasons: [],
      components: {
        deployment: { lifecycle: 'Running', health: 'ok', reasons: [] },
        pods: {
          lifecycle: 'Running',
          health: 'ok',
          reasons: [],
          total: 2,
          ready: 2,
        },
      },
      replicas: { desired: 2, ready: 2, updated: 2, available: 2 },
      images: { web: 'registry.example.com/shop/web:1.4.2' },
      revision: '7',
      pods: [
        runningPod('web-6d4b8f7c9-abcde', 'node-a', '2026-11-20T03:00:00Z'),
        runningPod('web-6d4b8f7c9-fghij', 'node-b', '2026-11-22T01:00:00Z'),
      ],
      jobHistory: [],
      builds: [],
    },
  ],
};

/**
 * A Deployment whose new pod crash-loops, in two clusters, one of which has
 * stopped answering (its part is the last known data).
 */
export const crashLoopStatus: EntityStatus = {
  entityRef: 'component:default/api',
  lifecycle: 'NotReady',
  health: 'error',
  reasons: [
    crashReason,
    {
      severity: 'warning',
      code: 'ClusterUnreachable',
      message:
        'Cluster staging cannot be reached; its objects are shown as last seen.',
      object: { kind: 'Cluster', name: 'staging' },
      hint: 'Check the cluster connection and the node status.',
      hintTarget: 'cluster',
    },
  ],
  updatedAt: '2026-11-22T02:59:55Z',
  clusters: [
    {
      name: 'prod',
      reachable: true,
      stale: false,
      lastSyncAt: '2026-11-22T02:59:55Z',
    },
    {
      name: 'staging',
      reachable: false,
      stale: true,
      lastSyncAt: '2026-11-22T02:48:00Z',
      error: 'connect ECONNREFUSED 10.0.0.12:6443',
    },
  ],
  workloads: [
    {
      cluster: 'prod',
      namespace: 'shop',
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'api',
      lifecycle: 'NotReady',
      health: 'error',
      reasons: [crashReason],
      components: {
        deployment: {
          lifecycle: 'NotReady',
          health: 'error',
          reasons: [
            {
              severity: 'error',
              code: 'PodsNotReady',
              message:
                'Deployment shop/api has 1 of 2 replicas not ready: pod api-5f7c9d8b6-x2x9q is CrashLoopBackOff.',
              object: { kind: 'Deployment', namespace: 'shop', name: 'api' },
              hint: 'Check the events of Deployment shop/api.',
              hintTarget: 'events',
            },
          ],
        },
        pods: {
          lifecycle: 'CrashLoopBackOff',
          health: 'error',
          reasons: [crashReason],
          total: 2,
          ready: 1,
        },
      },
      replicas: { desired: 2, ready: 1, updated: 1, available: 1 },
      images: { app: 'registry.example.com/shop/api:2.0.0' },
      revision: '12',
      pods: [
        {
          name: 'api-5f7c9d8b6-x2x9q',
          namespace: 'shop',
          lifecycle: 'CrashLoopBackOff',
          health: 'error',
          reasons: [crashReason],
          ready: '0/1',
          restarts: 7,
          lastRestartAt: '2026-11-22T02:55:00Z',
          node: 'node-b',
          createdAt: '2026-11-22T02:40:00Z',
          revision: '5f7c9d8b6',
          current: true,
          containers: [
            {
              name: 'app',
              image: 'registry.example.com/shop/api:2.0.0',
              ready: false,
              restarts: 7,
              state: 'waiting',
              reason: 'CrashLoopBackOff',
              message:
                'back-off 5m0s restarting failed container=app pod=api-5f7c9d8b6-x2x9q_shop',
              lastTermination: {
                reason: 'Error',
                exitCode: 1,
                finishedAt: '2026-11-22T02:55:00Z',
              },
            },
          ],
        },
        {
          name: 'api-7b8c6d5e4-k8s7p',
          namespace: 'shop',
          lifecycle: 'Running',
          health: 'ok',
          reasons: [],
          ready: '2/2',
          restarts: 1,
          node: 'node-a',
          createdAt: '2026-11-21T09:00:00Z',
          revision: '7b8c6d5e4',
          current: false,
          containers: [
            {
              name: 'migrate',
              image: 'registry.example.com/shop/api-migrate:1.9.0',
              init: true,
              ready: false,
              restarts: 0,
              state: 'terminated',
              reason: 'Completed',
              exitCode: 0,
            },
            {
              name: 'app',
              image: 'registry.example.com/shop/api:1.9.0',
              ready: true,
              restarts: 1,
              state: 'running',
              startedAt: '2026-11-21T09:01:00Z',
              lastTermination: {
                reason: 'OOMKilled',
                exitCode: 137,
                finishedAt: '2026-11-21T09:00:58Z',
              },
            },
            {
              name: 'proxy',
              image: 'envoyproxy/envoy:v1.31.0',
              ready: true,
              restarts: 0,
              state: 'running',
              startedAt: '2026-11-21T09:00:30Z',
            },
          ],
        },
      ],
      jobHistory: [],
      builds: [],
    },
    {
      cluster: 'staging',
      namespace: 'shop-staging',
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'api',
      lifecycle: 'Exception',
      health: 'unknown',
      reasons: [
        {
          severity: 'warning',
          code: 'ClusterUnreachable',
          message:
            'Cluster staging cannot be reached; its objects are shown as last seen.',
          object: {
            kind: 'Deployment',
            namespace: 'shop-staging',
            name: 'api',
            cluster: 'staging',
          },
          hint: 'Check the cluster connection and the node status.',
          hintTarget: 'cluster',
        },
      ],
      components: {
        deployment: { lifecycle: 'Exception', health: 'unknown', reasons: [] },
      },
      replicas: { desired: 1, ready: 1, updated: 1, available: 1 },
      images: { app: 'registry.example.com/shop/api:2.0.0' },
      revision: '3',
      pods: [],
      jobHistory: [],
      builds: [],
    },
  ],
};

const lastRunFailed: Reason = {
  severity: 'error',
  code: 'LastRunFailed',
  message:
    'The last run of CronJob batch/nightly-report, job nightly-report-29385720, failed: BackoffLimitExceeded.',
  object: { kind: 'CronJob', namespace: 'batch', name: 'nightly-report' },
  since: '2026-11-22T02:05:00Z',
  hint: "Open the job history of CronJob batch/nightly-report and read the failed run's log.",
  hintTarget: 'job-history',
};

/** A CronJob whose last run failed; no run is in progress. */
export const failingCronStatus: EntityStatus = {
  entityRef: 'component:default/nightly-report',
  lifecycle: 'Started',
  health: 'error',
  reasons: [lastRunFailed],
  updatedAt: '2026-11-22T02:59:58Z',
  clusters: [
    {
      name: 'prod',
      reachable: true,
      stale: false,
      lastSyncAt: '2026-11-22T02:59:58Z',
    },
  ],
  workloads: [
    {
      cluster: 'prod',
      namespace: 'batch',
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      name: 'nightly-report',
      lifecycle: 'Started',
      health: 'error',
      reasons: [lastRunFailed],
      components: {
        cronjob: {
          lifecycle: 'Started',
          health: 'error',
          reasons: [lastRunFailed],
          schedule: '0 2 * * *',
          timeZone: 'Europe/Berlin',
          suspended: false,
          lastScheduleTime: '2026-11-22T01:00:00Z',
          lastSuccessfulTime: '2026-11-20T01:04:10Z',
          nextScheduleTime: '2026-11-23T01:00:00Z',
        },
        job: {
          lifecycle: 'Failed',
          health: 'error',
          name: 'nightly-report-29385720',
          reasons: [
            {
              severity: 'error',
              code: 'BackoffLimitExceeded',
              message:
                'Job batch/nightly-report-29385720 has reached the specified backoff limit.',
              object: {
                kind: 'Job',
                namespace: 'batch',
                name: 'nightly-report-29385720',
              },
              hint: "Open the job history of Job batch/nightly-report-29385720 and read the failed run's log.",
              hintTarget: 'job-history',
            },
          ],
        },
      },
      images: { report: 'registry.example.com/batch/report:3.1.0' },
      pods: [],
      jobHistory: [
        {
          name: 'nightly-report-29385720',
          namespace: 'batch',
          cronJob: 'nightly-report',
          lifecycle: 'Failed',
          health: 'error',
          reasons: [],
          startedAt: '2026-11-22T01:00:02Z',
          completedAt: '2026-11-22T01:05:00Z',
          durationSeconds: 298,
          trigger: 'scheduled',
          pods: [],
        },
        {
          name: 'nightly-report-29384280',
          namespace: 'batch',
          cronJob: 'nightly-report',
          lifecycle: 'Failed',
          health: 'error',
          reasons: [],
          startedAt: '2026-11-21T01:00:01Z',
          completedAt: '2026-11-21T01:06:40Z',
          durationSeconds: 399,
          trigger: 'scheduled',
          pods: [],
        },
        {
          name: 'nightly-report-29382840',
          namespace: 'batch',
          cronJob: 'nightly-report',
          lifecycle: 'Completed',
          health: 'ok',
          reasons: [],
          startedAt: '2026-11-20T01:00:03Z',
          completedAt: '2026-11-20T01:04:10Z',
          durationSeconds: 247,
          trigger: 'scheduled',
          pods: [],
        },
      ],
      builds: [],
    },
  ],
};

/** A CronJob with a run in progress: the Job and Pod components show. */
export const runningCronStatus: EntityStatus = {
  entityRef: 'component:default/sync-catalog',
  lifecycle: 'Started',
  health: 'ok',
  reasons: [],
  updatedAt: '2026-11-22T02:59:58Z',
  clusters: [
    {
      name: 'prod',
      reachable: true,
      stale: false,
      lastSyncAt: '2026-11-22T02:59:58Z',
    },
  ],
  workloads: [
    {
      cluster: 'prod',
      namespace: 'batch',
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      name: 'sync-catalog',
      lifecycle: 'Started',
      health: 'ok',
      reasons: [],
      components: {
        cronjob: {
          lifecycle: 'Started',
          health: 'ok',
          reasons: [],
          schedule: '@hourly',
          suspended: false,
          lastScheduleTime: '2026-11-22T02:00:00Z',
          lastSuccessfulTime: '2026-11-22T01:02:00Z',
          nextScheduleTime: '2026-11-22T04:00:00Z',
        },
        job: {
          lifecycle: 'Executing',
          health: 'progressing',
          reasons: [],
          name: 'sync-catalog-29385840',
        },
        pod: {
          lifecycle: 'Running',
          health: 'ok',
          reasons: [],
          name: 'sync-catalog-29385840-q7w2e',
        },
      },
      images: { sync: 'registry.example.com/batch/sync:0.9.1' },
      pods: [
        {
          name: 'sync-catalog-29385840-q7w2e',
          namespace: 'batch',
          lifecycle: 'Running',
          health: 'ok',
          reasons: [],
          ready: '1/1',
          restarts: 0,
          node: 'node-c',
          createdAt: '2026-11-22T02:00:01Z',
          containers: [
            {
              name: 'sync',
              image: 'registry.example.com/batch/sync:0.9.1',
              ready: true,
              restarts: 0,
              state: 'running',
              startedAt: '2026-11-22T02:00:05Z',
            },
          ],
        },
      ],
      jobHistory: [
        {
          name: 'sync-catalog-29385840',
          namespace: 'batch',
          cronJob: 'sync-catalog',
          lifecycle: 'Executing',
          health: 'progressing',
          reasons: [],
          startedAt: '2026-11-22T02:00:01Z',
          trigger: 'manual',
          pods: ['sync-catalog-29385840-q7w2e'],
        },
      ],
      builds: [],
    },
  ],
};

/** A suspended CronJob: grey, no next run. */
export const suspendedCronStatus: EntityStatus = {
  entityRef: 'component:default/cleanup',
  lifecycle: 'Stopped',
  health: 'stopped',
  reasons: [],
  updatedAt: '2026-11-22T02:59:58Z',
  clusters: [
    {
      name: 'prod',
      reachable: true,
      stale: false,
      lastSyncAt: '2026-11-22T02:59:58Z',
    },
  ],
  workloads: [
    {
      cluster: 'prod',
      namespace: 'batch',
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      name: 'cleanup',
      lifecycle: 'Stopped',
      health: 'stopped',
      reasons: [
        {
          severity: 'info',
          code: 'CronJobSuspended',
          message:
            'CronJob batch/cleanup is suspended: no new runs are scheduled.',
          object: { kind: 'CronJob', namespace: 'batch', name: 'cleanup' },
        },
      ],
      components: {
        cronjob: {
          lifecycle: 'Stopped',
          health: 'stopped',
          reasons: [],
          schedule: '*/15 * * * *',
          suspended: true,
        },
      },
      pods: [],
      jobHistory: [],
      builds: [],
    },
  ],
};

const buildFailed: Reason = {
  severity: 'error',
  code: 'BuildFailed',
  message:
    'PipelineRun ci/shop-cart-build-8k2lm failed: step "compile" exited with code 2.',
  object: {
    kind: 'PipelineRun',
    namespace: 'shop',
    name: 'shop-cart-build-8k2lm',
  },
  hint: 'Read the build log of PipelineRun shop/shop-cart-build-8k2lm.',
  hintTarget: 'build-log',
};

const noDeployment: Reason = {
  severity: 'info',
  code: 'NoDeploymentTriggered',
  message:
    'Build shop-cart-build-8k2lm failed, so no deployment was triggered; Deployment cart keeps running the current version (revision 4, cart=registry.example.com/shop/cart:a1b2c3d), unaffected.',
  object: {
    kind: 'PipelineRun',
    namespace: 'shop',
    name: 'shop-cart-build-8k2lm',
  },
  hint: 'Read the build log of PipelineRun shop/shop-cart-build-8k2lm.',
  hintTarget: 'build-log',
};

/** A service built from a repository whose latest build failed. */
export const failedBuildStatus: EntityStatus = {
  entityRef: 'component:default/cart',
  lifecycle: 'Running',
  health: 'error',
  reasons: [buildFailed, noDeployment],
  updatedAt: '2026-11-22T02:59:40Z',
  clusters: [
    {
      name: 'prod',
      reachable: true,
      stale: false,
      lastSyncAt: '2026-11-22T02:59:40Z',
    },
  ],
  workloads: [
    {
      cluster: 'prod',
      namespace: 'shop',
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'cart',
      lifecycle: 'Running',
      health: 'error',
      reasons: [buildFailed, noDeployment],
      components: {
        build: {
          lifecycle: 'Failed',
          health: 'error',
          reasons: [buildFailed, noDeployment],
          latest: {
            kind: 'PipelineRun',
            name: 'shop-cart-build-8k2lm',
            namespace: 'shop',
            lifecycle: 'Failed',
            health: 'error',
            reasons: [buildFailed],
            startedAt: '2026-11-22T02:30:00Z',
            completedAt: '2026-11-22T02:33:25Z',
            durationSeconds: 205,
            revision: 'e4f5a6b',
            pods: ['shop-cart-build-8k2lm-compile-pod'],
          },
        },
        deployment: { lifecycle: 'Running', health: 'ok', reasons: [] },
        pods: {
          lifecycle: 'Running',
          health: 'ok',
          reasons: [],
          total: 1,
          ready: 1,
        },
      },
      replicas: { desired: 1, ready: 1, updated: 1, available: 1 },
      images: { cart: 'registry.example.com/shop/cart:a1b2c3d' },
      revision: '4',
      pods: [
        {
          name: 'cart-84d5f6c7b-m2n3o',
          namespace: 'shop',
          lifecycle: 'Running',
          health: 'ok',
          reasons: [],
          ready: '1/1',
          restarts: 0,
          node: 'node-a',
          createdAt: '2026-11-21T15:00:00Z',
          revision: '84d5f6c7b',
          current: true,
          containers: [
            {
              name: 'cart',
              image: 'registry.example.com/shop/cart:a1b2c3d',
              ready: true,
              restarts: 0,
              state: 'running',
              startedAt: '2026-11-21T15:00:20Z',
            },
          ],
        },
      ],
      jobHistory: [],
      builds: [
        {
          kind: 'PipelineRun',
          name: 'shop-cart-build-8k2lm',
          namespace: 'shop',
          lifecycle: 'Failed',
          health: 'error',
          reasons: [buildFailed],
          startedAt: '2026-11-22T02:30:00Z',
          completedAt: '2026-11-22T02:33:25Z',
          durationSeconds: 205,
          revision: 'e4f5a6b',
          pods: ['shop-cart-build-8k2lm-compile-pod'],
        },
        {
          kind: 'PipelineRun',
          name: 'shop-cart-build-7j1kl',
          namespace: 'shop',
          lifecycle: 'Succeeded',
          health: 'ok',
          reasons: [],
          startedAt: '2026-11-21T14:50:00Z',
          completedAt: '2026-11-21T14:56:10Z',
          durationSeconds: 370,
          revision: 'a1b2c3d',
          pods: [],
        },
      ],
    },
  ],
};

/** An entity whose selector matches nothing on any cluster. */
export const noWorkloadsStatus: EntityStatus = {
  entityRef: 'component:default/ghost',
  lifecycle: 'NotFound',
  health: 'unknown',
  reasons: [],
  updatedAt: '2026-11-22T02:59:58Z',
  clusters: [
    {
      name: 'prod',
      reachable: true,
      stale: false,
      lastSyncAt: '2026-11-22T02:59:58Z',
    },
  ],
  workloads: [],
};
