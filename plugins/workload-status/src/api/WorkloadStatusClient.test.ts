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
