import { mockServices } from '@backstage/backend-test-utils';
import {
  BASE_KINDS,
  KindRegistry,
  KubeObject,
} from '@workload-status/backstage-plugin-workload-status-common';
import { PageBuffer } from '../../cluster/PageBuffer';
import { kindTableWith } from '../../status/extensionKinds';
import { storedProjection } from '../storedProjection';
import { ListPageThread } from './ListPageThread';
import type { ProjectedPage, SharedTexts } from './listWorkerMessages';

const JWT =
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJl';

function pod(uid: string, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    metadata: {
      uid,
      name: `pod-${uid}`,
      namespace: 'shop',
      resourceVersion: `${uid.length}7`,
      labels: { app: 'checkout' },
      managedFields: [{ manager: 'kubelet', fieldsV1: { 'f:status': {} } }],
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    },
    spec: {
      containers: [{ name: 'app', image: 'shop/checkout:1', env: [] }],
    },
    status: {
      phase: 'Running',
      message: `calling payments with Authorization: Bearer ${JWT} ✓ 🚀`,
      conditions: [{ type: 'Ready', status: 'True' }],
    },
    ...extra,
  } as KubeObject;
}

/** A LIST answer read as ClusterConnection reads it: into a PageBuffer. */
function listPage(items: unknown[], metadata = { resourceVersion: '9' }) {
  const body = Buffer.from(JSON.stringify({ metadata, items }));
  const buffer = new PageBuffer();
  buffer.reset({ maxBytes: 16 * 1024 * 1024 });
  buffer.append(body);
  return buffer.contents();
}

/** What the page's items are, read back as the store would parse them. */
function objects(page: ProjectedPage): unknown[] {
  let start = 0;
  return page.ends.map(end => {
    const text = page.texts.toString('utf8', start, end);
    start = end;
    return JSON.parse(text);
  });
}

const POD = { apiVersion: 'v1', kind: 'Pod' };

describe('ListPageThread', () => {
  const threads: ListPageThread[] = [];
  const newThread = (logger = mockServices.logger.mock()) => {
    const t = new ListPageThread(logger);
    threads.push(t);
    return t;
  };
  // one thread for the tests that do not stop theirs: each thread loads
  // the TypeScript sources anew under jest, CPU other test files wait for
  const shared = newThread();
  const thread = () => shared;
  afterAll(() => Promise.all(threads.map(t => t.close())));

  it('projects and redacts a page as the main thread does, in another thread', async () => {
    const items = [
      pod('a'),
      pod('b'),
      { metadata: { name: 'no-uid' } },
      pod('c', { kind: 'Pod', apiVersion: 'v1' }),
    ];
    const texts: SharedTexts = { buffer: new SharedArrayBuffer(0) };
    const page = await thread().project(
      listPage(items),
      POD,
      BASE_KINDS,
      texts,
    );
    expect(page).toBeDefined();
    expect(page!.uids).toEqual(['a', 'b', 'c']);
    expect(page!.versions).toEqual(['17', '17', '17']);
    expect(page!.metadata).toEqual({ resourceVersion: '9' });
    expect(page!.error).toBeUndefined();
    const expected = [items[0], items[1], items[3]].map(item =>
      storedProjection({ ...POD, ...(item as KubeObject) }, BASE_KINDS),
    );
    expect(objects(page!)).toEqual(expected);
    // the stored form: no managedFields, no token, the rest of the text whole
    const [first] = objects(page!) as KubeObject[];
    expect(first.metadata).not.toHaveProperty('managedFields');
    expect(first.metadata?.annotations).toBeUndefined();
    expect(JSON.stringify(first)).not.toContain(JWT);
    expect(first.status?.message).toContain('✓ 🚀');
    // the texts did not fit in an empty buffer: a larger one is kept
    expect(texts.buffer.byteLength).toBeGreaterThanOrEqual(page!.texts.length);
  });

  it('reads a page from a plain buffer too, and reuses the texts buffer', async () => {
    const t = thread();
    const texts: SharedTexts = { buffer: new SharedArrayBuffer(64 * 1024) };
    const kept = texts.buffer;
    const body = Buffer.from(
      JSON.stringify({ metadata: {}, items: [pod('a')] }),
    );
    const page = await t.project(body, POD, BASE_KINDS, texts);
    expect(page!.uids).toEqual(['a']);
    expect(texts.buffer).toBe(kept);
    expect(page!.texts.buffer).toBe(kept);
  });

  it('projects by the kind table it is given, extension kinds too', async () => {
    const kinds = kindTableWith([
      {
        resource: {
          group: 'example.com',
          version: 'v1',
          kind: 'Widget',
          plural: 'widgets',
        },
        evaluate: () => undefined,
      },
    ]);
    const widget = {
      metadata: { uid: 'w', name: 'w', resourceVersion: '3' },
      spec: { size: 3, deep: { field: true } },
      status: { anything: ['kept'] },
    };
    const texts: SharedTexts = { buffer: new SharedArrayBuffer(0) };
    const widgetsBy = async (table: KindRegistry) =>
      objects(
        (await thread().project(
          listPage([widget]),
          { apiVersion: 'example.com/v1', kind: 'Widget' },
          table,
          texts,
        ))!,
      );
    expect(await widgetsBy(kinds)).toEqual([
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: widget.metadata,
        spec: widget.spec,
        status: widget.status,
      },
    ]);
    // the engine's own table keeps no spec or status of an unknown kind
    expect(await widgetsBy(BASE_KINDS)).toEqual([
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: widget.metadata,
      },
    ]);
  });

  it('answers an invalid page with the items before the fault and why', async () => {
    const good = JSON.stringify(pod('a'));
    const body = Buffer.from(
      `{"metadata":{},"items":[${good},{"metadata":{"uid":"b"},]}`,
    );
    const page = await thread().project(body, POD, BASE_KINDS, {
      buffer: new SharedArrayBuffer(0),
    });
    expect(page!.uids).toEqual(['a']);
    expect(page!.error).toMatch(/Invalid JSON at byte|Expected/);
  });

  it('keeps what a hostile cluster writes in the wrong types, as the main thread would', async () => {
    const items = [
      { metadata: { uid: 'x', labels: 'not-a-map', ownerReferences: {} } },
      { metadata: { uid: 7, name: 12, resourceVersion: 3 } },
      { metadata: 'just a string' },
      42,
      null,
    ];
    const page = await thread().project(listPage(items), POD, BASE_KINDS, {
      buffer: new SharedArrayBuffer(0),
    });
    expect(page!.uids).toEqual(['x', 7]);
    expect(page!.versions).toEqual([undefined, 3]);
    expect(objects(page!)).toEqual([
      storedProjection({ ...POD, ...(items[0] as KubeObject) }),
      storedProjection({ ...POD, ...(items[1] as KubeObject) }),
    ]);
  });

  it('says once that it works; answers undefined once closed, and after its thread died, with a warning', async () => {
    const closed = newThread();
    await closed.close();
    expect(
      await closed.project(listPage([pod('a')]), POD, BASE_KINDS, {
        buffer: new SharedArrayBuffer(0),
      }),
    ).toBeUndefined();

    const logger = mockServices.logger.mock();
    const dying = newThread(logger);
    const texts = { buffer: new SharedArrayBuffer(0) };
    expect(
      await dying.project(listPage([pod('a')]), POD, BASE_KINDS, texts),
    ).toBeDefined();
    await dying.project(listPage([pod('b')]), POD, BASE_KINDS, texts);
    // an operator sees once that the thread works (the adoption test looks
    // for this line in a backend built from the packages)
    expect(logger.info.mock.calls).toEqual([
      [
        'LIST pages are parsed in the list worker thread (workloadStatus.listWorker)',
      ],
    ]);
    // the thread ends under it (as an out-of-memory abort would end it)
    await (
      dying as unknown as { worker: { terminate(): Promise<number> } }
    ).worker.terminate();
    expect(
      await dying.project(listPage([pod('a')]), POD, BASE_KINDS, texts),
    ).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('LIST pages are parsed on the main thread'),
    );
  });
});
