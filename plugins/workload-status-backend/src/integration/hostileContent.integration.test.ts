import { mockCredentials } from '@backstage/backend-test-utils';
import {
  HOSTILE_LAST_LINE,
  hostileEventMessage,
  PLANTED_SECRETS,
} from '@internal/cluster-simulator';
import request from 'supertest';
import {
  ENTITY,
  leaked,
  leakedAt,
  operatorObjects,
  permissionsWithoutClusterDetailsForBob,
  workloadObjects,
} from '../__testUtils__/hostileWorkloads';
import { startEventLoopProbe } from '../__testUtils__/eventLoopProbe';
import { startHarness } from '../__testUtils__/simulatorHarness';

jest.setTimeout(240_000);

/*
 * The attacker can only make a pod print lines, create Events and name an
 * image: every log route, the events, the status and the errors must
 * survive what they write (time, bytes, secrets). The simulated cluster
 * serves the hostile corpus (@internal/cluster-simulator's hostileContent)
 * through its log-lines annotation and its Event API.
 */

/** An answer slower than this is a stalled route (scripts/hostile-check.mjs allows 10 s on the demo). */
const ROUTE_BOUND_MS = 5000;
/**
 * While logs are read, the event loop (backend and simulator share it
 * here) is never held this long: the main thread's CPU between two ticks
 * of a 10 ms probe. Not how late a tick came: other test files and the
 * GC's helper threads share the two cores, and a CI run saw a tick come
 * 529 ms late while the requests in it answered in 5-17 ms...
 */
const LOOP_STALL_BOUND_MS = 500;
/**
 * ...and other requests answer this fast. Looser than the 1 s that
 * scripts/hostile-check.mjs holds the demo to: here other test files
 * share the two cores, which slows requests without blocking the loop.
 */
const LOOP_BOUND_MS = 3000;
const FOLLOW_TIMEOUT_MS = 3000;
const EVENT_COUNT = 60;
const EVENT_BYTES = 1024 * 1024;

const BASE = `/api/workload-status/v1/entities/default/component/${ENTITY}`;
const ALICE = mockCredentials.user.header('user:default/alice');
/** May read everything but cluster details (kubernetes.clusters.read). */
const BOB = mockCredentials.user.header('user:default/bob');

async function timed<T>(work: () => Promise<T>) {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

describe('hostile cluster content', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const prod = () => h.sim.cluster('production');
  const get = (path: string, auth = ALICE) =>
    request(h.backend.server).get(path).set('Authorization', auth);
  const hostilePod = () =>
    prod()
      .list('Pod', 'shop')
      .find(
        p =>
          p.metadata.labels?.['backstage.io/kubernetes-id'] === ENTITY &&
          p.metadata.name.startsWith(`${ENTITY}-`) &&
          p.metadata.annotations?.[
            'simulator.workload-status.dev/behaviour'
          ] === 'crash-loop',
      )!;

  /** The route answers in time, with no secret and the corpus's last line. */
  async function expectSurvived(path: string) {
    const { value: res, ms } = await timed(() => get(path).buffer(true));
    const text = res.text ?? JSON.stringify(res.body);
    expect({
      path,
      status: res.status,
      error: res.status === 200 ? undefined : text.slice(0, 500),
    }).toEqual({ path, status: 200, error: undefined });
    const json = res.type === 'application/json';
    expect({
      path,
      leaked: json ? leakedAt(res.body) : leaked(text),
    }).toEqual({ path, leaked: [] });
    expect({ path, lastLine: text.includes(HOSTILE_LAST_LINE) }).toEqual({
      path,
      lastLine: true,
    });
    expect({ path, withinBound: ms < ROUTE_BOUND_MS, ms }).toEqual({
      path,
      withinBound: true,
      ms,
    });
    return res;
  }

  beforeAll(async () => {
    h = await startHarness(
      [ENTITY, 'edge-proxy'],
      {
        logs: { followTimeout: { milliseconds: FOLLOW_TIMEOUT_MS } },
        clusters: {
          production: {
            operators: [
              {
                name: 'hostile-operator',
                namespace: 'hostile-system',
                labelSelector: 'app=hostile-operator',
              },
            ],
          },
        },
      },
      { permissions: permissionsWithoutClusterDetailsForBob },
    );
    prod().apply([...workloadObjects(), ...operatorObjects()]);
    await h.eventually(h.clusters, cs => cs.every(c => c.synced), 20_000);
    // the service crashed once (its second run is on), a cron run failed,
    // the build failed... everything has logged the corpus
    await h.sim.clock.advance(70_000);
    // and the backend has seen it (the watches deliver asynchronously)
    const seen = await h.eventually(
      () => h.status(ENTITY),
      s =>
        s.workloads.some(
          w => w.kind === 'CronJob' && (w.jobHistory ?? []).length > 0,
        ) &&
        s.workloads.some(
          w =>
            w.name === ENTITY &&
            w.pods.some(
              p => p.name === hostilePod()?.metadata.name && p.restarts >= 1,
            ),
        ),
      30_000,
    );
    if (!seen.workloads.some(w => w.name === ENTITY))
      throw new Error(`the backend never saw ${ENTITY}'s workload`);
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('serves the pod log, its download and the previous run: in time, redacted, to the last line', async () => {
    const pod = hostilePod().metadata.name;
    const log = `${BASE}/pods/production/shop/${pod}/log`;
    const current = await expectSurvived(log);
    // the redactor left a trace: the secrets were there and were replaced
    expect(current.text).toContain('[REDACTED]');
    await expectSurvived(`${log}?download=true`);
    await expectSurvived(`${log}?previous=true`);
    await expectSurvived(`${log}?timestamps=true`);
  });

  it('serves a 2 MiB pathological line in time', async () => {
    const res = await expectSurvived(
      `${BASE}/pods/production/shop/${ENTITY}-long-line/log`,
    );
    expect(res.text.startsWith('http://:::')).toBe(true);
  });

  it('closes a follow stream after followTimeout, redacted, to the last line', async () => {
    const pod = hostilePod().metadata.name;
    const res = await expectSurvived(
      `${BASE}/pods/production/shop/${pod}/log?follow=true`,
    );
    expect(res.text).toContain('[REDACTED]');
  });

  it('serves the job log in time, redacted, to the last line', async () => {
    const job = prod()
      .list('Job', 'shop')
      .find(j => j.metadata.name.startsWith(`${ENTITY}-cron-`))!;
    const res = await expectSurvived(
      `${BASE}/jobs/production/shop/${job.metadata.name}/log`,
    );
    expect(res.text).toContain('[REDACTED]');
  });

  it('serves the build log in time, redacted, to the last line', async () => {
    const res = await expectSurvived(
      `${BASE}/builds/production/shop/PipelineRun/${ENTITY}-build/log`,
    );
    expect(res.body.steps.length).toBeGreaterThan(0);
  });

  it('serves the operator log in time, redacted, skipping malformed lines one by one', async () => {
    const operator = await expectSurvived(`${BASE}/operator-log`);
    // each malformed line is skipped alone: the rest of the pod's lines stay
    expect(operator.body.items.length).toBeGreaterThan(PLANTED_SECRETS.length);
    expect(
      operator.body.sources.every((s: { error?: string }) => !s.error),
    ).toBe(true);
  });

  it('keeps answering other requests while big logs are read', async () => {
    const pod = hostilePod().metadata.name;
    const answer = () =>
      Promise.all([
        timed(() =>
          request(h.backend.server)
            .post('/api/workload-status/v1/summaries')
            .set('Authorization', ALICE)
            .send({ entityRefs: [`component:default/${ENTITY}`] }),
        ),
        timed(() => get(`${BASE}/status`)),
      ]);
    // what they take with no log read going on
    const baseline = (await answer()).map(a => a.ms);
    const probe = startEventLoopProbe(10);
    const reads = Promise.all([
      get(`${BASE}/pods/production/shop/${pod}/log?download=true`),
      get(`${BASE}/pods/production/shop/${pod}/log?previous=true`),
      get(`${BASE}/pods/production/shop/${ENTITY}-long-line/log`),
    ]);
    let reading = true;
    void reads.finally(() => {
      reading = false;
    });
    const latencies: number[] = [];
    while (reading || latencies.length < 5) {
      const [summaries, status] = await answer();
      expect([summaries.value.status, status.value.status]).toEqual([200, 200]);
      latencies.push(summaries.ms, status.ms);
      await new Promise(r => setTimeout(r, 20));
    }
    const answers = await reads;
    const loop = probe.stop();
    expect(answers.map(r => r.status)).toEqual([200, 200, 200]);
    const longestHeldMs = Math.round(loop.longestHeldMs);
    // the latest tick, split: held (main-thread CPU), waiting for a core
    const latestTick = {
      lateMs: Math.round(loop.worstTick.lateMs),
      heldMs: Math.round(loop.worstTick.cpuMs),
      waitedMs: Math.round(loop.worstTick.waitedMs),
    };
    // all of them in a failure, to tell one slow answer from a stall
    expect({
      withinBound:
        Math.max(...latencies) < LOOP_BOUND_MS &&
        longestHeldMs < LOOP_STALL_BOUND_MS,
      longestHeldMs,
      latestTick,
      baseline,
      latencies,
    }).toEqual({
      withinBound: true,
      longestHeldMs,
      latestTick,
      baseline,
      latencies,
    });
  });

  it('shows no secret in the status: container messages, reasons, images', async () => {
    const { value: res, ms } = await timed(() => get(`${BASE}/status`));
    expect(res.status).toBe(200);
    expect(ms).toBeLessThan(ROUTE_BOUND_MS);
    const status = JSON.stringify(res.body);
    // the cluster did put them there: a terminated message and the image
    const cronPod = prod()
      .list('Pod', 'shop')
      .find(p => p.metadata.name.startsWith(`${ENTITY}-cron-`))!;
    expect(
      cronPod.status.containerStatuses[0].state.terminated.message,
    ).toContain(HOSTILE_LAST_LINE);
    expect(status).toContain('InvalidImageName');
    expect(leakedAt(res.body)).toEqual([]);
  });

  it('shows no secret in the job history (stored runs and their reasons)', async () => {
    const history = await get(`${BASE}/job-history`);
    expect(history.status).toBe(200);
    expect(history.body.items?.length).toBeGreaterThan(0);
    expect(leakedAt(history.body)).toEqual([]);
  });

  it('answers the events route under 2 MiB with no secret, after 60 Events of 1 MiB', async () => {
    const pod = hostilePod();
    for (let i = 0; i < EVENT_COUNT; i++) {
      const res = await fetch(`${prod().url}/api/v1/namespaces/shop/events`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${prod().token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          metadata: { generateName: `${pod.metadata.name}.` },
          involvedObject: {
            apiVersion: 'v1',
            kind: 'Pod',
            namespace: 'shop',
            name: pod.metadata.name,
            uid: pod.metadata.uid,
          },
          reason: `Hostile${i}`,
          message: hostileEventMessage(i, EVENT_BYTES),
          type: 'Warning',
          count: 1,
          firstTimestamp: h.sim.clock.now().toISOString(),
          lastTimestamp: h.sim.clock.now().toISOString(),
        }),
      });
      expect(res.status).toBe(201);
      await res.arrayBuffer();
    }
    const events = `${BASE}/events`;
    const res = await h.eventually(
      () => get(events),
      r =>
        (r.body.items ?? []).filter((e: { reason: string }) =>
          e.reason.startsWith('Hostile'),
        ).length === EVENT_COUNT,
      30_000,
    );
    const { value: again, ms } = await timed(() => get(events));
    expect(ms).toBeLessThan(ROUTE_BOUND_MS);
    const bytes = Buffer.byteLength(again.text);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    expect(leaked(again.text)).toEqual([]);
    expect(
      res.body.items.filter((e: { reason: string }) =>
        e.reason.startsWith('Hostile'),
      ),
    ).toHaveLength(EVENT_COUNT);
  });

  it('names no cluster address or account in errors to a user without cluster details', async () => {
    const edge = h.sim.cluster('edge');
    const addresses = (url: string) => {
      const { host, port } = new URL(url);
      return [host, `:${port}`, 'system:serviceaccount'];
    };
    const exposes = (text: string, url: string) =>
      addresses(url).filter(a => text.includes(a));

    // a cluster that refuses connections
    await edge.faults.set({ down: true });
    try {
      const status = await h.eventually(
        () =>
          get(
            '/api/workload-status/v1/entities/default/component/edge-proxy/status',
            BOB,
          ),
        r =>
          r.body.clusters?.some((c: any) => c.name === 'edge' && !c.reachable),
        15_000,
      );
      const edgeState = status.body.clusters.find(
        (c: any) => c.name === 'edge',
      );
      expect(edgeState.reachable).toBe(false);
      expect(exposes(JSON.stringify(status.body), edge.url)).toEqual([]);
      const edgePod = edge.list('Pod', 'edge')[0].metadata.name;
      const log = await get(
        `/api/workload-status/v1/entities/default/component/edge-proxy/pods/edge/edge/${edgePod}/log`,
        BOB,
      );
      expect(log.status).toBe(503);
      expect(exposes(JSON.stringify(log.body), edge.url)).toEqual([]);
    } finally {
      await edge.faults.clear();
    }

    // a cluster that answers 403 naming the plugin's service account
    await prod().faults.set({ errorRate: 1, errorStatus: 403 });
    // the open watches were authorized: cut them so that the cache re-lists
    prod().faults.dropWatches();
    try {
      const pod = hostilePod().metadata.name;
      const answers = new Map<string, request.Response>();
      for (const path of [
        `${BASE}/pods/production/shop/${pod}/log`,
        `${BASE}/operator-log`,
        `${BASE}/builds/production/shop/PipelineRun/${ENTITY}-build/log`,
      ]) {
        const res = await get(path, BOB).buffer(true);
        answers.set(path, res);
        expect({
          path,
          exposes: exposes(res.text ?? JSON.stringify(res.body), prod().url),
        }).toEqual({ path, exposes: [] });
      }
      // the failure did reach the answer (the operator log may be served
      // from its short cache, the build log from the cached run)
      expect(
        answers.get(`${BASE}/pods/production/shop/${pod}/log`)!.status,
      ).toBeGreaterThanOrEqual(400);
      const status = await h.eventually(
        () => get(`${BASE}/status`, BOB),
        r =>
          r.body.clusters?.some(
            (c: { name: string; error?: string }) =>
              c.name === 'production' && c.error,
          ),
        10_000,
      );
      expect(
        status.body.clusters.find(
          (c: { name: string }) => c.name === 'production',
        ).error,
      ).toBeTruthy();
      expect(exposes(JSON.stringify(status.body), prod().url)).toEqual([]);
    } finally {
      await prod().faults.clear();
    }
  });
});
