import {
  AppsV1Api,
  ConfigurationOptions,
  V1DaemonSet,
  V1Deployment,
  V1StatefulSet,
} from '@kubernetes/client-node';

/** The kinds the workload actions act on. */
export type ActionableKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

export type Workload = V1Deployment | V1StatefulSet | V1DaemonSet;

/** The resource of a kind, as RBAC and the messages name it. */
export const RESOURCE_OF: Record<ActionableKind, string> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};

/** Read and patch one workload of any actionable kind through one AppsV1Api. */
export function workloadApi(api: AppsV1Api, kind: ActionableKind) {
  switch (kind) {
    case 'Deployment':
      return {
        read: (
          p: { name: string; namespace: string },
          o: ConfigurationOptions,
        ) => api.readNamespacedDeployment(p, o) as Promise<Workload>,
        patch: (
          p: { name: string; namespace: string; body: object },
          o: ConfigurationOptions,
        ) => api.patchNamespacedDeployment(p, o) as Promise<Workload>,
      };
    case 'StatefulSet':
      return {
        read: (
          p: { name: string; namespace: string },
          o: ConfigurationOptions,
        ) => api.readNamespacedStatefulSet(p, o) as Promise<Workload>,
        patch: (
          p: { name: string; namespace: string; body: object },
          o: ConfigurationOptions,
        ) => api.patchNamespacedStatefulSet(p, o) as Promise<Workload>,
      };
    default:
      return {
        read: (
          p: { name: string; namespace: string },
          o: ConfigurationOptions,
        ) => api.readNamespacedDaemonSet(p, o) as Promise<Workload>,
        patch: (
          p: { name: string; namespace: string; body: object },
          o: ConfigurationOptions,
        ) => api.patchNamespacedDaemonSet(p, o) as Promise<Workload>,
      };
  }
}
