/*
 * Reading Kubernetes objects from files as real files are: single objects,
 * multi-document YAML, `List`s as `kubectl get -o yaml|json` prints them.
 * Lenient where real files need it: duplicate keys (the last wins, as
 * kubectl's own decoder does) and unquoted timestamps (kept as strings: the
 * YAML 1.2 core schema has no timestamp type).
 */
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';

/** Bad input: the message names the file and the problem. */
export class InputError extends Error {
  constructor(readonly source: string, problem: string) {
    super(`${source}: ${problem}`);
    this.name = 'InputError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Expands Lists and checks that every item looks like a Kubernetes object. */
function collect(
  value: unknown,
  source: string,
  where: string,
  out: KubeObject[],
): void {
  if (value === null || value === undefined) return; // empty document
  if (Array.isArray(value)) {
    value.forEach((v, i) =>
      collect(v, source, `item ${i + 1} of ${where}`, out),
    );
    return;
  }
  if (!isRecord(value)) {
    throw new InputError(
      source,
      `${where} is not a Kubernetes object (found ${typeof value})`,
    );
  }
  if (
    typeof value.kind === 'string' &&
    value.kind.endsWith('List') &&
    Array.isArray(value.items)
  ) {
    value.items.forEach((v, i) =>
      collect(v, source, `${where} item ${i}`, out),
    );
    return;
  }
  if (typeof value.kind !== 'string' || value.kind === '') {
    throw new InputError(
      source,
      `${where} is not a Kubernetes object (no "kind")`,
    );
  }
  out.push(value as KubeObject);
}

/** Parses one file's text. Throws InputError for bad input. */
export function parseObjects(text: string, source: string): KubeObject[] {
  const out: KubeObject[] = [];
  const trimmed = text.trim();
  if (trimmed === '')
    throw new InputError(source, 'is empty: no Kubernetes objects');
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      collect(JSON.parse(trimmed), source, 'the document', out);
      return out;
    } catch (e) {
      if (e instanceof InputError) throw e;
      // Not strict JSON: YAML is a superset, let it try (and explain).
    }
  }
  const docs = parseAllDocuments(text, {
    uniqueKeys: false,
    schema: 'core',
    prettyErrors: false,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    const error = doc.errors[0];
    if (error) {
      const offset = Math.min(error.pos?.[0] ?? 0, text.length);
      const before = text.slice(0, offset).split('\n');
      const where = `line ${before.length}, column ${
        before[before.length - 1].length + 1
      }`;
      throw new InputError(
        source,
        `not valid YAML or JSON (${where}): ${error.message.split('\n')[0]}`,
      );
    }
    collect(
      doc.toJS({ maxAliasCount: 100 }),
      source,
      list.length > 1 ? `document ${i + 1}` : 'the document',
      out,
    );
  });
  if (!out.length) throw new InputError(source, 'holds no Kubernetes objects');
  return out;
}
