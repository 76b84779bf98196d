import net from 'node:net';
import tls from 'node:tls';
import {
  HTTP_TOKEN,
  HttpResponseHead,
  HttpResponseParser,
} from './HttpResponseParser';
import { PageBuffer } from './PageBuffer';

/** Where the client connects. */
export interface StaticBufferTarget {
  /** the cluster's name, for messages */
  name: string;
  url: URL;
}

/** An answer: its status and its body (a view of `into` on 200). */
export interface StaticBufferAnswer {
  statusCode: number;
  body: Buffer;
}

/**
 * Each socket reads into one buffer of this size, for its whole life:
 * the size of one read of node:http's, which allocates a new one per read.
 */
const READ_BUFFER_BYTES = 64 * 1024;
/** Sockets kept open between requests, and for how long. */
const MAX_IDLE_SOCKETS = 2;
const IDLE_TIMEOUT_MS = 15_000;

/** A kept socket closed before any of the answer arrived. */
class StaleSocketError extends Error {}

/** One connection to the cluster and the buffer it reads into. */
class StaticBufferSocket {
  readonly socket: net.Socket;
  /** where the bytes read go: false pauses reading until the next turn */
  onBytes: (bytes: Buffer) => boolean = () => false;
  /** the socket closed, with the error that closed it */
  onClose: (error?: Error) => void = () => {};
  /** a request went out on it before */
  reused = false;
  private idleTimer?: NodeJS.Timeout;

  constructor(target: StaticBufferTarget, tlsOptions?: tls.ConnectionOptions) {
    const buffer = Buffer.allocUnsafeSlow(READ_BUFFER_BYTES);
    const onread = {
      buffer,
      callback: (n: number, read: Uint8Array) =>
        this.onBytes(Buffer.from(read.buffer, read.byteOffset, n)),
    };
    const host = target.url.hostname.replace(/^\[(.*)\]$/, '$1');
    const https = target.url.protocol === 'https:';
    const port = Number(target.url.port) || (https ? 443 : 80);
    this.socket = https
      ? tls.connect({
          // SNI names a host, never an address
          servername: net.isIP(host) ? undefined : host,
          ALPNProtocols: ['http/1.1'],
          ...tlsOptions,
          host,
          port,
          onread,
        } as tls.ConnectionOptions)
      : net.connect({ host, port, onread });
    this.socket.setNoDelay(true);
    let error: Error | undefined;
    this.socket.on('error', e => {
      error = e;
    });
    this.socket.on('close', () => this.onClose(error));
  }

  /** Kept for a later request: closes after `timeoutMs` unused. */
  park(onClosed: () => void, timeoutMs: number) {
    this.reused = true;
    this.onBytes = () => {
      // bytes between answers: nothing was asked; the connection is unusable
      this.socket.destroy();
      return false;
    };
    this.onClose = onClosed;
    // an idle socket does not keep the process alive
    this.socket.unref();
    this.idleTimer = setTimeout(() => this.socket.destroy(), timeoutMs);
    this.idleTimer.unref();
  }

  /** Taken for a request; false when it closed while parked. */
  unpark(): boolean {
    clearTimeout(this.idleTimer);
    if (this.socket.destroyed || !this.socket.writable) return false;
    this.socket.ref();
    return true;
  }
}

/**
 * GETs over HTTP/1.1 for LIST pages, reading every socket into one static
 * buffer instead of node:http's new 64 KB buffer per read. A list of 100k
 * pods through node:http allocated ~1.1 GB of read buffers, outside the JS
 * heap and freed only by GC: now and then they started a mark-compact of
 * 100+ ms (docs/benchmarks.md, "No stall at 100k pods"). Here a page costs
 * the copy into its PageBuffer and nothing else.
 *
 * A socket is kept open between pages (keep-alive, as node:http's agent
 * does), and a request on a kept socket that the server had closed is sent
 * again on a new one. At most `bytesPerTurn` of a body is taken per turn
 * of the event loop: the socket is paused until the next.
 */
export class StaticBufferClient {
  private readonly idle: StaticBufferSocket[] = [];

  constructor(
    private readonly target: StaticBufferTarget,
    private readonly bytesPerTurn: number,
  ) {}

  /**
   * GET `path`. A 200 answer's body is read `into` the PageBuffer, at most
   * `maxBytes` of it (past that: `onTooLarge()`, the request aborted); any
   * other answer's body is read for its message, at most `maxErrorBytes`.
   * Time to the head and time for the body are `timeoutMs` each.
   */
  async get(
    path: string,
    options: {
      headers: Record<string, string>;
      /** for a new socket on https: ca, cert, key, rejectUnauthorized... */
      tls?: tls.ConnectionOptions;
      timeoutMs: number;
      signal?: AbortSignal;
      maxBytes: number;
      into: PageBuffer;
      maxErrorBytes: number;
      onTooLarge: () => Error;
    },
  ): Promise<StaticBufferAnswer> {
    const request = requestText(this.target.url, path, options.headers);
    for (;;) {
      const kept = this.takeIdle();
      const socket = kept ?? new StaticBufferSocket(this.target, options.tls);
      try {
        return await this.exchange(socket, request, options);
      } catch (e) {
        // a kept socket the server had closed: send it again, on a new one
        if (!(kept && e instanceof StaleSocketError)) throw e;
      }
    }
  }

  private takeIdle(): StaticBufferSocket | undefined {
    for (;;) {
      const socket = this.idle.pop();
      if (!socket || socket.unpark()) return socket;
    }
  }

  private keep(socket: StaticBufferSocket) {
    if (this.idle.length >= MAX_IDLE_SOCKETS) {
      socket.socket.destroy();
      return;
    }
    socket.park(() => {
      const at = this.idle.indexOf(socket);
      if (at >= 0) this.idle.splice(at, 1);
    }, IDLE_TIMEOUT_MS);
    this.idle.push(socket);
  }

  private exchange(
    connection: StaticBufferSocket,
    request: string,
    options: Parameters<StaticBufferClient['get']>[1],
  ): Promise<StaticBufferAnswer> {
    const { timeoutMs, signal, maxBytes, into, maxErrorBytes, onTooLarge } =
      options;
    const { socket } = connection;
    const name = this.target.name;
    return new Promise<StaticBufferAnswer>((resolve, reject) => {
      let head: HttpResponseHead | undefined;
      let settled = false;
      /** the whole answer has been read */
      let ended = false;
      let bodyBytes = 0;
      let turnBytes = 0;
      let resumeScheduled = false;
      const errorBody = new PageBuffer();
      let timer: NodeJS.Timeout;
      // set below; settle() runs only after it is
      const listeners: { onAbort?: () => void } = {};
      const settle = (error: Error | undefined, keepSocket = false) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (listeners.onAbort) {
          signal?.removeEventListener('abort', listeners.onAbort);
        }
        if (keepSocket) this.keep(connection);
        else socket.destroy();
        if (error) {
          reject(error);
          return;
        }
        const statusCode = head!.statusCode;
        resolve({
          statusCode,
          body: statusCode === 200 ? into.contents() : errorBody.contents(),
        });
      };
      listeners.onAbort = () => settle(new Error('Aborted'));
      if (signal?.aborted) {
        listeners.onAbort();
        return;
      }
      signal?.addEventListener('abort', listeners.onAbort, { once: true });
      timer = setTimeout(
        () =>
          settle(new Error(`No response from ${name} within ${timeoutMs} ms`)),
        timeoutMs,
      );

      const parser = new HttpResponseParser({
        onHead: h => {
          if (settled) return;
          head = h;
          clearTimeout(timer);
          timer = setTimeout(
            () =>
              settle(
                new Error(`Response body not read within ${timeoutMs} ms`),
              ),
            timeoutMs,
          );
          if (h.statusCode !== 200) {
            errorBody.reset({ maxBytes: maxErrorBytes });
            return;
          }
          // a declared length past the cap fails before a byte is read
          if (h.contentLength !== undefined && h.contentLength > maxBytes) {
            into.reset({ maxBytes });
            settle(onTooLarge());
            return;
          }
          into.reset({ maxBytes, expectedBytes: h.contentLength });
        },
        onBody: bytes => {
          if (settled) return;
          if (head!.statusCode !== 200) {
            // only the start of an error body is kept, for its message
            const room = maxErrorBytes - bodyBytes;
            if (room > 0) errorBody.append(bytes.subarray(0, room));
            bodyBytes += bytes.length;
            if (bodyBytes >= maxErrorBytes) settle(undefined);
            return;
          }
          if (bodyBytes + bytes.length > maxBytes) {
            into.reset({ maxBytes }); // nothing of it is kept
            settle(onTooLarge());
            return;
          }
          into.append(bytes);
          bodyBytes += bytes.length;
          turnBytes += bytes.length;
        },
        onEnd: () => {
          ended = true;
        },
      });

      connection.onBytes = bytes => {
        if (settled) return false;
        try {
          parser.push(bytes);
        } catch (e) {
          // bytes past a whole answer: the answer stands, the socket does not
          settle(
            ended
              ? undefined
              : new Error(
                  `Invalid answer from ${name}: ${(e as Error).message}`,
                ),
          );
          return false;
        }
        if (ended) settle(undefined, head!.keepAlive);
        if (settled || turnBytes < this.bytesPerTurn) return true;
        // the rest waits for the next turn (the socket stops being read)
        if (!resumeScheduled) {
          resumeScheduled = true;
          setImmediate(() => {
            resumeScheduled = false;
            turnBytes = 0;
            if (!settled) socket.resume();
          });
        }
        return false;
      };
      connection.onClose = error => {
        if (settled) return;
        if (connection.reused && !parser.started) {
          settle(new StaleSocketError());
          return;
        }
        if (error) {
          settle(
            new Error(
              head
                ? `Response body failed: ${error.message}`
                : `Request to cluster ${name} failed: ${error.message}`,
            ),
          );
          return;
        }
        try {
          parser.end();
          settle(undefined); // a body read until the close
        } catch (e) {
          settle(
            new Error(
              head
                ? 'Response body closed prematurely'
                : `Request to cluster ${name} failed: ${(e as Error).message}`,
            ),
          );
        }
      };
      socket.write(request);
    });
  }
}

/** Characters a request line or header may carry (visible ASCII, space, tab). */
const SAFE_PATH = /^\/[\x21-\x7e]*$/;
const SAFE_HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function requestText(
  url: URL,
  path: string,
  headers: Record<string, string>,
): string {
  const target = url.pathname.replace(/\/$/, '') + path;
  // nothing of a path or header may end the request line or a header
  if (!SAFE_PATH.test(target)) {
    throw new Error(`Invalid request path '${target.slice(0, 100)}'`);
  }
  const lines = [`GET ${target} HTTP/1.1`, `Host: ${url.host}`];
  for (const [key, value] of Object.entries(headers)) {
    if (!HTTP_TOKEN.test(key) || !SAFE_HEADER_VALUE.test(value)) {
      throw new Error(`Invalid request header '${key.slice(0, 40)}'`);
    }
    lines.push(`${key}: ${value}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}
