/**
 * The status line and headers of an HTTP/1.1 answer. Header names are
 * lower-cased; a header sent more than once keeps its values joined with
 * ", " (as node:http does for most headers).
 */
export interface HttpResponseHead {
  statusCode: number;
  headers: ReadonlyMap<string, string>;
  /** the declared body length, when the body is not chunked */
  contentLength?: number;
  /** the connection may carry another request once this answer is read */
  keepAlive: boolean;
}

/** An answer that is not HTTP/1.1 as a server must send it. */
export class HttpProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HttpProtocolError';
  }
}

/**
 * Longest status line plus headers: a cluster decides what it sends, and
 * the head is held whole until it ends. node:http's default is 16 KiB;
 * an apiserver's heads are well under 1 KiB, Warning headers included.
 */
export const MAX_HEAD_BYTES = 64 * 1024;
/** Longest chunk-size line (with extensions) and trailer line. */
const MAX_CHUNK_LINE_BYTES = 1024;
const MAX_TRAILER_BYTES = 16 * 1024;

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

type State =
  | 'head'
  | 'length'
  | 'chunk-size'
  | 'chunk-data'
  | 'chunk-end'
  | 'trailers'
  | 'until-close'
  | 'done';

/**
 * Reads one HTTP/1.1 answer from the bytes of a socket as they arrive:
 * the head, then the body as views of those bytes (never copied here),
 * framed by Content-Length, chunked transfer coding or the end of the
 * connection. Every part it must hold before it can act on it (the head,
 * a chunk-size line, trailers) has a bound; anything a server must not
 * send is an HttpProtocolError.
 *
 * It exists so a LIST page can be read from a socket that reads into one
 * static buffer (see StaticBufferClient): node:http allocates a buffer per
 * read, ~1.1 GB of short-lived memory per list of 100k pods.
 */
export class HttpResponseParser {
  private state: State = 'head';
  /** the start of a head, chunk-size line or trailer not yet complete */
  private pending?: Buffer;
  /** bytes left of the body (length) or of the current chunk */
  private remaining = 0;

  constructor(
    private readonly handlers: {
      onHead(head: HttpResponseHead): void;
      /** a view of the pushed bytes: copy what is kept past the call */
      onBody(bytes: Buffer): void;
      onEnd(): void;
    },
  ) {}

  /** The whole answer has been read. */
  get complete(): boolean {
    return this.state === 'done';
  }

  /** Some of an answer has arrived. */
  get started(): boolean {
    return this.state !== 'head' || this.pending !== undefined;
  }

  /**
   * Feeds bytes read from the socket. Bytes past the end of the answer
   * are an error: nothing was asked for after it.
   */
  push(bytes: Buffer): void {
    let at = 0;
    while (at < bytes.length) {
      switch (this.state) {
        case 'head':
          at = this.readHead(bytes, at);
          break;
        case 'length':
        case 'chunk-data': {
          const n = Math.min(this.remaining, bytes.length - at);
          this.remaining -= n;
          const data = bytes.subarray(at, at + n);
          at += n;
          if (this.remaining === 0) {
            this.state = this.state === 'length' ? 'done' : 'chunk-end';
          }
          this.handlers.onBody(data);
          if (this.state === 'done') this.handlers.onEnd();
          break;
        }
        case 'chunk-size':
          at = this.gather(bytes, at, CRLF, MAX_CHUNK_LINE_BYTES, line =>
            this.chunkSize(line),
          );
          break;
        case 'chunk-end':
          // CRLF and nothing else (within 2 bytes) ends a chunk
          at = this.gather(bytes, at, CRLF, CRLF.length, () => {
            this.state = 'chunk-size';
          });
          break;
        case 'trailers':
          at = this.gather(bytes, at, CRLF, MAX_TRAILER_BYTES, line => {
            if (line.length === 0) this.finish();
          });
          break;
        case 'until-close':
          this.handlers.onBody(bytes.subarray(at));
          at = bytes.length;
          break;
        case 'done':
          throw new HttpProtocolError(
            'The server sent more than its answer on the connection',
          );
        default:
          throw new Error(`unknown state ${this.state satisfies never}`);
      }
    }
  }

  /**
   * The server closed the connection: the end of a body read until the
   * close, and an error for any other answer not read to its end.
   */
  end(): void {
    if (this.state === 'until-close') {
      this.finish();
      return;
    }
    if (this.state !== 'done') {
      throw new HttpProtocolError(
        this.state === 'head'
          ? 'The connection closed before an answer'
          : 'The connection closed before the answer ended',
      );
    }
  }

  private finish() {
    this.state = 'done';
    this.handlers.onEnd();
  }

  private readHead(bytes: Buffer, at: number): number {
    return this.gather(bytes, at, HEAD_END, MAX_HEAD_BYTES, head =>
      this.startBody(parseHead(head.toString('latin1'))),
    );
  }

  private startBody(head: HttpResponseHead) {
    const { statusCode } = head;
    // 1xx answers (100 Continue, 103 Early Hints) precede the real one
    if (statusCode >= 100 && statusCode < 200) return;
    this.handlers.onHead(head);
    const transferEncoding = head.headers.get('transfer-encoding');
    if (statusCode === 204 || statusCode === 304) {
      this.finish();
    } else if (transferEncoding !== undefined) {
      const codings = transferEncoding.toLowerCase().split(',');
      if (codings[codings.length - 1].trim() !== 'chunked') {
        // a body coded by anything else (gzip) was not asked for
        throw new HttpProtocolError(
          `Unsupported transfer coding '${transferEncoding.slice(0, 100)}'`,
        );
      }
      this.state = 'chunk-size';
    } else if (head.contentLength !== undefined) {
      this.remaining = head.contentLength;
      if (this.remaining === 0) this.finish();
      else this.state = 'length';
    } else {
      this.state = 'until-close';
    }
  }

  /**
   * Gathers bytes up to `terminator`, at most `max` with it, across reads
   * if it must, and hands them to `done` without the terminator. Returns
   * where the bytes after it start.
   */
  private gather(
    bytes: Buffer,
    at: number,
    terminator: Buffer,
    max: number,
    done: (gathered: Buffer) => void,
  ): number {
    const before = this.pending?.length ?? 0;
    const window = bytes.subarray(at, at + max - before);
    const joined = this.pending
      ? Buffer.concat([this.pending, window])
      : window;
    const end = joined.indexOf(terminator);
    if (end < 0) {
      if (joined.length >= max) throw this.tooLong(max);
      // a copy: the caller's bytes are overwritten by the next read
      this.pending = Buffer.from(joined);
      return bytes.length;
    }
    this.pending = undefined;
    done(joined.subarray(0, end));
    return at + end + terminator.length - before;
  }

  private tooLong(max: number) {
    switch (this.state) {
      case 'head':
        return new HttpProtocolError(
          `The answer's head is longer than ${max} bytes`,
        );
      case 'trailers':
        return new HttpProtocolError(
          `A trailer line of the answer is longer than ${max} bytes`,
        );
      case 'chunk-end':
        return new HttpProtocolError('A chunk is longer than its size');
      default:
        return new HttpProtocolError(
          `A chunk-size line is longer than ${max} bytes`,
        );
    }
  }

  private chunkSize(line: Buffer) {
    // chunk-size [; extensions]: extensions are allowed and ignored
    const text = line.toString('latin1');
    const size = text.split(';', 1)[0].trim();
    if (!/^[0-9a-fA-F]{1,12}$/.test(size)) {
      throw new HttpProtocolError(
        `Invalid chunk size '${text.slice(0, 40)}' in the answer`,
      );
    }
    this.remaining = parseInt(size, 16);
    this.state = this.remaining === 0 ? 'trailers' : 'chunk-data';
  }
}

/** Token characters of a header name (RFC 9110, section 5.6.2). */
export const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function parseHead(text: string): HttpResponseHead {
  const lines = text.split('\r\n');
  const status = /^HTTP\/1\.([01]) (\d{3})(?: [^\r\n]*)?$/.exec(lines[0]);
  if (!status) {
    throw new HttpProtocolError(
      `Invalid status line '${lines[0].slice(0, 80)}' in the answer`,
    );
  }
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    // a line starting with whitespace is obsolete line folding, which a
    // client must refuse or unfold; nothing sends it to us
    if (!HTTP_TOKEN.test(name)) {
      throw new HttpProtocolError(
        `Invalid header line '${line.slice(0, 80)}' in the answer`,
      );
    }
    const key = name.toLowerCase();
    const value = line.slice(colon + 1).trim();
    const before = headers.get(key);
    headers.set(key, before === undefined ? value : `${before}, ${value}`);
  }
  const http10 = status[1] === '0';
  const connection = (headers.get('connection') ?? '').toLowerCase();
  return {
    statusCode: Number(status[2]),
    headers,
    contentLength: contentLength(headers),
    keepAlive: http10
      ? /\bkeep-alive\b/.test(connection)
      : !/\bclose\b/.test(connection),
  };
}

function contentLength(
  headers: ReadonlyMap<string, string>,
): number | undefined {
  const declared = headers.get('content-length');
  if (declared === undefined || headers.has('transfer-encoding')) {
    return undefined;
  }
  // a length sent twice must agree with itself ("5, 5")
  const values = new Set(declared.split(',').map(v => v.trim()));
  const [value] = values;
  if (values.size !== 1 || !/^\d{1,15}$/.test(value)) {
    throw new HttpProtocolError(
      `Invalid Content-Length '${declared.slice(0, 40)}' in the answer`,
    );
  }
  return Number(value);
}
