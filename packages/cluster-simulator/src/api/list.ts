/**
 * LIST: cluster-wide or namespaced, label and field selectors, `limit` +
 * `continue` pagination in key order, `resourceVersion` /
 * `resourceVersionMatch`. Items are written one by one into the response so
 * that a page of large pods never becomes one giant intermediate object.
 */
import { ServerResponse } from 'node:http';
import { SimulatedCluster } from '../cluster';
import {
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from '../store/selectors';
import { apiVersionOf, storageKey } from '../store/resources';
import { KubeObject } from '../types';
import { ResourceRequest } from './requestInfo';
import { errors } from './status';
import { toTable } from './table';

interface ContinueToken {
  v: 'meta.k8s.io/v1';
  rv: number;
  start: string;
}

export function encodeContinue(rv: number, lastKey: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv, start: lastKey };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(text: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      token.v !== 'meta.k8s.io/v1' ||
      typeof token.rv !== 'number' ||
      typeof token.start !== 'string'
    )
      throw new Error('bad token');
    return token;
  } catch {
    throw errors.badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
}

export interface Filters {
  namespace?: string;
  matches: (obj: KubeObject) => boolean;
}

export function buildFilters(
  req: ResourceRequest,
  query: URLSearchParams,
): Filters {
  try {
    const labels = parseLabelSelector(query.get('labelSelector') ?? undefined);
    const fields = parseFieldSelector(
      query.get('fieldSelector') ?? undefined,
      req.type.fields,
      req.type.resource,
    );
    const convert = req.type.convert;
    return {
      namespace: req.namespace,
      matches: obj =>
        labels(obj.metadata.labels) && fields(convert ? convert(obj) : obj),
    };
  } catch (e) {
    if (e instanceof SelectorError) throw errors.badRequest(e.message);
    throw e;
  }
}

/** The apiserver omits apiVersion/kind on items of built-in types; custom resources keep them. */
const BUILT_IN_GROUPS = new Set(['', 'apps', 'batch', 'events.k8s.io']);

/**
 * Serialised stored objects, by identity. Stored objects are never mutated
 * (a write stores a new object), so the JSON of an object can be kept until
 * the object itself is dropped: a second LIST of the same objects costs a
 * lookup instead of JSON.stringify, like the apiserver's caching serializer.
 * Costs about the object's JSON size in memory for every object listed.
 */
const serialised = new WeakMap<KubeObject, string>();

export function serialiseObject(obj: KubeObject): string {
  let text = serialised.get(obj);
  if (text === undefined) {
    text = JSON.stringify(obj);
    serialised.set(obj, text);
  }
  return text;
}

export function serialiseItem(obj: KubeObject, keepTypeMeta: boolean): string {
  const text = serialiseObject(obj);
  if (keepTypeMeta) return text;
  const prefix = `{"apiVersion":${JSON.stringify(
    obj.apiVersion,
  )},"kind":${JSON.stringify(obj.kind)},`;
  return text.startsWith(prefix) ? `{${text.slice(prefix.length)}` : text;
}

export function handleList(
  cluster: SimulatedCluster,
  req: ResourceRequest,
  query: URLSearchParams,
  res: ServerResponse,
  /** Answer as a meta.k8s.io/v1 Table (kubectl get). */
  table = false,
) {
  const store = cluster.store;
  const filters = buildFilters(req, query);
  const limit = Number(query.get('limit') ?? 0);
  if (!Number.isInteger(limit) || limit < 0)
    throw errors.badRequest(`invalid limit "${query.get('limit')}"`);
  const rvParam = query.get('resourceVersion') ?? '';
  const rvMatch = query.get('resourceVersionMatch') ?? '';
  const continueParam = query.get('continue') ?? '';
  const current = store.resourceVersion;

  if (rvMatch && !rvParam)
    throw errors.invalid(
      `resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided`,
    );
  if (rvMatch && !['Exact', 'NotOlderThan'].includes(rvMatch))
    throw errors.invalid(
      `resourceVersionMatch: Unsupported value: "${rvMatch}": supported values: "Exact", "NotOlderThan"`,
    );
  if (continueParam && rvParam)
    throw errors.badRequest(
      'specifying resource version is not allowed when using continue',
    );
  let listRv = current;
  if (rvParam && rvParam !== '0') {
    const asked = Number(rvParam);
    if (!Number.isInteger(asked))
      throw errors.badRequest(`invalid resource version "${rvParam}"`);
    if (asked > current)
      throw errors.timeout(
        `Too large resource version: ${asked}, current: ${current}`,
      );
    if (rvMatch === 'Exact' && asked !== current) {
      // History is not kept as snapshots: an exact read of the past is only possible for the present.
      throw errors.expired(
        `The resourceVersion for the provided list is too old.`,
      );
    }
  }
  let afterKey: string | undefined;
  if (continueParam) {
    const token = decodeContinue(continueParam);
    if (token.rv < store.oldestWatchableVersion) {
      throw errors.expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      );
    }
    listRv = token.rv;
    afterKey = token.start;
  }

  // Each item is serialised and written on its own: no page-sized string is ever built
  // (large strings land in V8's large-object space and force full GCs on a big heap).
  const items: string[] = [];
  const tableObjects: KubeObject[] = [];
  let count = 0;
  let lastKey: string | undefined;
  let more = false;
  const keepTypeMeta = !BUILT_IN_GROUPS.has(req.type.group);
  const convert = req.type.convert;
  store.scan(storageKey(req.type), filters.namespace, afterKey, (key, obj) => {
    if (!filters.matches(obj)) return true;
    if (limit > 0 && count === limit) {
      more = true;
      return false;
    }
    if (table) tableObjects.push(convert ? convert(obj) : obj);
    // Converted objects are new each time: serialise them without caching.
    else
      items.push(
        convert
          ? JSON.stringify(convert(obj))
          : serialiseItem(obj, keepTypeMeta),
      );
    count++;
    lastKey = key;
    return true;
  });
  const metadata: Record<string, unknown> = { resourceVersion: String(listRv) };
  if (more && lastKey !== undefined) {
    metadata.continue = encodeContinue(listRv, lastKey);
    if (
      !query.get('labelSelector') &&
      !query.get('fieldSelector') &&
      !filters.namespace
    ) {
      metadata.remainingItemCount = store.countAfter(
        storageKey(req.type),
        lastKey,
      );
    }
  }
  if (table) {
    const body = JSON.stringify(
      toTable(
        req.type.kind,
        tableObjects,
        String(listRv),
        cluster.now(),
        metadata.continue as string | undefined,
      ),
    );
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
    });
    res.end(body);
    return;
  }
  const head = `{"kind":"${req.type.kind}List","apiVersion":"${apiVersionOf(
    req.type,
  )}","metadata":${JSON.stringify(metadata)},"items":[`;
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
  });
  res.write(head);
  for (let i = 0; i < items.length; i++)
    res.write(i ? `,${items[i]}` : items[i]);
  res.end(']}');
}
