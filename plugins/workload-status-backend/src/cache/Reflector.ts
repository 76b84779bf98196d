import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import {
  ClusterRequestError,
  ResponseTooLargeError,
  WatchInactivityError,
} from '../cluster/ClusterConnection';
import type { ResourceType } from '../cluster/types';
import { abortableSleep } from './abortableSleep';
import type { EventLoopSlices } from './EventLoopSlices';
import {
  ContinueExpiredError,
  GoneError,
  isTooLargeResourceVersion,
} from './listErrors';
import { PagedList, PageProjector } from './PagedList';
import type { ReflectorStore, ReflectorTransport } from './ReflectorTransport';
import { RetryBackoff } from './RetryBackoff';

export type { ReflectorStore, ReflectorTransport };

export interface ReflectorOptions {
  transport: ReflectorTransport;
  resource: ResourceType;
  store: ReflectorStore;
  /** what is kept of an object: the engine's projection */
  project: (obj: KubeObject) => KubeObject;
  /** the same projection of LIST pages in another thread (PagedList) */
  projector?: PageProjector;
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
  /** the event loop's slices its LISTs run in (default: the process's) */
  slices?: EventLoopSlices;
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
  /** counts the failures since the last watch that lasted `minWatchDurationMs` */
  private readonly backoff: RetryBackoff;
  /** relists for a 410 since the last watch that lasted */
  private goneRelists = 0;
  private readonly lister: PagedList;
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
    this.backoff = new RetryBackoff(options.backoff, this.random);
    const r = options.resource;
    this.basePath = r.group
      ? `/apis/${r.group}/${r.version}/${r.plural}`
      : `/api/${r.version}/${r.plural}`;
    this.lister = new PagedList({
      transport: options.transport,
      resource: r,
      path: this.basePath,
      store: options.store,
      project: options.project,
      projector: options.projector,
      pageSize: options.pageSize,
      maxResponseBytes: options.maxResponseBytes,
      slices: options.slices,
    });
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
    if (e.part === 'body' && this.lister.halvePageLimit()) {
      next = `; listing with ${this.lister.pageLimit} objects per page`;
    }
    const delay = this.backoff.failed();
    // an operator must learn of a cap being hit; the backoff paces these
    this.options.logger.warn(
      `${e.message}${next}; retrying in ${Math.round(delay)} ms`,
    );
    await this.sleep(delay, signal);
  }

  /** One more failure: wait the backoff. */
  private async retryLater(reason: string, signal: AbortSignal) {
    const delay = this.backoff.failed();
    // the cluster logs its own reachability flips; a retry loop against a
    // cluster that is down must not write a warning per type per retry
    const log = this.backoff.failures === 1 ? 'info' : 'debug';
    this.options.logger[log](`${reason}; retrying in ${Math.round(delay)} ms`);
    await this.sleep(delay, signal);
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

  /** A full LIST (PagedList), after which the data is current. */
  private async list(signal: AbortSignal) {
    const resourceVersion = await this.lister.list(signal);
    if (resourceVersion === undefined) return; // stopped
    this.resourceVersion = resourceVersion;
    this.health.synced = true;
    this.health.absent = false;
    this.health.lists += 1;
    this.needsData = false;
    this.markCurrent();
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
        this.backoff.reset();
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
}

/**
 * Whether a failed request got an answer from the cluster. A gateway's
 * 502-504 stands for an API server behind it that did not answer.
 */
function answered(status: number | undefined): boolean {
  return status !== undefined && (status < 502 || status > 504);
}
