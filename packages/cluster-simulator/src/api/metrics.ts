/**
 * The resource metrics API (`metrics.k8s.io/v1beta1`) as metrics-server
 * serves it through the apiserver's aggregation layer: PodMetrics, listed
 * across namespaces or in one, and got by name; read-only, computed on
 * each request from the pods (controllers/podUsage.ts). A cluster created
 * without `metrics` has no metrics-server: the group is absent from
 * discovery and its paths answer 404, as on a cluster without it.
 */
import { ServerResponse } from 'node:http';
import { kubeTime } from '../clock';
import { SimulatedCluster } from '../cluster';
import { formatCpu, formatMemory, podUsage } from '../controllers/podUsage';
import { parseLabelSelector, SelectorError } from '../store/selectors';
import { KubeObject } from '../types';
import { errors, sendJson } from './status';

export const METRICS_GROUP = 'metrics.k8s.io';
const VERSION = 'v1beta1';
const GROUP_VERSION = `${METRICS_GROUP}/${VERSION}`;
/** metrics-server's default resolution, reported as each sample's window */
const WINDOW = '15s';
const SCRAPE_MS = 15_000;

export function metricsGroupDoc() {
  const version = { groupVersion: GROUP_VERSION, version: VERSION };
  return {
    name: METRICS_GROUP,
    versions: [version],
    preferredVersion: version,
  };
}

export function metricsResourceList() {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: GROUP_VERSION,
    resources: [
      {
        name: 'pods',
        singularName: '',
        namespaced: true,
        kind: 'PodMetrics',
        verbs: ['get', 'list'],
      },
    ],
  };
}

function podMetrics(pod: KubeObject, now: number) {
  const usage = podUsage(pod, now);
  if (!usage) return undefined;
  return {
    kind: 'PodMetrics',
    apiVersion: GROUP_VERSION,
    metadata: {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      creationTimestamp: kubeTime(now),
      ...(pod.metadata.labels ? { labels: pod.metadata.labels } : {}),
    },
    timestamp: kubeTime(Math.floor(now / SCRAPE_MS) * SCRAPE_MS),
    window: WINDOW,
    containers: usage.map(c => ({
      name: c.name,
      usage: {
        cpu: formatCpu(c.cpuNanocores),
        memory: formatMemory(c.memoryBytes),
      },
    })),
  };
}

/**
 * Answers `/apis/metrics.k8s.io[/v1beta1[/namespaces/{ns}]/pods[/{name}]]`;
 * `segments` start at `apis`.
 */
export function handleMetrics(
  cluster: SimulatedCluster,
  segments: string[],
  method: string,
  query: URLSearchParams,
  res: ServerResponse,
) {
  if (!cluster.metrics) throw errors.notFoundPath();
  if (method !== 'GET') throw errors.methodNotAllowed(method);
  if (segments.length === 2) {
    sendJson(res, 200, {
      kind: 'APIGroup',
      apiVersion: 'v1',
      ...metricsGroupDoc(),
    });
    return;
  }
  if (segments[2] !== VERSION) throw errors.notFoundPath();
  if (segments.length === 3) {
    sendJson(res, 200, metricsResourceList());
    return;
  }
  const rest = segments.slice(3);
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest.splice(0, 2);
  }
  if (rest[0] !== 'pods' || rest.length > 2) throw errors.notFoundPath();
  const now = cluster.now();
  if (rest.length === 2) {
    if (!namespace) throw errors.notFoundPath();
    const pod = cluster.store.get('/pods', namespace, rest[1]);
    const item = pod && podMetrics(pod, now);
    if (!item) throw errors.notFound('pods', rest[1], METRICS_GROUP);
    sendJson(res, 200, item);
    return;
  }
  let selects: (labels?: Record<string, string>) => boolean;
  try {
    selects = parseLabelSelector(query.get('labelSelector') ?? undefined);
  } catch (e) {
    if (e instanceof SelectorError) throw errors.badRequest(e.message);
    throw e;
  }
  // items are serialised one by one: a list of 100,000 pods is never one object
  const parts: string[] = [];
  for (const pod of cluster.store.list('/pods', namespace)) {
    if (!selects(pod.metadata.labels)) continue;
    const item = podMetrics(pod, now);
    if (item) parts.push(JSON.stringify(item));
  }
  const body = `{"kind":"PodMetricsList","apiVersion":"${GROUP_VERSION}","metadata":{},"items":[${parts.join(
    ',',
  )}]}`;
  sendJson(res, 200, body);
}
