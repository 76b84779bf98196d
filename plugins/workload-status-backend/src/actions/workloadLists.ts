import type { V1ReplicaSet } from '@kubernetes/client-node';
import {
  ClusterConnection,
  ClusterRequestError,
} from '../cluster/ClusterConnection';
import { clusterCallError } from './clusterCallError';
import type { Workload } from './workloadApi';
import { matchLabelsQuery } from './workloadTemplates';

// a namespace holds few HPAs and a Deployment few ReplicaSets
// (revisionHistoryLimit, 10 by default): more than this is not read
const LIST_LIMIT = 500;

interface Ref {
  cluster: string;
  namespace: string;
  name: string;
  kind: string;
}

/**
 * The name of the HorizontalPodAutoscaler whose `scaleTargetRef` names the
 * workload, if one does. A cluster without autoscaling/v2 has none.
 */
export async function findAutoscaler(
  connection: Pick<ClusterConnection, 'getJson'>,
  ref: Ref,
): Promise<string | undefined> {
  let items: Array<{
    metadata?: { name?: string };
    spec?: { scaleTargetRef?: { kind?: string; name?: string } };
  }>;
  try {
    items = await list(
      connection,
      `/apis/autoscaling/v2/namespaces/${encodeURIComponent(
        ref.namespace,
      )}/horizontalpodautoscalers`,
    );
  } catch (e) {
    if ((e as ClusterRequestError).statusCode === 404) return undefined;
    throw listError(e, {
      cluster: ref.cluster,
      verb: 'list horizontalpodautoscalers',
      object: `the autoscalers of namespace ${ref.namespace}`,
    });
  }
  const hpa = items.find(
    h =>
      h?.spec?.scaleTargetRef?.kind === ref.kind &&
      h.spec.scaleTargetRef.name === ref.name,
  );
  return hpa ? String(hpa.metadata?.name) : undefined;
}

/** The ReplicaSets a Deployment's selector selects (its own and, maybe, others'). */
export async function listReplicaSets(
  connection: Pick<ClusterConnection, 'getJson'>,
  ref: Ref,
  deployment: Workload,
): Promise<V1ReplicaSet[]> {
  const selector = matchLabelsQuery(deployment.spec?.selector?.matchLabels);
  try {
    return await list(
      connection,
      `/apis/apps/v1/namespaces/${encodeURIComponent(
        ref.namespace,
      )}/replicasets${
        selector ? `?labelSelector=${encodeURIComponent(selector)}` : ''
      }`,
    );
  } catch (e) {
    throw listError(e, {
      cluster: ref.cluster,
      verb: 'list replicasets',
      object: `${ref.kind} ${ref.namespace}/${ref.name}`,
    });
  }
}

/**
 * One page of a LIST, bounded in bytes (`workloadStatus.maxResponseBytes`)
 * and in time (the request timeout) by the connection: what a namespace
 * holds is the cluster's to decide.
 */
async function list<T>(
  connection: Pick<ClusterConnection, 'getJson'>,
  path: string,
): Promise<T[]> {
  const separator = path.includes('?') ? '&' : '?';
  const answer = await connection.getJson<{ items?: unknown }>(
    `${path}${separator}limit=${LIST_LIMIT}`,
  );
  return Array.isArray(answer?.items) ? (answer.items as T[]) : [];
}

/** A failed LIST of the connection as clusterCallError words it. */
function listError(
  e: unknown,
  call: { cluster: string; verb: string; object: string },
): Error {
  if (e instanceof ClusterRequestError && e.statusCode !== undefined) {
    // the connection's message already carries the cluster's Status text
    return clusterCallError(
      { code: e.statusCode, body: { message: e.message } },
      call,
    );
  }
  return clusterCallError(e, call);
}
