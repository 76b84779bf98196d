import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type { ClusterConnection } from '../../cluster/ClusterConnection';
import {
  publicClusterError,
  scrubInternalDetail,
} from '../../cluster/clusterErrorText';
import { withInternalDetail } from '../../service/publicErrors';
import type { PodLogOptions } from './LogRequest';
import { RedactingLineStream } from './RedactingLineStream';

/** One container of one pod in one cluster. */
export interface PodLogTarget {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
}

/** A log read to the end, redacted. */
export interface PodLogText {
  text: string;
  lines: number;
  /** the log may go on before what was read (line or byte limit reached, or timed out) */
  truncated: boolean;
  /** the cluster did not send the whole answer within the time given */
  timedOut: boolean;
}

// the most of an error body read to learn the cluster's message
const MAX_ERROR_BODY = 64 * 1024;

/**
 * Reads container logs from the cluster at request time
 * (`GET /api/v1/namespaces/{ns}/pods/{pod}/log`), redacted line by line.
 *
 * The request is made with client-node's KubeConfig (URL, token, client
 * certificates, CA, exec plugins, as for the watches) over node:http,
 * rather than with client-node's `Log` class: `Log` drops the cluster's
 * error message (the kubelet's "container is waiting to start" reaches the
 * caller as a bare 400), cannot be aborted before the server answers, and
 * leaves errors of the upstream stream without a listener.
 */
export class PodLogReader {
  constructor(
    private readonly options: {
      connection: (cluster: string) => ClusterConnection;
      /** time to the response headers */
      requestTimeoutMs: number;
      /** time to the end of a read() */
      readTimeoutMs: number;
    },
  ) {}

  /**
   * Opens the log and resolves once the cluster has accepted the request,
   * with a stream of redacted text that ends when the cluster ends the log
   * (at once without follow; for follow when the container stops or the
   * pod is deleted), when `signal` aborts, or when the upstream breaks.
   * Rejects with NotFoundError (no such pod or container), InputError
   * (the kubelet refused: no previous run, container not started) or
   * ServiceUnavailableError (cluster unreachable or failing).
   */
  async open(
    target: PodLogTarget,
    options: PodLogOptions & { follow: boolean },
    signal: AbortSignal,
  ): Promise<Readable & { lines: number; cut: boolean }> {
    const connection = this.options.connection(target.cluster);
    const res = await this.request(connection, target, options, signal);
    const out = new RedactingLineStream(options.limitBytes);
    const finish = () => {
      if (!out.writableEnded) out.end();
    };
    // A broken or aborted upstream ends the log where it broke: the lines
    // read so far were already sent.
    res.on('error', finish);
    res.on('close', finish);
    signal.addEventListener('abort', () => res.destroy(), { once: true });
    res.pipe(out);
    return out;
  }

  /**
   * The log to its end (no follow), as text. A log that takes longer than
   * `timeoutMs` (default readTimeout; a stalled or trickling kubelet) is cut
   * there, and what was read is returned as truncated and timed out.
   */
  async read(
    target: PodLogTarget,
    options: PodLogOptions,
    timeoutMs: number = this.options.readTimeoutMs,
  ): Promise<PodLogText> {
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, Math.max(1, timeoutMs));
    try {
      const stream = await this.open(
        target,
        { ...options, follow: false },
        abort.signal,
      );
      const chunks: string[] = [];
      for await (const chunk of stream) chunks.push(chunk.toString('utf8'));
      const text = chunks.join('');
      return {
        text,
        lines: stream.lines,
        truncated:
          timedOut ||
          stream.cut ||
          Buffer.byteLength(text) >= options.limitBytes ||
          stream.lines >= options.tailLines,
        timedOut,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  private async request(
    connection: ClusterConnection,
    target: PodLogTarget,
    options: PodLogOptions & { follow: boolean },
    signal: AbortSignal,
  ): Promise<http.IncomingMessage> {
    const query = new URLSearchParams({
      container: target.container,
      follow: String(options.follow),
      previous: String(options.previous),
      tailLines: String(options.tailLines),
      limitBytes: String(options.limitBytes),
      timestamps: String(options.timestamps),
    });
    if (options.sinceSeconds !== undefined) {
      query.set('sinceSeconds', String(options.sinceSeconds));
    }
    if (options.sinceTime !== undefined) {
      query.set('sinceTime', options.sinceTime);
    }
    const path = `/api/v1/namespaces/${encodeURIComponent(
      target.namespace,
    )}/pods/${encodeURIComponent(target.pod)}/log?${query}`;
    const url = new URL(
      connection.url.pathname.replace(/\/$/, '') + path,
      connection.url,
    );
    const opts: https.RequestOptions = { headers: {} };
    await connection.config.applyToHTTPSOptions(opts);
    const transport = url.protocol === 'https:' ? https : http;
    if (transport === http) delete opts.agent; // an https agent on an http URL

    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = transport.request(url, {
        ...opts,
        method: 'GET',
        headers: { ...opts.headers, Accept: 'text/plain, application/json' },
        signal,
      });
      // time to the response headers; a body has its own bounds
      const timer = setTimeout(
        () =>
          req.destroy(
            withInternalDetail(
              new ServiceUnavailableError(
                `Cannot read the log of ${describeTarget(target)}: cluster ${
                  target.cluster
                }: timed out`,
              ),
              `no response headers within ${this.options.requestTimeoutMs} ms`,
            ),
          ),
        this.options.requestTimeoutMs,
      );
      req.on('response', r => {
        clearTimeout(timer);
        resolve(r);
      });
      req.on('error', e => {
        clearTimeout(timer);
        reject(
          e instanceof ServiceUnavailableError
            ? e
            : withInternalDetail(
                new ServiceUnavailableError(
                  `Cannot read the log of ${describeTarget(
                    target,
                  )}: ${publicClusterError(target.cluster, e)}`,
                ),
                `${url.origin}: ${e.message}`,
              ),
        );
      });
      req.end();
    });
    if (res.statusCode === 200) return res;
    const message = await errorMessage(res);
    throw logRequestError(res.statusCode ?? 0, message, target);
  }
}

/**
 * The cluster's refusal as the error the caller gets: 400, 404 or 503,
 * never 500. The kubelet's reasons (not started yet, no previous run) are
 * kept without addresses or account names; a refusal of the plugin itself
 * (401, 403) or a failure names the cluster and the status only. The
 * cluster's message is attached as detail (see withInternalDetail).
 */
export function logRequestError(
  status: number,
  message: string,
  target: PodLogTarget,
): Error {
  const what = describeTarget(target);
  let error: Error;
  if (status === 404) {
    error = new NotFoundError(
      `No log of ${what} in cluster ${target.cluster}: ${scrubInternalDetail(
        message,
      )}`,
    );
  } else if (status === 400) {
    // the kubelet's reasons: not started yet, no previous run, ...
    error = new InputError(
      `Cannot read the log of ${what} in cluster ${
        target.cluster
      }: ${scrubInternalDetail(message)}`,
    );
  } else {
    const hint =
      status === 403 ? "; check its service account's RBAC for pods/log" : '';
    error = new ServiceUnavailableError(
      `Cannot read the log of ${what}: ${publicClusterError(target.cluster, {
        statusCode: status,
      })}${hint}`,
    );
  }
  return withInternalDetail(error, `cluster answered ${status}: ${message}`);
}

function describeTarget(target: PodLogTarget) {
  return `container ${target.container} of pod ${target.namespace}/${target.pod}`;
}

async function errorMessage(res: http.IncomingMessage): Promise<string> {
  const body = await new Promise<string>(resolve => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      if (text.length < MAX_ERROR_BODY) text += chunk;
      else res.destroy();
    });
    res.on('end', () => resolve(text));
    res.on('error', () => resolve(text));
    res.on('close', () => resolve(text));
  });
  try {
    const status = JSON.parse(body);
    if (typeof status?.message === 'string')
      return status.message.slice(0, 1000);
  } catch {
    // not a Status object
  }
  return body.trim().slice(0, 1000) || res.statusMessage || 'no message';
}
