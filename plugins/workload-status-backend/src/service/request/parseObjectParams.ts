import { InputError } from '@backstage/errors';
import { isLabelName, isObjectName } from '../../cluster/kubernetesNames';
import { quoted } from './queryValues';

// Cluster names are ours (Backstage config) and only need to be path-safe.
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
    throw new InputError(`Invalid cluster name '${quoted(cluster)}'`);
  }
  if (!isLabelName(objectNamespace)) {
    throw new InputError(`Invalid namespace '${quoted(objectNamespace)}'`);
  }
  if (!isObjectName(objectName)) {
    throw new InputError(`Invalid object name '${quoted(objectName)}'`);
  }
  return { cluster, namespace: objectNamespace, name: objectName };
}
