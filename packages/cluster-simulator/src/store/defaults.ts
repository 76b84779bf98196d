/**
 * The defaults kube-apiserver fills into pod templates on every write
 * (pkg/apis/core/v1/defaults.go): what a client reading a Deployment, Job or
 * Pod back always finds, even when the manifest left it out.
 */
import { KubeObject } from '../types';

export function defaultContainer(c: any): any {
  return {
    ...c,
    imagePullPolicy:
      c.imagePullPolicy ??
      (c.image?.endsWith(':latest') || !c.image?.includes(':')
        ? 'Always'
        : 'IfNotPresent'),
    resources: c.resources ?? {},
    terminationMessagePath: c.terminationMessagePath ?? '/dev/termination-log',
    terminationMessagePolicy: c.terminationMessagePolicy ?? 'File',
  };
}

export function defaultPodSpec(spec: any): any {
  if (!spec || !Array.isArray(spec.containers)) return spec;
  return {
    ...spec,
    containers: spec.containers.map(defaultContainer),
    ...(spec.initContainers
      ? { initContainers: spec.initContainers.map(defaultContainer) }
      : {}),
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    restartPolicy: spec.restartPolicy ?? 'Always',
    schedulerName: spec.schedulerName ?? 'default-scheduler',
    securityContext: spec.securityContext ?? {},
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
  };
}

function withTemplate(template: any) {
  return template
    ? { ...template, spec: defaultPodSpec(template.spec) }
    : template;
}

/** Workload spec defaults (pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go). */
function specDefaults(obj: KubeObject): any {
  const spec = obj.spec;
  switch (obj.kind) {
    case 'Deployment': {
      const type = spec.strategy?.type ?? 'RollingUpdate';
      return {
        replicas: 1,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        ...spec,
        strategy:
          type === 'RollingUpdate'
            ? {
                type,
                rollingUpdate: {
                  maxSurge: '25%',
                  maxUnavailable: '25%',
                  ...(spec.strategy?.rollingUpdate ?? {}),
                },
              }
            : { type },
      };
    }
    case 'StatefulSet': {
      const type = spec.updateStrategy?.type ?? 'RollingUpdate';
      return {
        replicas: 1,
        podManagementPolicy: 'OrderedReady',
        revisionHistoryLimit: 10,
        persistentVolumeClaimRetentionPolicy: {
          whenDeleted: 'Retain',
          whenScaled: 'Retain',
        },
        ...spec,
        updateStrategy:
          type === 'RollingUpdate'
            ? {
                type,
                rollingUpdate: {
                  partition: 0,
                  ...(spec.updateStrategy?.rollingUpdate ?? {}),
                },
              }
            : { type },
      };
    }
    case 'DaemonSet': {
      const type = spec.updateStrategy?.type ?? 'RollingUpdate';
      return {
        revisionHistoryLimit: 10,
        ...spec,
        updateStrategy:
          type === 'RollingUpdate'
            ? {
                type,
                rollingUpdate: {
                  maxSurge: 0,
                  maxUnavailable: 1,
                  ...(spec.updateStrategy?.rollingUpdate ?? {}),
                },
              }
            : { type },
      };
    }
    case 'CronJob':
      return {
        concurrencyPolicy: 'Allow',
        failedJobsHistoryLimit: 1,
        successfulJobsHistoryLimit: 3,
        suspend: false,
        ...spec,
      };
    default:
      return spec;
  }
}

/** Applies the apiserver's defaults: workload specs and the pod templates they embed. */
export function applyDefaults(input: KubeObject): KubeObject {
  const obj =
    input.spec && typeof input.spec === 'object'
      ? { ...input, spec: specDefaults(input) }
      : input;
  switch (obj.kind) {
    case 'Pod':
      return { ...obj, spec: defaultPodSpec(obj.spec) };
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return obj.spec
        ? {
            ...obj,
            spec: { ...obj.spec, template: withTemplate(obj.spec.template) },
          }
        : obj;
    case 'CronJob':
      return obj.spec?.jobTemplate?.spec
        ? {
            ...obj,
            spec: {
              ...obj.spec,
              jobTemplate: {
                ...obj.spec.jobTemplate,
                spec: {
                  ...obj.spec.jobTemplate.spec,
                  template: withTemplate(obj.spec.jobTemplate.spec.template),
                },
              },
            },
          }
        : obj;
    case 'Namespace':
      return defaultNamespace(obj);
    default:
      return obj;
  }
}

/**
 * A Namespace as the apiserver stores it whatever the manifest says: the
 * `kubernetes.io/metadata.name` label, the `kubernetes` finalizer and the
 * Active phase (pkg/registry/core/namespace/strategy.go).
 */
function defaultNamespace(obj: KubeObject): KubeObject {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      labels: {
        ...obj.metadata.labels,
        'kubernetes.io/metadata.name': obj.metadata.name,
      },
    },
    spec: { ...obj.spec, finalizers: obj.spec?.finalizers ?? ['kubernetes'] },
    status: { ...obj.status, phase: obj.status?.phase ?? 'Active' },
  };
}
