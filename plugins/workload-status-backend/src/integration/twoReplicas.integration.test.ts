/*
 * Two replicas of the demo backend (packages/backend) on one PostgreSQL,
 * behind a round-robin proxy, watching one simulated cluster set: what a
 * deployment with several replicas relies on (docs/operations.md, Running
 * several replicas).
 */
import { startSimulator, Simulator } from '@internal/cluster-simulator';
import {
  ENTITY_CHANGED_CHANNEL,
  type ClusterHealth,
  type EntityStatus,
  type WorkloadStatus,
} from '@workload-status/backstage-plugin-workload-status-common';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import {
  BackendReplica,
  freePort,
  startBackendReplica,
  waitForReadiness,
} from '../__testUtils__/backendReplica';
import {
  RoundRobinProxy,
  startRoundRobinProxy,
} from '../__testUtils__/roundRobinProxy';

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const STOREFRONT = 'component:default/storefront';
const CACHE_WARMER = 'component:default/cache-warmer';
const PRUNE_INTERVAL_S = 3;
const LOG_DIR = path.resolve(__dirname, '../../../../.run');

const runId = crypto.randomBytes(4).toString('hex');
const prefix = `ws_replicas_${runId}_`;
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-replicas-'));

let sim: Simulator;
let proxy: RoundRobinProxy;
/** per replica: what it asked the production cluster */
const apiservers: RoundRobinProxy[] = [];
const replicas: BackendReplica[] = [];
const sockets: WebSocket[] = [];
const databases = new Map<string, Knex>();
let token = '';
let startedAt = 0;

function database(plugin: string): Knex {
  let db = databases.get(plugin);
  if (!db) {
    db = knexFactory({
      client: 'pg',
      connection: { ...PG, database: `${prefix}${plugin}` },
      pool: { min: 0, max: 2 },
    });
    databases.set(plugin, db);
  }
  return db;
}

function replicaConfig(port: number, productionUrl: string) {
  const cluster = (name: string, url: string) => ({
    name,
    url,
    authProvider: 'serviceAccount',
    serviceAccountToken: sim.token,
  });
  return {
    app: { baseUrl: proxy.url },
    backend: {
      // what users reach: the load balancer
      baseUrl: proxy.url,
      listen: { port, host: '127.0.0.1' },
      cors: { origin: proxy.url },
      database: { client: 'pg', connection: PG, prefix },
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            cluster('production', productionUrl),
            cluster('staging', sim.cluster('staging').url),
            cluster('edge', sim.cluster('edge').url),
          ],
        },
      ],
    },
    workloadStatus: {
      jobHistory: { pruneInterval: { seconds: PRUNE_INTERVAL_S } },
    },
  };
}

async function get<T>(base: string, route: string): Promise<T> {
  const res = await fetch(`${base}/api/workload-status${route}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const statusOf = (base: string, ref: string) => {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return get<EntityStatus>(
    base,
    `/v1/entities/${namespace}/${kind}/${name}/status`,
  );
};

/** What both replicas must agree on: no sampled usage, no timestamps of their own. */
function projection(status: EntityStatus) {
  return {
    health: status.health,
    lifecycle: status.lifecycle,
    reasons: status.reasons.map(r => r.code).sort(),
    workloads: status.workloads.map((w: WorkloadStatus) => ({
      at: `${w.cluster}/${w.kind}/${w.namespace}/${w.name}`,
      health: w.health,
      lifecycle: w.lifecycle,
      replicas: w.replicas,
      images: w.images,
      revision: w.revision,
      pods: w.pods.map(p => `${p.name} ${p.ready} ${p.lifecycle}`).sort(),
    })),
  };
}

const productionImage = (status: EntityStatus) =>
  status.workloads.find(w => w.cluster === 'production')?.images?.web;

async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
}

/** A run of the cache-warmer CronJob started by hand: `behaviour` complete or fail. */
function startRun(name: string, behaviour: 'complete' | 'fail') {
  sim.cluster('production').apply({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: 'shop',
      labels: { 'backstage.io/kubernetes-id': 'cache-warmer' },
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' },
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: 'cache-warmer',
          controller: true,
        } as any,
      ],
    },
    spec: {
      backoffLimit: 0,
      template: {
        metadata: {
          labels: { 'backstage.io/kubernetes-id': 'cache-warmer' },
          annotations: {
            'simulator.workload-status.dev/behaviour': behaviour,
            'simulator.workload-status.dev/run-for': '1s',
          },
        },
        spec: {
          restartPolicy: 'Never',
          containers: [
            { name: 'warmer', image: 'registry.example.com/cache:1' },
          ],
        },
      },
    },
  });
}

/** A browser's signals connection: the token as the WebSocket protocol. */
async function signalsClient(base: string) {
  const received: string[] = [];
  const url = `${base.replace(/^http/, 'ws')}/api/signals`;
  // the signals backend hooks WebSocket upgrades on its first request:
  // the first attempt on a fresh replica fails, as browsers see too
  // (the request is left unanswered): browsers retry, so does this
  const ws = await until(`a signals connection to ${base}`, 20_000, () => {
    const socket = new WebSocket(url, [token]);
    return new Promise<WebSocket | undefined>(resolve => {
      const timer = setTimeout(() => {
        socket.close();
        resolve(undefined);
      }, 2000);
      socket.onopen = () => {
        clearTimeout(timer);
        resolve(socket);
      };
      socket.onerror = () => {
        clearTimeout(timer);
        resolve(undefined);
      };
    });
  });
  sockets.push(ws);
  ws.onmessage = event => {
    const data = JSON.parse(String(event.data));
    if (data.channel === ENTITY_CHANGED_CHANNEL) {
      received.push(data.message.entityRef);
    }
  };
  ws.send(
    JSON.stringify({ action: 'subscribe', channel: ENTITY_CHANGED_CHANNEL }),
  );
  return received;
}

/** Resident memory of a process, from Linux's /proc. */
function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(status.match(/VmRSS:\s+(\d+)/)![1]) / 1024);
}

/** Lines of a replica's log with this text, with their times. */
function logTimes(replica: BackendReplica, text: string): number[] {
  return replica
    .log()
    .split('\n')
    .filter(line => line.includes(text))
    .map(line => Date.parse(line.match(/\d{4}-\d\d-\d\dT[\d:.]+Z/)![0]));
}

jest.setTimeout(120_000);

beforeAll(async () => {
  startedAt = Date.now();
  sim = await startSimulator({ scenario: 'demo' });
  const production = new URL(sim.cluster('production').url);
  const ports = [await freePort(), await freePort()];
  proxy = await startRoundRobinProxy(
    ports.map(port => ({ host: '127.0.0.1', port })),
  );
  fs.mkdirSync(LOG_DIR, { recursive: true });
  for (const [i, name] of ['A', 'B'].entries()) {
    // counts what this replica asks the production cluster
    const counter = await startRoundRobinProxy([
      { host: production.hostname, port: Number(production.port) },
    ]);
    apiservers.push(counter);
    const configFile = path.join(workDir, `replica-${name}.json`);
    fs.writeFileSync(
      configFile,
      JSON.stringify(replicaConfig(ports[i], counter.url)),
    );
    const replica = startBackendReplica({
      name,
      port: ports[i],
      configFile,
      logFile: path.join(LOG_DIR, `replicas-${name}.log`),
      env: { WORKLOAD_STATUS_DEMO_TOKEN: sim.token },
    });
    replicas.push(replica);
    // one after the other, as a rolling deployment starts them: on a fresh
    // database, the catalog's migrations fail on a concurrent first start
    await waitForReadiness(replica, 90_000);
  }
  const refresh = await fetch(`${proxy.url}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  token = (await refresh.json()).backstageIdentity.token;
  // the catalog ingests the examples, each replica reads it (early refresh)
  for (const replica of replicas) {
    await until(`storefront on ${replica.name}`, 60_000, async () => {
      const status = await statusOf(replica.url, STOREFRONT);
      return productionImage(status);
    });
  }
}, 180_000);

afterAll(async () => {
  sockets.forEach(s => s.close());
  await Promise.all(replicas.map(r => r.stop()));
  await Promise.all([proxy, ...apiservers].map(p => p?.close()));
  await sim?.stop();
  for (const db of databases.values()) await db.destroy();
  const admin = knexFactory({
    client: 'pg',
    connection: { ...PG, database: 'postgres' },
  });
  try {
    const { rows } = await admin.raw(
      'SELECT datname FROM pg_database WHERE datname LIKE ?',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await admin.raw('DROP DATABASE ?? WITH (FORCE)', [datname]);
    }
  } finally {
    await admin.destroy();
  }
  fs.rmSync(workDir, { recursive: true, force: true });
}, 60_000);

describe('two replicas behind a round-robin proxy', () => {
  it('answer the same statuses within a second of a change', async () => {
    const [a, b] = replicas;
    const image = `registry.example.com/shop/storefront:replicas-${runId}`;
    const changedAt = Date.now();
    sim
      .cluster('production')
      .setImage('Deployment', 'shop', 'storefront', 'web', image);
    const seenAfter = await Promise.all(
      [a, b].map(r =>
        until(`the new image on ${r.name}`, 5000, async () =>
          productionImage(await statusOf(r.url, STOREFRONT)) === image
            ? Date.now() - changedAt
            : undefined,
        ),
      ),
    );
    expect(Math.max(...seenAfter)).toBeLessThan(1000);
    // through the rollout, both replicas converge on the same answer
    await until('the same status on both replicas', 30_000, async () => {
      const [sa, sb] = await Promise.all(
        [a, b].map(r => statusOf(r.url, STOREFRONT)),
      );
      const same =
        JSON.stringify(projection(sa)) === JSON.stringify(projection(sb));
      return same && sa.lifecycle === 'Running' ? true : undefined;
    });

    // what each replica costs the cluster: one LIST and one WATCH per type
    const costs = apiservers.map(counter => {
      const kinds = { watches: 0, lists: 0, logs: 0, metrics: 0, other: 0 };
      const watched = new Map<string, number>();
      for (const { method, url } of counter.requests) {
        const resource = url.split('?')[0];
        if (method !== 'GET') kinds.other += 1;
        else if (/[?&]watch=(true|1)/.test(url)) {
          kinds.watches += 1;
          watched.set(resource, (watched.get(resource) ?? 0) + 1);
        } else if (resource.endsWith('/log')) kinds.logs += 1;
        else if (resource.includes('metrics.k8s.io')) kinds.metrics += 1;
        else kinds.lists += 1;
      }
      const rewatched = [...watched].filter(([, n]) => n > 1);
      return {
        requests: counter.requests.length,
        ...kinds,
        rewatched,
        watched: [...watched.keys()].sort(),
      };
    });
    const { items } = await get<{ items: ClusterHealth[] }>(
      a.url,
      '/v1/clusters',
    );
    const production = items.find(c => c.name === 'production')!;
    // eslint-disable-next-line no-console
    console.log(
      `new image seen after ${seenAfter.join(' / ')} ms; ` +
        `production cluster, per replica since start (${Math.round(
          (Date.now() - startedAt) / 1000,
        )} s): ${JSON.stringify(costs)}; watched types: ${
          production.resources.length
        }, objects: ${JSON.stringify(production.objects)}; RSS MiB: ${replicas
          .map(r => rssMiB(r.pid))
          .join(', ')}`,
    );
    for (const cost of costs) {
      expect(cost.watches).toBeGreaterThanOrEqual(1);
    }
  });

  it('writes a run, its notification and the timeline once', async () => {
    const job = `cache-warmer-replicas-${runId}-1`;
    startRun(job, 'fail');
    const runs = database('workload-status');
    const rows = await until('the failed run in job_runs', 30_000, async () => {
      const found = await runs('job_runs').where({ name: job });
      return found.some(r => r.health === 'error') ? found : undefined;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ cron_job: 'cache-warmer', deleted: false });

    // the owners are told once (that the entity turned error, or that the
    // run failed): one claim, one notification per user and window,
    // never sent again (a second send of a scope updates the row)
    const notifications = database('notifications');
    const sent = await until(
      'a notification about the failed run',
      30_000,
      async () => {
        const found = await notifications('notification')
          .where({ origin: 'plugin:workload-status', topic: CACHE_WARMER })
          .andWhere('description', 'like', `%${job}%`);
        return found.length ? found : undefined;
      },
    );
    await new Promise(r => setTimeout(r, 3000));
    const again = await notifications('notification')
      .where({ origin: 'plugin:workload-status', topic: CACHE_WARMER })
      .andWhere('description', 'like', `%${job}%`);
    // (the notifications backend writes one row per owner, one by one)
    expect(again.length).toBeGreaterThanOrEqual(sent.length);
    const perUserAndScope = new Map<string, number>();
    for (const n of again) {
      const key = `${n.user} ${n.scope}`;
      perUserAndScope.set(key, (perUserAndScope.get(key) ?? 0) + 1);
    }
    expect([...perUserAndScope.values()].every(count => count === 1)).toBe(
      true,
    );
    expect(again.filter(n => n.updated !== null)).toEqual([]);
    // the notification's scope names its claim's window: one claim each
    for (const scope of new Set(again.map(n => String(n.scope)))) {
      const claims = await runs('workload_status_notification_claims').where({
        entity_ref: CACHE_WARMER,
        topic: 'problem',
        window_start: scope.slice(`workload-status:${CACHE_WARMER}:`.length),
      });
      expect(claims).toHaveLength(1);
    }

    // every change of every subject once: no two consecutive rows of a
    // subject with the same state (each replica writes every change)
    const timeline = await runs('workload_status_timeline').orderBy([
      'entity_ref',
      'subject_key',
      'at',
    ]);
    expect(timeline.length).toBeGreaterThan(0);
    const sameSubject = (x: any, y: any) =>
      x.entity_ref === y.entity_ref && x.subject_key === y.subject_key;
    const repeated = timeline.filter(
      (row, i) =>
        i > 0 &&
        sameSubject(timeline[i - 1], row) &&
        timeline[i - 1].to_lifecycle === row.to_lifecycle &&
        timeline[i - 1].to_health === row.to_health,
    );
    expect(repeated).toEqual([]);
  });

  it('prunes the job history on one replica at a time', async () => {
    // the scheduler's global task: one run per interval across both
    const times = replicas
      .flatMap(r => logTimes(r, 'Job history: bounds applied'))
      .sort((x, y) => x - y);
    const elapsedS = (Date.now() - startedAt) / 1000;
    expect(times.length).toBeGreaterThanOrEqual(3);
    // twice the interval's count would mean every replica runs it
    expect(times.length).toBeLessThanOrEqual(elapsedS / PRUNE_INTERVAL_S + 2);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(Math.min(...gaps)).toBeGreaterThan((PRUNE_INTERVAL_S * 1000) / 2);
  });

  it('signals reach a browser whichever replica it talks to', async () => {
    // (up to 2 s per unanswered first connection to each replica)
    const [a, b] = replicas;
    const clients = {
      proxied: await signalsClient(proxy.url),
      onA: await signalsClient(a.url),
      onB: await signalsClient(b.url),
    };
    await new Promise(r => setTimeout(r, 500));
    const bus = database('events');
    const [{ max: before }] = await bus('event_bus_events').max('id');
    sim
      .cluster('production')
      .patch('Deployment', 'shop', 'storefront', { spec: { replicas: 4 } });
    // each replica publishes on its own bus and on the database's: a
    // client gets the change at least once, at most once per replica
    const published = async () => {
      const rows = await bus('event_bus_events')
        .where('id', '>', before ?? 0)
        .andWhere({ topic: 'signals' });
      return rows.filter(r => r.data_json.includes(`"${STOREFRONT}"`));
    };
    await until('a signal on every client', 15_000, async () =>
      Object.values(clients).every(c => c.includes(STOREFRONT))
        ? true
        : undefined,
    );
    // The signals went through the database's bus, and every client got
    // at least as many as the bus carried, whichever replica it talks to.
    // Both replicas see the change and publish; whether the bus shows one
    // or two publishers depends on which replica's debounce fires first
    // (seen both ways), so only at least one is asserted. The rollout goes
    // on publishing for seconds, so this is read until settled.
    const count = (received: string[]) =>
      received.filter(ref => ref === STOREFRONT).length;
    const settled = await until(
      'every signal on every client',
      20_000,
      async () => {
        const rows = await published();
        const publishers = new Set(
          rows.map(r => String(r.notified_subscribers)),
        );
        const delivered = Object.values(clients).every(
          c => count(c) >= rows.length,
        );
        return rows.length > 0 && delivered ? { rows, publishers } : undefined;
      },
    ).catch(async e => {
      const rows = await published();
      throw new Error(
        `${e}; bus rows ${rows.length} from ${
          new Set(rows.map(r => String(r.notified_subscribers))).size
        } publishers; received ${JSON.stringify(
          Object.values(clients).map(count),
        )}`,
      );
    });
    expect(settled.publishers.size).toBeGreaterThanOrEqual(1);
    for (const received of Object.values(clients)) {
      expect(count(received)).toBeGreaterThanOrEqual(settled.rows.length);
    }
  });

  it('loses nothing when a replica is killed', async () => {
    const [a, b] = replicas;
    b.kill();
    const killedAt = proxy.requests.length;
    const image = `registry.example.com/shop/storefront:after-kill-${runId}`;
    sim
      .cluster('production')
      .setImage('Deployment', 'shop', 'storefront', 'web', image);
    const job = `cache-warmer-replicas-${runId}-2`;
    startRun(job, 'complete');
    // every request through the proxy is answered, by the live replica
    for (let i = 0; i < 6; i++) {
      await statusOf(proxy.url, STOREFRONT);
    }
    await until('the new image through the proxy', 5000, async () =>
      productionImage(await statusOf(proxy.url, STOREFRONT)) === image
        ? true
        : undefined,
    );
    const history = await until(
      'both runs in the history',
      30_000,
      async () => {
        const { items } = await get<{ items: any[] }>(
          proxy.url,
          '/v1/entities/default/component/cache-warmer/job-history?limit=100',
        );
        const names = items.map(item => item.name);
        const done = items.find(item => item.name === job && item.completedAt);
        return names.includes(`cache-warmer-replicas-${runId}-1`) && done
          ? items
          : undefined;
      },
    );
    expect(history.filter(i => i.name.includes(runId))).toHaveLength(2);
    const rows = await database('workload-status')('job_runs').where(
      'name',
      'like',
      `cache-warmer-replicas-${runId}-%`,
    );
    expect(rows).toHaveLength(2);
    const afterKill = proxy.requests.slice(killedAt);
    expect(afterKill.length).toBeGreaterThanOrEqual(8);
    expect(afterKill.every(r => replicas[r.target] === a)).toBe(true);
  });
});
