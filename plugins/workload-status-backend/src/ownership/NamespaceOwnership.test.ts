import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import type { ClusterCache } from '../cache/ClusterCache';
import type { ReflectorTransport } from '../cache/Reflector';
import { ClusterConfigReader } from '../cluster/ClusterConfigReader';
import { ClusterRequestError } from '../cluster/ClusterConnection';
import type { EntityReasonSource } from '../status/EntityStatusService';
import type { ClusterListener } from '../status/StatusPipeline';
import { NamespaceOwnership } from './NamespaceOwnership';
import { readOwnershipSettings } from './OwnershipSettings';

const KEY = 'backstage.io/owner';

const namespace = (
  name: string,
  rv: string,
  meta: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  } = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, uid: `uid-${name}`, resourceVersion: rv, ...meta },
});

/**
 * A cluster's namespaces API: the list answers `items` (or 403, or never),
 * the watch stays open and delivers what `send` gives it.
 */
function fakeNamespacesApi(
  items: KubeObject[],
  answer: 'list' | 'forbidden' | 'never' = 'list',
) {
  let emit: ((line: string) => void) | undefined;
  const transport: ReflectorTransport = {
    async getJson<T>(_path: string, signal?: AbortSignal): Promise<T> {
      if (answer === 'forbidden') {
        throw new ClusterRequestError(
          'namespaces is forbidden: User "system:serviceaccount:x:y" cannot list resource "namespaces"',
          403,
        );
      }
      if (answer === 'never') {
        await new Promise((_, reject) =>
          signal?.addEventListener(
            'abort',
            () => reject(new Error('aborted')),
            {
              once: true,
            },
          ),
        );
      }
      return { metadata: { resourceVersion: '1' }, items } as T;
    },
    stream(_path, { signal, onLine, onOpen }) {
      onOpen?.();
      emit = onLine;
      return new Promise<void>(resolve => {
        if (signal.aborted) resolve();
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    },
  };
  return {
    transport,
    send(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject) {
      emit!(JSON.stringify({ type, object }));
    },
  };
}

const owned = (name: string, owner?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production' },
  relations: owner ? [{ type: 'ownedBy', targetRef: owner }] : [],
});

const ORG: Record<string, Entity> = {
  'user:default/dana': {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'dana', namespace: 'default' },
    relations: [{ type: 'memberOf', targetRef: 'group:default/team-data' }],
  },
  'group:default/team-data': {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-data', namespace: 'default' },
    relations: [{ type: 'childOf', targetRef: 'group:default/engineering' }],
  },
  'group:default/team-shop': {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-shop', namespace: 'default' },
    relations: [],
  },
  'group:default/engineering': {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'engineering', namespace: 'default' },
    relations: [],
  },
};

const NAMESPACES = [
  namespace('data', '1', { labels: { [KEY]: 'team-data' } }),
  namespace('shop', '1', { labels: { [KEY]: 'team-shop' } }),
  namespace('platform', '1', {
    annotations: { [KEY]: 'group:default/engineering' },
  }),
  namespace('scratch', '1'),
];

async function setup(
  options: {
    ownership?: unknown;
    answer?: 'list' | 'forbidden' | 'never';
    org?: Record<string, Entity>;
  } = {},
) {
  const org = { ...(options.org ?? ORG) };
  const catalogCalls: string[][] = [];
  const catalog = {
    async getEntitiesByRefs({ entityRefs }: { entityRefs: string[] }) {
      catalogCalls.push(entityRefs);
      return { items: entityRefs.map(r => org[r]) };
    },
  } as unknown as CatalogService;
  const logger = mockServices.logger.mock();
  const ownership = new NamespaceOwnership({
    settings: readOwnershipSettings(
      new ConfigReader(
        options.ownership === undefined
          ? {}
          : { workloadStatus: { ownership: options.ownership } },
      ),
    ),
    clusterSettings: ClusterConfigReader.readSettings(
      new ConfigReader({
        workloadStatus: {
          requestTimeout: { milliseconds: 300 },
          backoff: { initial: { milliseconds: 10 }, max: { milliseconds: 50 } },
        },
      }),
    ),
    catalog,
    auth: mockServices.auth(),
    logger,
  });
  const marked = {
    dirty: [] as string[],
    clusters: [] as string[],
    resyncs: 0,
  };
  const listeners: ClusterListener[] = [];
  const sources: EntityReasonSource[] = [];
  ownership.attach({
    addClusterListener: l => listeners.push(l),
    statuses: {
      markDirty: refs => marked.dirty.push(...refs),
      markClusterDirty: c => marked.clusters.push(c),
      resync: () => {
        marked.resyncs += 1;
      },
      addReasonSource: s => sources.push(s),
    },
  });
  const api = fakeNamespacesApi(NAMESPACES, options.answer);
  listeners.forEach(l =>
    l.clusterAdded('prod', {} as ClusterCache, api.transport),
  );
  for (const [name, owner] of [
    ['nightly-report', 'group:default/team-data'],
    ['evil-claim', 'group:default/team-shop'],
    ['dana-tool', 'user:default/dana'],
    ['eng-tool', 'group:default/engineering'],
    ['orphan', undefined],
  ] as const) {
    ownership.entityRead(owned(name, owner), `component:default/${name}`);
  }
  await ownership.refresh();
  if ((options.answer ?? 'list') !== 'never') {
    // the reflector's first list (or its refusal)
    for (let i = 0; i < 100; i++) {
      if (!('pending' in ownership.ownerOf('prod', 'data'))) break;
      await new Promise(r => setTimeout(r, 10));
    }
  }
  return {
    ownership,
    api,
    marked,
    listeners,
    sources,
    catalogCalls,
    org,
    logger,
  };
}

const ref = (name: string) => `component:default/${name}`;
const objectsIn = (...namespaces: Array<string | undefined>): KubeObject[] =>
  namespaces.map((ns, i) => ({
    kind: 'Pod',
    metadata: { name: `p${i}`, ...(ns ? { namespace: ns } : {}) },
  }));

describe('NamespaceOwnership', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  afterEach(async () => {
    await s?.ownership.stop();
  });

  it.each([
    ['nightly-report', 'data', 'its owner owns the namespace'],
    ['dana-tool', 'data', "a user's group owns it"],
    ['nightly-report', 'platform', "the owner's parent group owns it"],
    ['evil-claim', 'shop', 'team-shop in its own namespace'],
  ])('allows %s in %s: %s', async (name, ns) => {
    s = await setup();
    await expect(
      s.ownership.authorize(ref(name), 'prod', ns),
    ).resolves.toBeUndefined();
  });

  it.each([
    [
      'evil-claim',
      'data',
      "it belongs to group:default/team-data (the namespace's owner label), not to the entity's owner group:default/team-shop or a group it belongs to",
    ],
    [
      // a parent's namespaces are not its children's
      'eng-tool',
      'data',
      "it belongs to group:default/team-data (the namespace's owner label), not to the entity's owner group:default/engineering or a group it belongs to",
    ],
    [
      'orphan',
      'data',
      "it belongs to group:default/team-data (the namespace's owner label), and the entity has no owner in the catalog",
    ],
    [
      'nightly-report',
      'scratch',
      'it has no backstage.io/owner label or annotation, so it has no owner',
    ],
    [
      'nightly-report',
      'gone',
      "it is not among the cluster's namespaces, so it has no owner",
    ],
  ])('refuses %s in %s with 403: %s', async (name, ns, why) => {
    s = await setup();
    await expect(
      s.ownership.authorize(ref(name), 'prod', ns),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: `Logs and actions of ${ref(
        name,
      )} are refused in namespace ${ns} of cluster prod: ${why}`,
    });
  });

  it('keeps, of a set of namespaces, those the entity may act in', async () => {
    s = await setup();
    expect(
      [
        ...(await s.ownership.allowedNamespaces(ref('dana-tool'), 'prod', [
          'data',
          'shop',
          'platform',
          'scratch',
        ])),
      ].sort(),
    ).toEqual(['data', 'platform']);
  });

  it('warns on the status once per namespace not owned, from memory only', async () => {
    s = await setup();
    expect(s.sources).toHaveLength(1);
    const calls = s.catalogCalls.length;
    const reasons = s.sources[0](
      ref('evil-claim'),
      'prod',
      objectsIn('data', 'data', 'shop', 'scratch', undefined),
    );
    expect(reasons).toEqual([
      {
        severity: 'warning',
        code: 'NamespaceNotOwned',
        message:
          "Namespace data of cluster prod: it belongs to group:default/team-data (the namespace's owner label), not to the entity's owner group:default/team-shop or a group it belongs to. Its objects are shown; their logs and actions are refused",
        object: { kind: 'Namespace', name: 'data', cluster: 'prod' },
        hint: expect.stringContaining('workloadStatus.ownership'),
      },
      expect.objectContaining({
        object: { kind: 'Namespace', name: 'scratch', cluster: 'prod' },
      }),
    ]);
    expect(
      s.ownership.reasons(ref('nightly-report'), 'prod', objectsIn('data')),
    ).toEqual([]);
    expect(s.catalogCalls.length).toBe(calls);
  });

  it('sums up past 20 namespaces not owned', async () => {
    s = await setup();
    const many = Array.from(
      { length: 30 },
      (_, i) => `ns-${String(i).padStart(2, '0')}`,
    );
    const reasons = s.ownership.reasons(
      ref('evil-claim'),
      'prod',
      objectsIn(...many),
    );
    expect(reasons).toHaveLength(20);
    expect(reasons[19].message).toMatch(
      /^11 more namespaces of cluster prod \(ns-19, ns-20, ns-21, ns-22, ns-23, \.\.\.\) do not belong/,
    );
  });

  it('recomputes the cluster once when namespace owners change, and answers with the new owner', async () => {
    s = await setup();
    await new Promise(r => setImmediate(r));
    s.marked.clusters.length = 0;
    s.api.send(
      'MODIFIED',
      namespace('data', '2', { labels: { [KEY]: 'team-shop' } }),
    );
    s.api.send(
      'MODIFIED',
      namespace('shop', '2', { labels: { [KEY]: 'team-data' } }),
    );
    await new Promise(r => setImmediate(r));
    expect(s.marked.clusters).toEqual(['prod']);
    await expect(
      s.ownership.authorize(ref('evil-claim'), 'prod', 'data'),
    ).resolves.toBeUndefined();
    await expect(
      s.ownership.authorize(ref('evil-claim'), 'prod', 'shop'),
    ).rejects.toThrow(/team-data/);
    // a new version with the same owner is no change
    s.api.send(
      'MODIFIED',
      namespace('data', '3', { labels: { [KEY]: 'team-shop', x: 'y' } }),
    );
    await new Promise(r => setImmediate(r));
    expect(s.marked.clusters).toEqual(['prod']);
  });

  it("app-config's owner wins over the cluster's label, a cluster's entry over one for every cluster", async () => {
    s = await setup({
      ownership: {
        namespaces: [
          { namespace: 'data', owner: 'team-shop' },
          {
            cluster: 'prod',
            namespace: 'shop',
            owner: 'group:default/team-data',
          },
          { namespace: 'shop', owner: 'team-shop' },
          { namespace: 'not-in-cluster', owner: 'team-shop' },
        ],
      },
    });
    await expect(
      s.ownership.authorize(ref('evil-claim'), 'prod', 'data'),
    ).resolves.toBeUndefined();
    await expect(
      s.ownership.authorize(ref('nightly-report'), 'prod', 'data'),
    ).rejects.toThrow(
      'it belongs to group:default/team-shop (workloadStatus.ownership in app-config)',
    );
    await expect(
      s.ownership.authorize(ref('nightly-report'), 'prod', 'shop'),
    ).resolves.toBeUndefined();
    await expect(
      s.ownership.authorize(ref('evil-claim'), 'prod', 'not-in-cluster'),
    ).resolves.toBeUndefined();
  });

  it('refuses everything, without waiting, when the namespaces may not be listed', async () => {
    s = await setup({ answer: 'forbidden' });
    const start = Date.now();
    await expect(
      s.ownership.authorize(ref('nightly-report'), 'prod', 'data'),
    ).rejects.toThrow(
      "it cannot be read: the plugin's service account may not list the cluster's namespaces, so it has no owner",
    );
    expect(Date.now() - start).toBeLessThan(250);
    expect(
      s.ownership.reasons(ref('nightly-report'), 'prod', objectsIn('data')),
    ).toHaveLength(1);
  });

  it('waits at most the request timeout for namespaces not listed yet, then answers 503; no warning meanwhile', async () => {
    s = await setup({ answer: 'never' });
    expect(
      s.ownership.reasons(ref('evil-claim'), 'prod', objectsIn('data')),
    ).toEqual([]);
    const start = Date.now();
    await expect(
      s.ownership.authorize(ref('nightly-report'), 'prod', 'data'),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        'Who owns namespace data of cluster prod is not known yet; try again shortly',
    });
    expect(Date.now() - start).toBeGreaterThanOrEqual(290);
    expect(
      await s.ownership.allowedNamespaces(ref('nightly-report'), 'prod', [
        'data',
      ]),
    ).toEqual(new Set());
  });

  it("reads a new owner's groups on demand, and recomputes when the catalog's groups change", async () => {
    s = await setup();
    const resyncs = s.marked.resyncs;
    s.ownership.entityRead(
      owned('new-tool', 'user:default/dana2'),
      ref('new-tool'),
    );
    s.org['user:default/dana2'] = {
      ...ORG['user:default/dana'],
      metadata: { name: 'dana2', namespace: 'default' },
    };
    // no status warning before the groups are read (not known is not refused)
    expect(
      s.ownership.reasons(ref('new-tool'), 'prod', objectsIn('data')),
    ).toEqual([]);
    await expect(
      s.ownership.authorize(ref('new-tool'), 'prod', 'data'),
    ).resolves.toBeUndefined();
    expect(s.marked.resyncs).toBe(resyncs + 1);

    // dana2 leaves team-data
    s.org['user:default/dana2'] = {
      ...s.org['user:default/dana2'],
      relations: [],
    };
    await s.ownership.refresh();
    expect(s.marked.resyncs).toBe(resyncs + 2);
    await expect(
      s.ownership.authorize(ref('new-tool'), 'prod', 'data'),
    ).rejects.toThrow(/not to the entity's owner user:default\/dana2/);
    await s.ownership.refresh();
    expect(s.marked.resyncs).toBe(resyncs + 2);
  });

  it('recomputes an entity whose owner changed in the catalog', async () => {
    s = await setup();
    s.ownership.entityRead(
      owned('evil-claim', 'group:default/team-data'),
      ref('evil-claim'),
    );
    expect(s.marked.dirty).toEqual([ref('evil-claim')]);
    s.ownership.entityRemoved(ref('evil-claim'));
    await expect(
      s.ownership.authorize(ref('evil-claim'), 'prod', 'data'),
    ).rejects.toThrow(/the entity has no owner in the catalog/);
  });

  it('trusts the catalog when told to, and says so at start', async () => {
    s = await setup({ ownership: 'trust-catalog' });
    expect(s.listeners).toEqual([]);
    expect(s.sources).toEqual([]);
    await expect(
      s.ownership.authorize(ref('evil-claim'), 'prod', 'data'),
    ).resolves.toBeUndefined();
    expect(
      await s.ownership.allowedNamespaces(ref('orphan'), 'prod', ['data', 'x']),
    ).toEqual(new Set(['data', 'x']));
    s.ownership.logMode();
    expect(s.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/^workloadStatus.ownership is trust-catalog/),
    );
  });
});
