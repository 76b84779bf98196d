import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';

/*
 * The catalog annotations of Backstage's Kubernetes plugin, so existing
 * catalogs work unchanged. kubernetes-common exports the id and label-selector
 * names; the namespace and cluster names are read by its backend as string
 * literals and not exported, so they are declared here, once.
 */

/** `backstage.io/kubernetes-id` @public */
export const ANNOTATION_KUBERNETES_ID = KUBERNETES_ANNOTATION;
/** `backstage.io/kubernetes-label-selector` @public */
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION;
/** `backstage.io/kubernetes-namespace` @public */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';
/** `backstage.io/kubernetes-cluster` @public */
export const ANNOTATION_KUBERNETES_CLUSTER = 'backstage.io/kubernetes-cluster';

/**
 * True when an entity is tied to Kubernetes objects, by the same test the
 * Kubernetes plugin uses to show its tab.
 * @public
 */
export function hasKubernetesAnnotations(entity: {
  metadata: { annotations?: Record<string, string> };
}): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[ANNOTATION_KUBERNETES_ID] ||
      annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR],
  );
}

/**
 * `workload-status.dev/notifications`: `off` keeps the entity's owners from
 * being notified of its status (the plugin's own annotations use the domain
 * of its simulator's behaviour annotations).
 * @public
 */
export const ANNOTATION_WORKLOAD_STATUS_NOTIFICATIONS =
  'workload-status.dev/notifications';
