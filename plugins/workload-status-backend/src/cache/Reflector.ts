import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubeObject } from '@internal/plugin-workload-status-common';
import {
  ClusterRequestError,
  WatchInactivityError,
} from '../cluster/ClusterConnection';
import type { ResourceType } from '../cluster/types';
import type { ObjectStore } from './ObjectStore';

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
  getJson<T>(path: string, signal?: AbortSignal): Promise<T>;
  stream(
    path: string,
    options: {
      signal: AbortSignal;
      inactivityTimeoutMs: number;
      onLine: (line: string) => void;
      onOpen?: () => void;
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
  private failures = 0;
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
        await this.watch(signal);
      } catch (e) {
        if (signal.aborted) return;
        if (e instanceof GoneError || isTooLargeResourceVersion(e)) {
          // client-go relists at once after a 410: the server is fine. A
          // resourceVersion the server has not reached means it is not the
          // cluster we listed (restarted, restored): relist, or keep ghosts
          this.resourceVersion = undefined;
          this.markReached();
          continue;
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
          continue;
        }
        if (status === 404) {
          this.health.absent = true;
          this.health.synced = true;
          this.markReached();
          this.options.logger.debug(
            `${this.basePath} does not exist in this cluster; checking again later`,
          );
          await this.sleep(this.options.backoff.maxMs * 10, signal);
          continue;
        }
        this.failures += 1;
        this.needsData = e instanceof WatchInactivityError;
        this.health.reachable = status !== undefined && status < 500;
        this.health.lastError = (e as Error).message;
        this.options.onHealth?.();
        const delay = this.backoffDelay();
        // the cluster logs its own reachability flips; a retry loop against a
        // cluster that is down must not write a warning per type per retry
        const log = this.failures === 1 ? 'info' : 'debug';
        this.options.logger[log](
          `${this.basePath}: ${(e as Error).message}; retrying in ${Math.round(
            delay,
          )} ms`,
        );
        await this.sleep(delay, signal);
      }
    }
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

  private async list(signal: AbortSignal) {
    const { store, project, pageSize } = this.options;
    const seen = new Set<string>();
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (continueToken) query.set('continue', continueToken);
      const page = await this.options.transport
        .getJson<{
          metadata?: { resourceVersion?: string; continue?: string };
          items?: KubeObject[];
        }>(`${this.basePath}?${query}`, signal)
        .catch(e => {
          // an expired continue token: start the list again
          if ((e as ClusterRequestError).statusCode === 410) {
            throw new GoneError(e.message);
          }
          throw e;
        });
      for (const item of page.items ?? []) {
        const uid = item.metadata?.uid;
        if (!uid) continue;
        seen.add(uid);
        // items of a list carry no kind: give them the type's
        store.upsert(
          project({
            ...item,
            apiVersion: item.apiVersion ?? this.apiVersion(),
            kind: item.kind ?? this.options.resource.kind,
          }),
        );
      }
      continueToken = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion;
      // let requests run between pages: a page costs ~100 ms of parsing
      await new Promise(resolve => setImmediate(resolve));
      if (signal.aborted) return;
    } while (continueToken);

    // objects deleted while we were not watching: no ghosts after a relist
    for (const uid of [...store.uidsOfKind(this.options.resource.kind)]) {
      if (!seen.has(uid)) store.delete(uid);
    }
    this.resourceVersion = resourceVersion ?? '';
    this.health.synced = true;
    this.health.absent = false;
    this.health.lists += 1;
    this.failures = 0;
    this.needsData = false;
    this.markReached();
  }

  private async watch(signal: AbortSignal) {
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
    await this.options.transport.stream(`${this.basePath}?${query}`, {
      signal,
      inactivityTimeoutMs: this.options.inactivityTimeoutMs,
      onLine: line => this.handleLine(line),
      // an accepted watch proves the cluster is back, before any event
      onOpen: () => {
        if (!this.needsData) this.markReached();
      },
    });
    // the server ended the watch on time: healthy; re-watch from our RV
    if (this.now() - openedAt >= 1000) this.failures = 0;
    this.markReached();
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
    if (!this.health.reachable) this.markReached();
  }

  private apiVersion() {
    const r = this.options.resource;
    return r.group ? `${r.group}/${r.version}` : r.version;
  }
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
