import { KubeConfig } from '@kubernetes/client-node';
import type { ApiType } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';
import { ClusterSpec } from './types';

type ApiConstructor<T extends ApiType> = Parameters<
  KubeConfig['makeApiClient']
>[0] & { new (...args: any[]): T };

/** A failed cluster call: a status code when the server answered. */
export class ClusterRequestError extends Error {
  readonly statusCode?: number;
  constructor(message: string, statusCode?: number) {
    super(message);
    this.name = 'ClusterRequestError';
    this.statusCode = statusCode;
  }
}

/** A watch that sent nothing, not even a bookmark, for too long. */
export class WatchInactivityError extends ClusterRequestError {
  constructor(message: string) {
    super(message);
    this.name = 'WatchInactivityError';
  }
}

/**
 * How to reach one cluster: URL, auth and TLS, taken from client-node's
 * KubeConfig (so tokens, CA data/files, client certs and kubeconfig exec
 * plugins behave as in kubectl), with our own timeouts on every call. The
 * requests themselves are plain node:http, because client-node's Watch and
 * informer cannot be told to stop on inactivity in the way we need and
 * stop for good on a dropped socket (see docs/architecture.md).
 */
export class ClusterConnection {
  readonly name: string;
  readonly url: URL;
  private readonly kubeConfig: KubeConfig;
  private readonly requestTimeoutMs: number;

  static create(spec: ClusterSpec, options: { requestTimeoutMs: number }) {
    const kc = new KubeConfig();
    if (spec.source === 'kubeconfig' && spec.kubeconfig) {
      kc.loadFromFile(spec.kubeconfig.path);
      if (spec.kubeconfig.context)
        kc.setCurrentContext(spec.kubeconfig.context);
      const cluster = kc.getCurrentCluster();
      const server = cluster?.server;
      if (cluster && server?.startsWith('http:') && !cluster.skipTLSVerify) {
        // as for config clusters: on plain http there is no TLS to verify
        kc.loadFromClusterAndUser(
          { ...cluster, skipTLSVerify: true },
          kc.getCurrentUser()!,
        );
      }
      if (!server) {
        throw new Error(
          `Invalid config at workloadStatus.kubeconfig: context '${kc.getCurrentContext()}' in ${
            spec.kubeconfig.path
          } has no cluster server`,
        );
      }
      return new ClusterConnection(spec.name, new URL(server), kc, options);
    }
    kc.loadFromOptions({
      clusters: [
        {
          name: spec.name,
          server: spec.url,
          caData: spec.caData,
          caFile: spec.caFile,
          // client-node refuses plain http unless TLS checks are off; on
          // http there is no TLS to check (the Kubernetes plugin allows it)
          skipTLSVerify:
            spec.skipTLSVerify || new URL(spec.url).protocol === 'http:',
        },
      ],
      users: [
        spec.authProvider === 'serviceAccount' && spec.serviceAccountToken
          ? { name: 'workload-status', token: spec.serviceAccountToken }
          : { name: 'workload-status' },
      ],
      contexts: [
        { name: spec.name, cluster: spec.name, user: 'workload-status' },
      ],
      currentContext: spec.name,
    });
    return new ClusterConnection(spec.name, new URL(spec.url), kc, options);
  }

  private constructor(
    name: string,
    url: URL,
    kubeConfig: KubeConfig,
    options: { requestTimeoutMs: number },
  ) {
    this.name = name;
    this.url = url;
    this.kubeConfig = kubeConfig;
    this.requestTimeoutMs = options.requestTimeoutMs;
  }

  /**
   * client-node's typed API for request-time calls (logs, CronJob
   * actions), with the same URL, auth and TLS as the reflectors.
   */
  makeApiClient<T extends ApiType>(api: ApiConstructor<T>): T {
    return this.kubeConfig.makeApiClient(api);
  }

  /** client-node's KubeConfig, for its Log (follow) streams. */
  get config(): KubeConfig {
    return this.kubeConfig;
  }

  /** GET a JSON document, within the request timeout. */
  async getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    const { res } = await this.open(path, {
      signal,
      timeoutMs: this.requestTimeoutMs,
    });
    const body = await readBody(res, this.requestTimeoutMs, signal);
    if (res.statusCode !== 200) {
      throw errorFromStatus(res.statusCode ?? 0, body, path);
    }
    try {
      return JSON.parse(body) as T;
    } catch {
      throw new ClusterRequestError(`Invalid JSON from ${path}`);
    }
  }

  /**
   * Open a streaming GET (a watch) and hand each line to `onLine`. Resolves
   * when the server ends the stream; rejects on errors and when nothing
   * arrives for `inactivityTimeoutMs`.
   */
  async stream(
    path: string,
    options: {
      signal: AbortSignal;
      inactivityTimeoutMs: number;
      onLine: (line: string) => void;
      /** the server accepted the watch (200) */
      onOpen?: () => void;
    },
  ): Promise<void> {
    const { res, req } = await this.open(path, {
      signal: options.signal,
      timeoutMs: this.requestTimeoutMs,
    });
    if (res.statusCode !== 200) {
      const body = await readBody(res, this.requestTimeoutMs, options.signal);
      throw errorFromStatus(res.statusCode ?? 0, body, path);
    }
    options.onOpen?.();
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      let timer: NodeJS.Timeout;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          req.destroy();
          reject(
            new WatchInactivityError(
              `Watch ${path} sent nothing for ${options.inactivityTimeoutMs} ms`,
            ),
          );
        }, options.inactivityTimeoutMs);
      };
      arm();
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        arm();
        buffered += chunk;
        let nl = buffered.indexOf('\n');
        while (nl >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (line.trim()) {
            try {
              options.onLine(line);
            } catch (e) {
              clearTimeout(timer);
              req.destroy();
              reject(e);
              return;
            }
          }
          nl = buffered.indexOf('\n');
        }
      });
      res.on('end', () => {
        clearTimeout(timer);
        if (buffered.trim()) {
          try {
            options.onLine(buffered);
          } catch (e) {
            reject(e);
            return;
          }
        }
        resolve();
      });
      res.on('error', e => {
        clearTimeout(timer);
        reject(new ClusterRequestError(`Watch ${path} failed: ${e.message}`));
      });
      res.on('close', () => {
        clearTimeout(timer);
        if (!res.complete) {
          reject(new ClusterRequestError(`Watch ${path} closed prematurely`));
        }
      });
    });
  }

  private async open(
    path: string,
    options: { signal?: AbortSignal; timeoutMs: number },
  ): Promise<{ req: http.ClientRequest; res: http.IncomingMessage }> {
    const opts: https.RequestOptions = { headers: {} };
    await this.kubeConfig.applyToHTTPSOptions(opts);
    const target = new URL(
      this.url.pathname.replace(/\/$/, '') + path,
      this.url,
    );
    const transport = target.protocol === 'https:' ? https : http;
    if (transport === http) delete opts.agent; // https agent on an http URL
    return new Promise((resolve, reject) => {
      const req = transport.request(target, {
        ...opts,
        method: 'GET',
        headers: { ...opts.headers, Accept: 'application/json' },
        signal: options.signal,
      });
      // Time to response headers; bodies have their own timeouts.
      const timer = setTimeout(() => {
        req.destroy(
          new ClusterRequestError(
            `No response from ${this.name} within ${options.timeoutMs} ms`,
          ),
        );
      }, options.timeoutMs);
      req.on('response', res => {
        clearTimeout(timer);
        resolve({ req, res });
      });
      req.on('error', e => {
        clearTimeout(timer);
        reject(
          e instanceof ClusterRequestError
            ? e
            : new ClusterRequestError(
                `Request to cluster ${this.name} failed: ${e.message}`,
              ),
        );
      });
      req.end();
    });
  }
}

function readBody(
  res: http.IncomingMessage,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      res.destroy();
      reject(
        new ClusterRequestError(
          `Response body not read within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    const onAbort = () => {
      clearTimeout(timer);
      res.destroy();
      reject(new ClusterRequestError('Aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    res.on('error', e => {
      clearTimeout(timer);
      reject(new ClusterRequestError(e.message));
    });
  });
}

function errorFromStatus(status: number, body: string, path: string) {
  let message = body.slice(0, 200);
  try {
    const parsed = JSON.parse(body);
    if (typeof parsed?.message === 'string') message = parsed.message;
  } catch {
    // not a Status object; keep the raw text
  }
  return new ClusterRequestError(
    `GET ${path} answered ${status}: ${message}`,
    status,
  );
}
