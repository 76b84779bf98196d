import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ProxiedRequest {
  method: string;
  url: string;
  /** index of the target that answered */
  target: number;
}

export interface RoundRobinProxy {
  url: string;
  port: number;
  /** every request and WebSocket upgrade, with the target that took it */
  readonly requests: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * A load balancer as deployments put in front of Backstage replicas: each
 * request (and each WebSocket upgrade) goes to the next target in turn; a
 * target that refuses the connection (killed) is skipped and the request
 * tried on the next one, as a load balancer's health check would. No
 * stickiness: a client's requests land on any replica.
 */
export async function startRoundRobinProxy(
  targets: Array<{ host: string; port: number }>,
): Promise<RoundRobinProxy> {
  let next = 0;
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Duplex>();
  const order = () => {
    const first = next;
    next = (next + 1) % targets.length;
    return targets.map((_, i) => (first + i) % targets.length);
  };

  const server = http.createServer((req, res) => {
    // bodies are small here: read it whole, so that it can be sent again
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (candidates: number[]) => {
        const [target, ...rest] = candidates;
        if (target === undefined) {
          res.writeHead(502).end();
          return;
        }
        const upstream = http.request(
          {
            ...targets[target],
            method: req.method,
            path: req.url,
            headers: req.headers,
            // a fresh connection each time: a pooled one to a killed
            // replica would fail the request instead of moving on
            agent: false,
          },
          upstreamRes => {
            requests.push({ method: req.method!, url: req.url!, target });
            res.writeHead(upstreamRes.statusCode!, upstreamRes.headers);
            upstreamRes.pipe(res);
            res.on('close', () => upstreamRes.destroy());
          },
        );
        upstream.on('error', (e: NodeJS.ErrnoException) => {
          // refused (or, for a read, reset before any answer: a replica
          // dying): the next one answers, as a load balancer retries
          const retry =
            e.code === 'ECONNREFUSED' ||
            (e.code === 'ECONNRESET' && ['GET', 'HEAD'].includes(req.method!));
          if (retry && !res.headersSent) attempt(rest);
          else res.destroy();
        });
        upstream.end(body);
      };
      attempt(order());
    });
  });

  server.on('upgrade', (req, client, head) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const attempt = (candidates: number[]) => {
      const [target, ...rest] = candidates;
      if (target === undefined) {
        client.destroy();
        return;
      }
      const upstream = net.connect(targets[target]);
      upstream.once('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ECONNREFUSED') attempt(rest);
        else client.destroy();
      });
      upstream.once('connect', () => {
        requests.push({ method: 'UPGRADE', url: req.url!, target });
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        client.on('close', () => upstream.destroy());
        const headLines = [`${req.method} ${req.url} HTTP/1.1`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) {
          headLines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        }
        upstream.write(`${headLines.join('\r\n')}\r\n\r\n`);
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
    };
    attempt(order());
  });
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
