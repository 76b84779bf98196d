import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import { ClusterRequestError } from '../cluster/ClusterConnection';
import { PageBuffer } from '../cluster/PageBuffer';
import type { ResourceType } from '../cluster/types';
import { EventLoopSlices, listSlices } from './EventLoopSlices';
import { ContinueExpiredError, GoneError } from './listErrors';
import {
  InvalidListError,
  ListMetadata,
  ListPageItem,
  ListPageReader,
} from './ListPageReader';
import type {
  ProjectedPage,
  SharedTexts,
} from './listWorker/listWorkerMessages';
import { ListedType, listedItemUid } from './listWorker/projectListPage';
import type { ReflectorStore, ReflectorTransport } from './ReflectorTransport';

/**
 * One LIST page: its items, then (once they are read) its metadata; or
 * the page as the list worker projected it.
 */
type ListPage =
  | { items: Iterable<ListPageItem>; metadata(): ListMetadata }
  | { projected: ProjectedPage; metadata(): ListMetadata };

/**
 * Projects LIST pages in another thread (ListPageThread): undefined when
 * it cannot, and the list projects the page itself.
 */
export interface PageProjector {
  project(
    page: Buffer,
    listed: ListedType,
    texts: SharedTexts,
  ): Promise<ProjectedPage | undefined>;
}

export interface PagedListOptions {
  transport: ReflectorTransport;
  resource: ResourceType;
  /** `/api/v1/pods`, `/apis/apps/v1/deployments` */
  path: string;
  store: ReflectorStore;
  /** what is kept of an object: the engine's projection */
  project: (obj: KubeObject) => KubeObject;
  /**
   * The same projection in another thread, for pages read as bytes: the
   * main thread then parses only what is stored of each object
   */
  projector?: PageProjector;
  pageSize: number;
  /** most bytes of one LIST page */
  maxResponseBytes?: number;
  /** injectable for tests: the slices of the event loop it lists in */
  slices?: EventLoopSlices;
}

/**
 * A full LIST of one resource type into a store, as client-go's pager
 * does it: pages of `limit` objects chained by continue tokens, then the
 * objects the store holds that the list did not name are deleted (no
 * ghosts after a relist). The work runs in the event loop's shared slices
 * (EventLoopSlices), item by item from the page's bytes when the
 * transport can give them.
 *
 * A 410 on the first page throws a GoneError (the resourceVersion is too
 * old); on a later page a ContinueExpiredError (the list took longer than
 * the server keeps its snapshot). A page that is not a JSON list is a
 * failed call (ClusterRequestError).
 */
export class PagedList {
  private limit: number;
  private readonly slices: EventLoopSlices;
  /** a list completed: the store may hold what the next one reads */
  private listed = false;
  /** the listed resource type: what its items' kind defaults to */
  private readonly itemType: ListedType;

  constructor(private readonly options: PagedListOptions) {
    this.limit = options.pageSize;
    this.slices = options.slices ?? listSlices;
    const r = options.resource;
    this.itemType = {
      apiVersion: r.group ? `${r.group}/${r.version}` : r.version,
      kind: r.kind,
    };
  }

  /** objects per page: `pageSize`, halved by each page over the byte cap */
  get pageLimit() {
    return this.limit;
  }

  /** Halves the page size for good (a page was over the cap); false at 1. */
  halvePageLimit(): boolean {
    if (this.limit <= 1) return false;
    this.limit = Math.max(1, Math.floor(this.limit / 2));
    return true;
  }

  /**
   * Lists every object into the store; the list's resourceVersion (empty
   * if the server gave none), or undefined when `signal` aborted it.
   */
  async list(signal: AbortSignal): Promise<string | undefined> {
    const { store, path } = this.options;
    const seen = new Set<string>();
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    // the pages are read in turn into one buffer, dropped with the list,
    // and so are the texts the list worker makes of them
    const buffer = new PageBuffer();
    const texts: SharedTexts = { buffer: new SharedArrayBuffer(0) };
    do {
      const query = new URLSearchParams({ limit: String(this.limit) });
      const continuing = Boolean(continueToken);
      if (continueToken) query.set('continue', continueToken);
      const page = await this.page(
        `${path}?${query}`,
        buffer,
        texts,
        signal,
      ).catch(e => {
        if ((e as ClusterRequestError).statusCode === 410) {
          throw continuing
            ? new ContinueExpiredError(
                `The continue token of a LIST of ${path} expired`,
              )
            : new GoneError((e as Error).message);
        }
        throw e;
      });
      // the page's work waits for its slice like any other
      await this.slices.next();
      if (signal.aborted) return undefined;
      const stored =
        'projected' in page
          ? await this.storeProjected(page.projected, seen, signal)
          : await this.storeItems(page.items, seen, signal);
      if (!stored) return undefined;
      const metadata = page.metadata();
      continueToken = metadata.continue || undefined;
      resourceVersion = metadata.resourceVersion;
    } while (continueToken);

    // objects deleted while we were not watching: no ghosts after a relist
    await this.slices.next();
    if (signal.aborted) return undefined;
    const kind = this.options.resource.kind;
    const held = store.uidsOfKindLazily?.(kind) ?? [...store.uidsOfKind(kind)];
    for (const uid of held) {
      if (!seen.has(uid)) store.delete(uid);
      if (this.slices.spent()) {
        await this.slices.next();
        if (signal.aborted) return undefined;
      }
    }
    this.listed = true;
    return resourceVersion ?? '';
  }

  /** Stores a page's items, slice by slice; false when aborted. */
  private async storeItems(
    items: Iterable<ListPageItem>,
    seen: Set<string>,
    signal: AbortSignal,
  ): Promise<boolean> {
    const { store } = this.options;
    try {
      for (const entry of items) {
        // a relist repeats what is held: parsing and projecting it again
        // would only make garbage (~40 KB per pod) for the GC; a first
        // list (or a store that cannot tell) would read versions in vain
        const held =
          this.listed && store.holdsVersion ? entry.version() : undefined;
        if (held && store.holdsVersion?.(held.uid, held.resourceVersion)) {
          seen.add(held.uid);
        } else {
          this.storeItem(entry.parse(), seen);
        }
        if (this.slices.spent()) {
          // let requests (and other clusters) run between items
          await this.slices.next();
          if (signal.aborted) return false;
        }
      }
    } catch (e) {
      throw e instanceof InvalidListError
        ? new ClusterRequestError(
            `Invalid JSON from ${this.options.path}: ${e.message}`,
          )
        : e;
    }
    return true;
  }

  /**
   * Stores a page the list worker projected, slice by slice: each object
   * the store does not hold at its version is parsed from its stored text
   * (what a relist repeats is not parsed at all); false when aborted.
   */
  private async storeProjected(
    page: ProjectedPage,
    seen: Set<string>,
    signal: AbortSignal,
  ): Promise<boolean> {
    const { store } = this.options;
    let start = 0;
    for (let i = 0; i < page.uids.length; i++) {
      const uid = page.uids[i] as string;
      const end = page.ends[i];
      seen.add(uid);
      if (!store.holdsVersion?.(uid, page.versions[i] as string)) {
        const obj = JSON.parse(page.texts.toString('utf8', start, end));
        // the store keys it by the string `seen` holds: one copy, not two,
        // for the length of the list
        if (obj.metadata) obj.metadata.uid = uid;
        store.upsert(obj);
      }
      start = end;
      if (this.slices.spent()) {
        await this.slices.next();
        if (signal.aborted) return false;
      }
    }
    if (page.error !== undefined) {
      throw new ClusterRequestError(
        `Invalid JSON from ${this.options.path}: ${page.error}`,
      );
    }
    return true;
  }

  private storeItem(item: KubeObject | undefined, seen: Set<string>) {
    if (item === undefined) return;
    const { store, project } = this.options;
    const uid = listedItemUid(item, this.itemType);
    if (uid === undefined) return;
    seen.add(uid);
    // an object held at this version (a page read as JSON) changes nothing
    if (store.holdsVersion?.(uid, item.metadata?.resourceVersion)) return;
    store.upsert(project(item));
  }

  /**
   * One LIST page: projected in the list worker, or item by item from its
   * bytes when the transport can give them.
   */
  private async page(
    path: string,
    buffer: PageBuffer,
    texts: SharedTexts,
    signal: AbortSignal,
  ): Promise<ListPage> {
    const { transport, maxResponseBytes, projector } = this.options;
    if (transport.getBytes) {
      const bytes = await transport.getBytes(path, signal, {
        maxBytes: maxResponseBytes,
        into: buffer,
      });
      const projected = await projector?.project(bytes, this.itemType, texts);
      if (projected) {
        return { projected, metadata: () => projected.metadata };
      }
      const reader = new ListPageReader(bytes);
      return { items: reader.entries(), metadata: () => reader.metadata };
    }
    const page = await transport.getJson<{
      metadata?: ListMetadata;
      items?: KubeObject[];
    }>(path, signal, { maxBytes: maxResponseBytes });
    return {
      items: (page.items ?? []).map(item => ({
        version: () => undefined,
        parse: () => item,
      })),
      metadata: () => page.metadata ?? {},
    };
  }
}
