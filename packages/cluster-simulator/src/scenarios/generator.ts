/**
 * The scale scenario generator: N clusters x M namespaces x K pods, with the
 * mix and sizes of real clusters (perf-anchors.md: ~90 % Running, 5 %
 * Pending, 3 % CrashLoopBackOff, 2 % Succeeded; 1-3 containers with env,
 * probes and resources; the projected service-account volume; managedFields
 * from kube-controller-manager and the kubelet, ~5 KB of a ~10 KB pod).
 *
 * Objects carry their status, so the clusters serve them as seeded with
 * controllers off: a fixed, large state to LIST and WATCH.
 */
import { kubeTime } from '../clock';
import { Random } from '../random';
import { KubeObject } from '../types';
import { Scenario } from './scenario';

export interface ScaleScenarioOptions {
  clusters?: number;
  namespaces?: number;
  podsPerNamespace?: number;
  /** Pods per Deployment (each Deployment owns one ReplicaSet). Default 10. */
  podsPerDeployment?: number;
  managedFields?: boolean;
  seed?: number;
  /** Timestamp base for creationTimestamp etc. */
  nowMs?: number;
}

function fieldsOf(value: any): any {
  // A structural managedFields rendering: `f:` for fields, `k:{"name":...}` for named list items.
  if (Array.isArray(value)) {
    const out: Record<string, any> = {};
    for (const item of value) {
      if (item && typeof item === 'object' && 'name' in item)
        out[`k:{"name":"${item.name}"}`] = { '.': {}, ...fieldsOf(item) };
      else if (item && typeof item === 'object' && 'type' in item)
        out[`k:{"type":"${item.type}"}`] = { '.': {}, ...fieldsOf(item) };
    }
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, any> = {};
    for (const [k, v] of Object.entries(value))
      out[`f:${k}`] = v && typeof v === 'object' ? fieldsOf(v) : {};
    return out;
  }
  return {};
}

type PodKind = 'running' | 'pending' | 'crash' | 'succeeded';
const PHASES: Record<PodKind, string> = {
  running: 'Running',
  pending: 'Pending',
  crash: 'Running',
  succeeded: 'Succeeded',
};

/** A pod's share of the mix (perf-anchors: 90 / 5 / 3 / 2 %). */
function podKind(roll: number): PodKind {
  if (roll < 0.9) return 'running';
  if (roll < 0.95) return 'pending';
  if (roll < 0.98) return 'crash';
  return 'succeeded';
}

function podStatus(kind: PodKind, pod: KubeObject, t: string, random: Random) {
  const containers = pod.spec.containers;
  const ready = kind === 'running';
  const cond = (
    type: string,
    status: boolean,
    extra: Record<string, string> = {},
  ) => ({
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: t,
    ...extra,
  });
  return {
    phase: PHASES[kind],
    conditions: [
      cond('PodReadyToStartContainers', kind !== 'succeeded'),
      cond('Initialized', true),
      cond(
        'Ready',
        ready,
        ready
          ? {}
          : {
              reason:
                kind === 'succeeded' ? 'PodCompleted' : 'ContainersNotReady',
            },
      ),
      cond(
        'ContainersReady',
        ready,
        ready
          ? {}
          : {
              reason:
                kind === 'succeeded' ? 'PodCompleted' : 'ContainersNotReady',
            },
      ),
      cond('PodScheduled', true),
    ],
    hostIP: `10.0.${random.int(200)}.${random.int(250)}`,
    podIP: `10.244.${random.int(250)}.${random.int(250)}`,
    startTime: t,
    containerStatuses: containers.map((c: any) => ({
      name: c.name,
      image: c.image,
      imageID: `${c.image.split(':')[0]}@sha256:${random.hex(64)}`,
      containerID: `containerd://${random.hex(64)}`,
      ready,
      started: kind === 'running',
      restartCount: kind === 'crash' ? 5 + random.int(40) : 0,
      state: {
        running: { running: { startedAt: t } },
        pending: { waiting: { reason: 'ContainerCreating' } },
        crash: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off 5m0s restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
          },
        },
        succeeded: {
          terminated: {
            exitCode: 0,
            reason: 'Completed',
            startedAt: t,
            finishedAt: t,
            containerID: `containerd://${random.hex(64)}`,
          },
        },
      }[kind],
      lastState:
        kind === 'crash'
          ? {
              terminated: {
                exitCode: 1,
                reason: 'Error',
                startedAt: t,
                finishedAt: t,
                containerID: `containerd://${random.hex(64)}`,
              },
            }
          : {},
    })),
    qosClass: 'Burstable',
  };
}

export function generateScaleScenario(
  options: ScaleScenarioOptions = {},
): Scenario {
  const clusters = options.clusters ?? 1;
  const out: Scenario = {
    name: 'scale',
    seed: options.seed ?? 7,
    clusters: [],
  };
  for (let c = 0; c < clusters; c++) {
    const objects: KubeObject[] = [];
    forEachScaleObject(options, c, obj => objects.push(obj));
    out.clusters.push({
      name: `scale-${c + 1}`,
      controllers: false,
      nodes: 3,
      objects,
    });
  }
  return out;
}

/**
 * Streams the objects of one scale cluster to `visit` (owners first), so a
 * benchmark can put 100k pods straight into a store without holding a second copy.
 */
export function forEachScaleObject(
  options: ScaleScenarioOptions,
  clusterIndex: number,
  visit: (obj: KubeObject) => void,
) {
  const namespaces = options.namespaces ?? 10;
  const podsPerNs = options.podsPerNamespace ?? 100;
  const perDeployment = options.podsPerDeployment ?? 10;
  const managed = options.managedFields ?? true;
  const random = new Random(`${options.seed ?? 7}:${clusterIndex}`);
  const now = options.nowMs ?? Date.parse('2026-01-15T10:00:00Z');
  const t = kubeTime(now - 3_600_000);
  for (let n = 0; n < namespaces; n++) {
    const ns = `team-${String(n).padStart(3, '0')}`;
    for (let d = 0; d * perDeployment < podsPerNs; d++) {
      const app = `svc-${String(d).padStart(3, '0')}`;
      const hash = random.suffix(10);
      const labels = {
        'app.kubernetes.io/name': app,
        'app.kubernetes.io/part-of': ns,
        'backstage.io/kubernetes-id': `${ns}-${app}`,
      };
      const containerCount = 1 + random.int(3);
      const containers = Array.from({ length: containerCount }, (_, i) => ({
        name: i === 0 ? 'app' : `sidecar-${i}`,
        image: `registry.example.com/${ns}/${app}${i ? `-sidecar${i}` : ''}:${
          1 + random.int(5)
        }.${random.int(20)}.${random.int(10)}`,
        imagePullPolicy: 'IfNotPresent',
        env: Array.from({ length: 6 + random.int(10) }, (_unused, e) => ({
          name: `CONFIG_VALUE_${e}`,
          value: random.hex(8 + random.int(24)),
        })),
        ports: [
          { containerPort: 8080 + i, name: `http-${i}`, protocol: 'TCP' },
        ],
        readinessProbe: {
          httpGet: { path: '/readyz', port: 8080 + i, scheme: 'HTTP' },
          periodSeconds: 10,
          timeoutSeconds: 1,
          successThreshold: 1,
          failureThreshold: 3,
        },
        livenessProbe: {
          httpGet: { path: '/healthz', port: 8080 + i, scheme: 'HTTP' },
          periodSeconds: 10,
          timeoutSeconds: 1,
          successThreshold: 1,
          failureThreshold: 3,
        },
        resources: {
          requests: { cpu: '100m', memory: '128Mi' },
          limits: { memory: '256Mi' },
        },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        volumeMounts: [
          {
            name: 'kube-api-access',
            mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
            readOnly: true,
          },
        ],
      }));
      const depUid = random.uuid();
      const rsUid = random.uuid();
      const count = Math.min(perDeployment, podsPerNs - d * perDeployment);
      visit({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: app,
          namespace: ns,
          uid: depUid,
          labels,
          annotations: { 'deployment.kubernetes.io/revision': '1' },
          creationTimestamp: t,
          generation: 1,
        },
        spec: {
          replicas: count,
          selector: { matchLabels: { 'app.kubernetes.io/name': app } },
          template: { metadata: { labels }, spec: { containers } },
        },
        status: {
          observedGeneration: 1,
          replicas: count,
          updatedReplicas: count,
          readyReplicas: count,
          availableReplicas: count,
          conditions: [
            {
              type: 'Available',
              status: 'True',
              reason: 'MinimumReplicasAvailable',
              message: 'Deployment has minimum availability.',
              lastUpdateTime: t,
              lastTransitionTime: t,
            },
          ],
        },
      });
      visit({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${app}-${hash}`,
          namespace: ns,
          uid: rsUid,
          labels: { ...labels, 'pod-template-hash': hash },
          creationTimestamp: t,
          generation: 1,
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: app,
              uid: depUid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: {
          replicas: count,
          selector: {
            matchLabels: {
              'app.kubernetes.io/name': app,
              'pod-template-hash': hash,
            },
          },
          template: {
            metadata: { labels: { ...labels, 'pod-template-hash': hash } },
            spec: { containers },
          },
        },
        status: {
          replicas: count,
          readyReplicas: count,
          availableReplicas: count,
          observedGeneration: 1,
        },
      });
      for (let p = 0; p < count; p++) {
        const roll = random.next();
        const kind = podKind(roll);
        const pod: KubeObject = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: `${app}-${hash}-${random.suffix(5)}`,
            generateName: `${app}-${hash}-`,
            namespace: ns,
            uid: random.uuid(),
            labels: { ...labels, 'pod-template-hash': hash },
            creationTimestamp: t,
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: `${app}-${hash}`,
                uid: rsUid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
          spec: {
            containers,
            dnsPolicy: 'ClusterFirst',
            enableServiceLinks: true,
            nodeName: `node-${random.int(100)}`,
            preemptionPolicy: 'PreemptLowerPriority',
            priority: 0,
            restartPolicy: 'Always',
            schedulerName: 'default-scheduler',
            securityContext: {},
            serviceAccount: 'default',
            serviceAccountName: 'default',
            terminationGracePeriodSeconds: 30,
            tolerations: [
              {
                effect: 'NoExecute',
                key: 'node.kubernetes.io/not-ready',
                operator: 'Exists',
                tolerationSeconds: 300,
              },
              {
                effect: 'NoExecute',
                key: 'node.kubernetes.io/unreachable',
                operator: 'Exists',
                tolerationSeconds: 300,
              },
            ],
            volumes: [
              {
                name: 'kube-api-access',
                projected: {
                  defaultMode: 420,
                  sources: [
                    {
                      serviceAccountToken: {
                        expirationSeconds: 3607,
                        path: 'token',
                      },
                    },
                    {
                      configMap: {
                        items: [{ key: 'ca.crt', path: 'ca.crt' }],
                        name: 'kube-root-ca.crt',
                      },
                    },
                    {
                      downwardAPI: {
                        items: [
                          {
                            fieldRef: {
                              apiVersion: 'v1',
                              fieldPath: 'metadata.namespace',
                            },
                            path: 'namespace',
                          },
                        ],
                      },
                    },
                  ],
                },
              },
            ],
          },
        };
        pod.status = podStatus(kind, pod, t, random);
        if (managed) {
          pod.metadata.managedFields = [
            {
              manager: 'kube-controller-manager',
              operation: 'Update',
              apiVersion: 'v1',
              time: t,
              fieldsType: 'FieldsV1',
              fieldsV1: {
                'f:metadata': {
                  'f:generateName': {},
                  'f:labels': fieldsOf(pod.metadata.labels),
                  'f:ownerReferences': { [`k:{"uid":"${rsUid}"}`]: {} },
                },
                'f:spec': fieldsOf(pod.spec),
              },
            },
            {
              manager: 'kubelet',
              operation: 'Update',
              apiVersion: 'v1',
              time: t,
              fieldsType: 'FieldsV1',
              subresource: 'status',
              fieldsV1: { 'f:status': fieldsOf(pod.status) },
            },
          ];
        }
        visit(pod);
      }
    }
  }
}
