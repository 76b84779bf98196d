/*
 * Compact projections: each kind keeps the field paths its rule reads and
 * nothing else (no managedFields, no env, no last-applied annotation). The
 * shape stays Kubernetes', so the engine reads a projection exactly as it
 * reads the full object. Projection is a pure subset: projecting twice gives
 * the same result.
 */
import { MAX_MESSAGE_LENGTH, asRecord, isDate } from './fields';
import { KEPT_ANNOTATIONS, Selection, TEXT } from './kindProjections';
import { BASE_KINDS, KindRegistry } from './registry';
import type { KubeObject } from './types';

function copyPlain(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' ||
      typeof value === 'symbol' ||
      typeof value === 'bigint'
      ? undefined
      : value;
  }
  // Loaders with YAML 1.1 timestamps give Dates; keep them (rules read both).
  if (isDate(value)) return new Date(value.getTime());
  if (depth > 16) return undefined;
  if (Array.isArray(value)) return value.map(v => copyPlain(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const c = copyPlain(v, depth + 1);
    if (c !== undefined) out[k] = c;
  }
  return out;
}

function select(value: unknown, selection: Selection): unknown {
  if (value === undefined) return undefined;
  if (selection === true) return copyPlain(value);
  if (selection === TEXT) {
    return typeof value === 'string' && value.length > MAX_MESSAGE_LENGTH
      ? value.slice(0, MAX_MESSAGE_LENGTH)
      : copyPlain(value);
  }
  if ('each' in selection && Object.keys(selection).length === 1) {
    if (!Array.isArray(value)) return copyPlain(value);
    return value.map(v => select(v, (selection as { each: Selection }).each));
  }
  const rec = asRecord(value);
  // A wrong type is kept as it is (rules read it as absent), so that the
  // projection judges exactly like the object.
  if (!rec) return copyPlain(value);
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(
    selection as Record<string, Selection>,
  )) {
    const v = select(rec[key], sub);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

const metadataSelection: Selection = {
  name: true,
  namespace: true,
  uid: true,
  resourceVersion: true,
  generation: true,
  labels: true,
  ownerReferences: {
    each: {
      apiVersion: true,
      kind: true,
      name: true,
      uid: true,
      controller: true,
    },
  },
  creationTimestamp: true,
  deletionTimestamp: true,
};

/**
 * The compact projection of an object. Never throws; unknown kinds keep
 * apiVersion, kind and metadata. `kinds` is the table to read the field
 * selections from (the engine's own when absent).
 * @public
 */
export function projectObject(
  obj: KubeObject,
  kinds: KindRegistry = BASE_KINDS,
): KubeObject {
  const rec = asRecord(obj);
  if (!rec) return {};
  const out: KubeObject = {};
  if (typeof rec.apiVersion === 'string') out.apiVersion = rec.apiVersion;
  if (typeof rec.kind === 'string') out.kind = rec.kind;
  const meta = select(rec.metadata, metadataSelection);
  if (meta !== undefined) {
    const annotations = asRecord(asRecord(rec.metadata)?.annotations);
    const metaRec = asRecord(meta);
    if (annotations && metaRec) {
      const kept: Record<string, string> = {};
      for (const key of KEPT_ANNOTATIONS) {
        if (typeof annotations[key] === 'string')
          kept[key] = annotations[key] as string;
      }
      if (Object.keys(kept).length) metaRec.annotations = kept;
    }
    out.metadata = meta as KubeObject['metadata'];
  }
  // `objects.map(projectObject)` passes an index here: only a table counts.
  const table = kinds instanceof KindRegistry ? kinds : BASE_KINDS;
  const selection =
    typeof rec.kind === 'string'
      ? table.lookup(rec as KubeObject)?.projection
      : undefined;
  if (selection?.spec && rec.spec !== undefined)
    out.spec = select(rec.spec, selection.spec);
  if (selection?.status && rec.status !== undefined)
    out.status = select(rec.status, selection.status);
  return out;
}
