import type { KubeObject } from '@internal/plugin-workload-status-common';

/** The object an event is about, as both event APIs name it. */
export interface EventSubject {
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  /** from `fieldPath: spec.containers{app}` */
  container?: string;
}

/**
 * What is kept of one Event object, whichever API delivered it: a few
 * strings and numbers instead of the whole object (no managedFields, no
 * annotations). Times are epoch ms.
 */
export interface ProjectedEvent extends KubeObject {
  metadata: { uid: string; resourceVersion?: string; namespace?: string };
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  subject: EventSubject;
  count: number;
  firstSeenMs?: number;
  lastSeenMs?: number;
  source?: string;
}

/**
 * Projects a core/v1 or an events.k8s.io/v1 Event. The apiserver serves
 * the same objects through both APIs (same uid), with different field
 * names; both projections of one object are equal, so whichever view
 * arrives last simply replaces the other.
 */
export function projectEvent(obj: KubeObject): KubeObject {
  const e = obj as Record<string, any>;
  const eventsV1 = (obj.apiVersion ?? '').startsWith('events.k8s.io/');
  const subject = eventsV1 ? e.regarding : e.involvedObject;
  const series = isRecord(e.series) ? e.series : undefined;
  const created = time(obj.metadata?.creationTimestamp);
  const eventTime = time(e.eventTime);
  const first = eventsV1
    ? time(e.deprecatedFirstTimestamp) ?? eventTime ?? created
    : time(e.firstTimestamp) ?? eventTime ?? created;
  const last =
    time(series?.lastObservedTime) ??
    (eventsV1 ? time(e.deprecatedLastTimestamp) : time(e.lastTimestamp)) ??
    eventTime ??
    first;
  // A series counts occurrences after the first; the deprecated count is
  // what old-style recorders bump. Whichever is larger is the truth.
  const count = Math.max(
    1,
    positive(series?.count),
    positive(eventsV1 ? e.deprecatedCount : e.count),
  );
  const legacySource = eventsV1 ? e.deprecatedSource : e.source;
  const source =
    str(eventsV1 ? e.reportingController : e.reportingComponent) ||
    str(legacySource?.component) ||
    undefined;
  const projected: ProjectedEvent = {
    apiVersion: obj.apiVersion,
    kind: 'Event',
    metadata: {
      uid: obj.metadata?.uid ?? '',
      resourceVersion: obj.metadata?.resourceVersion,
      namespace: obj.metadata?.namespace,
    },
    type: e.type === 'Warning' ? 'Warning' : 'Normal',
    reason: str(e.reason),
    message: str(eventsV1 ? e.note : e.message),
    subject: projectSubject(subject),
    count,
    firstSeenMs: first,
    lastSeenMs: last,
  };
  if (source) projected.source = source;
  return projected;
}

function projectSubject(
  subject: Record<string, unknown> | undefined,
): EventSubject {
  const out: EventSubject = {
    kind: str(subject?.kind),
    name: str(subject?.name),
  };
  // cluster-scoped subjects (Nodes) have none, whatever the event's namespace
  const namespace = str(subject?.namespace);
  if (namespace) out.namespace = namespace;
  const uid = str(subject?.uid);
  if (uid) out.uid = uid;
  const container =
    /^spec\.(?:initContainers|containers|ephemeralContainers)\{(.+)\}$/.exec(
      str(subject?.fieldPath),
    )?.[1];
  if (container) out.container = container;
  return out;
}

function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function positive(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

function time(v: unknown): number | undefined {
  if (typeof v !== 'string' || !v) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}
