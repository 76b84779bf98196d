import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ClusterSpec } from '../cluster/types';

/**
 * A minimal Kubernetes API stand-in for tests that need objects of a kind
 * the simulated cluster does not serve (custom resources): LIST answers
 * from `objects` by URL path, WATCH stays open and silent, any other path
 * is a 404 Status; a path in `refused` answers that status instead (403:
 * what RBAC answers). For everything else, tests use
 * @internal/cluster-simulator.
 */
export async function startStaticApiServer(
  objects: Record<string, object[]>,
  refused: Record<string, number> = {},
): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(req.url ?? '');
    const refusal = refused[url.pathname];
    if (refusal) {
      res.writeHead(refusal, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({ kind: 'Status', code: refusal, message: 'refused' }),
      );
      return;
    }
    const items = objects[url.pathname];
    if (!items) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({ kind: 'Status', code: 404, message: 'not found' }),
      );
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    if (url.searchParams.get('watch') === 'true') {
      res.flushHeaders();
      return; // open and silent
    }
    res.end(JSON.stringify({ metadata: { resourceVersion: '1' }, items }));
  });
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async close() {
      sockets.forEach(s => s.destroy());
      await new Promise(r => server.close(r));
    },
  };
}

/** A config cluster named `name` at `url` (a static API server's) with a service-account token. */
export function staticClusterSpec(name: string, url: string): ClusterSpec {
  return {
    name,
    url,
    source: 'config',
    authProvider: 'serviceAccount',
    serviceAccountToken: 't',
    skipTLSVerify: false,
    operators: [],
  };
}
