/**
 * Label and field selectors with the apiserver's syntax and error messages
 * (k8s.io/apimachinery/pkg/labels/selector.go, fields/selector.go).
 */
import { KubeObject } from '../types';

export class SelectorError extends Error {}

type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

export type LabelSelector = (
  labels: Record<string, string> | undefined,
) => boolean;

/** Splits on commas that are not inside a `(...)` value set. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(p => p.length > 0);
}

const KEY =
  /^([a-z0-9A-Z]([-a-z0-9A-Z.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

function checkKey(key: string, text: string) {
  if (!KEY.test(key))
    throw new SelectorError(
      `unable to parse requirement: invalid label key "${key}" in "${text}"`,
    );
}

export function parseLabelSelector(text: string | undefined): LabelSelector {
  if (!text || !text.trim()) return () => true;
  const reqs: LabelRequirement[] = [];
  for (const part of splitTopLevel(text)) {
    const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
    const equality = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
    const absent = /^!\s*(\S+)$/.exec(part);
    if (set) {
      checkKey(set[1], text);
      reqs.push({
        key: set[1],
        op: set[2] as 'in' | 'notin',
        values: set[3].split(',').map(v => v.trim()),
      });
    } else if (equality) {
      checkKey(equality[1], text);
      reqs.push({
        key: equality[1],
        op: equality[2] === '!=' ? 'notin' : 'in',
        values: [equality[3]],
      });
    } else if (absent) {
      checkKey(absent[1], text);
      reqs.push({ key: absent[1], op: '!exists' });
    } else if (/^\S+$/.test(part)) {
      checkKey(part, text);
      reqs.push({ key: part, op: 'exists' });
    } else {
      throw new SelectorError(
        `unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`,
      );
    }
  }
  return labels => {
    const l = labels ?? {};
    return reqs.every(r => {
      const has = Object.prototype.hasOwnProperty.call(l, r.key);
      switch (r.op) {
        case 'exists':
          return has;
        case '!exists':
          return !has;
        case 'in':
          return has && r.values.includes(l[r.key]);
        case 'notin':
          return !has || !r.values.includes(l[r.key]);
        default:
          return false;
      }
    });
  };
}

/** A `spec.selector` (matchLabels + matchExpressions) as a predicate, for controllers. */
export function matchesLabelSelector(
  selector:
    | {
        matchLabels?: Record<string, string>;
        matchExpressions?: Array<{
          key: string;
          operator: string;
          values?: string[];
        }>;
      }
    | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {}))
    if (l[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = (k: string) => Object.prototype.hasOwnProperty.call(l, k);
    if (e.operator === 'In' && !(has(e.key) && e.values?.includes(l[e.key])))
      return false;
    if (e.operator === 'NotIn' && has(e.key) && e.values?.includes(l[e.key]))
      return false;
    if (e.operator === 'Exists' && !has(e.key)) return false;
    if (e.operator === 'DoesNotExist' && has(e.key)) return false;
  }
  return true;
}

export type FieldSelector = (obj: KubeObject) => boolean;

function fieldValue(obj: KubeObject, path: string): string {
  let v: any = obj;
  for (const p of path.split('.')) v = v?.[p];
  if (path === 'source' && v && typeof v === 'object') return v.component ?? '';
  if (v === undefined || v === null) return '';
  return String(v);
}

/** `allowed` are the resource's selectable fields besides metadata.name and metadata.namespace. */
export function parseFieldSelector(
  text: string | undefined,
  allowed: string[],
  resourceDesc: string,
): FieldSelector {
  if (!text || !text.trim()) return () => true;
  const reqs: Array<{ field: string; negate: boolean; value: string }> = [];
  for (const part of text
    .split(',')
    .map(p => p.trim())
    .filter(Boolean)) {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(part);
    if (!m)
      throw new SelectorError(
        `invalid selector: '${text}'; can't understand '${part}'`,
      );
    const field = m[1].trim();
    if (
      field !== 'metadata.name' &&
      field !== 'metadata.namespace' &&
      !allowed.includes(field)
    ) {
      throw new SelectorError(`field label not supported: ${field}`);
    }
    reqs.push({ field, negate: m[2] === '!=', value: m[3].trim() });
  }
  void resourceDesc;
  return obj =>
    reqs.every(r => (fieldValue(obj, r.field) === r.value) !== r.negate);
}
