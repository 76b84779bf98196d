/**
 * The HTTP(S) listener of one simulated cluster, and the request pipeline in
 * the order a real apiserver (plus the network in front of it) applies it:
 * injected latency -> injected errors -> bearer-token authentication ->
 * discovery or resource routing. Binds 127.0.0.1 only.
 */
import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { Socket } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { SimulatedCluster } from '../cluster';
import {
  coreVersions,
  group,
  groupList,
  resourceList,
  SERVER_VERSION,
} from './discovery';
import { handleList } from './list';
import { handleLogs } from './logs';
import { handleMetrics, METRICS_GROUP, metricsGroupDoc } from './metrics';
import {
  handleCreate,
  handleDelete,
  handleGet,
  handlePatch,
  handleUpdate,
} from './objects';
import { parseResourcePath } from './requestInfo';
import { ApiError, errors, sendError, sendJson } from './status';
import { TlsMaterial } from './tls';
import { toTable, wantsTable } from './table';
import { KubeObject } from '../types';
import { handleWatch } from './watch';

const HOST = '127.0.0.1';
const MAX_BODY = 3 * 1024 * 1024;

export interface ClusterServer {
  readonly port: number;
  readonly url: string;
  /** Closes the listener and destroys open connections (fault `down`, or stop). */
  close(): Promise<void>;
  /** Listens again on the same port. */
  open(): Promise<void>;
  readonly listening: boolean;
}

function readBody(req: IncomingMessage): Promise<any> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (tooLarge) {
        // Read on a little so the client, still sending, gets the 413; then hang up.
        if (size > 2 * MAX_BODY) req.destroy();
        return;
      }
      if (size > MAX_BODY) {
        tooLarge = true;
        chunks.length = 0;
        reject(
          new ApiError(
            413,
            'RequestEntityTooLarge',
            'Request entity too large: limit is 3145728',
          ),
        );
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (tooLarge) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text.trim()) {
        resolve(undefined);
        return;
      }
      try {
        resolve(JSON.parse(text));
      } catch {
        // Server-side apply sends YAML.
        try {
          resolve(parseYaml(text));
        } catch {
          reject(
            errors.badRequest('the body of the request could not be decoded'),
          );
        }
      }
    });
    req.on('error', reject);
  });
}

/**
 * Typed client-go clients (kubectl create job, kubectl run) send protobuf.
 * The simulator speaks JSON only, and says so the way the apiserver does for
 * a media type it cannot decode.
 */
function rejectProtobuf(req: IncomingMessage) {
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/vnd.kubernetes.protobuf')) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
      { contentType: type },
    );
  }
}

function delay(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

async function route(
  cluster: SimulatedCluster,
  req: IncomingMessage,
  res: ServerResponse,
  serverAddress: string,
) {
  const url = new URL(req.url ?? '/', 'http://x');
  const segments = url.pathname.split('/').filter(Boolean);
  const query = url.searchParams;
  const method = req.method ?? 'GET';

  if (cluster.faults.latencyMs > 0) await delay(cluster.faults.latencyMs);
  if (
    cluster.faults.errorRate > 0 &&
    cluster.random.next() < cluster.faults.errorRate
  ) {
    const code = cluster.faults.errorStatus;
    if (code === 429) res.setHeader('Retry-After', '1');
    if (code === 429) throw errors.tooManyRequests();
    if (code === 403)
      throw errors.forbidden(
        `${segments.join(
          '/',
        )} is forbidden: User "system:serviceaccount:backstage:workload-status" cannot ${method.toLowerCase()} this resource`,
      );
    throw errors.internal('etcdserver: request timed out');
  }
  const auth = req.headers.authorization ?? '';
  if (auth !== `Bearer ${cluster.token}`) throw errors.unauthorized();

  if (
    ['healthz', 'livez', 'readyz'].includes(segments[0] ?? '') &&
    segments.length === 1
  ) {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok');
    return;
  }
  if (segments[0] === 'apis' && segments[1] === METRICS_GROUP) {
    handleMetrics(cluster, segments, method, query, res);
    return;
  }
  if (method === 'GET') {
    const path = `/${segments.join('/')}`;
    if (path === '/version') {
      sendJson(res, 200, SERVER_VERSION);
      return;
    }
    if (path === '/api') {
      sendJson(res, 200, coreVersions(serverAddress));
      return;
    }
    if (path === '/apis') {
      const list = groupList();
      if (cluster.metrics) list.groups.push(metricsGroupDoc());
      sendJson(res, 200, list);
      return;
    }
    if (segments[0] === 'api' && segments.length === 2) {
      const doc = resourceList('', segments[1]);
      if (doc) {
        sendJson(res, 200, doc);
        return;
      }
      throw errors.notFoundPath();
    }
    if (segments[0] === 'apis' && segments.length === 2) {
      const doc = group(segments[1]);
      if (doc) {
        sendJson(res, 200, doc);
        return;
      }
      throw errors.notFoundPath();
    }
    if (segments[0] === 'apis' && segments.length === 3) {
      const doc = resourceList(segments[1], segments[2]);
      if (doc) {
        sendJson(res, 200, doc);
        return;
      }
      throw errors.notFoundPath();
    }
  }
  const target = parseResourcePath(segments);
  if (!target) throw errors.notFoundPath();

  if (target.subresource === 'log') {
    if (target.type.resource !== 'pods' || method !== 'GET')
      throw errors.methodNotAllowed(method);
    handleLogs(cluster, target, query, req, res);
    return;
  }
  if (
    target.subresource &&
    !(target.type.subresources ?? []).includes(target.subresource)
  )
    throw errors.notFoundPath();
  if (!target.name) {
    if (method === 'GET') {
      if (['true', '1'].includes(query.get('watch') ?? ''))
        handleWatch(cluster, target, query, req, res);
      else
        handleList(cluster, target, query, res, wantsTable(req.headers.accept));
      return;
    }
    if (method === 'POST') {
      rejectProtobuf(req);
      const r = handleCreate(cluster, target, await readBody(req));
      sendJson(res, r.code, r.body);
      return;
    }
    throw errors.methodNotAllowed(method);
  }
  let r;
  switch (method) {
    case 'GET':
      r = handleGet(cluster, target);
      if (!target.subresource && wantsTable(req.headers.accept)) {
        const obj = r.body as KubeObject;
        r = {
          code: 200,
          body: toTable(
            target.type.kind,
            [obj],
            obj.metadata.resourceVersion ?? '',
            cluster.now(),
          ),
        };
      }
      break;
    case 'PUT':
      rejectProtobuf(req);
      r = handleUpdate(cluster, target, await readBody(req));
      break;
    case 'PATCH':
      r = handlePatch(
        cluster,
        target,
        req.headers['content-type'],
        await readBody(req),
      );
      break;
    case 'DELETE':
      r = handleDelete(cluster, target, query, await readBody(req));
      break;
    default:
      throw errors.methodNotAllowed(method);
  }
  sendJson(res, r.code, r.body);
}

export async function startClusterServer(
  cluster: SimulatedCluster,
  options: { port: number; tls?: TlsMaterial },
): Promise<ClusterServer> {
  const sockets = new Set<Socket>();
  let port = options.port;
  let listening = false;
  const scheme = options.tls ? 'https' : 'http';
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    route(cluster, req, res, `${HOST}:${port}`).catch(err => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // the rest of an oversized body is not read: the connection cannot be reused
      if (err instanceof ApiError && err.code === 413)
        res.setHeader('Connection', 'close');
      if (err instanceof ApiError) sendError(res, err);
      else
        sendError(
          res,
          errors.internal(err instanceof Error ? err.message : String(err)),
        );
    });
  };
  let server: http.Server | https.Server;
  const create = () => {
    server = options.tls
      ? https.createServer(
          { cert: options.tls.certPem, key: options.tls.keyPem },
          handler,
        )
      : http.createServer(handler);
    server.keepAliveTimeout = 30_000;
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
  };
  const open = () =>
    new Promise<void>((resolve, reject) => {
      create();
      server.once('error', reject);
      server.listen(port, HOST, () => {
        port = (server.address() as { port: number }).port;
        listening = true;
        resolve();
      });
    });
  const close = () =>
    new Promise<void>(resolve => {
      if (!listening) {
        resolve();
        return;
      }
      listening = false;
      for (const s of cluster.streams) s.cut();
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  await open();
  return {
    get port() {
      return port;
    },
    get url() {
      return `${scheme}://${HOST}:${port}`;
    },
    get listening() {
      return listening;
    },
    open,
    close,
  };
}
