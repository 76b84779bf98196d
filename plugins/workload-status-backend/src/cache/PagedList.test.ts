import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import { ClusterRequestError } from '../cluster/ClusterConnection';
import { PageBuffer } from '../cluster/PageBuffer';
import { mockServices } from '@backstage/backend-test-utils';
import { BASE_KINDS } from '@workload-status/backstage-plugin-workload-status-common';
import { ListPageThread } from './listWorker/ListPageThread';
import { ContinueExpiredError, GoneError } from './listErrors';
import { ObjectStore } from './ObjectStore';
import { PagedList } from './PagedList';
import type { ReflectorTransport } from './ReflectorTransport';

const pod = (uid: string, rv: string): KubeObject => ({
  metadata: { uid, name: uid, resourceVersion: rv },
});

/** LIST pages of `objects` as bytes, continue tokens being offsets. */
class PagesServer implements ReflectorTransport {
  objects: KubeObject[] = [];
  requests: string[] = [];
  /** status codes to fail the next requests with */
  failures: number[] = [];

  async getJson<T>(): Promise<T> {
    throw new Error('the list reads bytes');
  }

  /** the buffer each page was read into */
  buffers: (PageBuffer | undefined)[] = [];

  async getBytes(
    path: string,
    _signal?: AbortSignal,
    options: { into?: PageBuffer } = {},
  ): Promise<Buffer> {
    this.requests.push(path);
    this.buffers.push(options.into);
    const status = this.failures.shift();
    if (status) throw new ClusterRequestError(`HTTP ${status}`, status);
    const q = new URL(path, 'http://x').searchParams;
    const limit = Number(q.get('limit'));
    const start = Number(q.get('continue') ?? 0);
    const next = start + limit < this.objects.length ? start + limit : '';
    const body = Buffer.from(
      JSON.stringify({
        metadata: { resourceVersion: '42', continue: String(next) },
        items: this.objects.slice(start, start + limit),
      }),
    );
    if (!options.into) return body;
    // as ClusterConnection reads it: in chunks, into the caller's buffer
    options.into.reset({ maxBytes: 1024 * 1024 });
    for (let i = 0; i < body.length; i += 7) {
      options.into.append(body.subarray(i, i + 7));
    }
    return options.into.contents();
  }

  async stream(): Promise<void> {}
}

function pagedList(
  server: PagesServer,
  store: ObjectStore,
  projected: string[],
  thread?: ListPageThread,
) {
  return new PagedList({
    transport: server,
    resource: { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
    path: '/api/v1/pods',
    store,
    project: o => {
      projected.push(o.metadata!.uid!);
      return o;
    },
    projector: thread && {
      project: (page, listed, texts) =>
        thread.project(page, listed, BASE_KINDS, texts),
    },
    pageSize: 2,
  });
}

describe('PagedList', () => {
  it('lists page by page into the store, with the kind the items lack', async () => {
    const server = new PagesServer();
    server.objects = [pod('a', '1'), pod('b', '2'), pod('c', '3')];
    const store = new ObjectStore();
    const rv = await pagedList(server, store, []).list(
      new AbortController().signal,
    );
    expect(rv).toBe('42');
    expect(server.requests).toEqual([
      '/api/v1/pods?limit=2',
      '/api/v1/pods?limit=2&continue=2',
    ]);
    expect(store.get('c')).toMatchObject({ kind: 'Pod', apiVersion: 'v1' });
  });

  it('reads the pages of one list into one buffer, and keeps nothing of it', async () => {
    const server = new PagesServer();
    server.objects = [pod('a', '1'), pod('b', '2'), pod('c', '3')];
    const store = new ObjectStore();
    const list = pagedList(server, store, []);
    const signal = new AbortController().signal;
    await list.list(signal);
    const [first, second] = server.buffers;
    expect(first).toBeInstanceOf(PageBuffer);
    expect(second).toBe(first);
    // the next page overwrote the first in place; what the store holds
    // of the first page is its own, not a view of the buffer
    first!.reset({ maxBytes: 1024 });
    first!.append(Buffer.from('x'.repeat(first!.capacity)));
    expect(store.get('a')).toMatchObject({
      metadata: { uid: 'a', name: 'a', resourceVersion: '1' },
    });
    // a buffer lives as long as its list
    await list.list(signal);
    expect(server.buffers[2]).toBeInstanceOf(PageBuffer);
    expect(server.buffers[2]).not.toBe(first);
  });

  it('relists without projecting what the store holds, and deletes what is gone', async () => {
    const server = new PagesServer();
    server.objects = [pod('a', '1'), pod('b', '2'), pod('c', '3')];
    const store = new ObjectStore();
    const projected: string[] = [];
    const list = pagedList(server, store, projected);
    const signal = new AbortController().signal;
    await list.list(signal);
    server.objects = [pod('a', '1'), pod('b', '5')];
    await list.list(signal);
    expect(projected).toEqual(['a', 'b', 'c', 'b']);
    expect([...store.allUids()].sort()).toEqual(['a', 'b']);
    expect(store.get('b')?.metadata?.resourceVersion).toBe('5');
  });

  it('tells a 410 on the first page from an expired continue token', async () => {
    const server = new PagesServer();
    server.objects = [pod('a', '1'), pod('b', '2'), pod('c', '3')];
    const store = new ObjectStore();
    const list = pagedList(server, store, []);
    const signal = new AbortController().signal;
    server.failures = [410];
    await expect(list.list(signal)).rejects.toBeInstanceOf(GoneError);
    server.failures = [0, 410];
    await expect(list.list(signal)).rejects.toBeInstanceOf(
      ContinueExpiredError,
    );
  });

  it('halves its page size down to one object', () => {
    const list = pagedList(new PagesServer(), new ObjectStore(), []);
    expect([list.halvePageLimit(), list.pageLimit]).toEqual([true, 1]);
    expect([list.halvePageLimit(), list.pageLimit]).toEqual([false, 1]);
  });

  describe('with the list worker', () => {
    const thread = new ListPageThread(mockServices.logger.mock());
    afterAll(() => thread.close());

    it('stores what the worker projected, and relists parsing only what changed', async () => {
      const server = new PagesServer();
      server.objects = [pod('a', '1'), pod('b', '2'), pod('c', '3')];
      const store = new ObjectStore();
      const projectedHere: string[] = [];
      const upserted: string[] = [];
      const upsert = store.upsert.bind(store);
      store.upsert = obj => {
        upserted.push(obj.metadata!.uid!);
        upsert(obj);
      };
      const list = pagedList(server, store, projectedHere, thread);
      const signal = new AbortController().signal;
      expect(await list.list(signal)).toBe('42');
      expect(store.get('c')).toEqual({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { uid: 'c', name: 'c', resourceVersion: '3' },
      });
      server.objects = [pod('a', '1'), pod('b', '5')];
      await list.list(signal);
      // nothing projected on this thread; a held version is not stored again
      expect(projectedHere).toEqual([]);
      expect(upserted).toEqual(['a', 'b', 'c', 'b']);
      expect([...store.allUids()].sort()).toEqual(['a', 'b']);
      expect(store.get('b')?.metadata?.resourceVersion).toBe('5');
    });

    it('stores the items before an invalid one, then fails the list', async () => {
      const store = new ObjectStore();
      const transport: ReflectorTransport = {
        getJson: async () => {
          throw new Error('the list reads bytes');
        },
        getBytes: async () =>
          Buffer.from(
            '{"metadata":{},"items":[{"metadata":{"uid":"a"}},{"metadata":]}',
          ),
        stream: async () => {},
      };
      const list = new PagedList({
        transport,
        resource: { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
        path: '/api/v1/pods',
        store,
        project: o => o,
        projector: {
          project: (page, listed, texts) =>
            thread.project(page, listed, BASE_KINDS, texts),
        },
        pageSize: 2,
      });
      await expect(list.list(new AbortController().signal)).rejects.toThrow(
        /Invalid JSON from \/api\/v1\/pods/,
      );
      expect([...store.allUids()]).toEqual(['a']);
    });

    it('parses on this thread when the worker cannot', async () => {
      const server = new PagesServer();
      server.objects = [pod('a', '1'), pod('b', '2'), pod('c', '3')];
      const store = new ObjectStore();
      const projectedHere: string[] = [];
      const gone = new ListPageThread(mockServices.logger.mock());
      await gone.close();
      await pagedList(server, store, projectedHere, gone).list(
        new AbortController().signal,
      );
      expect(projectedHere).toEqual(['a', 'b', 'c']);
      expect([...store.allUids()].sort()).toEqual(['a', 'b', 'c']);
    });
  });
});
