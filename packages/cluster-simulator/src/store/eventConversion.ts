/**
 * core/v1 Event -> events.k8s.io/v1 Event, following the apiserver's
 * conversion (pkg/apis/events/v1/conversion.go): involvedObject becomes
 * `regarding`, message becomes `note`, source becomes `deprecatedSource`.
 */
import { KubeObject } from '../types';

export function convertCoreEventToEventsV1(e: KubeObject): KubeObject {
  const out: KubeObject = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: e.metadata,
    eventTime: e.eventTime ?? null,
    reportingController: e.reportingComponent || e.source?.component || '',
    reportingInstance: e.reportingInstance || e.source?.host || '',
    action: e.action || e.reason,
    reason: e.reason,
    regarding: e.involvedObject,
    note: e.message,
    type: e.type,
  };
  if (e.related) out.related = e.related;
  if (e.series) out.series = e.series;
  if (e.source && Object.keys(e.source).length) out.deprecatedSource = e.source;
  if (e.firstTimestamp) out.deprecatedFirstTimestamp = e.firstTimestamp;
  if (e.lastTimestamp) out.deprecatedLastTimestamp = e.lastTimestamp;
  if (e.count) out.deprecatedCount = e.count;
  return out;
}

/**
 * events.k8s.io/v1 Event -> core/v1 Event (the storage version), the
 * inverse of the above: what a create through events.k8s.io stores.
 */
export function convertEventsV1ToCoreEvent(e: KubeObject): KubeObject {
  const out: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: e.metadata,
    involvedObject: e.regarding ?? {},
    reason: e.reason,
    message: e.note,
    source: e.deprecatedSource ?? {},
    firstTimestamp: e.deprecatedFirstTimestamp ?? null,
    lastTimestamp: e.deprecatedLastTimestamp ?? null,
    count: e.deprecatedCount,
    type: e.type,
    eventTime: e.eventTime ?? null,
    action: e.action,
    reportingComponent: e.reportingController ?? '',
    reportingInstance: e.reportingInstance ?? '',
  };
  if (e.related) out.related = e.related;
  if (e.series) out.series = e.series;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
