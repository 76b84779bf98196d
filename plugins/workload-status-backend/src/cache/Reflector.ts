import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import {
  ClusterRequestError,
  ResponseTooLargeError,
  WatchInactivityError,
} from '../cluster/ClusterConnection';
import type { ResourceType } from '../cluster/types';
import {
  InvalidListError,
  ListMetadata,
  ListPageReader,
} from './ListPageReader';
import type { ObjectStore } from './ObjectStore';

/**
 * Event-loop time a LIST may take before it yields: a relist of 100k pods
 * is ~30 s of parsing and projecting, which requests must get through.
 */
const LIST_SLICE_MS = 5;

/** One LIST page: its items, then (once they are read) its metadata. */
interface ListPage {
  items: Iterable<KubeObject>;
  metadata(): ListMetadata;
}

/**
 * What a reflector writes to: the ObjectStore of a cluster's status inputs,
 * or a diagnostics store (events) that keeps its own projection.
 */
export type ReflectorStore = Pick<
  ObjectStore,
  'upsert' | 'delete' | 'uidsOfKind'
>;

/** The part of a ClusterConnection a reflector uses. */
export interface ReflectorTransport {
  /** rejects with a ResponseTooLargeError past `maxBytes` */
  getJson<T>(
    path: string,
    signal?: AbortSignal,
    options?: { maxBytes?: number },
  ): Promise<T>;
  /**
   * The body unparsed, under the same bound: LIST pages are then parsed
   * item by item, yielding between items (ClusterConnection has it).
   */
  getBytes?(
    path: string,
    signal?: AbortSignal,
    options?: { maxBytes?: number },
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

export interface ReflectorOptions {
  transport: ReflectorTransport;
  resource: ResourceType;
  store: ReflectorStore;
  /** what is kept of an object: the engine's projection */
  project: (obj: KubeObject) => KubeObject;
  pageSize: number;
  watchTimeoutSeconds: { min: number; max: number };
  backoff: { initialMs: number; maxMs: number };
  inactivityTimeoutMs: number;
  /**
   * A watch that ends sooner than this after it opened counts as a failure
   * (the next one waits the backoff); one that lasts this long resets it.
   */
  minWatchDurationMs: number;
  /** most bytes of one LIST page; past it the page size is halved */
  maxResponseBytes?: number;
  /** most bytes of one watch event */
  maxWatchLineBytes?: number;
  logger: LoggerService;
  /** called whenever the health fields change */
  onHealth?: () => void;
  /** injectable for tests */
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** One reflector's view of its cluster. */
export interface ReflectorHealth {
  /** a full LIST has completed since start (or the resource does not exist) */
  synced: boolean;
  /** the last request reached the cluster (410s and 404s count as reached) */
  reachable: boolean;
  /** the resource type does not exist in this cluster (CRD not installed) */
  absent: boolean;
  /** epoch ms of the last message from the cluster that proved us current */
  lastSyncAt?: number;
  /**
   * Epoch ms since which this type's data is not known current: set when
   * its watch fails or goes silent after it had listed (the last proof of
   * currency is then `lastSyncAt`), cleared by the next data, bookmark,
   * accepted watch or LIST. The cluster may answer every other type.
   */
  staleSince?: number;
  lastError?: string;
  lists: number;
  watches: number;
}

interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject & { code?: number; message?: string };
}

/** The server says our resourceVersion is too old: relist. */
class GoneError extends Error {}

/** A paginated LIST's continue token expired (410): list from the start. */
class ContinueExpiredError extends Error {}

/** The apiserver's 504 for a watch from a resourceVersion it never reached. */
function isTooLargeResourceVersion(e: unknown): boolean {
  return (
    (e as ClusterRequestError)?.statusCode === 504 &&
    /Too large resource version/i.test((e as Error).message)
  );
}

/**
 * Keeps one resource type of one cluster in an ObjectStore, as client-go's
 * reflector does: a paginated LIST, then a WATCH from the list's
 * resourceVersion with bookmarks and a randomised server timeout; a clean
 * end re-watches from the last resourceVersion, a 410 relists, anything else
 * backs off exponentially with jitter. A watch that stays silent past the
 * inactivity timeout is treated as dead (client-node's informer would stop
 * for good on a dropped socket; this loop never stops until `stop`).
 *
 * Nothing a cluster answers makes it loop without pause: a watch that ends
 * (even cleanly) before `minWatchDurationMs` is a failure, a 410 relists at
 * once only the first time after a watch that lasted, an expired continue
 * token lists again from the start after the backoff, and the backoff is
 * reset only by a watch that lasted. A LIST page or watch event past its
 * byte cap is dropped unread and the type marked not synced until a LIST
 * completes (a page over the cap halves the page size for good).
 */
export class Reflector {
  readonly health: ReflectorHealth = {
    synced: false,
    reachable: false,
    absent: false,
    lists: 0,
    watches: 0,
  };
  private resourceVersion?: string;
  /** failures since the last watch that lasted `minWatchDurationMs` */
  private failures = 0;
  /** relists for a 410 since the last watch that lasted */
  private goneRelists = 0;
  /** objects per LIST page: `pageSize`, halved by each page over the cap */
  private pageLimit: number;
  /**
   * After a silent stream, an accepted watch proves nothing (the server
   * took the last one too): only data does.
   */
  private needsData = false;
  private readonly abort = new AbortController();
  private running?: Promise<void>;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly basePath: string;

  constructor(private readonly options: ReflectorOptions) {
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? abortableSleep;
    this.now = options.now ?? Date.now;
    this.pageLimit = options.pageSize;
    const r = options.resource;
    this.basePath = r.group
      ? `/apis/${r.group}/${r.version}/${r.plural}`
      : `/api/${r.version}/${r.plural}`;
  }

  get kind() {
    return this.options.resource.kind;
  }

  start() {
    this.running ??= this.run();
  }

  async stop() {
    this.abort.abort();
    await this.running;
  }

  private async run() {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        if (this.resourceVersion === undefined) await this.list(signal);
        const lastedMs = await this.watch(signal);
        if (signal.aborted) return;
        if (lastedMs < this.options.minWatchDurationMs) {
          // a server or proxy that ends every watch at once would otherwise
          // be watched again in a tight loop
          await this.retryLater(
            `Watch ${this.basePath} ended after ${lastedMs} ms, sooner than the minimum watch duration (${this.options.minWatchDurationMs} ms)`,
            signal,
          );
        }
      } catch (e) {
        if (signal.aborted) return;
        await this.recover(e, signal);
      }
    }
  }

  private async recover(e: unknown, signal: AbortSignal) {
    if (e instanceof ContinueExpiredError) {
      // the list took longer than the server keeps its snapshot: from the
      // start, after the backoff (at once, a slow list would loop)
      this.resourceVersion = undefined;
      this.markReached();
      await this.retryLater(
        `${e.message}; listing ${this.basePath} again from the start`,
        signal,
      );
      return;
    }
    if (e instanceof GoneError || isTooLargeResourceVersion(e)) {
      // client-go relists at once after a 410: the server is fine. A
      // resourceVersion the server has not reached means it is not the
      // cluster we listed (restarted, restored): relist, or keep ghosts.
      // Once only: a server that answers every watch with a 410 must not
      // be listed in a loop.
      this.resourceVersion = undefined;
      this.markReached();
      this.goneRelists += 1;
      if (this.goneRelists > 1) {
        await this.retryLater(
          `${this.basePath}: ${(e as Error).message} again (${
            this.goneRelists
          } relists since the last lasting watch)`,
          signal,
        );
      }
      return;
    }
    if (e instanceof ResponseTooLargeError) {
      await this.tooLarge(e, signal);
      return;
    }
    const status = (e as ClusterRequestError).statusCode;
    if (status === 403 && !this.health.synced) {
      // RBAC: the service account may not read this type (Nodes are
      // cluster-scoped and often not granted). Every other type still
      // works, so this must not hold the whole cluster unsynced: count
      // the type as synced and empty, keep the error visible, retry.
      this.health.synced = true;
      this.health.reachable = true;
      this.health.lastError = (e as Error).message;
      this.options.onHealth?.();
      this.options.logger.warn(
        `${
          this.basePath
        } is forbidden to this service account; continuing without it: ${
          (e as Error).message
        }`,
      );
      await this.sleep(this.options.backoff.maxMs, signal);
      return;
    }
    if (status === 404) {
      this.health.absent = true;
      this.health.synced = true;
      this.markReached();
      this.options.logger.debug(
        `${this.basePath} does not exist in this cluster; checking again later`,
      );
      await this.sleep(this.options.backoff.maxMs * 10, signal);
      return;
    }
    this.needsData = e instanceof WatchInactivityError;
    // A silent watch was accepted: the cluster answered, this type's data
    // is what stopped. Only a request without an answer (refused, timed
    // out, a gateway's 502-504) says the cluster cannot be reached.
    if (!this.needsData) this.health.reachable = answered(status);
    this.markStale();
    this.health.lastError = (e as Error).message;
    this.options.onHealth?.();
    await this.retryLater((e as Error).message, signal);
  }

  /**
   * A LIST page or a watch event over its cap: nothing of it is kept, the
   * type is not synced until a LIST completes. A page: the next LIST asks
   * for half as many objects per page (objects can be large, the page
   * bound holds). An event: relist, as the watch cannot go past it.
   */
  private async tooLarge(e: ResponseTooLargeError, signal: AbortSignal) {
    this.resourceVersion = undefined;
    this.markStale();
    this.health.synced = false;
    // the cluster answered; its answer is what was refused
    this.health.reachable = true;
    this.health.lastError = e.message;
    this.options.onHealth?.();
    let next = '';
    if (e.part === 'body' && this.pageLimit > 1) {
      this.pageLimit = Math.max(1, Math.floor(this.pageLimit / 2));
      next = `; listing with ${this.pageLimit} objects per page`;
    }
    this.failures += 1;
    const delay = this.backoffDelay();
    // an operator must learn of a cap being hit; the backoff paces these
    this.options.logger.warn(
      `${e.message}${next}; retrying in ${Math.round(delay)} ms`,
    );
    await this.sleep(delay, signal);
  }

  /** One more failure: wait the backoff. */
  private async retryLater(reason: string, signal: AbortSignal) {
    this.failures += 1;
    const delay = this.backoffDelay();
    // the cluster logs its own reachability flips; a retry loop against a
    // cluster that is down must not write a warning per type per retry
    const log = this.failures === 1 ? 'info' : 'debug';
    this.options.logger[log](`${reason}; retrying in ${Math.round(delay)} ms`);
    await this.sleep(delay, signal);
  }

  /** client-go: 800 ms doubling to 30 s, jitter 1.0 (delay in [d, 2d), capped). */
  private backoffDelay() {
    const { initialMs, maxMs } = this.options.backoff;
    const base = Math.min(initialMs * 2 ** (this.failures - 1), maxMs);
    return Math.min(base * (1 + this.random()), maxMs);
  }

  private markReached() {
    this.health.reachable = true;
    this.health.lastError = undefined;
    this.health.lastSyncAt = this.now();
    this.options.onHealth?.();
  }

  /** What the cluster just sent proves this type's data current. */
  private markCurrent() {
    this.health.staleSince = undefined;
    this.markReached();
  }

  /**
   * This type's data stopped being followed. Before its first LIST it is
   * not stale but unsynced (the cluster's own state says so).
   */
  private markStale() {
    if (!this.health.synced || this.health.staleSince !== undefined) return;
    this.health.staleSince = this.health.lastSyncAt ?? this.now();
  }

  private async list(signal: AbortSignal) {
    const { store, project } = this.options;
    const seen = new Set<string>();
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    let sliceStart = performance.now();
    do {
      const query = new URLSearchParams({ limit: String(this.pageLimit) });
      const continuing = Boolean(continueToken);
      if (continueToken) query.set('continue', continueToken);
      const page = await this.listPage(
        `${this.basePath}?${query}`,
        signal,
      ).catch(e => {
        if ((e as ClusterRequestError).statusCode === 410) {
          throw continuing
            ? new ContinueExpiredError(
                `The continue token of a LIST of ${this.basePath} expired`,
              )
            : new GoneError((e as Error).message);
        }
        throw e;
      });
      sliceStart = performance.now();
      try {
        for (const item of page.items) {
          const uid = item.metadata?.uid;
          if (uid) {
            seen.add(uid);
            // items of a list carry no kind: give them the type's (in
            // place: the item is this page's own, and a copy is garbage)
            item.apiVersion ??= this.apiVersion();
            item.kind ??= this.options.resource.kind;
            store.upsert(project(item));
          }
          if (performance.now() - sliceStart > LIST_SLICE_MS) {
            // let requests (and other clusters) run between items
            await new Promise(resolve => setImmediate(resolve));
            if (signal.aborted) return;
            sliceStart = performance.now();
          }
        }
      } catch (e) {
        throw e instanceof InvalidListError
          ? new ClusterRequestError(
              `Invalid JSON from ${this.basePath}: ${e.message}`,
            )
          : e;
      }
      const metadata = page.metadata();
      continueToken = metadata.continue || undefined;
      resourceVersion = metadata.resourceVersion;
      await new Promise(resolve => setImmediate(resolve));
      if (signal.aborted) return;
    } while (continueToken);

    // objects deleted while we were not watching: no ghosts after a relist
    sliceStart = performance.now();
    for (const uid of [...store.uidsOfKind(this.options.resource.kind)]) {
      if (!seen.has(uid)) store.delete(uid);
      if (performance.now() - sliceStart > LIST_SLICE_MS) {
        await new Promise(resolve => setImmediate(resolve));
        if (signal.aborted) return;
        sliceStart = performance.now();
      }
    }
    this.resourceVersion = resourceVersion ?? '';
    this.health.synced = true;
    this.health.absent = false;
    this.health.lists += 1;
    this.needsData = false;
    this.markCurrent();
  }

  /** One LIST page: item by item from its bytes when the transport can. */
  private async listPage(path: string, signal: AbortSignal): Promise<ListPage> {
    const { transport, maxResponseBytes } = this.options;
    if (transport.getBytes) {
      const reader = new ListPageReader(
        await transport.getBytes(path, signal, { maxBytes: maxResponseBytes }),
      );
      return { items: reader.items(), metadata: () => reader.metadata };
    }
    const page = await transport.getJson<{
      metadata?: ListMetadata;
      items?: KubeObject[];
    }>(path, signal, { maxBytes: maxResponseBytes });
    return { items: page.items ?? [], metadata: () => page.metadata ?? {} };
  }

  /** Watches until the server ends the stream; how long it lasted, in ms. */
  private async watch(signal: AbortSignal): Promise<number> {
    const { min, max } = this.options.watchTimeoutSeconds;
    const timeoutSeconds = Math.floor(min + this.random() * (max - min + 1));
    const query = new URLSearchParams({
      watch: 'true',
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(timeoutSeconds),
      resourceVersion: this.resourceVersion ?? '',
    });
    this.health.watches += 1;
    const openedAt = this.now();
    try {
      await this.options.transport.stream(`${this.basePath}?${query}`, {
        signal,
        inactivityTimeoutMs: this.options.inactivityTimeoutMs,
        maxLineBytes: this.options.maxWatchLineBytes,
        onLine: line => this.handleLine(line),
        // an accepted watch proves the cluster is back, before any event
        onOpen: () => {
          if (!this.needsData) this.markCurrent();
        },
      });
    } finally {
      // a watch that lasted proves the cluster healthy, however it ended:
      // what follows starts from the initial backoff
      if (this.now() - openedAt >= this.options.minWatchDurationMs) {
        this.failures = 0;
        this.goneRelists = 0;
      }
    }
    this.markCurrent();
    return this.now() - openedAt;
  }

  private handleLine(line: string) {
    let event: WatchEvent;
    try {
      event = JSON.parse(line);
    } catch {
      // client-node drops unparsable lines silently; we restart the watch
      throw new ClusterRequestError(
        `Unparsable watch line on ${this.basePath}`,
      );
    }
    const { store, project } = this.options;
    const obj = event.object;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        store.upsert(project(obj));
        break;
      case 'DELETED':
        if (obj?.metadata?.uid) store.delete(obj.metadata.uid);
        break;
      case 'BOOKMARK':
        break;
      case 'ERROR':
        if (obj?.code === 410) throw new GoneError(obj.message ?? 'Gone');
        throw new ClusterRequestError(
          `Watch error on ${this.basePath}: ${obj?.message ?? 'unknown'}`,
          obj?.code,
        );
      default:
        return;
    }
    const rv = obj?.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    this.health.lastSyncAt = this.now();
    this.needsData = false;
    if (!this.health.reachable || this.health.staleSince !== undefined) {
      this.markCurrent();
    }
  }

  private apiVersion() {
    const r = this.options.resource;
    return r.group ? `${r.group}/${r.version}` : r.version;
  }
}

/**
 * Whether a failed request got an answer from the cluster. A gateway's
 * 502-504 stands for an API server behind it that did not answer.
 */
function answered(status: number | undefined): boolean {
  return status !== undefined && (status < 502 || status > 504);
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
