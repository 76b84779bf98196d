/*
 * Answers of the diagnostics routes for the crash-looping `api` service and
 * its build, shaped like the backend's (warnings and errors first).
 */
import {
  BuildLogResponse,
  EntityEventsResponse,
  OperatorLogResponse,
} from '@workload-status/backstage-plugin-workload-status-common';

export const apiEvents: EntityEventsResponse = {
  items: [
    {
      cluster: 'prod',
      type: 'Warning',
      reason: 'BackOff',
      message:
        'Back-off restarting failed container app in pod api-5f7c9d8b6-x2x9q',
      object: { kind: 'Pod', namespace: 'shop', name: 'api-5f7c9d8b6-x2x9q' },
      count: 31,
      firstSeen: '2026-11-22T02:40:00Z',
      lastSeen: '2026-11-22T02:58:00Z',
      source: 'kubelet',
    },
    {
      cluster: 'prod',
      type: 'Warning',
      reason: 'ProgressDeadlineExceeded',
      message: 'ReplicaSet "api-5f7c9d8b6" has timed out progressing.',
      object: { kind: 'Deployment', namespace: 'shop', name: 'api' },
      count: 1,
      lastSeen: '2026-11-22T02:50:00Z',
      source: 'deployment-controller',
    },
    {
      cluster: 'prod',
      type: 'Normal',
      reason: 'Pulled',
      message:
        'Container image "registry.example.com/shop/api:2.0.0" already present on machine',
      object: { kind: 'Pod', namespace: 'shop', name: 'api-5f7c9d8b6-x2x9q' },
      count: 8,
      lastSeen: '2026-11-22T02:55:00Z',
      source: 'kubelet',
    },
    {
      cluster: 'prod',
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set api-5f7c9d8b6 to 1',
      object: { kind: 'Deployment', namespace: 'shop', name: 'api' },
      count: 1,
      lastSeen: '2026-11-22T02:40:00Z',
      source: 'deployment-controller',
    },
  ],
};

export const apiOperatorLog: OperatorLogResponse = {
  sources: [
    {
      cluster: 'prod',
      name: 'shop-operator',
      namespace: 'platform-system',
      pods: ['shop-operator-6d9f7-abcde'],
    },
    {
      cluster: 'staging',
      name: 'shop-operator',
      namespace: 'platform-system',
      pods: [],
      error: 'Cluster staging cannot be reached',
    },
  ],
  items: [
    {
      cluster: 'prod',
      operator: 'shop-operator',
      pod: 'shop-operator-6d9f7-abcde',
      time: '2026-11-22T02:57:00Z',
      level: 'error',
      message: 'Reconciler error',
      error: 'secret "api-db" not found',
      object: { kind: 'Deployment', namespace: 'shop', name: 'api' },
      raw: '{"level":"error","msg":"Reconciler error"}',
    },
    {
      cluster: 'prod',
      operator: 'shop-operator',
      pod: 'shop-operator-6d9f7-abcde',
      time: '2026-11-22T02:56:00Z',
      level: 'info',
      message: 'Reconciling',
      object: { kind: 'Deployment', namespace: 'shop', name: 'api' },
      raw: '{"level":"info","msg":"Reconciling"}',
    },
  ],
};

export const failedBuildLog: BuildLogResponse = {
  cluster: 'prod',
  namespace: 'shop',
  kind: 'PipelineRun',
  name: 'shop-cart-build-8k2lm',
  steps: [
    {
      name: 'clone',
      taskRun: 'shop-cart-build-8k2lm-fetch',
      pod: 'shop-cart-build-8k2lm-fetch-pod',
      container: 'step-clone',
      state: 'terminated',
      exitCode: 0,
      log: 'Cloning into /workspace/source...\nHEAD is now at a1b2c3d',
      truncated: false,
    },
    {
      name: 'unit-tests',
      taskRun: 'shop-cart-build-8k2lm-test',
      pod: 'shop-cart-build-8k2lm-test-pod',
      container: 'step-unit-tests',
      state: 'terminated',
      exitCode: 1,
      log: 'Running 120 tests\nFAIL src/cart.test.ts\nTests: 1 failed, 119 passed',
      truncated: true,
    },
    {
      name: 'build-image',
      taskRun: 'shop-cart-build-8k2lm-build',
      pod: 'shop-cart-build-8k2lm-build-pod',
      container: 'step-build-image',
      state: 'waiting',
      log: '',
      truncated: false,
    },
  ],
};
