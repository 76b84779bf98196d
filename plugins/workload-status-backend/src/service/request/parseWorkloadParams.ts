import { InputError } from '@backstage/errors';
import type { WorkloadRef } from '../../actions/WorkloadActions';
import type { ActionableKind } from '../../actions/workloadApi';
import { parseObjectParams } from './parseObjectParams';
import { quoted } from './queryValues';

const KIND_OF_SEGMENT: Record<string, ActionableKind> = {
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
};

/**
 * The path parameters of a workload action: the object's cluster,
 * namespace and name, and `workloadKind` (deployments, statefulsets or
 * daemonsets) as the kind it names.
 */
export function parseWorkloadParams(params: {
  cluster?: string;
  objectNamespace?: string;
  objectName?: string;
  workloadKind?: string;
}): WorkloadRef {
  const segment = params.workloadKind ?? '';
  const kind = Object.prototype.hasOwnProperty.call(KIND_OF_SEGMENT, segment)
    ? KIND_OF_SEGMENT[segment]
    : undefined;
  if (!kind) {
    throw new InputError(
      `Invalid workload kind '${quoted(
        segment,
      )}': expected deployments, statefulsets or daemonsets`,
    );
  }
  return { ...parseObjectParams(params), kind };
}
