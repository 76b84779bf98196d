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

/** Applies pod-template defaults to the kinds that embed one. */
export function applyDefaults(obj: KubeObject): KubeObject {
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
    default:
      return obj;
  }
}
