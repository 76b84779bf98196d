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
  if (Array.isArray(value)) {
    const list: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      list.push(copyPlain(value[i], depth + 1));
    }
    return list;
  }
  const out: Record<string, unknown> = {};
  // for-in over own keys, not Object.entries: a projection runs for every
  // object of a LIST, and each entries array is garbage at once
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const c = copyPlain((value as Record<string, unknown>)[key], depth + 1);
    if (c !== undefined) out[key] = c;
  }
  return out;
}

/**
 * A selection made ready to apply: its keys listed once, not per object
 * (selections are the kind table's constants, so they are compiled once).
 */
type CompiledSelection =
  | { kind: 'copy' }
  | { kind: 'text' }
  | { kind: 'each'; item: CompiledSelection }
  | { kind: 'fields'; fields: Array<[string, CompiledSelection]> };

const COPY: CompiledSelection = { kind: 'copy' };
const TEXT_SELECTION: CompiledSelection = { kind: 'text' };
const compiledSelections = new WeakMap<object, CompiledSelection>();

function compileSelection(selection: Selection): CompiledSelection {
  if (selection === true) return COPY;
  if (selection === TEXT) return TEXT_SELECTION;
  const found = compiledSelections.get(selection);
  if (found) return found;
  const keys = Object.keys(selection);
  const compiled: CompiledSelection =
    keys.length === 1 && keys[0] === 'each'
      ? {
          kind: 'each',
          item: compileSelection((selection as { each: Selection }).each),
        }
      : {
          kind: 'fields',
          fields: keys.map(key => [
            key,
            compileSelection((selection as Record<string, Selection>)[key]),
          ]),
        };
  compiledSelections.set(selection, compiled);
  return compiled;
}

function select(value: unknown, selection: CompiledSelection): unknown {
  if (value === undefined) return undefined;
  switch (selection.kind) {
    case 'copy':
      return copyPlain(value);
    case 'text':
      return typeof value === 'string' && value.length > MAX_MESSAGE_LENGTH
        ? value.slice(0, MAX_MESSAGE_LENGTH)
        : copyPlain(value);
    case 'each': {
      if (!Array.isArray(value)) return copyPlain(value);
      const list: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        list.push(select(value[i], selection.item));
      }
      return list;
    }
    default: {
      const rec = asRecord(value);
      // A wrong type is kept as it is (rules read it as absent), so that the
      // projection judges exactly like the object.
      if (!rec) return copyPlain(value);
      const out: Record<string, unknown> = {};
      const fields = selection.fields;
      for (let i = 0; i < fields.length; i++) {
        const v = select(rec[fields[i][0]], fields[i][1]);
        if (v !== undefined) out[fields[i][0]] = v;
      }
      return out;
    }
  }
}

const metadataSelection = compileSelection({
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
});

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
    out.spec = select(rec.spec, compileSelection(selection.spec));
  if (selection?.status && rec.status !== undefined)
    out.status = select(rec.status, compileSelection(selection.status));
  return out;
}
