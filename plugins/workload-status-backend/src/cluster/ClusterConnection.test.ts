import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { ClusterConnection } from './ClusterConnection';

describe('ClusterConnection', () => {
  let server: http.Server;
  let url: string;
  const seen: http.IncomingHttpHeaders[] = [];
  const sockets = new Set<import('node:net').Socket>();

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

  const connect = () =>
    ClusterConnection.create(
      {
        name: 'test',
        url,
        source: 'config',
        authProvider: 'serviceAccount',
        serviceAccountToken: 'tok3n',
        skipTLSVerify: false,
        operators: [],
      },
      { requestTimeoutMs: 300 },
    );

  it('sends the service account token and parses JSON', async () => {
    await expect(connect().getJson('/api/v1/pods')).resolves.toEqual({
      items: [],
    });
    expect(seen.at(-1)?.authorization).toBe('Bearer tok3n');
  });

  it('reads a kubeconfig file and its context', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-kubeconfig-'));
    const file = path.join(dir, 'config');
    fs.writeFileSync(
      file,
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
      ].join('\n'),
    );
    try {
      const conn = ClusterConnection.create(
        {
          name: 'dev',
          url: '',
          source: 'kubeconfig',
          authProvider: 'kubeconfig',
          skipTLSVerify: false,
          kubeconfig: { path: file, context: 'dev' },
          operators: [],
        },
        { requestTimeoutMs: 1000 },
      );
      await expect(conn.getJson('/api/v1/pods')).resolves.toEqual({
        items: [],
      });
      expect(seen.at(-1)?.authorization).toBe('Bearer from-kubeconfig');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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
