import type {
  KindRegistry,
  KubeObject,
} from '@workload-status/backstage-plugin-workload-status-common';
import {
  InvalidListError,
  ListMetadata,
  ListPageReader,
} from '../ListPageReader';
import { storedProjection } from '../storedProjection';

/** The resource type a LIST page is of: what its items' kind defaults to. */
export interface ListedType {
  apiVersion: string;
  kind: string;
}

/** One item of a page, as the store keeps it. */
export interface ProjectedItem {
  /** its metadata.uid (a string, unless the cluster wrote something else) */
  uid: unknown;
  resourceVersion: unknown;
  /** the stored projection as JSON */
  text: string;
}

/** A LIST page, projected. */
export interface ProjectedListPage {
  /** the items with a uid, in the page's order */
  items: ProjectedItem[];
  metadata: ListMetadata;
  /**
   * Why the page is not a JSON list, when it is not: `items` holds what
   * came before the fault, as a reader item by item would have stored it.
   */
  error?: string;
}

/**
 * A list's item, ready to store: its uid, or undefined for an item
 * without one (nothing to key it by). An item without kind or apiVersion
 * (a list's items carry none) gets the listed type's, in place: the item
 * is the page's own, and a copy is garbage.
 */
export function listedItemUid(
  item: KubeObject,
  type: ListedType,
): string | undefined {
  const uid = item.metadata?.uid;
  if (!uid) return undefined;
  item.apiVersion ??= type.apiVersion;
  item.kind ??= type.kind;
  return uid;
}

/**
 * Parses, projects and redacts every item of a LIST page (the list worker's
 * work): an item without a uid is skipped, and one without kind or
 * apiVersion (a list's items carry none) gets the listed type's.
 */
export function projectListPage(
  page: Buffer,
  type: ListedType,
  kinds: KindRegistry,
): ProjectedListPage {
  const reader = new ListPageReader(page);
  const items: ProjectedItem[] = [];
  try {
    for (const item of reader.items()) {
      const uid = listedItemUid(item, type);
      if (uid === undefined) continue;
      const stored: KubeObject = storedProjection(item, kinds);
      items.push({
        uid,
        resourceVersion: item.metadata?.resourceVersion,
        text: JSON.stringify(stored),
      });
    }
    return { items, metadata: reader.metadata };
  } catch (e) {
    if (!(e instanceof InvalidListError)) throw e;
    return { items, metadata: {}, error: e.message };
  }
}
