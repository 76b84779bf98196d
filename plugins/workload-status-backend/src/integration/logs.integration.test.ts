import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { startHarness } from '../__testUtils__/simulatorHarness';

jest.setTimeout(60_000);

const FOLLOW_TIMEOUT_MS = 4000;

describe('log routes against the simulated cluster', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const auth = mockCredentials.user.header('user:default/alice');
  const base = (name: string) =>
    `/api/workload-status/v1/entities/default/component/${name}`;
  const get = (path: string) =>
    request(h.backend.server).get(path).set('Authorization', auth);
  const prod = () => h.sim.cluster('production');
  const podsOf = (app: string, namespace = 'shop') =>
    prod()
      .list('Pod', namespace)
      .filter(p => p.metadata.labels?.['backstage.io/kubernetes-id'] === app);

  beforeAll(async () => {
    h = await startHarness(['web', 'checkout', 'recommendations', 'reports'], {
      logs: {
        followTimeout: { milliseconds: FOLLOW_TIMEOUT_MS },
        maxFollowStreams: 2,
      },
    });
    await h.eventually(h.clusters, cs => cs.every(c => c.synced));
    // a crash loop with a previous run, a finished build, a report Job
    for (let i = 0; i < 90; i++) {
      const checkout = podsOf('checkout')[0];
      const restarts =
        checkout?.status?.containerStatuses?.[0]?.restartCount ?? 0;
      const build = prod().get(
        'PipelineRun',
        'shop',
        'recommendations-build-42',
      );
      const done = build?.status?.conditions?.[0]?.status === 'False';
      if (restarts >= 1 && done && prod().list('Job', 'data').length) break;
      await h.sim.clock.advance(1000);
    }
    // the cache has seen it all
    await h.eventually(
      async () =>
        (
          await get(`${base('recommendations')}/status`)
        ).body?.builds?.length,
      n => n > 0,
    );
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('reads the current and previous log of a crash-looping pod, redacted', async () => {
    const pod = podsOf('checkout')[0].metadata.name;
    const current = await get(
      `${base('checkout')}/pods/production/shop/${pod}/log?container=app`,
    );
    expect(current.status).toBe(200);
    expect(current.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(current.headers['cache-control']).toBe('no-store');
    expect(current.headers['x-content-type-options']).toBe('nosniff');
    expect(current.text).toContain('"msg":"loading configuration"');

    const previous = await get(
      `${base('checkout')}/pods/production/shop/${pod}/log?previous=true`,
    );
    expect(previous.status).toBe(200);
    expect(previous.text).toContain(
      "TypeError: Cannot read properties of undefined (reading 'currency')",
    );
    // the secrets the app logs at start never leave the backend
    expect(previous.text).toContain(
      'connecting to postgres://checkout:[REDACTED]@checkout-db.shop.svc:5432/checkout',
    );
    expect(previous.text).toContain('Authorization: Bearer [REDACTED]');
    expect(previous.text).not.toMatch(/s3cr3t|eyJhbGci/);

    const tail = await get(
      `${base(
        'checkout',
      )}/pods/production/shop/${pod}/log?previous=true&tailLines=2&timestamps=true`,
    );
    expect(tail.text.trim().split('\n')).toHaveLength(2);
    expect(tail.text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /);

    const limited = await get(
      `${base(
        'checkout',
      )}/pods/production/shop/${pod}/log?previous=true&limitBytes=10`,
    );
    expect(Buffer.byteLength(limited.text)).toBe(10);
  });

  it('offers the log as a download', async () => {
    const pod = podsOf('checkout')[0].metadata.name;
    const res = await get(
      `${base(
        'checkout',
      )}/pods/production/shop/${pod}/log?previous=true&download=true`,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${pod}_app.log"`,
    );
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).not.toContain('s3cr3t');
  });

  it('follows a log until the pod is deleted, then ends the response', async () => {
    const pod = podsOf('web').find(p => p.status?.phase === 'Running')!.metadata
      .name;
    const followed = get(
      `${base('web')}/pods/production/shop/${pod}/log?follow=true&tailLines=5`,
    ).then(r => r);
    await new Promise(r => setTimeout(r, 300));
    await h.sim.clock.advance(6000); // new request lines
    await new Promise(r => setTimeout(r, 400));
    prod().delete('Pod', 'shop', pod, 0);
    await h.sim.clock.advance(1000);
    const res = await followed;
    expect(res.status).toBe(200);
    expect(res.text).toContain('"msg":"request completed"');
  });

  it('closes a follow stream after followTimeout', async () => {
    const pod = podsOf('web').find(
      p => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp,
    )!.metadata.name;
    const started = Date.now();
    const res = await get(
      `${base('web')}/pods/production/shop/${pod}/log?follow=true&tailLines=1`,
    );
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(
      FOLLOW_TIMEOUT_MS - 100,
    );
  });

  it('stops reading from the cluster when the client goes away', async () => {
    const pod = podsOf('web').find(
      p => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp,
    )!.metadata.name;
    const logStreams = () =>
      [...prod().sim.streams].filter(s => s.kind === 'log').length;
    // the streams of the tests above were closed upstream too
    const before = await h.eventually(
      async () => logStreams(),
      n => n === 0,
    );
    expect(before).toBe(0);
    const { port } = h.backend.server.address() as AddressInfo;
    const client = http.get({
      port,
      path: `${base(
        'web',
      )}/pods/production/shop/${pod}/log?follow=true&tailLines=1`,
      // as a browser asks: the lines must still come unbuffered
      headers: { Authorization: auth, 'Accept-Encoding': 'gzip' },
    });
    const response = await new Promise<http.IncomingMessage>(resolve =>
      client.on('response', resolve),
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-store, no-transform');
    const firstLine = await new Promise<string>(resolve =>
      response.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    expect(firstLine).toMatch(/\n$/);
    await h.eventually(
      async () => logStreams(),
      n => n === before + 1,
    );
    client.destroy();
    expect(
      await h.eventually(
        async () => logStreams(),
        n => n === before,
      ),
    ).toBe(before);
  });

  it('bounds the follow streams open at once', async () => {
    const pod = podsOf('web').find(
      p => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp,
    )!.metadata.name;
    const path = `${base(
      'web',
    )}/pods/production/shop/${pod}/log?follow=true&tailLines=1`;
    const { port } = h.backend.server.address() as AddressInfo;
    const follow = async () => {
      const client = http.get({ port, path, headers: { Authorization: auth } });
      const res = await new Promise<http.IncomingMessage>(resolve =>
        client.on('response', resolve),
      );
      return { client, status: res.statusCode };
    };
    const open = [await follow(), await follow()];
    expect(open.map(o => o.status)).toEqual([200, 200]);
    const refused = await get(path);
    expect(refused.status).toBe(503);
    expect(refused.body.error.message).toContain('Too many log streams');
    open.forEach(o => o.client.destroy());
    const again = await h.eventually(follow, o => {
      o.client.destroy();
      return o.status === 200;
    });
    expect(again.status).toBe(200);
  });

  it('reads the newest pod of a Job', async () => {
    const job = prod().list('Job', 'data')[0].metadata.name;
    const res = await get(`${base('reports')}/jobs/production/data/${job}/log`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('level=INFO msg="starting reports"');
  });

  it('reads a failed PipelineRun step by step, in order', async () => {
    const res = await get(
      `${base(
        'recommendations',
      )}/builds/production/shop/PipelineRun/recommendations-build-42/log`,
    );
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      cluster: 'production',
      namespace: 'shop',
      kind: 'PipelineRun',
      name: 'recommendations-build-42',
    });
    expect(
      res.body.steps.map((s: any) => [s.taskRun, s.name, s.state, s.exitCode]),
    ).toEqual([
      ['recommendations-build-42-fetch-source', 'clone', 'terminated', 0],
      [
        'recommendations-build-42-build-image',
        'build',
        'terminated',
        expect.any(Number),
      ],
    ]);
    expect(res.body.steps[1].exitCode).not.toBe(0);
    expect(res.body.steps[0].log).toContain('Successfully cloned');
    expect(res.body.steps[1].log).toContain('error TS2322');
    expect(res.body.steps[1]).toMatchObject({
      pod: 'recommendations-build-42-build-image-pod',
      container: 'step-build',
      truncated: false,
    });

    const taskRun = await get(
      `${base(
        'recommendations',
      )}/builds/production/shop/taskrun/recommendations-build-42-build-image/log?tailLines=1`,
    );
    expect(taskRun.status).toBe(200);
    expect(taskRun.body.steps).toEqual([
      expect.objectContaining({
        name: 'build',
        log: 'Error: building at STEP "RUN npm run build": while running runtime: exit status 2\n',
        truncated: true,
      }),
    ]);
  });

  it("lists a TaskRun's steps from the cluster once its pod is gone", async () => {
    const podName = 'recommendations-build-42-fetch-source-pod';
    prod().delete('Pod', 'shop', podName, 0);
    await h.sim.clock.advance(1000);
    const path = `${base(
      'recommendations',
    )}/builds/production/shop/PipelineRun/recommendations-build-42/log`;
    const res = await h.eventually(
      () => get(path),
      r => r.body.steps?.[0]?.log === '',
    );
    expect(res.body.steps[0]).toEqual({
      name: 'clone',
      taskRun: 'recommendations-build-42-fetch-source',
      pod: podName,
      container: 'step-clone',
      state: 'terminated',
      exitCode: 0,
      log: '',
      truncated: false,
    });
    expect(res.body.steps[1].log).toContain('error TS2322');
  });

  it('answers 404 for objects that are not the entity', async () => {
    const checkoutPod = podsOf('checkout')[0].metadata.name;
    const webPod = podsOf('web')[0].metadata.name;
    const cases = [
      `${base('web')}/pods/production/shop/${checkoutPod}/log`,
      `${base('web')}/pods/production/shop/${webPod}/log?container=istio-proxy`,
      `${base('web')}/pods/edge/shop/${webPod}/log`,
      `${base('web')}/jobs/production/data/${
        prod().list('Job', 'data')[0].metadata.name
      }/log`,
      `${base(
        'web',
      )}/builds/production/shop/PipelineRun/recommendations-build-42/log`,
      `${base('nobody')}/pods/production/shop/${webPod}/log`,
    ];
    for (const path of cases) {
      const res = await get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.body.error.name).toBe('NotFoundError');
    }
  });

  it('refuses hostile input with 400 before calling the cluster', async () => {
    const webPod = podsOf('web')[0].metadata.name;
    const pod = `${base('web')}/pods/production/shop/${webPod}/log`;
    const spy = jest.spyOn(http, 'request');
    try {
      const cases: Array<[string, RegExp]> = [
        [`${pod}?tailLines=10000000`, /tailLines.*from 1 to 10000/],
        [`${pod}?limitBytes=99999999999`, /limitBytes.*from 1 to 2097152/],
        [`${pod}?tailLines=-5`, /tailLines/],
        [`${pod}?sinceSeconds=1.5`, /sinceSeconds.*integer/],
        [
          `${pod}?sinceSeconds=10&sinceTime=2026-01-15T10:00:00Z`,
          /At most one of sinceSeconds and sinceTime/,
        ],
        [`${pod}?follow=yes`, /follow/],
        [`${pod}?tailLines=1&tailLines=2`, /given once/],
        [`${pod}?container=..%2F..%2Fetc`, /Invalid container name/],
        [`${pod}?bogus=1`, /Unknown query parameter 'bogus'/],
        [
          `${base(
            'web',
          )}/pods/production/shop/..%2Fkube-system%2Fapiserver/log`,
          /Invalid object name/,
        ],
        [
          `${base('web')}/pods/production/Shop/${webPod}/log`,
          /Invalid namespace/,
        ],
        [
          `${base('web')}/builds/production/shop/Deployment/web/log`,
          /Invalid build kind 'Deployment'/,
        ],
        [
          `${base('web')}/builds/production/shop/PipelineRun/x/log?tailLines=0`,
          /tailLines/,
        ],
        [`${base('web')}/operator-log?limit=1001`, /limit.*from 1 to 1000/],
        [`${base('web')}/operator-log?limit=0`, /limit/],
      ];
      for (const [path, message] of cases) {
        const res = await get(path);
        expect([path, res.status]).toEqual([path, 400]);
        expect(res.body.error.message).toMatch(message);
      }
      const logCalls = spy.mock.calls.filter(([target]) =>
        String((target as URL)?.pathname ?? target).includes('/log'),
      );
      expect(logCalls).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it('answers 400 with the kubelet reason when there is no previous run', async () => {
    const webPod = podsOf('web').find(
      p =>
        p.status?.phase === 'Running' &&
        !p.metadata.deletionTimestamp &&
        !p.status.containerStatuses?.[0]?.restartCount,
    )!.metadata.name;
    const res = await get(
      `${base('web')}/pods/production/shop/${webPod}/log?previous=true`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      'previous terminated container "web"',
    );
  });

  it('answers 503, not 500, when the cluster is down', async () => {
    const pod = podsOf('checkout')[0].metadata.name;
    await prod().faults.set({ down: true });
    try {
      const res = await get(
        `${base('checkout')}/pods/production/shop/${pod}/log?previous=true`,
      );
      expect(res.status).toBe(503);
      expect(res.body.error.name).toBe('ServiceUnavailableError');
    } finally {
      await prod().faults.clear();
    }
  });
});
