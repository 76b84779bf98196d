/*
 * A kind table as an immutable object: lookups by object, and `with` to add
 * rows, which returns a new table. The engine's own rows are BASE_KINDS
 * (registry.ts); each backend makes its own table with its extension kinds,
 * so no mutable state is shared between backends or tests.
 */
import { readString } from './fields';
import type { KindRow } from './registry';
import { isBuildJob } from './rules/buildJob';
import type { KubeObject } from './types';

/** "apps/v1" → "apps"; "v1" → "" (core). */
export function groupOf(apiVersion: string | undefined): string | undefined {
  if (apiVersion === undefined) return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The table key: "group/Kind", or the bare Kind for the core group. */
export function kindKey(group: string, kind: string): string {
  return group ? `${group}/${kind}` : kind;
}

/** Core kinds whose names CRDs reuse (Knative's Service). */
const CORE_KIND_NAMES = new Set(['Service']);

/** Built-in API groups have no dot; CRD groups are domain names. */
const isBuiltInGroup = (group: string) => !group.includes('.');

/**
 * The resource a kind is watched as (the backend's ResourceType shape).
 * @public
 */
export interface WatchedResource {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

/**
 * An immutable kind table.
 * @public
 */
export class KindRegistry {
  private readonly byKey: ReadonlyMap<string, KindRow>;
  private readonly list: readonly KindRow[];

  private constructor(rows: readonly KindRow[]) {
    const byKey = new Map<string, KindRow>();
    const list: KindRow[] = [];
    for (const row of rows) {
      const frozen = Object.freeze({ ...row });
      const key = kindKey(row.group, row.kind);
      // A later row for the same kind replaces the earlier one: a backend
      // module may judge a kind its own way.
      const previous = byKey.get(key);
      if (previous) list.splice(list.indexOf(previous), 1);
      list.push(frozen);
      byKey.set(key, frozen);
      for (const alias of row.aliasGroups ?? []) {
        byKey.set(kindKey(alias, row.kind), frozen);
      }
    }
    this.byKey = byKey;
    this.list = Object.freeze(list);
  }

  static of(rows: readonly KindRow[]): KindRegistry {
    return new KindRegistry(rows);
  }

  /** A new table with these rows added (or replacing rows of the same kind). */
  with(...rows: KindRow[]): KindRegistry {
    return new KindRegistry([...this.list, ...rows]);
  }

  rows(): readonly KindRow[] {
    return this.list;
  }

  /** "group/Kind" (bare Kind for core) of every row, aliases left out. */
  keys(): string[] {
    return this.list.map(r => kindKey(r.group, r.kind));
  }

  /** The resources to watch in every cluster: one per row. */
  watchList(): WatchedResource[] {
    return this.list.map(r => ({
      group: r.group,
      version: r.version,
      plural: r.plural,
      kind: r.kind,
      namespaced: r.scope === 'namespaced',
    }));
  }

  /**
   * The row for an object. An object without apiVersion (Backstage passes
   * typed lists; hand-written files) is matched by its kind, built-in
   * groups first; a bare `Service` is a core Service, never Knative's.
   */
  lookup(obj: KubeObject): KindRow | undefined {
    const kind = readString(obj?.kind);
    if (!kind) return undefined;
    const group = groupOf(readString(obj.apiVersion));
    if (group === undefined) {
      return (
        this.list.find(r => r.kind === kind && isBuiltInGroup(r.group)) ??
        (CORE_KIND_NAMES.has(kind)
          ? undefined
          : this.list.find(r => r.kind === kind))
      );
    }
    return this.byKey.get(kindKey(group, kind));
  }

  /**
   * True when the kind has a row under another API group of the same sort
   * (for the clearer UnsupportedApiVersion reason): `example.com/v1
   * Deployment` is a Deployment in an unknown group; a core `v1 Service` is
   * simply not a kind we judge, whatever Knative calls its own Service.
   */
  isKnownKind(kind: string, group: string | undefined): boolean {
    return this.list.some(
      r => r.kind === kind && (!!group || isBuiltInGroup(r.group)),
    );
  }

  /** True for objects that are build runs (a build family, or a build Job). */
  isBuildObject(obj: KubeObject): boolean {
    const row = this.lookup(obj);
    if (!row) return false;
    return row.family === 'build' || (row.family === 'job' && isBuildJob(obj));
  }
}
