import { InputError } from '@backstage/errors';

// Kubernetes names: DNS-1123 subdomains (pods, jobs, ...) and labels
// (namespaces). Container names are DNS-1123 labels. Cluster names are ours
// (Backstage config) and only need to be path-safe.
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const CLUSTER = /^[A-Za-z0-9]([-_.A-Za-z0-9]{0,251}[A-Za-z0-9])?$/;

/**
 * Validates the path parameters that name a cluster object, so nothing a
 * caller sends (`..`, `%2F`, a 10 kB name) reaches a cluster URL.
 */
export function parseObjectParams(params: {
  cluster?: string;
  objectNamespace?: string;
  objectName?: string;
}): { cluster: string; namespace: string; name: string } {
  const { cluster = '', objectNamespace = '', objectName = '' } = params;
  if (!CLUSTER.test(cluster)) {
    throw new InputError(`Invalid cluster name '${clip(cluster)}'`);
  }
  if (!DNS1123_LABEL.test(objectNamespace)) {
    throw new InputError(`Invalid namespace '${clip(objectNamespace)}'`);
  }
  if (objectName.length > 253 || !DNS1123_SUBDOMAIN.test(objectName)) {
    throw new InputError(`Invalid object name '${clip(objectName)}'`);
  }
  return { cluster, namespace: objectNamespace, name: objectName };
}

/** A container name (DNS-1123 label), or InputError. */
export function parseContainerName(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !DNS1123_LABEL.test(value)) {
    throw new InputError(`Invalid container name '${clip(String(value))}'`);
  }
  return value;
}

function clip(s: string) {
  return s.length > 64 ? `${s.slice(0, 64)}...` : s;
}
