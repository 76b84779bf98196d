/*
 * Builders for the kinds of issue 16: an Argo Rollout with its ReplicaSets
 * and pods, a Knative Service with its Configuration, Revision, Deployment
 * and pods, an OpenShift DeploymentConfig with its ReplicationController,
 * KubeVirt VirtualMachines. Healthy by default; `over` merges changes in.
 */
import type { KubeObject } from '../types';
import { ago, merge, meta, pod } from './objects';

type Json = Record<string, any>;

const ownedBy = (apiVersion: string, kind: string, name: string) => [
  { apiVersion, kind, name, uid: `uid-${kind}-${name}`, controller: true },
];

/** A canary Rollout with 4 steps, all done, 3 replicas of hash `new1`. */
export function rollout(name: string, over: Json = {}): KubeObject {
  return merge(
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: meta('Rollout', name, {
        generation: 2,
        annotations: { 'rollout.argoproj.io/revision': '2' },
      }),
      spec: {
        replicas: 3,
        strategy: {
          canary: {
            steps: [
              { setWeight: 20 },
              { pause: {} },
              { setWeight: 60 },
              { pause: { duration: '1m' } },
            ],
          },
        },
        template: {
          spec: { containers: [{ name: 'app', image: 'shop/app:2' }] },
        },
      },
      status: {
        observedGeneration: '2',
        phase: 'Healthy',
        currentPodHash: 'new1',
        stableRS: 'new1',
        currentStepIndex: 4,
        replicas: 3,
        updatedReplicas: 3,
        readyReplicas: 3,
        availableReplicas: 3,
        conditions: [
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
          },
          { type: 'Available', status: 'True' },
        ],
      },
    },
    over,
  ) as KubeObject;
}

/** A Rollout's ReplicaSet of one pod hash. */
export function rolloutReplicaSet(
  rolloutName: string,
  hash: string,
): KubeObject {
  const name = `${rolloutName}-${hash}`;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta('ReplicaSet', name, {
      labels: { 'rollouts-pod-template-hash': hash },
      ownerReferences: ownedBy('argoproj.io/v1alpha1', 'Rollout', rolloutName),
    }),
    spec: { replicas: 1 },
    status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 },
  };
}

/** A pod of a Rollout's ReplicaSet. */
export function rolloutPod(
  rolloutName: string,
  hash: string,
  name: string,
  over: Json = {},
): KubeObject {
  return pod(
    name,
    merge(
      {
        metadata: {
          labels: { 'rollouts-pod-template-hash': hash },
          ownerReferences: ownedBy(
            'apps/v1',
            'ReplicaSet',
            `${rolloutName}-${hash}`,
          ),
        },
      },
      over,
    ),
  );
}

const ready = (...types: string[]) =>
  types.map(type => ({
    type,
    status: 'True',
    lastTransitionTime: ago(600),
  }));

/** A ready Knative Service. */
export function knativeService(name: string, over: Json = {}): KubeObject {
  return merge(
    {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: meta('Service', name, { generation: 1 }),
      spec: {
        template: {
          spec: {
            containers: [{ name: 'user-container', image: 'shop/fn:1' }],
          },
        },
      },
      status: {
        observedGeneration: 1,
        latestReadyRevisionName: `${name}-00001`,
        latestCreatedRevisionName: `${name}-00001`,
        conditions: ready('ConfigurationsReady', 'Ready', 'RoutesReady'),
      },
    },
    over,
  ) as KubeObject;
}

/**
 * What Knative creates under a Service: Configuration → Revision →
 * Deployment → ReplicaSet → Pod.
 */
export function knativeChain(
  service: string,
  podOver: Json = {},
): KubeObject[] {
  const revision = `${service}-00001`;
  return [
    {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Configuration',
      metadata: meta('Configuration', service, {
        ownerReferences: ownedBy('serving.knative.dev/v1', 'Service', service),
      }),
      status: { conditions: ready('Ready') },
    },
    {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Revision',
      metadata: meta('Revision', revision, {
        ownerReferences: ownedBy(
          'serving.knative.dev/v1',
          'Configuration',
          service,
        ),
      }),
      spec: { containers: [{ name: 'user-container', image: 'shop/fn:1' }] },
      status: {
        conditions: ready('Ready', 'ResourcesAvailable', 'ContainerHealthy'),
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('Deployment', `${revision}-deployment`, {
        ownerReferences: ownedBy(
          'serving.knative.dev/v1',
          'Revision',
          revision,
        ),
      }),
      spec: { replicas: 1 },
      status: {
        replicas: 1,
        updatedReplicas: 1,
        readyReplicas: 1,
        availableReplicas: 1,
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta('ReplicaSet', `${revision}-deployment-abc`, {
        ownerReferences: ownedBy(
          'apps/v1',
          'Deployment',
          `${revision}-deployment`,
        ),
      }),
      spec: { replicas: 1 },
      status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 },
    },
    pod(
      `${revision}-deployment-abc-x1`,
      merge(
        {
          metadata: {
            ownerReferences: ownedBy(
              'apps/v1',
              'ReplicaSet',
              `${revision}-deployment-abc`,
            ),
          },
        },
        podOver,
      ),
    ),
  ];
}

/** A rolled-out DeploymentConfig of 2 replicas. */
export function deploymentConfig(name: string, over: Json = {}): KubeObject {
  return merge(
    {
      apiVersion: 'apps.openshift.io/v1',
      kind: 'DeploymentConfig',
      metadata: meta('DeploymentConfig', name, { generation: 1 }),
      spec: {
        replicas: 2,
        template: {
          spec: { containers: [{ name: 'app', image: 'shop/app:1' }] },
        },
      },
      status: {
        observedGeneration: 1,
        latestVersion: 1,
        replicas: 2,
        updatedReplicas: 2,
        readyReplicas: 2,
        availableReplicas: 2,
        conditions: [
          { type: 'Available', status: 'True' },
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicationControllerAvailable',
          },
        ],
      },
    },
    over,
  ) as KubeObject;
}

/** The ReplicationController of a DeploymentConfig's version 1 and one pod. */
export function deploymentConfigChain(
  dc: string,
  podOver: Json = {},
): KubeObject[] {
  const rc = `${dc}-1`;
  return [
    {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: meta('ReplicationController', rc, {
        ownerReferences: ownedBy(
          'apps.openshift.io/v1',
          'DeploymentConfig',
          dc,
        ),
      }),
      spec: { replicas: 1 },
      status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 },
    },
    pod(
      `${rc}-x1`,
      merge(
        {
          metadata: {
            ownerReferences: ownedBy('v1', 'ReplicationController', rc),
          },
        },
        podOver,
      ),
    ),
  ];
}

/** A running KubeVirt VirtualMachine. */
export function virtualMachine(name: string, over: Json = {}): KubeObject {
  return merge(
    {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: meta('VirtualMachine', name),
      spec: { running: true },
      status: {
        printableStatus: 'Running',
        ready: true,
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    },
    over,
  ) as KubeObject;
}

/** A running KubeVirt VirtualMachineInstance. */
export function virtualMachineInstance(
  name: string,
  over: Json = {},
): KubeObject {
  return merge(
    {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: meta('VirtualMachineInstance', name),
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    },
    over,
  ) as KubeObject;
}
