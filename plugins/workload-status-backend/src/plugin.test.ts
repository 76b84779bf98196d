import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { workloadStatusPlugin } from './plugin';
import { permissionBackend } from './__testUtils__/permissionBackend';
import { signalsRecorder } from './__testUtils__/signalsRecorder';

const ALICE = 'user:default/alice';

/**
 * The routes against the real permission backend and the real catalog
 * (src/__testUtils__/permissionCatalog.yaml), with a policy whose mode each
 * block switches.
 */
describe('workload-status plugin: routes, permissions, bad input', () => {
  const permissions = permissionBackend();
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let server: any;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        workloadStatusPlugin,
        ...permissions.features,
        mockServices.rootConfig.factory({
          data: {
            ...permissions.config,
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'down',
                      url: 'http://127.0.0.1:1',
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'never-shown',
                    },
                  ],
                },
              ],
            },
            workloadStatus: { requestTimeout: '1s', maxBatchSize: 5 },
          },
        }),
        signalsRecorder().factory,
      ],
    });
    server = backend.server;
    await permissions.waitForCatalog(server);
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
  });

  const as = {
    user: mockCredentials.user.header(ALICE),
    service: mockCredentials.service.header(),
  };
  type Caller = keyof typeof as;
  const authorize = (req: request.Test, who: Caller) =>
    req.set('Authorization', as[who]);
  const statusOf = (who: Caller, name = 'web') =>
    authorize(
      request(server).get(
        `/api/workload-status/v1/entities/default/component/${name}/status`,
      ),
      who,
    );
  const summaries = (who: Caller, entityRefs: unknown) =>
    authorize(
      request(server).post('/api/workload-status/v1/summaries'),
      who,
    ).send({ entityRefs });
  const clusters = (who: Caller) =>
    authorize(request(server).get('/api/workload-status/v1/clusters'), who);

  /**
   * The entity routes beside status: name, method, path after the entity,
   * refusal, and the object it is about, which, once allowed, the down
   * cluster cannot have (a 404); none: a 200 (no events, runs or lines).
   */
  const ENTITY_ROUTES = [
    ['events', 'get', '/events', 'read the events of', null],
    ['job history', 'get', '/job-history', 'read the job history of', null],
    ['timeline', 'get', '/timeline', 'read the workload status of', null],
    [
      'pod log',
      'get',
      '/pods/down/shop/web-1/log',
      'read the logs of',
      'Pod shop/web-1',
    ],
    [
      'job log',
      'get',
      '/jobs/down/data/reports-1/log',
      'read the logs of',
      'Job data/reports-1',
    ],
    [
      'build log',
      'get',
      '/builds/down/shop/PipelineRun/web-build-1/log',
      'read the logs of',
      'PipelineRun shop/web-build-1',
    ],
    ['operator log', 'get', '/operator-log', 'read the logs of', null],
    ...(['suspend', 'resume', 'run'] as const).map(
      action =>
        [
          `CronJob ${action}`,
          'post',
          `/cronjobs/down/data/reports/${action}`,
          `${action} the CronJobs of`,
          'CronJob data/reports',
        ] as const,
    ),
    [
      'CronJob delete',
      'delete',
      '/cronjobs/down/data/reports',
      'delete the CronJobs of',
      'CronJob data/reports',
    ],
  ] as const;
  const callEntityRoute = (
    who: Caller,
    name: string,
    method: 'get' | 'post' | 'delete',
    suffix: string,
  ) =>
    authorize(
      request(server)[method](
        `/api/workload-status/v1/entities/default/component/${name}${suffix}`,
      ),
      who,
    );

  /*
   * Service principals never reach a policy (Backstage's permissions service
   * allows them unless their access restrictions exclude the permission), so
   * a service reads statuses whatever the policy says; logs and CronJob
   * actions the plugin refuses it itself (workloadStatus.allowServicePrincipals
   * names none here).
   */
  describe.each([
    ['allow', { user: true, service: true }],
    ['deny', { user: false, service: true }],
    ['owner', { user: 'owner', service: true }],
  ] as const)('policy %s', (policy, allowed) => {
    beforeEach(() => {
      permissions.setMode(policy);
    });

    // alice owns web, and checkout through her team; bob owns billing
    const readable = (who: keyof typeof as, name: string) =>
      allowed[who] === 'owner'
        ? ['web', 'checkout'].includes(name)
        : allowed[who];

    it.each([
      ['user', 'web'],
      ['user', 'billing'],
      ['user', 'checkout'],
      ['service', 'web'],
      ['service', 'billing'],
    ] as const)('entity status as %s of %s', async (who, name) => {
      const res = await statusOf(who, name);
      const ok = readable(who, name);
      expect(res.status).toBe(ok ? 200 : 403);
      expect(res.body.entityRef ?? res.body.error.name).toBe(
        ok ? `component:default/${name}` : 'NotAllowedError',
      );
    });

    it.each(
      ENTITY_ROUTES.flatMap(([label, method, suffix, refused, allowedStatus]) =>
        (
          [
            ['user', 'web'],
            ['user', 'billing'],
            ['service', 'billing'],
          ] as const
        ).map(
          ([who, name]) =>
            [label, who, name, method, suffix, refused, allowedStatus] as const,
        ),
      ),
    )(
      '%s as %s of %s',
      async (_, who, name, method, suffix, refused, object) => {
        const res = await callEntityRoute(who, name, method, suffix);
        // logs and CronJob actions: users only, whatever the policy
        const serviceRefused =
          who === 'service' &&
          (refused === 'read the logs of' || /CronJobs/.test(refused));
        let expected;
        if (serviceRefused) {
          expected = {
            status: 403,
            error: `Not allowed to ${refused} component:default/${name}: only users may, and services named in workloadStatus.allowServicePrincipals`,
          };
        } else if (readable(who, name)) {
          expected = {
            status: object ? 404 : 200,
            error: object
              ? `component:default/${name} has no ${object} in cluster down`
              : undefined,
          };
        } else {
          expected = {
            status: 403,
            error: `Not allowed to ${refused} component:default/${name}`,
          };
        }
        expect({ status: res.status, error: res.body.error?.message }).toEqual(
          expected,
        );
      },
    );

    it.each(['user', 'service'] as const)('summaries as %s', async who => {
      const res = await summaries(who, [
        'component:default/web',
        'component:default/billing',
      ]);
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: any) => i.entityRef)).toEqual(
        ['web', 'billing']
          .filter(name => readable(who, name))
          .map(name => `component:default/${name}`),
      );
    });

    it.each(['user', 'service'] as const)('cluster health as %s', async who => {
      const res = await clusters(who);
      // a basic permission: the owner policy cannot make it conditional
      expect(res.status).toBe(allowed[who] ? 200 : 403);
    });
  });

  describe('with access', () => {
    beforeEach(() => {
      permissions.setMode('allow');
    });

    it('requires an identity', async () => {
      const res = await request(server)
        .get('/api/workload-status/v1/entities/default/component/web/status')
        .set('Authorization', mockCredentials.user.invalidHeader());
      expect(res.status).toBe(401);
    });

    it('answers a cluster that is down with Exception, never a 500 or the token', async () => {
      const res = await statusOf('user');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        lifecycle: 'Exception',
        health: 'unknown',
        clusters: [{ name: 'down', reachable: false, stale: true }],
        workloads: [],
      });
      expect(res.body.reasons[0]).toMatchObject({ code: 'ClusterNotSynced' });
      expect(JSON.stringify(res.body)).not.toContain('never-shown');
      const health = await clusters('user');
      expect(health.body.items).toEqual([
        expect.objectContaining({
          name: 'down',
          synced: false,
          reachable: false,
          stale: true,
        }),
      ]);
      expect(JSON.stringify(health.body)).not.toContain('never-shown');
    });

    it('gives NotFound for an entity without Kubernetes annotations', async () => {
      const res = await summaries('user', [
        'component:default/docs',
        'component:default/ghost',
      ]);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/docs',
          lifecycle: 'NotFound',
          health: 'unknown',
        }),
        expect.objectContaining({
          entityRef: 'component:default/ghost',
          lifecycle: 'NotFound',
          health: 'unknown',
        }),
      ]);
    });

    it.each([
      [
        'an invalid name',
        '/v1/entities/default/component/no%20spaces/status',
        400,
        /Invalid entity name/,
      ],
      [
        'an invalid kind',
        '/v1/entities/default/com-ponent/web/status',
        400,
        /Invalid entity kind/,
      ],
      [
        'an unknown entity',
        '/v1/entities/default/component/ghost/status',
        404,
        /No entity component:default\/ghost/,
      ],
      [
        'a name too long',
        `/v1/entities/default/component/${'a'.repeat(300)}/status`,
        400,
        /Invalid entity name/,
      ],
      [
        'a path that is not valid percent-encoding',
        '/v1/entities/default/component/%E0%A4%A/status',
        400,
        /./,
      ],
    ])('rejects %s', async (_, path, status, message) => {
      const res = await request(server)
        .get(`/api/workload-status${path}`)
        .set('Authorization', as.user);
      expect(res.status).toBe(status);
      expect(res.body.error.message).toMatch(message);
      expect(res.body.response.statusCode).toBe(status);
    });

    it('answers an entity with an unusable selector annotation as Unknown, saying why', async () => {
      const res = await request(server)
        .get('/api/workload-status/v1/entities/default/component/broken/status')
        .set('Authorization', as.user);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        lifecycle: 'Unknown',
        health: 'unknown',
        workloads: [],
        reasons: [
          {
            code: 'InvalidAnnotation',
            message: expect.stringMatching(
              /kubernetes-label-selector.*unbalanced/,
            ),
          },
        ],
      });
    });

    it.each([
      ['a body that is not JSON', '{"entityRefs": [', 400, /Malformed JSON/],
      [
        'entityRefs not an array',
        { entityRefs: 'component:default/web' },
        400,
        /must be an array/,
      ],
      [
        'too many refs',
        { entityRefs: Array(6).fill('component:default/web') },
        400,
        /at most 5/,
      ],
      [
        'a malformed ref',
        { entityRefs: ['component:default/web', 'a:b:c/d/e'] },
        400,
        /entityRefs\[1\]/,
      ],
      [
        'a ref that is not a string',
        { entityRefs: [42] },
        400,
        /entityRefs\[0\] must be a string/,
      ],
    ])('rejects summaries with %s', async (_, body, status, message) => {
      const req = request(server)
        .post('/api/workload-status/v1/summaries')
        .set('Authorization', as.user);
      const res =
        typeof body === 'string'
          ? await req.set('Content-Type', 'application/json').send(body)
          : await req.send(body);
      expect(res.status).toBe(status);
      expect(res.body.error.message).toMatch(message);
    });

    it("reports an invalid selector in a batch as that entity's status, not a failed batch", async () => {
      const res = await summaries('user', [
        'component:default/broken',
        'component:default/web',
      ]);
      expect(res.status).toBe(200);
      expect(res.body.items[0]).toMatchObject({
        entityRef: 'component:default/broken',
        health: 'unknown',
        reasons: [expect.objectContaining({ code: 'InvalidAnnotation' })],
      });
    });
  });
});
