import type { GetOptions } from '../cluster/ClusterConnection';
import type { ObjectStore } from './ObjectStore';

/**
 * What a reflector writes to: the ObjectStore of a cluster's status inputs,
 * or a diagnostics store (events) that keeps its own projection. A store
 * that can tell it already holds an object at a resourceVersion spares a
 * relist projecting it again (`holdsVersion`); one that can scan its uids
 * lazily lets a relist's sweep yield during the scan (`uidsOfKindLazily`).
 */
export type ReflectorStore = Pick<
  ObjectStore,
  'upsert' | 'delete' | 'uidsOfKind'
> &
  Partial<Pick<ObjectStore, 'holdsVersion' | 'uidsOfKindLazily'>>;

/** The part of a ClusterConnection a reflector uses. */
export interface ReflectorTransport {
  /** rejects with a ResponseTooLargeError past `maxBytes` */
  getJson<T>(
    path: string,
    signal?: AbortSignal,
    options?: Pick<GetOptions, 'maxBytes'>,
  ): Promise<T>;
  /**
   * The body unparsed, under the same bound: LIST pages are then parsed
   * item by item, yielding between items (ClusterConnection has it). Read
   * `into` a PageBuffer, the answer is a view of it until the next read.
   */
  getBytes?(
    path: string,
    signal?: AbortSignal,
    options?: GetOptions,
  ): Promise<Buffer>;
  /** rejects with a ResponseTooLargeError on a line past `maxLineBytes` */
  stream(
    path: string,
    options: {
      signal: AbortSignal;
      inactivityTimeoutMs: number;
      onLine: (line: string) => void;
      onOpen?: () => void;
      maxLineBytes?: number;
    },
  ): Promise<void>;
}
