/**
 * Creating and deleting Events through the API, as any client (kubectl,
 * client-go's recorder, `CoreV1Api.createNamespacedEvent`) does: through
 * core/v1 or events.k8s.io/v1, one storage, validated like the apiserver.
 * Created events are listed, watched and expired like the ones the
 * simulated controllers record. An event is deleted at once: events have no
 * graceful deletion and no dependents.
 */
import { SimulatedCluster } from '../cluster';
import { convertEventsV1ToCoreEvent } from '../store/eventConversion';
import { StoreError } from '../store/objectStore';
import { KubeObject } from '../types';
import { validateEventCreate } from './eventValidation';
import { ResourceRequest } from './requestInfo';
import { ApiError, errors } from './status';

export function isEventRequest(req: ResourceRequest): boolean {
  return req.type.resource === 'events';
}

/** The fields the apiserver always serialises for a core/v1 Event. */
function withCoreDefaults(e: KubeObject): KubeObject {
  return {
    ...e,
    involvedObject: e.involvedObject ?? {},
    source: e.source ?? {},
    firstTimestamp: e.firstTimestamp ?? null,
    lastTimestamp: e.lastTimestamp ?? null,
    eventTime: e.eventTime ?? null,
    reportingComponent: e.reportingComponent ?? '',
    reportingInstance: e.reportingInstance ?? '',
  };
}

/** `obj` is the request body with the URL's namespace and the type's apiVersion/kind set. */
export function createEvent(
  cluster: SimulatedCluster,
  req: ResourceRequest,
  obj: KubeObject,
): KubeObject {
  const api = req.type.group ? 'events.k8s.io/v1' : 'v1';
  const core = withCoreDefaults(
    api === 'v1' ? obj : convertEventsV1ToCoreEvent(obj),
  );
  validateEventCreate(core, api);
  try {
    const created = cluster.createObject(core);
    return req.type.convert ? req.type.convert(created) : created;
  } catch (e) {
    if (e instanceof StoreError && e.code === 'NotFound')
      throw new ApiError(404, 'NotFound', e.message, {
        name: req.namespace,
        kind: 'namespaces',
      });
    if (e instanceof StoreError && e.code === 'AlreadyExists')
      throw errors.alreadyExists(e.message);
    throw e;
  }
}

/** DELETE of one event: removed now; the answer is the apiserver's Success Status. */
export function deleteEvent(cluster: SimulatedCluster, req: ResourceRequest) {
  const existing = cluster.store.get('/events', req.namespace, req.name!);
  if (!existing) throw errors.notFound('events', req.name!, req.type.group);
  cluster.store.remove('/events', req.namespace, req.name!);
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: req.name,
      ...(req.type.group ? { group: req.type.group } : {}),
      kind: 'events',
      uid: existing.metadata.uid,
    },
  };
}
