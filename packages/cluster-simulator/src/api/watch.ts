/**
 * WATCH: newline-delimited `{"type","object"}` events over a chunked
 * response, as kube-apiserver streams them.
 *
 * - No resourceVersion (or "0"): synthetic ADDED events for the current
 *   state, then changes. `sendInitialEvents=true` does the same and ends the
 *   initial state with a BOOKMARK annotated `k8s.io/initial-events-end`.
 * - A resourceVersion inside the retained window: the changes after it.
 *   Newer than the store's: a 504 "Too large resource version".
 *   Older: one ERROR event with a 410 Expired Status, then the stream ends
 *   (what real clients see, and must answer with a relist).
 * - `allowWatchBookmarks`: periodic BOOKMARK events carrying the current
 *   resourceVersion. `timeoutSeconds`: the server ends the stream cleanly.
 * - A MODIFIED change that moves an object into (out of) the selection is
 *   sent as ADDED (DELETED), as the watch cache does.
 * - Faults: stalled streams (all, or one type's: `silentWatches`) send
 *   nothing until the fault clears, then what they held; dropped streams
 *   are destroyed.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { LiveStream, SimulatedCluster } from '../cluster';
import { isWatchSilent } from '../faults/faults';
import { ChangeEvent } from '../store/objectStore';
import { apiVersionOf, storageKey } from '../store/resources';
import { KubeObject } from '../types';
import { buildFilters, serialiseObject } from './list';
import { ResourceRequest } from './requestInfo';
import { errors, statusObject } from './status';

const DEFAULT_TIMEOUT_S = 1800;
/** how often a stalled stream checks whether it may send again */
const HELD_POLL_MS = 100;
/** events a stalled watcher may fall behind before it is closed */
const MAX_HELD_LINES = 10_000;

export function handleWatch(
  cluster: SimulatedCluster,
  req: ResourceRequest,
  query: URLSearchParams,
  httpReq: IncomingMessage,
  res: ServerResponse,
) {
  const store = cluster.store;
  const filters = buildFilters(req, query);
  const matches = (obj: KubeObject) =>
    (!filters.namespace || obj.metadata.namespace === filters.namespace) &&
    filters.matches(obj);
  const rvParam = query.get('resourceVersion') ?? '';
  const bookmarks = ['true', '1'].includes(
    query.get('allowWatchBookmarks') ?? '',
  );
  const sendInitial = query.get('sendInitialEvents');
  const rvMatch = query.get('resourceVersionMatch') ?? '';
  if (sendInitial !== null) {
    if (!bookmarks)
      throw errors.invalid(
        'allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks=true',
      );
    if (rvMatch !== 'NotOlderThan')
      throw errors.invalid(
        `resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan`,
      );
  } else if (rvMatch) {
    throw errors.invalid(
      'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
    );
  }
  // A resourceVersion the store has not reached (a client that watched an
  // earlier incarnation of this cluster, e.g. before a restart or an etcd
  // restore): the apiserver's watch cache gives up waiting for it with a
  // 504 "Too large resource version", and clients must relist.
  const requested = Number(rvParam);
  if (
    sendInitial === null &&
    Number.isInteger(requested) &&
    requested > store.resourceVersion
  ) {
    throw errors.tooLargeResourceVersion(rvParam, store.resourceVersion);
  }
  const timeoutS = Number(query.get('timeoutSeconds') ?? DEFAULT_TIMEOUT_S);
  const convert = req.type.convert;
  const serialise = (obj: KubeObject) =>
    convert ? JSON.stringify(convert(obj)) : serialiseObject(obj);
  const apiVersion = apiVersionOf(req.type);
  const initialEvents =
    sendInitial === 'true' ||
    (sendInitial === null && (rvParam === '' || rvParam === '0'));

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();

  let closed = false;
  const held: string[] = [];
  let heldTimer: NodeJS.Timeout | undefined;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = () => {};
  // Filled below; close() may run before it exists.
  const live: { stream?: LiveStream } = {};
  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    clearInterval(heldTimer);
    if (live.stream) cluster.streams.delete(live.stream);
  };
  // A stalled stream holds what it would send, as a stalled TCP connection
  // does, and delivers it late once the fault clears; a watcher that falls
  // too far behind is closed, as the apiserver closes slow watchers.
  const release = () => {
    if (
      closed ||
      isWatchSilent(cluster.faults, req.type.resource) ||
      !held.length
    )
      return;
    res.write(held.join(''));
    held.length = 0;
    clearInterval(heldTimer);
    heldTimer = undefined;
  };
  const write = (line: string) => {
    if (closed) return;
    if (isWatchSilent(cluster.faults, req.type.resource) || held.length) {
      held.push(line);
      if (held.length > MAX_HELD_LINES) {
        close();
        res.destroy();
        return;
      }
      heldTimer ??= setInterval(release, HELD_POLL_MS);
      release();
      return;
    }
    res.write(line);
  };
  const lineFor = (event: ChangeEvent, type: string): string => {
    if (type === event.type) {
      event.lines = event.lines ?? new Map();
      let line = event.lines.get(req.type);
      if (!line) {
        line = `{"type":"${type}","object":${serialise(event.object)}}\n`;
        event.lines.set(req.type, line);
      }
      return line;
    }
    return `{"type":"${type}","object":${serialise(event.object)}}\n`;
  };
  const deliver = (event: ChangeEvent) => {
    const now = matches(event.object);
    if (event.type === 'MODIFIED' && event.previous) {
      const before = matches(event.previous);
      if (now && before) write(lineFor(event, 'MODIFIED'));
      else if (now) write(lineFor(event, 'ADDED'));
      else if (before) write(lineFor(event, 'DELETED'));
      return;
    }
    if (now) write(lineFor(event, event.type));
  };
  const bookmark = (annotations?: Record<string, string>) =>
    write(
      `${JSON.stringify({
        type: 'BOOKMARK',
        object: {
          kind: req.type.kind,
          apiVersion,
          metadata: {
            resourceVersion: String(store.resourceVersion),
            ...(annotations ? { annotations } : {}),
          },
        },
      })}\n`,
    );
  const expire = (rv: number | string) => {
    if (closed) return;
    res.write(
      `${JSON.stringify({
        type: 'ERROR',
        object: statusObject(
          410,
          'Expired',
          `too old resource version: ${rv} (${store.oldestWatchableVersion})`,
        ),
      })}\n`,
    );
    close();
    res.end();
  };

  const stream: LiveStream = {
    kind: 'watch',
    cut: () => {
      close();
      res.destroy();
      httpReq.socket.destroy();
    },
    expire: () => expire(rvParam || store.resourceVersion),
  };
  live.stream = stream;
  cluster.streams.add(stream);
  httpReq.on('close', close);
  res.on('close', close);

  if (!initialEvents) {
    const from = Number(rvParam);
    const replay = Number.isInteger(from)
      ? store.eventsSince(storageKey(req.type), from)
      : undefined;
    if (!replay || cluster.faults.expireWatches) {
      expire(rvParam);
      return;
    }
    unsubscribe = store.addWatcher({
      storage: storageKey(req.type),
      onChange: deliver,
    });
    for (const e of replay) deliver(e);
  } else {
    unsubscribe = store.addWatcher({
      storage: storageKey(req.type),
      onChange: deliver,
    });
    for (const obj of store.list(storageKey(req.type), filters.namespace)) {
      if (filters.matches(obj))
        write(`{"type":"ADDED","object":${serialise(obj)}}\n`);
    }
    if (sendInitial === 'true')
      bookmark({ 'k8s.io/initial-events-end': 'true' });
  }

  timers.push(
    setTimeout(() => {
      close();
      res.end();
    }, timeoutS * 1000),
  );
  if (bookmarks) {
    const tick = () => {
      if (closed) return;
      bookmark();
      timers.push(setTimeout(tick, cluster.bookmarkIntervalMs));
    };
    timers.push(setTimeout(tick, cluster.bookmarkIntervalMs));
  }
  const dropAfter = cluster.faults.dropWatchesAfterMs;
  if (dropAfter !== null)
    timers.push(setTimeout(() => stream.cut(), dropAfter));
}
