/**
 * The patch formats kube-apiserver accepts: JSON merge patch (RFC 7386),
 * JSON patch (RFC 6902), strategic merge patch (merge patch where lists of
 * named objects such as containers and env merge by `name`) and server-side
 * apply (approximated as a strategic merge of the applied configuration).
 */
import { ApiError, errors } from './status';

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export function patchTypeOf(contentType: string | undefined): PatchType {
  const type = (contentType ?? '').split(';')[0].trim();
  switch (type) {
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/json-patch+json':
      return 'json';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+json':
      return 'apply';
    default:
      throw errors.unsupportedMediaType(type);
  }
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function mergePatch(target: any, patch: any, strategic = false): any {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, any> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue; // strategic directives ($patch, $setElementOrder/...) are not needed here
    if (value === null) delete out[key];
    else if (
      strategic &&
      Array.isArray(value) &&
      Array.isArray(out[key]) &&
      value.every(v => isObject(v) && typeof v.name === 'string')
    ) {
      const merged = [...out[key]];
      for (const item of value) {
        const i = merged.findIndex(m => isObject(m) && m.name === item.name);
        if (item.$patch === 'delete') {
          if (i >= 0) merged.splice(i, 1);
        } else if (i >= 0) merged[i] = mergePatch(merged[i], item, true);
        else merged.push(mergePatch({}, item, true));
      }
      out[key] = merged;
    } else out[key] = mergePatch(out[key], value, strategic);
  }
  return out;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/'))
    throw errors.badRequest(`invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(doc: any, path: string[]): any {
  return path.reduce((o: any, k) => (o === undefined ? undefined : o[k]), doc);
}

export function jsonPatch(target: any, ops: any[]): any {
  if (!Array.isArray(ops))
    throw errors.badRequest('json patch must be an array of operations');
  let doc = structuredClone(target);
  for (const op of ops) {
    const parts = pointer(op.path);
    const parentPath = parts.slice(0, -1);
    const last = parts[parts.length - 1];
    const current = doc;
    const getAt = (p: string[]) => valueAt(current, p);
    const parent = getAt(parentPath);
    switch (op.op) {
      case 'add':
      case 'replace': {
        if (parts.length === 0) {
          doc = structuredClone(op.value);
          break;
        }
        if (parent === undefined)
          throw new ApiError(
            422,
            'Invalid',
            `doc is missing path: "${op.path}": missing value`,
          );
        if (Array.isArray(parent)) {
          const i = last === '-' ? parent.length : Number(last);
          if (op.op === 'add') parent.splice(i, 0, structuredClone(op.value));
          else parent[i] = structuredClone(op.value);
        } else {
          if (op.op === 'replace' && !(last in parent))
            throw new ApiError(
              422,
              'Invalid',
              `doc is missing key: ${op.path}: missing value`,
            );
          parent[last] = structuredClone(op.value);
        }
        break;
      }
      case 'remove':
        if (
          parent === undefined ||
          (!Array.isArray(parent) && !(last in parent))
        )
          throw new ApiError(
            422,
            'Invalid',
            `doc is missing path: "${op.path}": missing value`,
          );
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
        break;
      case 'test':
        if (JSON.stringify(getAt(parts)) !== JSON.stringify(op.value))
          throw new ApiError(
            422,
            'Invalid',
            `testing value ${op.path} failed: test failed`,
          );
        break;
      case 'copy':
      case 'move': {
        const value = structuredClone(getAt(pointer(op.from)));
        if (op.op === 'move')
          doc = jsonPatch(doc, [{ op: 'remove', path: op.from }]);
        doc = jsonPatch(doc, [{ op: 'add', path: op.path, value }]);
        break;
      }
      default:
        throw errors.badRequest(`unexpected json patch operation "${op.op}"`);
    }
  }
  return doc;
}

export function applyPatch(target: any, type: PatchType, body: any): any {
  switch (type) {
    case 'json':
      return jsonPatch(target, body);
    case 'merge':
      return mergePatch(target, body);
    default:
      return mergePatch(target, body, true);
  }
}
