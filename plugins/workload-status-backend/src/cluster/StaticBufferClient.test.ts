import net from 'node:net';
import { PageBuffer } from './PageBuffer';
import { StaticBufferClient } from './StaticBufferClient';

/**
 * A server that speaks raw HTTP/1.1, so a test decides every byte: each
 * request (its text) goes to `answer`, with the connection's number.
 */
async function rawServer(
  answer: (request: string, connection: number, socket: net.Socket) => void,
) {
  let connections = 0;
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer(socket => {
    const id = ++connections;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let pending = '';
    socket.on('data', d => {
      pending += d.toString('latin1');
      let end = pending.indexOf('\r\n\r\n');
      while (end >= 0) {
        const request = pending.slice(0, end);
        pending = pending.slice(end + 4);
        requests.push(request);
        answer(request, id, socket);
        end = pending.indexOf('\r\n\r\n');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    requests,
    get connections() {
      return connections;
    },
    close: async () => {
      sockets.forEach(s => s.destroy());
      await new Promise(r => server.close(r));
    },
  };
}

const ok = (body: string, extra = '') =>
  `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n${extra}Content-Length: ${Buffer.byteLength(
    body,
  )}\r\n\r\n${body}`;

const get = (
  client: StaticBufferClient,
  path: string,
  options: { into?: PageBuffer; signal?: AbortSignal; maxBytes?: number } = {},
) =>
  client.get(path, {
    headers: { Authorization: 'Bearer tok3n', Accept: 'application/json' },
    timeoutMs: 2000,
    signal: options.signal,
    maxBytes: options.maxBytes ?? 16 * 1024 * 1024,
    into: options.into ?? new PageBuffer(),
    maxErrorBytes: 1024,
    onTooLarge: () => new Error('too large'),
  });

describe('StaticBufferClient', () => {
  let server: Awaited<ReturnType<typeof rawServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends a GET with its headers and reads the pages of a list over one connection', async () => {
    server = await rawServer((request, _, socket) => {
      socket.write(ok(`{"path":"${request.split(' ')[1]}"}`));
    });
    const client = new StaticBufferClient({ name: 'c', url: server.url }, 1e9);
    const into = new PageBuffer();
    for (let page = 1; page <= 5; page++) {
      const answer = await get(client, `/api/v1/pods?continue=${page}`, {
        into,
      });
      expect(answer.statusCode).toBe(200);
      expect(JSON.parse(answer.body.toString())).toEqual({
        path: `/api/v1/pods?continue=${page}`,
      });
    }
    expect(server.connections).toBe(1);
    expect(server.requests[0].split('\r\n')).toEqual([
      'GET /api/v1/pods?continue=1 HTTP/1.1',
      `Host: ${server.url.host}`,
      'Authorization: Bearer tok3n',
      'Accept: application/json',
    ]);
  });

  it('sends a request again on a new connection when the server closed the kept one', async () => {
    server = await rawServer((_, connection, socket) => {
      // the first connection answers once, then drops the next request,
      // as a server does whose idle timeout fired as the request went out
      if (connection === 1 && server!.requests.length > 1) socket.destroy();
      else socket.write(ok(`{"connection":${connection}}`));
    });
    const client = new StaticBufferClient({ name: 'c', url: server.url }, 1e9);
    expect((await get(client, '/a')).body.toString()).toBe('{"connection":1}');
    expect((await get(client, '/b')).body.toString()).toBe('{"connection":2}');
    expect(server.requests.map(r => r.split(' ')[1])).toEqual([
      '/a',
      '/b',
      '/b',
    ]);
  });

  it('does not send again a request whose answer had started', async () => {
    server = await rawServer((_, connection, socket) => {
      if (connection === 1 && server!.requests.length > 1) {
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"par');
      } else socket.write(ok('{}'));
    });
    const client = new StaticBufferClient({ name: 'c', url: server.url }, 1e9);
    await get(client, '/a');
    await expect(get(client, '/b')).rejects.toThrow(
      'Response body closed prematurely',
    );
    expect(server.requests).toHaveLength(2);
  });

  it('keeps no connection the server said it closes, or that sent more than its answer', async () => {
    server = await rawServer((request, _, socket) => {
      if (request.startsWith('GET /close')) {
        socket.write(ok('{}', 'Connection: close\r\n'));
      } else socket.write(`${ok('{}')}HTTP/1.1 200 OK\r\n`);
    });
    const client = new StaticBufferClient({ name: 'c', url: server.url }, 1e9);
    await get(client, '/close');
    await get(client, '/close');
    expect(server.connections).toBe(2);
    // the answer stands; the connection that carried junk after it does not
    expect((await get(client, '/junk')).body.toString()).toBe('{}');
    await get(client, '/close');
    expect(server.connections).toBe(4);
  });

  it('reads an error answer for its message and keeps the connection', async () => {
    server = await rawServer((request, _, socket) => {
      if (request.startsWith('GET /gone')) {
        const body = '{"kind":"Status","code":410,"message":"too old"}';
        socket.write(
          `HTTP/1.1 410 Gone\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        );
      } else socket.write(ok('{}'));
    });
    const client = new StaticBufferClient({ name: 'c', url: server.url }, 1e9);
    const into = new PageBuffer();
    const gone = await get(client, '/gone', { into });
    expect(gone.statusCode).toBe(410);
    expect(JSON.parse(gone.body.toString()).message).toBe('too old');
    // the page buffer was not touched by an error body
    expect(into.capacity).toBe(0);
    await get(client, '/ok');
    expect(server.connections).toBe(1);
  });

  it('stops reading at an abort, and closes the connection', async () => {
    let closed = false;
    server = await rawServer((_, __, socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n{"a');
      socket.on('close', () => {
        closed = true;
      });
    });
    const client = new StaticBufferClient({ name: 'c', url: server.url }, 1e9);
    const abort = new AbortController();
    const answer = get(client, '/slow', { signal: abort.signal });
    setTimeout(() => abort.abort(), 100);
    await expect(answer).rejects.toThrow('Aborted');
    await new Promise(r => setTimeout(r, 100));
    expect(closed).toBe(true);
  });

  it('reads a list of pages without allocating memory per read', async () => {
    // 30 pages of 1 MiB each, chunked, as an apiserver streams a list
    const page = `{"items":["${'p'.repeat(1024 * 1024)}"]}`;
    const chunked = `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${page
      .match(/[^]{1,8000}/g)!
      .map(c => `${c.length.toString(16)}\r\n${c}\r\n`)
      .join('')}0\r\n\r\n`;
    server = await rawServer((_, __, socket) => {
      socket.write(chunked);
    });
    const client = new StaticBufferClient({ name: 'c', url: server.url }, 1e9);
    const into = new PageBuffer();
    await get(client, '/warm', { into });
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 30; i++) {
      const answer = await get(client, `/page/${i}`, { into });
      expect(answer.body.length).toBe(page.length);
    }
    // node:http allocates a 64 KiB buffer per read: ~30 MiB here, freed
    // only by GC (so this can only pass by luck if that comes back)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(
      4 * 1024 * 1024,
    );
  });

  describe('as an attacker', () => {
    it('refuses a path or header that would add a line to the request, sending nothing', async () => {
      server = await rawServer((_, __, socket) => socket.write(ok('{}')));
      const client = new StaticBufferClient(
        { name: 'c', url: server.url },
        1e9,
      );
      await expect(
        get(client, '/api/v1/pods\r\nHost: evil.example'),
      ).rejects.toThrow(/Invalid request path/);
      await expect(get(client, '/api/v1/pods two')).rejects.toThrow(
        /Invalid request path/,
      );
      await expect(
        client.get('/api/v1/pods', {
          headers: { Authorization: 'Bearer a\r\nX-Evil: 1' },
          timeoutMs: 1000,
          maxBytes: 1024,
          into: new PageBuffer(),
          maxErrorBytes: 1024,
          onTooLarge: () => new Error('too large'),
        }),
      ).rejects.toThrow(/Invalid request header 'Authorization'/);
      expect(server.connections).toBe(0);
    });

    it('holds at most its bound of an error body that never ends', async () => {
      server = await rawServer((_, __, socket) => {
        socket.write('HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n');
        const chunk = `10000\r\n${'e'.repeat(0x10000)}\r\n`;
        const write = () => {
          while (!socket.destroyed && socket.write(chunk));
          if (!socket.destroyed) socket.once('drain', write);
        };
        write();
      });
      const client = new StaticBufferClient(
        { name: 'c', url: server.url },
        1e9,
      );
      const answer = await get(client, '/x');
      expect(answer.statusCode).toBe(500);
      expect(answer.body.length).toBe(1024);
    });

    it('fails a malformed answer with the reason, naming the cluster', async () => {
      server = await rawServer((_, __, socket) =>
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n'),
      );
      const client = new StaticBufferClient(
        { name: 'prod', url: server.url },
        1e9,
      );
      await expect(get(client, '/x')).rejects.toThrow(
        "Invalid answer from prod: Invalid Content-Length 'x' in the answer",
      );
    });
  });
});
