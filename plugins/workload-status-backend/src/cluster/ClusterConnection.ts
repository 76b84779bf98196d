import { KubeConfig } from '@kubernetes/client-node';
import type { ApiType } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';
import type tls from 'node:tls';
import { LineSplitter, LineTooLongError } from './LineSplitter';
import { PageBuffer } from './PageBuffer';
import { StaticBufferClient } from './StaticBufferClient';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_WATCH_LINE_BYTES,
  MAX_ERROR_BODY_BYTES,
  formatBytes,
} from './responseBounds';
import { ClusterSpec } from './types';

/**
 * How much of one body is taken in one turn of the event loop. Left
 * alone, libuv reads up to 32 chunks of 64 KB from a socket per wakeup and
 * each runs through the HTTP parser at once: a 5 MB LIST page arriving
 * (three at once at a sync) held the loop for 20-40 ms of reads, parsing
 * and buffer allocation, outside the slices the items are parsed in. Past
 * this, the response is paused until the next turn, so timers and
 * requests run between its parts.
 */
const BODY_BYTES_PER_TURN = 256 * 1024;

type ApiConstructor<T extends ApiType> = Parameters<
  KubeConfig['makeApiClient']
>[0] & { new (...args: any[]): T };

/**
 * The bounds of one GET: at most `maxBytes` of its body (else a
 * ResponseTooLargeError), read `into` a PageBuffer when one is given (the
 * answer is then a view of it, valid until the next read into it).
 */
export interface GetOptions {
  maxBytes?: number;
  into?: PageBuffer;
}

/** A failed cluster call: a status code when the server answered. */
export class ClusterRequestError extends Error {
  readonly statusCode?: number;
  constructor(message: string, statusCode?: number) {
    super(message);
    this.name = 'ClusterRequestError';
    this.statusCode = statusCode;
  }
}

/**
 * An answer past its cap (a LIST page over `workloadStatus.maxResponseBytes`,
 * a watch event over `workloadStatus.maxWatchLineBytes`): the request was
 * aborted and what was read of it dropped.
 */
export class ResponseTooLargeError extends ClusterRequestError {
  constructor(
    message: string,
    readonly part: 'body' | 'line',
    readonly limitBytes: number,
  ) {
    super(message);
    this.name = 'ResponseTooLargeError';
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
 * requests themselves are ours, because client-node's Watch and informer
 * cannot be told to stop on inactivity in the way we need and stop for
 * good on a dropped socket (see docs/architecture.md): watches are
 * node:http; GETs (LIST pages) go through a StaticBufferClient, which
 * reads its sockets into one buffer each, unless the kubeconfig names a
 * proxy (then node:http through client-node's proxy agent).
 */
export class ClusterConnection {
  readonly name: string;
  readonly url: URL;
  private readonly kubeConfig: KubeConfig;
  private readonly requestTimeoutMs: number;
  /** for GETs; undefined when requests must go through a proxy agent */
  private readonly pages?: StaticBufferClient;

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
    // a kubeconfig's proxy-url is spoken to by client-node's proxy agent,
    // through node:http
    if (!kubeConfig.getCurrentCluster()?.proxyUrl) {
      this.pages = new StaticBufferClient({ name, url }, BODY_BYTES_PER_TURN);
    }
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

  /**
   * GET a JSON document, within the request timeout. A body longer than
   * `maxBytes` aborts the request with a ResponseTooLargeError.
   */
  async getJson<T>(
    path: string,
    signal?: AbortSignal,
    options: Pick<GetOptions, 'maxBytes'> = {},
  ): Promise<T> {
    const body = await this.getBytes(path, signal, options);
    try {
      return JSON.parse(body.toString('utf8')) as T;
    } catch {
      throw new ClusterRequestError(`Invalid JSON from ${path}`);
    }
  }

  /**
   * GET a body as bytes, unparsed, within the request timeout and the
   * same bound as getJson: a LIST page of large objects is parsed item by
   * item by its reader (one JSON.parse of a whole page holds the event
   * loop for ~100 ms). Read `into` a PageBuffer, the answer is a view of
   * that buffer, valid until it is read into again.
   */
  async getBytes(
    path: string,
    signal?: AbortSignal,
    options: GetOptions = {},
  ): Promise<Buffer> {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const onTooLarge = () =>
      new ResponseTooLargeError(
        `The answer of cluster ${
          this.name
        } to GET ${path} is larger than ${formatBytes(
          maxBytes,
        )} (workloadStatus.maxResponseBytes); the request was aborted`,
        'body',
        maxBytes,
      );
    if (this.pages) {
      const { headers, tls: tlsOptions } = await this.requestOptions();
      const answer = await this.pages
        .get(path, {
          headers,
          tls: tlsOptions,
          timeoutMs: this.requestTimeoutMs,
          signal,
          maxBytes,
          // without one, a buffer of its own: the answer is its alone
          into: options.into ?? new PageBuffer(),
          maxErrorBytes: MAX_ERROR_BODY_BYTES,
          onTooLarge,
        })
        .catch(e => {
          throw e instanceof ClusterRequestError
            ? e
            : new ClusterRequestError(e.message);
        });
      if (answer.statusCode !== 200) {
        throw errorFromStatus(
          answer.statusCode,
          answer.body.toString('utf8'),
          path,
        );
      }
      return answer.body;
    }
    const { res } = await this.open(path, {
      signal,
      timeoutMs: this.requestTimeoutMs,
    });
    if (res.statusCode !== 200) {
      throw await this.errorAnswer(res, path, signal);
    }
    return readBody(res, {
      timeoutMs: this.requestTimeoutMs,
      signal,
      maxBytes,
      into: options.into,
      onTooLarge,
    });
  }

  /**
   * The headers (auth) and TLS options of a request, from client-node's
   * KubeConfig as for node:http: read per request, so a rotated token (an
   * exec plugin's, a projected service account's) is used once it changes.
   */
  private async requestOptions(): Promise<{
    headers: Record<string, string>;
    tls: tls.ConnectionOptions;
  }> {
    const opts: https.RequestOptions = { headers: {} };
    await this.kubeConfig.applyToHTTPSOptions(opts);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(opts.headers ?? {})) {
      if (value !== undefined) headers[key] = String(value);
    }
    if (opts.auth) {
      headers.Authorization = `Basic ${Buffer.from(opts.auth).toString(
        'base64',
      )}`;
    }
    headers.Accept = 'application/json';
    const tlsOptions: tls.ConnectionOptions = {};
    for (const key of [
      'ca',
      'cert',
      'key',
      'pfx',
      'passphrase',
      'servername',
      'rejectUnauthorized',
    ] as const) {
      if (opts[key] !== undefined) (tlsOptions as any)[key] = opts[key];
    }
    return { headers, tls: tlsOptions };
  }

  /**
   * Open a streaming GET (a watch) and hand each line to `onLine`. Resolves
   * when the server ends the stream; rejects on errors, when nothing
   * arrives for `inactivityTimeoutMs`, and when a line grows past
   * `maxLineBytes` (a ResponseTooLargeError: the stream is cut, and at most
   * that much of the line was held).
   */
  async stream(
    path: string,
    options: {
      signal: AbortSignal;
      inactivityTimeoutMs: number;
      onLine: (line: string) => void;
      /** the server accepted the watch (200) */
      onOpen?: () => void;
      maxLineBytes?: number;
    },
  ): Promise<void> {
    const { res, req } = await this.open(path, {
      signal: options.signal,
      timeoutMs: this.requestTimeoutMs,
    });
    if (res.statusCode !== 200) {
      throw await this.errorAnswer(res, path, options.signal);
    }
    options.onOpen?.();
    const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_WATCH_LINE_BYTES;
    const lines = new LineSplitter(maxLineBytes);
    await new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout;
      let settled = false;
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(e);
      };
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          fail(
            new WatchInactivityError(
              `Watch ${path} sent nothing for ${options.inactivityTimeoutMs} ms`,
            ),
          );
        }, options.inactivityTimeoutMs);
      };
      const deliver = (line: string) => {
        if (line.trim()) options.onLine(line);
      };
      arm();
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        arm();
        try {
          for (const line of lines.push(chunk)) {
            deliver(line);
            if (settled) return;
          }
        } catch (e) {
          fail(
            e instanceof LineTooLongError
              ? new ResponseTooLargeError(
                  `A watch event from cluster ${
                    this.name
                  } on ${path} is larger than ${formatBytes(
                    maxLineBytes,
                  )} (workloadStatus.maxWatchLineBytes); the watch was cut`,
                  'line',
                  maxLineBytes,
                )
              : (e as Error),
          );
        }
      });
      res.on('end', () => {
        if (settled) return;
        try {
          const last = lines.end();
          if (last !== undefined) deliver(last);
        } catch (e) {
          fail(e as Error);
          return;
        }
        settled = true;
        clearTimeout(timer);
        resolve();
      });
      res.on('error', e => {
        fail(new ClusterRequestError(`Watch ${path} failed: ${e.message}`));
      });
      res.on('close', () => {
        if (!res.complete) {
          fail(new ClusterRequestError(`Watch ${path} closed prematurely`));
        }
      });
    });
  }

  /** The error an answer other than 200 stands for, from its Status body. */
  private async errorAnswer(
    res: http.IncomingMessage,
    path: string,
    signal?: AbortSignal,
  ): Promise<ClusterRequestError> {
    const body = await readBody(res, {
      timeoutMs: this.requestTimeoutMs,
      signal,
      maxBytes: MAX_ERROR_BODY_BYTES,
    });
    return errorFromStatus(res.statusCode ?? 0, body.toString('utf8'), path);
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
    // an https agent cannot carry an http request (a proxy agent can)
    if (transport === http && opts.agent instanceof https.Agent) {
      delete opts.agent;
    }
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

/**
 * Reads a body within `timeoutMs`, holding at most `maxBytes`: past it the
 * response is destroyed and the promise rejects with `onTooLarge()`, or
 * (without `onTooLarge`, for error bodies read for their message) resolves
 * with what was read so far. Read `into` a PageBuffer, the chunks are
 * copied into it as they come instead of gathered and concatenated.
 */
function readBody(
  res: http.IncomingMessage,
  options: {
    timeoutMs: number;
    signal?: AbortSignal;
    maxBytes: number;
    into?: PageBuffer;
    onTooLarge?: () => Error;
  },
): Promise<Buffer> {
  const { timeoutMs, signal, maxBytes, into, onTooLarge } = options;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    /** bytes taken in this turn of the event loop */
    let turnBytes = 0;
    let settled = false;
    // set below; settle() runs only after both are
    const cleanup: { timer?: NodeJS.Timeout; onAbort?: () => void } = {};
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(cleanup.timer);
      if (cleanup.onAbort) {
        signal?.removeEventListener('abort', cleanup.onAbort);
      }
      done();
    };
    cleanup.timer = setTimeout(() => {
      res.destroy();
      settle(() =>
        reject(
          new ClusterRequestError(
            `Response body not read within ${timeoutMs} ms`,
          ),
        ),
      );
    }, timeoutMs);
    cleanup.onAbort = () => {
      res.destroy();
      settle(() => reject(new ClusterRequestError('Aborted')));
    };
    signal?.addEventListener('abort', cleanup.onAbort, { once: true });
    const text = () => (into ? into.contents() : Buffer.concat(chunks, bytes));
    const tooLarge = () => {
      res.destroy();
      if (onTooLarge) {
        chunks.length = 0; // nothing of it is kept
        into?.reset({ maxBytes });
        settle(() => reject(onTooLarge()));
      } else {
        settle(() => resolve(text()));
      }
    };
    // a declared length past the cap fails before a byte is read
    const declared = Number(res.headers['content-length']);
    if (onTooLarge && declared > maxBytes) {
      tooLarge();
      return;
    }
    into?.reset({ maxBytes, expectedBytes: declared });
    res.on('data', (c: Buffer) => {
      if (settled) return;
      if (bytes + c.length > maxBytes) {
        if (!onTooLarge) {
          const kept = c.subarray(0, maxBytes - bytes);
          if (into) into.append(kept);
          else chunks.push(kept);
          bytes = maxBytes;
        }
        tooLarge();
        return;
      }
      if (into) into.append(c);
      else chunks.push(c);
      bytes += c.length;
      turnBytes += c.length;
      if (turnBytes >= BODY_BYTES_PER_TURN && !res.isPaused()) {
        // the rest waits for the next turn (the socket stops being read)
        res.pause();
        setImmediate(() => {
          turnBytes = 0;
          if (!settled) res.resume();
        });
      }
    });
    res.on('end', () => settle(() => resolve(text())));
    res.on('error', e =>
      settle(() => reject(new ClusterRequestError(e.message))),
    );
    res.on('close', () => {
      if (!res.complete) {
        settle(() =>
          reject(new ClusterRequestError('Response body closed prematurely')),
        );
      }
    });
  });
}

/** Longest Status message kept in an error (it is logged and shown). */
const MAX_STATUS_MESSAGE = 500;

function errorFromStatus(status: number, body: string, path: string) {
  let message = body.slice(0, 200);
  try {
    const parsed = JSON.parse(body);
    if (typeof parsed?.message === 'string') {
      message = parsed.message.slice(0, MAX_STATUS_MESSAGE);
    }
  } catch {
    // not a Status object (or cut at MAX_ERROR_BODY_BYTES); keep the raw text
  }
  return new ClusterRequestError(
    `GET ${path} answered ${status}: ${message}`,
    status,
  );
}
