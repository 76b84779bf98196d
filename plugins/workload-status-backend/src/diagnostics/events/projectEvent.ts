import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import { boundedField, redactedField, storedMessage } from './eventText';

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
  /** redacted, at most `maxMessageBytes` of UTF-8 */
  message: string;
  /** the message was longer than `maxMessageBytes` and was cut */
  messageTruncated?: true;
  subject: EventSubject;
  count: number;
  firstSeenMs?: number;
  lastSeenMs?: number;
  source?: string;
}

/** Bytes of an event's message kept by default (`workloadStatus.events.maxMessageBytes`). */
export const DEFAULT_MAX_MESSAGE_BYTES = 4096;

/**
 * Projects a core/v1 or an events.k8s.io/v1 Event. The apiserver serves
 * the same objects through both APIs (same uid), with different field
 * names; both projections of one object are equal, so whichever view
 * arrives last simply replaces the other. What is kept is bounded whatever
 * the cluster sends: the message is redacted and cut at `maxMessageBytes`
 * (saying so), every other text at MAX_EVENT_FIELD_CHARS.
 */
export function projectEvent(
  obj: KubeObject,
  maxMessageBytes: number = DEFAULT_MAX_MESSAGE_BYTES,
): KubeObject {
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
  const source = redactedField(
    str(eventsV1 ? e.reportingController : e.reportingComponent) ||
      str(legacySource?.component),
  );
  const { message, truncated } = storedMessage(
    str(eventsV1 ? e.note : e.message),
    maxMessageBytes,
  );
  const projected: ProjectedEvent = {
    apiVersion: optionalField(obj.apiVersion),
    kind: 'Event',
    metadata: {
      uid: boundedField(str(obj.metadata?.uid)),
      resourceVersion: optionalField(obj.metadata?.resourceVersion),
      namespace: optionalField(obj.metadata?.namespace),
    },
    type: e.type === 'Warning' ? 'Warning' : 'Normal',
    reason: redactedField(str(e.reason)),
    message,
    subject: projectSubject(subject),
    count,
    firstSeenMs: first,
    lastSeenMs: last,
  };
  if (truncated) projected.messageTruncated = true;
  if (source) projected.source = source;
  return projected;
}

function projectSubject(
  subject: Record<string, unknown> | undefined,
): EventSubject {
  const out: EventSubject = {
    kind: boundedField(str(subject?.kind)),
    name: boundedField(str(subject?.name)),
  };
  // cluster-scoped subjects (Nodes) have none, whatever the event's namespace
  const namespace = boundedField(str(subject?.namespace));
  if (namespace) out.namespace = namespace;
  const uid = boundedField(str(subject?.uid));
  if (uid) out.uid = uid;
  // anchored, one unambiguous group, on a bounded string: linear
  const container =
    /^spec\.(?:initContainers|containers|ephemeralContainers)\{([^{}]+)\}$/.exec(
      boundedField(str(subject?.fieldPath)),
    )?.[1];
  if (container) out.container = container;
  return out;
}

function optionalField(v: unknown): string | undefined {
  return typeof v === 'string' ? boundedField(v) : undefined;
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
