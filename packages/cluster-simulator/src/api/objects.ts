/**
 * Single-object verbs: GET, POST (create), PUT (replace), PATCH, DELETE, and
 * the `status` and `scale` subresources. Writes to the main resource keep the
 * stored status; writes to `/status` keep the spec (the apiserver's
 * status-subresource strategies).
 */
import { SimulatedCluster } from '../cluster';
import { kubeTime } from '../clock';
import { StoreError } from '../store/objectStore';
import { apiVersionOf, storageKey } from '../store/resources';
import { KubeObject } from '../types';
import { createEvent, deleteEvent, isEventRequest } from './events';
import { applyPatch, patchTypeOf } from './patch';
import { ResourceRequest } from './requestInfo';
import { ApiError, errors } from './status';

export interface ObjectResponse {
  code: number;
  body: unknown;
}

function storeError(e: unknown): never {
  if (e instanceof StoreError) {
    switch (e.code) {
      case 'NotFound':
        throw new ApiError(404, 'NotFound', e.message);
      case 'AlreadyExists':
        throw errors.alreadyExists(e.message);
      case 'Conflict':
        throw errors.conflict(e.message);
      default:
        throw errors.invalid(e.message);
    }
  }
  throw e;
}

function current(cluster: SimulatedCluster, req: ResourceRequest): KubeObject {
  const obj = cluster.store.get(storageKey(req.type), req.namespace, req.name!);
  if (!obj) throw errors.notFound(req.type.resource, req.name!, req.type.group);
  return obj;
}

function scaleOf(obj: KubeObject, req: ResourceRequest) {
  // ReplicationControllers and DeploymentConfigs have a plain label map.
  const plain =
    obj.kind === 'ReplicationController' || obj.kind === 'DeploymentConfig';
  const selector =
    (plain ? obj.spec.selector : obj.spec.selector?.matchLabels) ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: obj.spec.replicas ?? 1 },
    status: {
      replicas: obj.status?.replicas ?? 0,
      selector: Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    },
    _type: req.type.kind,
  };
}

function present(obj: KubeObject, req: ResourceRequest): KubeObject {
  return req.type.convert ? req.type.convert(obj) : obj;
}

export function handleGet(
  cluster: SimulatedCluster,
  req: ResourceRequest,
): ObjectResponse {
  const obj = current(cluster, req);
  if (req.subresource === 'scale') {
    const { _type, ...scale } = scaleOf(obj, req);
    void _type;
    return { code: 200, body: scale };
  }
  if (req.subresource && req.subresource !== 'status')
    throw errors.notFoundPath();
  return { code: 200, body: present(obj, req) };
}

export function handleCreate(
  cluster: SimulatedCluster,
  req: ResourceRequest,
  body: any,
): ObjectResponse {
  if (req.name) throw errors.methodNotAllowed('POST');
  if (!body || typeof body !== 'object' || !body.metadata)
    throw errors.badRequest(
      'the body of the request is not a Kubernetes object',
    );
  const expected = apiVersionOf(req.type);
  if (
    (body.apiVersion && body.apiVersion !== expected) ||
    (body.kind && body.kind !== req.type.kind)
  ) {
    throw errors.badRequest(
      `the API version in the data (${body.apiVersion}) does not match the expected API version (${expected})`,
    );
  }
  if (req.type.namespaced) {
    if (
      body.metadata.namespace &&
      req.namespace &&
      body.metadata.namespace !== req.namespace
    ) {
      throw errors.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    if (!req.namespace) throw errors.methodNotAllowed('POST');
  }
  const obj: KubeObject = {
    ...body,
    apiVersion: expected,
    kind: req.type.kind,
    metadata: {
      ...body.metadata,
      namespace: req.type.namespaced ? req.namespace : undefined,
    },
  };
  if (!req.type.namespaced) delete obj.metadata.namespace;
  delete obj.metadata.resourceVersion;
  delete obj.metadata.uid;
  if (isEventRequest(req))
    return { code: 201, body: createEvent(cluster, req, obj) };
  if (req.type.storage) throw errors.methodNotAllowed('POST');
  try {
    const created = cluster.createObject(obj);
    // Controllers see the object on their next tick, as with a real cluster.
    return { code: 201, body: present(created, req) };
  } catch (e) {
    return storeError(e);
  }
}

function replace(
  cluster: SimulatedCluster,
  req: ResourceRequest,
  existing: KubeObject,
  next: KubeObject,
): KubeObject {
  if (next.metadata?.name && next.metadata.name !== existing.metadata.name)
    throw errors.badRequest(
      'the name of the object does not match the name on the URL',
    );
  let merged: KubeObject;
  if (req.subresource === 'status') {
    merged = {
      ...existing,
      status: next.status,
      metadata: {
        ...existing.metadata,
        resourceVersion: next.metadata?.resourceVersion,
      },
    };
  } else {
    merged = {
      ...next,
      apiVersion: existing.apiVersion,
      kind: existing.kind,
      metadata: {
        ...next.metadata,
        name: existing.metadata.name,
        namespace: existing.metadata.namespace,
        uid: existing.metadata.uid,
        creationTimestamp: existing.metadata.creationTimestamp,
        deletionTimestamp: existing.metadata.deletionTimestamp,
        generation: existing.metadata.generation,
      },
    };
    if (existing.status !== undefined) merged.status = existing.status;
  }
  for (const k of Object.keys(merged.metadata))
    if (merged.metadata[k] === undefined) delete merged.metadata[k];
  try {
    return cluster.store.update(merged);
  } catch (e) {
    return storeError(e);
  }
}

export function handleUpdate(
  cluster: SimulatedCluster,
  req: ResourceRequest,
  body: any,
): ObjectResponse {
  const existing = current(cluster, req);
  if (req.type.storage) throw errors.methodNotAllowed('PUT');
  if (req.subresource === 'scale') {
    const updated = replace(
      cluster,
      { ...req, subresource: undefined },
      existing,
      {
        ...existing,
        spec: { ...existing.spec, replicas: body?.spec?.replicas },
        metadata: { ...existing.metadata, resourceVersion: undefined },
      },
    );
    const { _type, ...scale } = scaleOf(updated, req);
    void _type;
    return { code: 200, body: scale };
  }
  return {
    code: 200,
    body: present(replace(cluster, req, existing, body), req),
  };
}

export function handlePatch(
  cluster: SimulatedCluster,
  req: ResourceRequest,
  contentType: string | undefined,
  body: any,
): ObjectResponse {
  const existing = current(cluster, req);
  if (req.type.storage) throw errors.methodNotAllowed('PATCH');
  const type = patchTypeOf(contentType);
  if (req.subresource === 'scale') {
    const patched = applyPatch(scaleOf(existing, req), type, body);
    const updated = replace(
      cluster,
      { ...req, subresource: undefined },
      existing,
      {
        ...existing,
        spec: { ...existing.spec, replicas: patched.spec.replicas },
        metadata: { ...existing.metadata, resourceVersion: undefined },
      },
    );
    const { _type, ...scale } = scaleOf(updated, req);
    void _type;
    return { code: 200, body: scale };
  }
  const patched = applyPatch(existing, type, body);
  if (patched.metadata?.resourceVersion === existing.metadata.resourceVersion)
    delete patched.metadata.resourceVersion;
  return {
    code: 200,
    body: present(replace(cluster, req, existing, patched), req),
  };
}

export function handleDelete(
  cluster: SimulatedCluster,
  req: ResourceRequest,
  query: URLSearchParams,
  body: any,
): ObjectResponse {
  if (isEventRequest(req))
    return { code: 200, body: deleteEvent(cluster, req) };
  const existing = current(cluster, req);
  if (req.type.storage) throw errors.methodNotAllowed('DELETE');
  const grace = query.get('gracePeriodSeconds') ?? body?.gracePeriodSeconds;
  const propagation =
    query.get('propagationPolicy') ?? body?.propagationPolicy ?? 'Background';
  if (propagation === 'Orphan') {
    for (const storage of cluster.store.storages()) {
      for (const dep of cluster.store.list(
        storage,
        existing.metadata.namespace,
      )) {
        if (
          !dep.metadata.ownerReferences?.some(
            r => r.uid === existing.metadata.uid,
          )
        )
          continue;
        cluster.store.modify(
          storage,
          dep.metadata.namespace,
          dep.metadata.name,
          d => {
            d.metadata.ownerReferences = d.metadata.ownerReferences!.filter(
              r => r.uid !== existing.metadata.uid,
            );
            if (!d.metadata.ownerReferences.length)
              delete d.metadata.ownerReferences;
          },
        );
      }
    }
  }
  if (existing.metadata.deletionTimestamp) return { code: 202, body: existing };
  const graceSeconds =
    grace !== undefined && grace !== null ? Number(grace) : undefined;
  const deleted = cluster.delete(
    req.type.resource,
    req.namespace,
    req.name!,
    graceSeconds,
  ) ?? {
    ...existing,
    metadata: {
      ...existing.metadata,
      deletionTimestamp: kubeTime(cluster.now()),
    },
  };
  if (propagation === 'Foreground') {
    cluster.store.modify(storageKey(req.type), req.namespace, req.name!, o => {
      o.metadata.finalizers = [
        ...new Set([...(o.metadata.finalizers ?? []), 'foregroundDeletion']),
      ];
    });
  }
  return {
    code: 200,
    body: present(
      cluster.store.get(storageKey(req.type), req.namespace, req.name!) ??
        deleted,
      req,
    ),
  };
}
