import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import net, { AddressInfo } from 'node:net';
import {
  ClusterConnection,
  ClusterRequestError,
  ResponseTooLargeError,
} from './ClusterConnection';
import { PageBuffer } from './PageBuffer';
import { countEventLoopTurns } from '../__testUtils__/eventLoopTurns';
import { startSimulator } from '@internal/cluster-simulator';

describe('ClusterConnection', () => {
  let server: http.Server;
  let url: string;
  const seen: http.IncomingHttpHeaders[] = [];
  let endlessWritten = 0;
  let endlessClosed = false;
  const sockets = new Set<net.Socket>();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      if (req.url?.startsWith('/hang')) return; // never answers
      if (req.url?.startsWith('/silent-watch')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write(
          '{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"1"}}}\n',
        );
        return; // then nothing
      }
      if (req.url?.startsWith('/watch')) {
        res.writeHead(200);
        res.write('{"type":"ADDED"');
        res.end(',"object":{}}\n{"type":"DELETED","object":{}}\n');
        return;
      }
      if (req.url?.startsWith('/endless')) {
        // a body or a watch line that never ends: write while the client reads
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const write = () => {
          while (!res.destroyed && res.write(chunk))
            endlessWritten += chunk.length;
          if (!res.destroyed) res.once('drain', write);
        };
        res.on('close', () => {
          endlessClosed = true;
        });
        if (req.url.startsWith('/endless-watch')) {
          res.write(
            '{"type":"BOOKMARK","object":{"metadata":{}}}\n{"type":"ADDED","object":"',
          );
        }
        write();
        return;
      }
      if (req.url?.startsWith('/declared-large')) {
        res.writeHead(200, { 'Content-Length': String(1024 ** 3) });
        res.write('{"items":[');
        return; // never sends the rest
      }
      if (req.url?.startsWith('/huge-error')) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'Status',
            code: 500,
            message: `etcdserver: ${'m'.repeat(1024 * 1024)}`,
          }),
        );
        return;
      }
      if (req.url?.startsWith('/page/')) {
        // a LIST page of ~300 KB, written in small chunks without a length
        const n = req.url.slice('/page/'.length);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"metadata":{"resourceVersion":"');
        res.write(n);
        res.write('"},"items":[');
        for (let i = 0; i < 3000; i++) {
          res.write(
            `${
              i ? ',' : ''
            }{"metadata":{"name":"p${n}-${i}"},"pad":"${'z'.repeat(80)}"}`,
          );
        }
        res.end(']}');
        return;
      }
      if (req.url?.startsWith('/gone')) {
        res.writeHead(410, { 'Content-Type': 'application/json' });
        res.end(
          '{"kind":"Status","code":410,"message":"too old resource version"}',
        );
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"items":[]}');
    });
    server.on('connection', s => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    sockets.forEach(s => s.destroy());
    await new Promise(r => server.close(r));
  });

  const connect = (requestTimeoutMs = 300, serverUrl = url) =>
    ClusterConnection.create(
      {
        name: 'test',
        url: serverUrl,
        source: 'config',
        authProvider: 'serviceAccount',
        serviceAccountToken: 'tok3n',
        skipTLSVerify: false,
        operators: [],
      },
      { requestTimeoutMs },
    );

  /** A connection from a kubeconfig file of `lines`, removed by `cleanup`. */
  const kubeconfigConnection = (
    name: string,
    lines: string[],
    context?: string,
  ) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-kubeconfig-'));
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, lines.join('\n'));
    const conn = ClusterConnection.create(
      {
        name,
        url: '',
        source: 'kubeconfig',
        authProvider: 'kubeconfig',
        skipTLSVerify: false,
        kubeconfig: { path: file, context },
        operators: [],
      },
      { requestTimeoutMs: 1000 },
    );
    return {
      conn,
      cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  };

  it('sends the service account token and parses JSON', async () => {
    await expect(connect().getJson('/api/v1/pods')).resolves.toEqual({
      items: [],
    });
    expect(seen.at(-1)?.authorization).toBe('Bearer tok3n');
  });

  it('reads a kubeconfig file and its context', async () => {
    const { conn, cleanup } = kubeconfigConnection(
      'dev',
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- { name: other, cluster: { server: "http://127.0.0.1:1" } }',
        `- { name: local, cluster: { server: "${url}" } }`,
        'users:',
        '- { name: dev, user: { token: from-kubeconfig } }',
        'contexts:',
        '- { name: other, context: { cluster: other, user: dev } }',
        '- { name: dev, context: { cluster: local, user: dev } }',
        'current-context: other',
      ],
      'dev',
    );
    try {
      await expect(conn.getJson('/api/v1/pods')).resolves.toEqual({
        items: [],
      });
      expect(seen.at(-1)?.authorization).toBe('Bearer from-kubeconfig');
    } finally {
      cleanup();
    }
  });

  it('goes through the proxy a kubeconfig names (proxy-url), GETs and watches', async () => {
    // a proxy as kubectl and client-node use one: CONNECT, then a tunnel
    const tunnels: string[] = [];
    const proxy = http.createServer((_, res) => res.writeHead(405).end());
    proxy.on('connect', (req, client: net.Socket) => {
      tunnels.push(req.url!);
      const [host, port] = req.url!.split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>(r => proxy.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${
      (proxy.address() as AddressInfo).port
    }`;
    const { conn, cleanup } = kubeconfigConnection('proxied', [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{ name: c, cluster: { server: "${url}", proxy-url: "${proxyUrl}" } }]`,
      'users: [{ name: u, user: { token: via-proxy } }]',
      'contexts: [{ name: c, context: { cluster: c, user: u } }]',
      'current-context: c',
    ]);
    try {
      await expect(
        conn.getBytes('/api/v1/pods', undefined, { into: new PageBuffer() }),
      ).resolves.toEqual(Buffer.from('{"items":[]}'));
      expect(seen.at(-1)?.authorization).toBe('Bearer via-proxy');
      const lines: string[] = [];
      await conn.stream('/watch', {
        signal: new AbortController().signal,
        inactivityTimeoutMs: 1000,
        onLine: line => lines.push(line),
      });
      expect(lines).toHaveLength(2);
      expect(tunnels.length).toBeGreaterThanOrEqual(2);
      expect(new Set(tunnels)).toEqual(new Set([new URL(url).host]));
    } finally {
      cleanup();
      await new Promise(r => proxy.close(r));
    }
  });

  describe('over TLS', () => {
    let sim: Awaited<ReturnType<typeof startSimulator>>;
    beforeAll(async () => {
      sim = await startSimulator({
        scenario: 'demo',
        clock: 'manual',
        token: 'tls-token',
        tls: true,
      });
    });
    afterAll(() => sim.stop());

    const tlsConnection = (caData?: string, skipTLSVerify = false) =>
      ClusterConnection.create(
        {
          name: 'secure',
          url: sim.cluster('production').url,
          source: 'config',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'tls-token',
          caData,
          skipTLSVerify,
          operators: [],
        },
        { requestTimeoutMs: 5000 },
      );

    it("reads LIST pages trusting the cluster's CA", async () => {
      const conn = tlsConnection(sim.cluster('production').caData);
      const buffer = new PageBuffer();
      const pods = JSON.parse(
        (
          await conn.getBytes(
            '/api/v1/namespaces/shop/pods?limit=2',
            undefined,
            {
              into: buffer,
            },
          )
        ).toString(),
      );
      expect(pods.kind).toBe('PodList');
      expect(pods.items).toHaveLength(2);
      const next = JSON.parse(
        (
          await conn.getBytes(
            `/api/v1/namespaces/shop/pods?limit=2&continue=${encodeURIComponent(
              pods.metadata.continue,
            )}`,
            undefined,
            { into: buffer },
          )
        ).toString(),
      );
      expect(next.items[0].metadata.name).not.toBe(pods.items[0].metadata.name);
    });

    it('refuses a server whose certificate the CA did not sign, sending no token', async () => {
      const otherCa = Buffer.from(
        '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      ).toString('base64');
      await expect(tlsConnection().getJson('/api/v1/pods')).rejects.toThrow(
        /Request to cluster secure failed: .*(self-signed|unable to (verify|get))/,
      );
      await expect(
        tlsConnection(otherCa).getJson('/api/v1/pods'),
      ).rejects.toThrow(/Request to cluster secure failed/);
    });

    it('skips verification only when told to', async () => {
      await expect(
        tlsConnection(undefined, true).getJson<{ kind: string }>(
          '/api/v1/namespaces',
        ),
      ).resolves.toMatchObject({ kind: 'NamespaceList' });
    });
  });

  it('reads LIST pages into one PageBuffer, one after the other', async () => {
    const conn = connect(5000);
    const buffer = new PageBuffer();
    const first = await conn.getBytes('/page/1', undefined, { into: buffer });
    const firstPage = JSON.parse(first.toString('utf8'));
    expect(firstPage.metadata.resourceVersion).toBe('1');
    expect(firstPage.items).toHaveLength(3000);
    expect(firstPage.items[2999].metadata.name).toBe('p1-2999');
    const capacity = buffer.capacity;
    expect(capacity).toBeGreaterThanOrEqual(first.length);

    const second = await conn.getBytes('/page/2', undefined, { into: buffer });
    // the same memory, holding the second page now
    expect(second.buffer).toBe(first.buffer);
    expect(buffer.capacity).toBe(capacity);
    const secondPage = JSON.parse(second.toString('utf8'));
    expect(secondPage.metadata.resourceVersion).toBe('2');
    expect(secondPage.items[0].metadata.name).toBe('p2-0');
    // without a buffer, each answer is its own
    const own = await conn.getBytes('/page/3');
    expect(own.buffer).not.toBe(second.buffer);
    expect(JSON.parse(own.toString('utf8')).metadata.resourceVersion).toBe('3');
  });

  it('takes at most ~256 KiB of a body per turn of the event loop', async () => {
    const turns = countEventLoopTurns();
    const perTurn = new Map<number, number>();
    const buffer = new PageBuffer();
    const append = buffer.append.bind(buffer);
    buffer.append = (chunk: Buffer) => {
      perTurn.set(turns.turn, (perTurn.get(turns.turn) ?? 0) + chunk.length);
      append(chunk);
    };
    // a server in another process, as an apiserver is: 4 MiB written at
    // once, so the socket has megabytes to read at each wakeup
    const server4m = spawn(
      process.execPath,
      [
        '-e',
        `const body = '{"items":["' + 'b'.repeat(4 * 1024 * 1024) + '"]}';
         require('node:http').createServer((req, res) => res.end(body))
           .listen(0, '127.0.0.1', function () {
             console.log(this.address().port);
           });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const port = await new Promise<string>(resolve =>
      server4m.stdout!.once('data', d => resolve(String(d).trim())),
    );
    const body = await connect(10_000, `http://127.0.0.1:${port}`)
      .getBytes('/api/v1/pods', undefined, { into: buffer })
      .finally(() => {
        turns.stop();
        server4m.kill();
      });
    expect(body.length).toBe(4 * 1024 * 1024 + 14);
    // left alone, libuv reads up to 32 chunks of 64 KiB per wakeup
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(
      256 * 1024 + 64 * 1024,
    );
    expect(perTurn.size).toBeGreaterThanOrEqual(16);
  });

  it('gives up on a server that does not answer, within the request timeout', async () => {
    const start = Date.now();
    await expect(connect().getJson('/hang')).rejects.toThrow(/within 300 ms/);
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it('carries the status code of an error answer', async () => {
    await expect(connect().getJson('/gone')).rejects.toMatchObject({
      statusCode: 410,
      message: expect.stringContaining('too old resource version'),
    });
  });

  it('streams watch lines split across chunks', async () => {
    const lines: string[] = [];
    await connect().stream('/watch', {
      signal: new AbortController().signal,
      inactivityTimeoutMs: 1000,
      onLine: l => lines.push(JSON.parse(l).type),
    });
    expect(lines).toEqual(['ADDED', 'DELETED']);
  });

  it('ends a watch that stays silent past the inactivity timeout', async () => {
    const lines: string[] = [];
    await expect(
      connect().stream('/silent-watch', {
        signal: new AbortController().signal,
        inactivityTimeoutMs: 200,
        onLine: l => lines.push(l),
      }),
    ).rejects.toThrow(/sent nothing for 200 ms/);
    expect(lines).toHaveLength(1);
  });

  describe('bounds what a cluster can make it hold', () => {
    beforeEach(() => {
      endlessWritten = 0;
      endlessClosed = false;
    });

    it('aborts a LIST whose body grows past the cap, naming the cluster, the request and the cap', async () => {
      const heapBefore = process.memoryUsage().heapUsed;
      const error = await connect(5000)
        .getJson('/endless/api/v1/events?limit=500', undefined, {
          maxBytes: 4 * 1024 * 1024,
        })
        .then(succeeded, (e: ClusterRequestError) => e);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error).toMatchObject({ part: 'body', limitBytes: 4194304 });
      expect(error.message).toBe(
        'The answer of cluster test to GET /endless/api/v1/events?limit=500 is larger than 4 MiB (workloadStatus.maxResponseBytes); the request was aborted',
      );
      await waitFor(() => endlessClosed);
      // what the server got out before the socket closed: the cap plus
      // what the socket buffers held
      expect(endlessWritten).toBeLessThan(12 * 1024 * 1024);
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(
        32 * 1024 * 1024,
      );
    });

    it('aborts a page read into a PageBuffer at the cap, allocating no more than the cap', async () => {
      const buffer = new PageBuffer();
      const maxBytes = 4 * 1024 * 1024;
      const error = await connect(5000)
        .getBytes('/endless/api/v1/pods?limit=500', undefined, {
          maxBytes,
          into: buffer,
        })
        .then(succeeded, (e: ClusterRequestError) => e);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(buffer.capacity).toBeLessThanOrEqual(maxBytes);
      expect(buffer.contents()).toHaveLength(0); // nothing of it is kept
      await waitFor(() => endlessClosed);
    });

    it('refuses a body whose declared length is past the cap before reading it', async () => {
      await expect(
        connect(5000).getJson('/declared-large', undefined, {
          maxBytes: 65536,
        }),
      ).rejects.toThrow(/larger than 64 KiB/);
    });

    it('reads only the start of an error body, and keeps its message short', async () => {
      const error = await connect(5000)
        .getJson('/huge-error')
        .then(succeeded, (e: ClusterRequestError) => e);
      expect(error.statusCode).toBe(500);
      expect(error.message.length).toBeLessThan(700);
      expect(error.message).toMatch(/^GET \/huge-error answered 500: /);
    });

    it('cuts a watch whose line grows past the cap, after delivering the lines before it', async () => {
      const lines: string[] = [];
      const error = await connect(5000)
        .stream('/endless-watch', {
          signal: new AbortController().signal,
          inactivityTimeoutMs: 5000,
          maxLineBytes: 2 * 1024 * 1024,
          onLine: l => lines.push(l),
        })
        .then(succeeded, (e: ClusterRequestError) => e);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error).toMatchObject({ part: 'line', limitBytes: 2097152 });
      expect(error.message).toBe(
        'A watch event from cluster test on /endless-watch is larger than 2 MiB (workloadStatus.maxWatchLineBytes); the watch was cut',
      );
      expect(lines).toHaveLength(1);
      await waitFor(() => endlessClosed);
      expect(endlessWritten).toBeLessThan(10 * 1024 * 1024);
    });
  });

  it('never follows a redirect: the token goes to no address the config did not name', async () => {
    const stolen: (string | undefined)[] = [];
    const elsewhere = http.createServer((req, res) => {
      stolen.push(req.headers.authorization);
      res.end('{"items":[]}');
    });
    await new Promise<void>(r => elsewhere.listen(0, '127.0.0.1', r));
    const target = `http://127.0.0.1:${
      (elsewhere.address() as AddressInfo).port
    }/api/v1/pods`;
    const redirecting = http.createServer((_, res) => {
      res.writeHead(302, { Location: target }).end();
    });
    await new Promise<void>(r => redirecting.listen(0, '127.0.0.1', r));
    try {
      const conn = connect(
        1000,
        `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`,
      );
      await expect(
        conn.getBytes('/api/v1/pods', undefined, { into: new PageBuffer() }),
      ).rejects.toMatchObject({ statusCode: 302 });
      expect(stolen).toEqual([]);
    } finally {
      await new Promise(r => elsewhere.close(r));
      await new Promise(r => redirecting.close(r));
    }
  });

  it('fails fast when nothing listens', async () => {
    const conn = ClusterConnection.create(
      {
        name: 'down',
        url: 'http://127.0.0.1:1',
        source: 'config',
        authProvider: 'serviceAccount',
        skipTLSVerify: false,
        operators: [],
      },
      { requestTimeoutMs: 1000 },
    );
    await expect(conn.getJson('/api/v1/pods')).rejects.toThrow(
      /Request to cluster down failed: .*ECONNREFUSED/,
    );
  });
});

async function waitFor(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) {
    await new Promise(r => setTimeout(r, 10));
  }
  expect(check()).toBe(true);
}

function succeeded(): never {
  throw new Error('expected the request to fail');
}
