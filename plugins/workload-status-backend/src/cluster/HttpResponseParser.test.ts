import {
  HttpProtocolError,
  HttpResponseHead,
  HttpResponseParser,
  MAX_HEAD_BYTES,
} from './HttpResponseParser';

/** Parses `answer` fed in pieces of `sizes` (repeated), as reads would. */
function parse(answer: string | Buffer, sizes: number[] = [1 << 20]) {
  const heads: HttpResponseHead[] = [];
  const body: Buffer[] = [];
  let ends = 0;
  const parser = new HttpResponseParser({
    onHead: h => heads.push(h),
    onBody: b => body.push(Buffer.from(b)),
    onEnd: () => ends++,
  });
  const bytes = Buffer.from(answer);
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length];
    // a reused read buffer: what was pushed is overwritten afterwards
    const read = Buffer.from(bytes.subarray(at, at + size));
    parser.push(read);
    read.fill(0);
    at += size;
  }
  return { heads, body: Buffer.concat(body).toString(), ends, parser };
}

const chunked = (...chunks: string[]) =>
  `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${chunks
    .map(c => `${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`)
    .join('')}0\r\n\r\n`;

describe('HttpResponseParser', () => {
  it('reads a head and a Content-Length body, whatever the reads split', () => {
    const answer =
      'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nAudit-Id: a\r\n' +
      'Content-Length: 11\r\n\r\n{"items":[]';
    for (const sizes of [[1 << 20], [1], [2, 3], [7], [50, 1]]) {
      const { heads, body, ends, parser } = parse(answer, sizes);
      expect(heads).toHaveLength(1);
      expect(heads[0].statusCode).toBe(200);
      expect(heads[0].headers.get('content-type')).toBe('application/json');
      expect(heads[0].contentLength).toBe(11);
      expect(heads[0].keepAlive).toBe(true);
      expect(body).toBe('{"items":[]');
      expect(ends).toBe(1);
      expect(parser.complete).toBe(true);
    }
  });

  it('reads a chunked body with extensions and trailers, whatever the reads split', () => {
    const answer = chunked('{"items":', '[1,2', ',3]}').replace(
      '0\r\n\r\n',
      '0;done\r\nX-Trailer: yes\r\n\r\n',
    );
    for (const sizes of [[1 << 20], [1], [3], [5, 1, 2]]) {
      const { heads, body, ends } = parse(answer, sizes);
      expect(heads[0].contentLength).toBeUndefined();
      expect(body).toBe('{"items":[1,2,3]}');
      expect(ends).toBe(1);
    }
  });

  it('reads a body until the connection closes when it has no length', () => {
    const { body, ends, parser } = parse(
      'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it',
    );
    expect(body).toBe('all of it');
    expect(ends).toBe(0);
    expect(parser.complete).toBe(false);
    parser.end();
    expect(parser.complete).toBe(true);
  });

  it('skips interim 1xx answers and joins repeated headers', () => {
    const { heads, body } = parse(
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 410 Gone\r\nWarning: a\r\n' +
        'warning: b\r\nContent-Length: 2\r\n\r\n{}',
    );
    expect(heads.map(h => h.statusCode)).toEqual([410]);
    expect(heads[0].headers.get('warning')).toBe('a, b');
    expect(body).toBe('{}');
  });

  it('tells whether the connection can carry another request', () => {
    const head = (text: string) =>
      parse(`${text}\r\nContent-Length: 0\r\n\r\n`).heads[0];
    expect(head('HTTP/1.1 200 OK').keepAlive).toBe(true);
    expect(head('HTTP/1.1 200 OK\r\nConnection: close').keepAlive).toBe(false);
    expect(head('HTTP/1.0 200 OK').keepAlive).toBe(false);
    expect(head('HTTP/1.0 200 OK\r\nConnection: keep-alive').keepAlive).toBe(
      true,
    );
  });

  it('ends answers that have no body at their head', () => {
    expect(parse('HTTP/1.1 204 No Content\r\n\r\n').ends).toBe(1);
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n').ends).toBe(1);
  });

  describe('refuses what a server must not send', () => {
    /** the parse of `answer`, to expect a refusal of */
    const parsing = (answer: string | Buffer) => () => parse(answer);

    it('a malformed status line or header', () => {
      expect(parsing('HTTP/2 200 OK\r\n\r\n')).toThrow(
        /Invalid status line 'HTTP\/2 200 OK'/,
      );
      expect(parsing('ICY 200 OK\r\n\r\n')).toThrow(/Invalid status line/);
      expect(parsing('HTTP/1.1 200 OK\r\nNo colon\r\n\r\n')).toThrow(
        /Invalid header line/,
      );
      expect(parsing('HTTP/1.1 200 OK\r\nA: 1\r\n folded\r\n\r\n')).toThrow(
        /Invalid header/,
      );
      expect(parsing('HTTP/1.1 200 OK\r\nBad name: 1\r\n\r\n')).toThrow(
        /Invalid header/,
      );
    });

    it('a length that is not one number, or a coding not asked for', () => {
      expect(parsing('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n')).toThrow(
        /Content-Length/,
      );
      expect(parsing('HTTP/1.1 200 OK\r\nContent-Length: 1e3\r\n\r\n')).toThrow(
        /Content/,
      );
      expect(
        parsing(
          'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n',
        ),
      ).toThrow(/Invalid Content-Length '5, 6'/);
      expect(
        parsing('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n'),
      ).toThrow(/Unsupported transfer coding 'gzip'/);
      // the same length twice is one length
      expect(
        parse(
          'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok',
        ).body,
      ).toBe('ok');
    });

    it('a chunk that is not what its size says', () => {
      const ok = chunked('abc');
      expect(parsing(ok.replace('3\r\n', 'x\r\n'))).toThrow(
        /Invalid chunk size 'x'/,
      );
      expect(parsing(ok.replace('3\r\n', '-3\r\n'))).toThrow(
        /Invalid chunk size/,
      );
      expect(parsing(ok.replace('3\r\n', '1000000000000\r\n'))).toThrow(
        /Invalid chunk size/,
      );
      expect(parsing(ok.replace('3\r\nabc', '2\r\nabc'))).toThrow(
        /longer than its size/,
      );
    });

    it('bytes after the end of the answer', () => {
      expect(
        parsing(
          'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK',
        ),
      ).toThrow(/more than its answer/);
    });

    it('a connection closed before the answer ended', () => {
      const { parser } = parse('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n1');
      expect(() => parser.end()).toThrow(/closed before the answer ended/);
      expect(() =>
        new HttpResponseParser({
          onHead() {},
          onBody() {},
          onEnd() {},
        }).end(),
      ).toThrow(/closed before an answer/);
    });
  });

  describe('holds no more than its bounds of what a server sends', () => {
    it('a head that never ends', () => {
      const endless = `HTTP/1.1 200 OK\r\nX: ${'h'.repeat(MAX_HEAD_BYTES)}`;
      for (const sizes of [[1 << 20], [4096]]) {
        expect(() => parse(endless, sizes)).toThrow(HttpProtocolError);
        expect(() => parse(endless, sizes)).toThrow(
          /head is longer than 65536 bytes/,
        );
      }
      // just under the bound is an answer
      const fits = `HTTP/1.1 200 OK\r\nX: ${'h'.repeat(
        MAX_HEAD_BYTES - 60,
      )}\r\nContent-Length: 0\r\n\r\n`;
      expect(parse(fits, [1000]).ends).toBe(1);
    });

    it('a chunk-size line or trailer that never ends', () => {
      const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';
      expect(() => parse(`${head}1;${'e'.repeat(2000)}`, [100])).toThrow(
        /chunk-size line is longer than 1024 bytes/,
      );
      expect(() =>
        parse(`${head}0\r\nX: ${'t'.repeat(20_000)}`, [1000]),
      ).toThrow(/trailer line of the answer is longer than 16384/);
    });

    it('passes the body on as views of the reads, holding none of it', () => {
      const views: Buffer[] = [];
      const parser = new HttpResponseParser({
        onHead() {},
        onBody: b => views.push(b),
        onEnd() {},
      });
      const read = Buffer.from(
        'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody',
      );
      parser.push(read);
      expect(views).toHaveLength(1);
      expect(views[0].buffer).toBe(read.buffer);
    });
  });
});
