import type { KindRow } from '@workload-status/backstage-plugin-workload-status-common';
import type { ListMetadata } from '../ListPageReader';
import type { ListedType } from './projectListPage';

/** A kind table's rows without their rules (functions stay on the main thread). */
export type KindRowData = Omit<KindRow, 'rule'>;

/** What the main thread asks the list worker. */
export type ToListWorker =
  | { type: 'kinds'; id: number; rows: KindRowData[] }
  | PageRequest;

/**
 * Project a LIST page. The page is read where it is, in shared memory
 * (the list's PageBuffer): the main thread leaves it alone until the
 * answer comes. The texts are written to `texts`, or, when they do not
 * fit, to a larger shared buffer the answer hands back.
 */
export interface PageRequest {
  type: 'page';
  id: number;
  kindsId: number;
  page: SharedArrayBuffer;
  offset: number;
  length: number;
  texts: SharedArrayBuffer;
  listed: ListedType;
}

/** What the list worker answers. */
export type FromListWorker =
  | {
      type: 'page';
      id: number;
      uids: unknown[];
      versions: unknown[];
      /** where each item's text ends in the texts buffer (UTF-8 bytes) */
      ends: number[];
      metadata: ListMetadata;
      error?: string;
      /** a larger buffer the texts did not fit into the given one */
      grown?: SharedArrayBuffer;
    }
  | { type: 'failed'; id: number; message: string };

/** A LIST page projected by the list worker, read on the main thread. */
export interface ProjectedPage {
  uids: unknown[];
  versions: unknown[];
  ends: number[];
  /** the items' texts, one after the other (a view of the list's buffer) */
  texts: Buffer;
  metadata: ListMetadata;
  /** why the page is not a JSON list; the items before the fault are here */
  error?: string;
}

/**
 * Where a LIST's projected texts are written, page after page: one shared
 * buffer per list, replaced by a larger one when a page's texts outgrow it.
 */
export interface SharedTexts {
  buffer: SharedArrayBuffer;
}
