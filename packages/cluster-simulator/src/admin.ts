/**
 * The admin endpoint: run-time control of the simulator for tests and
 * demos, over HTTP on 127.0.0.1 with the same bearer token as the clusters.
 *
 *   GET    /clusters                          names, urls, down, faults
 *   GET    /clusters/{name}/state             every object (JSON)
 *   GET    /clusters/{name}/faults
 *   PATCH  /clusters/{name}/faults            merge fault settings (JSON body; POST and PUT too)
 *   DELETE /clusters/{name}/faults            clear every fault
 *   POST   /clusters/{name}/restart           apiserver restart
 *   POST   /clusters/{name}/drop-watches      cut every watch now
 *   POST   /clusters/{name}/expire-watches    410 every watch now
 *   POST   /clusters/{name}/nodes/{node}/lose | /restore
 *   POST   /clusters/{name}/objects           apply objects (JSON object, array, or List)
 *   GET    /clock                             { now, mode }
 *   POST   /clock/advance                     { "ms": 60000 } (manual clock only)
 */
import http, { IncomingMessage, ServerResponse } from 'node:http';
import type { Simulator } from './simulator';

export interface AdminServer {
  url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, code: number, body: unknown) {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() ? JSON.parse(text) : {};
}

export async function startAdminServer(
  sim: Simulator,
  options: { port: number; token: string },
): Promise<AdminServer> {
  const server = http.createServer((req, res) => {
    handle(sim, req, res, options.token).catch(e =>
      send(res, 400, { error: (e as Error).message }),
    );
  });
  await new Promise<void>(resolve =>
    server.listen(options.port, '127.0.0.1', resolve),
  );
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  sim: Simulator,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
) {
  if (req.headers.authorization !== `Bearer ${token}`)
    return send(res, 401, { error: 'Unauthorized' });
  const parts = new URL(req.url ?? '/', 'http://x').pathname
    .split('/')
    .filter(Boolean);
  const method = req.method ?? 'GET';
  if (parts[0] === 'clock') {
    if (parts.length === 1 && method === 'GET')
      return send(res, 200, {
        now: sim.clock.now().toISOString(),
        mode: sim.clock.mode,
      });
    if (parts[1] === 'advance' && method === 'POST') {
      const { ms } = await readJson(req);
      await sim.clock.advance(Number(ms));
      return send(res, 200, { now: sim.clock.now().toISOString() });
    }
  }
  if (parts[0] === 'clusters') {
    if (parts.length === 1) {
      return send(
        res,
        200,
        sim.clusters.map(c => ({
          ...c,
          faults: sim.cluster(c.name).faults.current(),
        })),
      );
    }
    const cluster = sim.cluster(parts[1]);
    const action = parts[2];
    if (action === 'state' && method === 'GET')
      return send(res, 200, cluster.state());
    if (action === 'faults') {
      if (method === 'GET') return send(res, 200, cluster.faults.current());
      if (method === 'DELETE') {
        await cluster.faults.clear();
        return send(res, 200, cluster.faults.current());
      }
      await cluster.faults.set(await readJson(req));
      return send(res, 200, cluster.faults.current());
    }
    if (method === 'POST') {
      if (action === 'restart') cluster.restart();
      else if (action === 'drop-watches') cluster.faults.dropWatches();
      else if (action === 'expire-watches') cluster.faults.expireWatches();
      else if (action === 'nodes' && parts[4] === 'lose')
        cluster.loseNode(parts[3]);
      else if (action === 'nodes' && parts[4] === 'restore')
        cluster.restoreNode(parts[3]);
      else if (action === 'objects') {
        const input = await readJson(req);
        let objects = [input];
        if (Array.isArray(input)) objects = input;
        else if (Array.isArray(input.items)) objects = input.items;
        return send(res, 200, {
          applied: cluster
            .apply(objects)
            .map(o => `${o.kind}/${o.metadata.name}`),
        });
      } else return send(res, 404, { error: 'not found' });
      return send(res, 200, { ok: true });
    }
  }
  return send(res, 404, { error: 'not found' });
}
