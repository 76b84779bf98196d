import {
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  WorkloadStatusService,
  workloadStatusBuildSourcesExtensionPoint,
  workloadStatusServiceRef,
} from '@workload-status/backstage-plugin-workload-status-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { workloadStatusPlugin } from '../plugin';
import { createInProcessStatusService } from './InProcessStatusService';
import { startStaticApiServer } from '../__testUtils__/staticApiServer';
import { signalsRecorder } from '../__testUtils__/signalsRecorder';
import { permissionBackend } from '../__testUtils__/permissionBackend';

const rollout = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'r1',
    resourceVersion: '1',
    labels: { 'backstage.io/kubernetes-id': 'web' },
    managedFields: [{ manager: 'kubectl', big: 'x'.repeat(1000) }],
  },
  status: { phase: 'Degraded', message: 'canary failed analysis' },
};

const buildRun = {
  apiVersion: 'shipwright.io/v1alpha1',
  kind: 'BuildRun',
  metadata: {
    name: 'web-build-1',
    namespace: 'shop',
    uid: 'b1',
    resourceVersion: '1',
    labels: { 'backstage.io/kubernetes-id': 'web' },
  },
  status: {
    startTime: '2026-01-01T00:00:00Z',
    completionTime: '2026-01-01T00:02:00Z',
    conditions: [{ type: 'Succeeded', status: 'True', reason: 'Succeeded' }],
  },
};

describe('service ref and extension point', () => {
  it('serves statuses in-process, judging kinds and watching build sources that modules registered', async () => {
    const api = await startStaticApiServer({
      '/apis/argoproj.io/v1alpha1/rollouts': [rollout],
      '/apis/shipwright.io/v1alpha1/buildruns': [buildRun],
    });
    let service: WorkloadStatusService | undefined;
    // the real catalog (web is alice's) and permission backend
    const permissions = permissionBackend();
    const consumer = createBackendPlugin({
      pluginId: 'consumer',
      register(env) {
        env.registerInit({
          deps: { status: workloadStatusServiceRef },
          async init({ status }) {
            service = status;
          },
        });
      },
    });
    const rolloutsModule = createBackendModule({
      pluginId: 'workload-status',
      moduleId: 'rollouts',
      register(env) {
        env.registerInit({
          deps: { ext: workloadStatusBuildSourcesExtensionPoint },
          async init({ ext }) {
            ext.addBuildSource({
              group: 'shipwright.io',
              version: 'v1alpha1',
              plural: 'buildruns',
              kind: 'BuildRun',
            });
            ext.addKindRule({
              resource: {
                group: 'argoproj.io',
                version: 'v1alpha1',
                plural: 'rollouts',
                kind: 'Rollout',
              },
              evaluate: obj => {
                const status = obj.status as {
                  phase?: string;
                  message?: string;
                };
                return status?.phase === 'Degraded'
                  ? {
                      lifecycle: 'NotReady',
                      health: 'error',
                      reasons: [
                        {
                          severity: 'error',
                          code: 'RolloutDegraded',
                          message: status.message ?? '',
                        },
                      ],
                    }
                  : { lifecycle: 'Running', health: 'ok', reasons: [] };
              },
            });
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        workloadStatusPlugin,
        rolloutsModule,
        consumer,
        ...permissions.features,
        mockServices.rootConfig.factory({
          data: {
            ...permissions.config,
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'prod',
                      url: api.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 't',
                    },
                  ],
                },
              ],
            },
          },
        }),
        signalsRecorder().factory,
      ],
    });
    try {
      await permissions.waitForCatalog(backend.server);
      let status;
      for (let i = 0; i < 200; i++) {
        status = await service!.getEntityStatus('component:default/web');
        if (status?.workloads.length) break;
        await new Promise(r => setTimeout(r, 20));
      }
      expect(status).toMatchObject({
        entityRef: 'component:default/web',
        lifecycle: 'NotReady',
        health: 'error',
        workloads: [
          expect.objectContaining({
            cluster: 'prod',
            kind: 'Rollout',
            name: 'web',
            lifecycle: 'NotReady',
            reasons: [
              expect.objectContaining({
                code: 'RolloutDegraded',
                object: { kind: 'Rollout', namespace: 'shop', name: 'web' },
              }),
            ],
            // the build source's objects, matched by the same selector
            builds: [
              expect.objectContaining({
                kind: 'BuildRun',
                name: 'web-build-1',
                lifecycle: 'Succeeded',
              }),
            ],
          }),
        ],
      });
      // the registered build source is watched in the cluster
      expect(
        api.requests.some(r =>
          r.startsWith('/apis/shipwright.io/v1alpha1/buildruns?limit=500'),
        ),
      ).toBe(true);
      expect(
        api.requests.some(r =>
          r.startsWith('/apis/shipwright.io/v1alpha1/buildruns?watch=true'),
        ),
      ).toBe(true);

      // unknown entities are undefined, not errors
      await expect(
        service!.getEntityStatus('component:default/nope'),
      ).resolves.toBeUndefined();
      // on behalf of a user: the same permission as the route
      permissions.setMode('deny');
      await expect(
        service!.getEntityStatus('component:default/web', {
          credentials: mockCredentials.user('user:default/alice'),
        }),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      await expect(
        service!.getSummaries(['component:default/web'], {
          credentials: mockCredentials.user('user:default/alice'),
        }),
      ).resolves.toEqual([]);
      // owners only: the catalog resolves the condition
      permissions.setMode('owner');
      await expect(
        service!.getEntityStatus('component:default/web', {
          credentials: mockCredentials.user('user:default/alice'),
        }),
      ).resolves.toMatchObject({ entityRef: 'component:default/web' });
      await expect(
        service!.getEntityStatus('component:default/web', {
          credentials: mockCredentials.user('user:default/bob'),
        }),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      // a service principal never reaches the policy: allowed, unless its
      // access restrictions (backend.auth.externalAccess) leave it out
      permissions.setMode('deny');
      await expect(
        service!.getEntityStatus('component:default/web', {
          credentials: mockCredentials.service('plugin:consumer'),
        }),
      ).resolves.toMatchObject({ entityRef: 'component:default/web' });
      await expect(
        service!.getSummaries(['component:default/web'], {
          credentials: mockCredentials.service('external:dashboard', {
            permissionNames: ['catalog.entity.read'],
          }),
        }),
      ).resolves.toEqual([]);
      await expect(
        service!.getEntityStatus('component:default/web', {
          credentials: mockCredentials.service('external:dashboard', {
            permissionNames: ['workload-status.entity.read'],
          }),
        }),
      ).resolves.toMatchObject({ entityRef: 'component:default/web' });
      // trusted in-process call without credentials
      await expect(
        service!.getSummaries(['component:default/web']),
      ).resolves.toEqual([
        expect.objectContaining({
          entityRef: 'component:default/web',
          health: 'error',
        }),
      ]);
    } finally {
      await backend.stop();
      await api.close();
    }
  });
});

describe('the in-process service, for Systems and Groups', () => {
  /** Allows every ref but component:default/secret; records each call's size. */
  function fakePermissions() {
    const calls: number[] = [];
    const permissions = {
      authorize: jest.fn(async (requests: any[]) => {
        calls.push(requests.length);
        return requests.map(r => ({
          result:
            r.resourceRef === 'component:default/secret'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        }));
      }),
      authorizeConditional: jest.fn(),
    };
    return { permissions: permissions as any, calls };
  }

  function service() {
    const { permissions, calls } = fakePermissions();
    const readMembers: string[][] = [];
    const rollups = {
      getRollup: jest.fn(async (ref: string, readable: any) => {
        const members = await readable([
          'component:default/web',
          'component:default/secret',
        ]);
        readMembers.push(members);
        return { entityRef: ref, members } as any;
      }),
      getSummaries: jest.fn(async (refs: string[], readable: any) => {
        readMembers.push(await readable(['component:default/secret']));
        return refs.map(entityRef => ({ entityRef } as any));
      }),
    };
    const reader = {
      getEntityStatus: jest.fn(),
      getSummaries: jest.fn(async (refs: string[]) =>
        refs.map(entityRef => ({ entityRef } as any)),
      ),
    };
    return {
      svc: createInProcessStatusService({
        reader,
        rollups,
        permissions,
        maxBatchSize: 10,
      }),
      reader,
      rollups,
      calls,
      readMembers,
    };
  }

  it('reads a rollup with only the members the caller may read, everything when trusted', async () => {
    const { svc, readMembers, calls } = service();
    await svc.getRollup('system:default/shop', {
      credentials: mockCredentials.user('user:default/alice'),
    });
    // the System itself, then its members in one batch
    expect(calls).toEqual([1, 2]);
    expect(readMembers[0]).toEqual(['component:default/web']);
    await svc.getRollup('group:default/team-a');
    expect(readMembers[1]).toEqual([
      'component:default/web',
      'component:default/secret',
    ]);
  });

  it('refuses a rollup of a kind that has none', async () => {
    const { svc } = service();
    await expect(svc.getRollup('component:default/web')).rejects.toThrow(
      'component:default/web has no rollup: only Systems and Groups have one',
    );
  });

  it('sends batches with rollups to the rollup reader, others to the entity reader', async () => {
    const { svc, reader, rollups, readMembers } = service();
    await svc.getSummaries(['component:default/web']);
    expect(reader.getSummaries).toHaveBeenCalledWith(['component:default/web']);
    expect(rollups.getSummaries).not.toHaveBeenCalled();
    await svc.getSummaries(['component:default/web', 'system:default/shop'], {
      credentials: mockCredentials.user('user:default/alice'),
    });
    expect(rollups.getSummaries).toHaveBeenCalledWith(
      ['component:default/web', 'system:default/shop'],
      expect.any(Function),
    );
    expect(readMembers).toEqual([[]]);
  });
});

describe('the in-process service, for the timeline', () => {
  const permissions = {
    authorize: jest.fn(async (requests: any[]) =>
      requests.map(r => ({
        result:
          r.resourceRef === 'component:default/secret'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    ),
    authorizeConditional: jest.fn(),
  } as any;
  const reader = { getEntityStatus: jest.fn(), getSummaries: jest.fn() };
  const rollups = { getRollup: jest.fn(), getSummaries: jest.fn() };

  it('reads with the route’s bounds and permission check', async () => {
    const timeline = { list: jest.fn(async () => ({ items: [] })) };
    const svc = createInProcessStatusService({
      reader,
      rollups,
      permissions,
      maxBatchSize: 10,
      timeline,
    });
    await svc.getTimeline!('component:default/web', {
      since: '2026-12-07T03:00:00+01:00',
    });
    expect(timeline.list).toHaveBeenCalledWith('component:default/web', {
      since: '2026-12-07T02:00:00.000Z',
      limit: 200,
    });
    await expect(
      svc.getTimeline!('component:default/web', { limit: 5000 }),
    ).rejects.toThrow(/Invalid limit/);
    await expect(
      svc.getTimeline!('component:default/secret', {
        credentials: mockCredentials.user('user:default/alice'),
      }),
    ).rejects.toThrow(/Not allowed/);
    // without a database there is nothing recorded
    const bare = createInProcessStatusService({
      reader,
      rollups,
      permissions,
      maxBatchSize: 10,
    });
    await expect(bare.getTimeline!('component:default/web')).resolves.toEqual({
      items: [],
    });
  });
});
