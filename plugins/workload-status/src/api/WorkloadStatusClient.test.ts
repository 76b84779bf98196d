import { WorkloadStatusClient } from './WorkloadStatusClient';

function fakeFetch(status: number, body: unknown) {
  const requests: Array<{ url: string; init?: RequestInit }> = [];
  const fetchApi = {
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push({ url: String(input), init });
      return new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      });
    },
  };
  const discoveryApi = {
    getBaseUrl: async (id: string) => `http://backend/api/${id}`,
  };
  return {
    client: new WorkloadStatusClient({ fetchApi, discoveryApi }),
    requests,
  };
}

describe('WorkloadStatusClient', () => {
  it('reads an entity status from its route, with the ref parts encoded', async () => {
    const { client, requests } = fakeFetch(200, {
      entityRef: 'component:default/web',
    });
    await client.getEntityStatus('Component:default/web');
    expect(requests[0].url).toBe(
      'http://backend/api/workload-status/v1/entities/default/component/web/status',
    );
  });

  it("reads a System's rollup from its status route", async () => {
    const rollup = { entityRef: 'system:default/shop', members: [] };
    const { client, requests } = fakeFetch(200, rollup);
    expect(await client.getRollup('System:default/shop')).toEqual(rollup);
    expect(requests[0].url).toBe(
      'http://backend/api/workload-status/v1/entities/default/system/shop/status',
    );
  });

  it('posts summaries in one request and skips the call for none', async () => {
    const { client, requests } = fakeFetch(200, {
      items: [{ entityRef: 'a' }],
    });
    expect(await client.getSummaries([])).toEqual([]);
    expect(requests).toHaveLength(0);
    expect(await client.getSummaries(['component:default/a'])).toEqual([
      { entityRef: 'a' },
    ]);
    expect(requests[0].init?.method).toBe('POST');
    expect(JSON.parse(String(requests[0].init?.body))).toEqual({
      entityRefs: ['component:default/a'],
    });
  });

  it('reads the clusters route and answers its items', async () => {
    const { client, requests } = fakeFetch(200, {
      items: [{ name: 'edge', resources: [] }],
    });
    expect(await client.getClusters()).toEqual([
      { name: 'edge', resources: [] },
    ]);
    expect(requests[0].url).toMatch(/\/api\/workload-status\/v1\/clusters$/);
  });

  it('turns an error response into a ResponseError with the backend message', async () => {
    const { client } = fakeFetch(404, {
      error: {
        name: 'NotFoundError',
        message: 'No entity component:default/nope',
      },
      response: { statusCode: 404 },
    });
    await expect(
      client.getEntityStatus('component:default/nope'),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
    });
  });
});

/** A fetchApi answering each request with the Response the test builds. */
function fetchAnswering(answer: (url: string, init?: RequestInit) => Response) {
  const requests: Array<{ url: string; init?: RequestInit }> = [];
  const fetchApi = {
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push({ url: String(input), init });
      if (init?.signal?.aborted) {
        throw new DOMException('The operation was aborted.', 'AbortError');
      }
      return answer(String(input), init);
    },
  };
  const discoveryApi = {
    getBaseUrl: async (id: string) => `http://backend/api/${id}`,
  };
  return {
    client: new WorkloadStatusClient({ fetchApi, discoveryApi }),
    requests,
  };
}

/** A body delivered in the given chunks, as a network would cut it. */
function streamOf(chunks: Array<string | Uint8Array>, keepOpen = false) {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) {
        controller.enqueue(
          typeof chunk === 'string' ? encoder.encode(chunk) : chunk,
        );
      }
      if (!keepOpen) controller.close();
    },
  });
}

const ENTITY = 'component:default/api';
const BASE =
  'http://backend/api/workload-status/v1/entities/default/component/api';
const POD = { cluster: 'prod', namespace: 'shop', name: 'api-5f7c9d8b6-x2x9q' };

describe('WorkloadStatusClient diagnostics', () => {
  it('reads events and job history with their filters in the query', async () => {
    const { client, requests } = fetchAnswering(
      () => new Response(JSON.stringify({ items: [] }), { status: 200 }),
    );
    await client.getEvents(ENTITY);
    await client.getEvents(ENTITY, {
      type: 'Warning',
      objectKind: 'Pod',
      objectName: 'api-1',
    });
    await client.getJobHistory(ENTITY, { cronJob: 'nightly', limit: 50 });
    expect(requests.map(r => r.url)).toEqual([
      `${BASE}/events`,
      `${BASE}/events?type=Warning&objectKind=Pod&objectName=api-1`,
      `${BASE}/job-history?cronJob=nightly&limit=50`,
    ]);
  });

  it('reads the timeline with its window in the query', async () => {
    const { client, requests } = fetchAnswering(
      () => new Response(JSON.stringify({ items: [] }), { status: 200 }),
    );
    await client.getTimeline(ENTITY);
    await client.getTimeline(ENTITY, {
      since: '2026-01-01T00:00:00.000Z',
      limit: 1000,
    });
    expect(requests.map(r => r.url)).toEqual([
      `${BASE}/timeline`,
      `${BASE}/timeline?since=2026-01-01T00%3A00%3A00.000Z&limit=1000`,
    ]);
  });

  it('reads a pod log as text, with only the options set', async () => {
    const { client, requests } = fetchAnswering(
      () => new Response('line 1\nline 2\n', { status: 200 }),
    );
    expect(
      await client.getPodLog(ENTITY, POD, {
        container: 'app',
        previous: true,
        tailLines: 500,
        timestamps: false,
      }),
    ).toBe('line 1\nline 2\n');
    expect(requests[0].url).toBe(
      `${BASE}/pods/prod/shop/api-5f7c9d8b6-x2x9q/log?container=app&previous=true&tailLines=500`,
    );
  });

  it('downloads a pod log as a blob through fetchApi', async () => {
    const { client, requests } = fetchAnswering(
      () => new Response('all of it', { status: 200 }),
    );
    const blob = await client.downloadPodLog(ENTITY, POD, { container: 'app' });
    expect(await blob.text()).toBe('all of it');
    expect(requests[0].url).toBe(
      `${BASE}/pods/prod/shop/api-5f7c9d8b6-x2x9q/log?container=app&download=true`,
    );
  });

  it('reads a job log, a build log, the operator log', async () => {
    const { client, requests } = fetchAnswering(url => {
      if (url.includes('/builds/')) {
        return new Response(JSON.stringify({ steps: [{ name: 'clone' }] }));
      }
      if (url.includes('/operator-log')) {
        return new Response(JSON.stringify({ sources: [], items: [] }));
      }
      return new Response('done\n');
    });
    expect(
      await client.getJobLog(
        ENTITY,
        { cluster: 'prod', namespace: 'batch', name: 'nightly-1' },
        { tailLines: 100 },
      ),
    ).toBe('done\n');
    expect(
      await client.getBuildLog(
        ENTITY,
        {
          cluster: 'prod',
          namespace: 'ci',
          kind: 'PipelineRun',
          name: 'api-build-7',
        },
        { tailLines: 200 },
      ),
    ).toEqual({ steps: [{ name: 'clone' }] });
    await client.getOperatorLog(ENTITY, { limit: 20 });
    expect(requests.map(r => r.url)).toEqual([
      `${BASE}/jobs/prod/batch/nightly-1/log?tailLines=100`,
      `${BASE}/builds/prod/ci/PipelineRun/api-build-7/log?tailLines=200`,
      `${BASE}/operator-log?limit=20`,
    ]);
  });

  it('posts suspend, resume and run, and deletes with DELETE', async () => {
    const { client, requests } = fetchAnswering(
      (_url, init) =>
        new Response(JSON.stringify({ action: init?.method, changed: true }), {
          status: 200,
        }),
    );
    const cronJob = { cluster: 'prod', namespace: 'batch', name: 'nightly' };
    for (const action of ['suspend', 'resume', 'run', 'delete'] as const) {
      await client.cronJobAction(ENTITY, action, cronJob);
    }
    expect(requests.map(r => `${r.init?.method} ${r.url}`)).toEqual([
      `POST ${BASE}/cronjobs/prod/batch/nightly/suspend`,
      `POST ${BASE}/cronjobs/prod/batch/nightly/resume`,
      `POST ${BASE}/cronjobs/prod/batch/nightly/run`,
      `DELETE ${BASE}/cronjobs/prod/batch/nightly`,
    ]);
  });

  it('posts workload actions, replicas as JSON, and deletes a pod with DELETE', async () => {
    const { client, requests } = fetchAnswering(
      () => new Response(JSON.stringify({ changed: true }), { status: 200 }),
    );
    const workload = {
      cluster: 'prod',
      namespace: 'shop',
      name: 'store front',
      kind: 'Deployment',
    };
    await client.workloadAction(ENTITY, 'restart', workload);
    await client.workloadAction(ENTITY, 'scale', workload, { replicas: 2 });
    await client.workloadAction(
      ENTITY,
      'start',
      { ...workload, kind: 'StatefulSet' },
      {},
    );
    await client.deletePod(ENTITY, {
      cluster: 'prod',
      namespace: 'shop',
      name: 'web-1',
    });
    expect(requests.map(r => `${r.init?.method} ${r.url}`)).toEqual([
      `POST ${BASE}/workloads/prod/shop/deployments/store%20front/restart`,
      `POST ${BASE}/workloads/prod/shop/deployments/store%20front/scale`,
      `POST ${BASE}/workloads/prod/shop/statefulsets/store%20front/start`,
      `DELETE ${BASE}/pods/prod/shop/web-1`,
    ]);
    expect(requests[1].init?.body).toBe('{"replicas":2}');
    expect(requests[0].init?.body).toBeUndefined();
    await expect(
      client.workloadAction(ENTITY, 'restart', { ...workload, kind: 'Job' }),
    ).rejects.toThrow('No actions on Job store front');
  });

  it('turns a refused action into a ResponseError carrying the 403', async () => {
    const { client } = fetchAnswering(
      () =>
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'not allowed to run' },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    await expect(
      client.cronJobAction(ENTITY, 'run', {
        cluster: 'prod',
        namespace: 'batch',
        name: 'nightly',
      }),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 403 });
  });

  describe('followPodLog', () => {
    it('delivers whole lines, joining lines and characters cut across chunks', async () => {
      const euro = new TextEncoder().encode('€'); // 3 bytes
      const { client, requests } = fetchAnswering(
        () =>
          new Response(
            streamOf([
              'first\nsec',
              'ond\r\nprice 5',
              euro.slice(0, 1),
              euro.slice(1),
              '\nlast without newline',
            ]),
          ),
      );
      const received: string[][] = [];
      await client.followPodLog(
        ENTITY,
        POD,
        { container: 'app', tailLines: 10 },
        {
          signal: new AbortController().signal,
          onLines: lines => received.push(lines),
        },
      );
      expect(received.flat()).toEqual([
        'first',
        'second',
        'price 5€',
        'last without newline',
      ]);
      expect(requests[0].url).toBe(
        `${BASE}/pods/prod/shop/api-5f7c9d8b6-x2x9q/log?container=app&tailLines=10&follow=true`,
      );
    });

    it('ends quietly when aborted while the stream is open', async () => {
      const { client } = fetchAnswering(
        () => new Response(streamOf(['one\n', 'two\n'], true)),
      );
      const controller = new AbortController();
      const received: string[] = [];
      const following = client.followPodLog(
        ENTITY,
        POD,
        {},
        {
          signal: controller.signal,
          onLines: lines => {
            received.push(...lines);
            if (received.length === 2) controller.abort();
          },
        },
      );
      await expect(following).resolves.toBeUndefined();
      expect(received).toEqual(['one', 'two']);
    });

    it('ends quietly when aborted before the answer came', async () => {
      const { client } = fetchAnswering(() => new Response('never read'));
      const controller = new AbortController();
      controller.abort();
      const onLines = jest.fn();
      await client.followPodLog(
        ENTITY,
        POD,
        {},
        { signal: controller.signal, onLines },
      );
      expect(onLines).not.toHaveBeenCalled();
    });

    it('rejects with the backend message when the cluster is down', async () => {
      const { client } = fetchAnswering(
        () =>
          new Response(
            JSON.stringify({
              error: {
                name: 'ServiceUnavailableError',
                message: 'Cluster prod cannot be reached',
              },
              response: { statusCode: 503 },
            }),
            { status: 503, headers: { 'Content-Type': 'application/json' } },
          ),
      );
      await expect(
        client.followPodLog(
          ENTITY,
          POD,
          {},
          { signal: new AbortController().signal, onLines: jest.fn() },
        ),
      ).rejects.toMatchObject({ statusCode: 503 });
    });
  });
});
