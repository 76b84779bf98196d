/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log`: the kubelet's answer,
 * plain text, with `follow=true` streaming new lines as simulated time
 * passes (polled every 200 ms of real time) until the container ends.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { LiveStream, SimulatedCluster } from '../cluster';
import { formatLine, LogQuery, renderLog, resolveLog } from '../logs/podLogs';
import { ResourceRequest } from './requestInfo';
import { errors } from './status';

const FOLLOW_POLL_MS = 200;

function intParam(query: URLSearchParams, key: string): number | undefined {
  const v = query.get(key);
  if (v === null) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw errors.badRequest(`invalid ${key} "${v}"`);
  return n;
}

function boolParam(query: URLSearchParams, key: string): boolean {
  return ['true', '1'].includes(query.get(key) ?? '');
}

export function handleLogs(
  cluster: SimulatedCluster,
  req: ResourceRequest,
  query: URLSearchParams,
  httpReq: IncomingMessage,
  res: ServerResponse,
) {
  const pod = cluster.store.get('/pods', req.namespace, req.name!);
  if (!pod) throw errors.notFound('pods', req.name!);
  const logQuery: LogQuery = {
    container: query.get('container') ?? undefined,
    previous: boolParam(query, 'previous'),
    tailLines: intParam(query, 'tailLines'),
    sinceSeconds: intParam(query, 'sinceSeconds'),
    sinceTime: query.get('sinceTime') ?? undefined,
    limitBytes: intParam(query, 'limitBytes'),
    timestamps: boolParam(query, 'timestamps'),
  };
  if (logQuery.sinceSeconds !== undefined && logQuery.sinceTime)
    throw errors.badRequest(
      'at most one of sinceTime or sinceSeconds may be specified',
    );
  if (logQuery.limitBytes !== undefined && logQuery.limitBytes < 1)
    throw errors.invalid('limitBytes: Invalid value: must be greater than 0');
  const follow = boolParam(query, 'follow');
  const sim = cluster.podController.sims.get(pod.metadata.uid!);
  const resolved = resolveLog(pod, sim, logQuery);
  const now = cluster.now();
  const lines = renderLog(resolved, logQuery, now);

  res.writeHead(200, {
    'Content-Type': 'text/plain',
    'Cache-Control': 'no-cache, private',
    ...(follow ? { 'Transfer-Encoding': 'chunked' } : {}),
  });
  // The apiserver flushes the headers of a streamed log at once: a follower
  // of a silent container learns the stream is open before any line.
  if (follow) res.flushHeaders();
  let budget = logQuery.limitBytes ?? Infinity;
  const emit = (text: string): boolean => {
    if (budget <= 0) return false;
    const buf = Buffer.from(text);
    if (buf.length > budget) {
      res.write(buf.subarray(0, budget));
      budget = 0;
      return false;
    }
    budget -= buf.length;
    res.write(buf);
    return true;
  };
  for (const line of lines)
    if (!emit(formatLine(line, Boolean(logQuery.timestamps)))) break;
  if (!follow || !resolved.live || budget <= 0 || logQuery.previous) {
    res.end();
    return;
  }

  let lastTs = lines.length ? lines[lines.length - 1].ts : now;
  let sentAtLast = lines.filter(l => l.ts === lastTs).length;
  let closed = false;
  // Filled below; close() may run before either exists.
  const live: { timer?: NodeJS.Timeout; stream?: LiveStream } = {};
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(live.timer);
    if (live.stream) cluster.streams.delete(live.stream);
  };
  const stream: LiveStream = {
    kind: 'log',
    cut: () => {
      close();
      res.destroy();
      httpReq.socket.destroy();
    },
    expire: () => undefined,
  };
  live.stream = stream;
  cluster.streams.add(stream);
  live.timer = setInterval(() => {
    if (cluster.faults.stallStreams) return;
    const podNow = cluster.store.get('/pods', req.namespace, req.name!);
    const t = cluster.now();
    const simNow = cluster.podController.sims.get(pod.metadata.uid!);
    const run =
      simNow &&
      (resolved.ctx.container === pod.spec.containers[0].name
        ? simNow.runs[simNow.runs.length - 1]
        : undefined);
    const current =
      run && run.start === resolved.run.start ? { ...resolved, run } : resolved;
    const all = renderLog(
      current,
      {
        ...logQuery,
        tailLines: undefined,
        sinceSeconds: undefined,
        sinceTime: undefined,
      },
      t,
    );
    const fresh = all.filter(l => l.ts > lastTs);
    const sameTs = all.filter(l => l.ts === lastTs).slice(sentAtLast);
    for (const line of [...sameTs, ...fresh]) {
      if (!emit(formatLine(line, Boolean(logQuery.timestamps)))) break;
    }
    if (fresh.length) {
      lastTs = fresh[fresh.length - 1].ts;
      sentAtLast = fresh.filter(l => l.ts === lastTs).length;
    } else sentAtLast += sameTs.length;
    const ended = !podNow || current.run.end !== undefined || budget <= 0;
    if (ended) {
      close();
      res.end();
    }
  }, FOLLOW_POLL_MS);
  httpReq.on('close', close);
  res.on('close', close);
}
