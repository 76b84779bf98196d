import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type {
  EntityStatus,
  OperatorLogResponse,
  WorkloadActionResponse,
} from '@workload-status/backstage-plugin-workload-status-common';
import request from 'supertest';
import { auditLogRecorder } from '../__testUtils__/auditLogRecorder';
import { startHarness } from '../__testUtils__/simulatorHarness';

jest.setTimeout(90_000);

const ALICE = mockCredentials.user.header('user:default/alice');
const ENTITY = '/api/workload-status/v1/entities/default/component';
const WEB = `${ENTITY}/web/workloads/production/shop/deployments/web`;
const CHECKOUT = `${ENTITY}/checkout/workloads/production/shop/deployments/checkout`;
const STOPPED = 'workload-status.dev/stopped-replicas';

const workloadOf = (s: EntityStatus, name: string) =>
  s.workloads.find(w => w.kind === 'Deployment' && w.name === name);

describe('workload actions against the simulated cluster', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const audit = auditLogRecorder();
  const production = () => h.sim.cluster('production');
  const post = (path: string, body?: object) => {
    const req = request(h.backend.server)
      .post(path)
      .set('Authorization', ALICE);
    return body ? req.send(body) : req;
  };
  const operatorLog = async (name: string): Promise<OperatorLogResponse> => {
    const res = await request(h.backend.server)
      .get(`${ENTITY}/${name}/operator-log`)
      .set('Authorization', ALICE);
    expect(res.status).toBe(200);
    return res.body;
  };
  const deployment = (name: string) =>
    production().get('Deployment', 'shop', name)!;
  /** advances the simulated clock until `check` holds in the cluster */
  const settle = async (check: () => boolean, maxMs = 120_000) => {
    for (let t = 0; t < maxMs && !check(); t += 1000) {
      await h.sim.clock.advance(1000);
    }
    expect(check()).toBe(true);
  };
  const podsOf = (app: string) =>
    production()
      .list('Pod', 'shop')
      .filter(
        p =>
          p.metadata.labels?.['app.kubernetes.io/name'] === app &&
          !p.metadata.deletionTimestamp,
      );

  beforeAll(async () => {
    h = await startHarness(
      ['web', 'checkout', 'reports'],
      {},
      {
        features: [audit.factory],
      },
    );
    await h.eventually(
      h.clusters,
      cs => cs.length === 2 && cs.every(c => c.synced),
    );
    await settle(() => podsOf('web').length === 2);
    await h.eventually(
      () => h.status('web'),
      s => (workloadOf(s, 'web')?.pods.length ?? 0) === 2,
    );
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('restart annotates the pod template as kubectl does, and new pods replace the old ones', async () => {
    const before = podsOf('web').map(p => p.metadata.name);
    const res = await post(`${WEB}/restart`);
    expect(res.status).toBe(200);
    const body: WorkloadActionResponse = res.body;
    expect(body).toMatchObject({
      action: 'restart',
      changed: true,
      object: {
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        cluster: 'production',
      },
    });
    expect(
      deployment('web').spec.template.metadata.annotations[
        'kubectl.kubernetes.io/restartedAt'
      ],
    ).toBe(h.sim.clock.now().toISOString());
    await settle(
      () =>
        podsOf('web').length === 2 &&
        podsOf('web').every(p => !before.includes(p.metadata.name)),
    );
    const audited = audit.records
      .filter(r => r.message === 'workload-status.workload-action')
      .at(-1)!;
    expect(audited.fields).toMatchObject({
      eventId: 'workload-action',
      status: 'succeeded',
      actor: { actorId: 'user:default/alice' },
      meta: {
        action: 'restart',
        entityRef: 'component:default/web',
        cluster: 'production',
        namespace: 'shop',
        workloadKind: 'deployments',
        object: 'web',
      },
    });
  });

  it('scale sets the replicas, and the answer shows them', async () => {
    const res = await post(`${WEB}/scale`, { replicas: 3 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      action: 'scale',
      changed: true,
      replicas: 3,
    });
    expect(workloadOf(res.body.status, 'web')?.replicas?.desired).toBe(3);
    expect(deployment('web').spec.replicas).toBe(3);
    await settle(() => podsOf('web').length === 3);
  });

  it.each([
    [{ replicas: -1 }, /replicas must be an integer from 0 to 100/],
    [{ replicas: 101 }, /replicas must be an integer from 0 to 100/],
    [{ replicas: '2' }, /replicas must be an integer/],
    [{}, /Expected a JSON body/],
    [{ replicas: 2, force: true }, /Unknown field "force"/],
  ])(
    'scale refuses %j (400) and the cluster is unchanged',
    async (body, message) => {
      const res = await post(`${WEB}/scale`, body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
      expect(deployment('web').spec.replicas).toBe(3);
    },
  );

  it('stop scales to zero remembering the replicas (Stopped); start brings them back', async () => {
    const stopped = await post(`${WEB}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ action: 'stop', changed: true });
    expect(deployment('web').spec.replicas).toBe(0);
    expect(deployment('web').metadata.annotations?.[STOPPED]).toBe('3');
    expect(workloadOf(stopped.body.status, 'web')?.lifecycle).toBe('Stopped');

    // stopping again changes nothing
    const again = await post(`${WEB}/stop`);
    expect(again.body).toMatchObject({ action: 'stop', changed: false });
    await settle(() => podsOf('web').length === 0);

    const started = await post(`${WEB}/start`);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({
      action: 'start',
      changed: true,
      replicas: 3,
    });
    expect(deployment('web').spec.replicas).toBe(3);
    expect(deployment('web').metadata.annotations?.[STOPPED]).toBeUndefined();
    const seen = await h.follow(
      'web',
      s => workloadOf(s, 'web')?.replicas?.ready === 3,
    );
    expect(workloadOf(seen.at(-1)!, 'web')?.lifecycle).toBe('Running');
  });

  it('start of a workload scaled to zero elsewhere asks how many replicas', async () => {
    production().patch('Deployment', 'shop', 'checkout', {
      spec: { replicas: 0 },
    });
    await h.eventually(
      () => h.status('checkout'),
      s => workloadOf(s, 'checkout')?.lifecycle === 'Stopped',
    );
    const refused = await post(`${CHECKOUT}/start`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(
      /Deployment shop\/checkout in cluster production was scaled to zero outside this plugin: no replica count is remembered; say how many replicas to start/,
    );
    expect(deployment('checkout').spec.replicas).toBe(0);

    const started = await post(`${CHECKOUT}/start`, { replicas: 2 });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ changed: true, replicas: 2 });
    expect(deployment('checkout').spec.replicas).toBe(2);
  });

  it('scale of a workload an HPA scales is refused (409), naming the HPA', async () => {
    production().apply({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'checkout-hpa', namespace: 'shop' },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'checkout',
        },
        minReplicas: 2,
        maxReplicas: 5,
      },
    });
    try {
      const res = await post(`${CHECKOUT}/scale`, { replicas: 4 });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({
        name: 'ConflictError',
        message:
          "Deployment shop/checkout in cluster production is scaled by HorizontalPodAutoscaler shop/checkout-hpa, which would undo a change of its replicas; change the autoscaler's minReplicas and maxReplicas instead",
      });
      expect(deployment('checkout').spec.replicas).toBe(2);
      // the refusal is in the entity's operator log, with its reason
      const log = await operatorLog('checkout');
      expect(log.items[0]).toMatchObject({
        operator: 'workload-status',
        level: 'error',
        message: 'user:default/alice could not scale Deployment shop/checkout',
        error: expect.stringContaining(
          'is scaled by HorizontalPodAutoscaler shop/checkout-hpa',
        ),
        object: { kind: 'Deployment', namespace: 'shop', name: 'checkout' },
        action: {
          action: 'scale',
          actor: 'user:default/alice',
          outcome: 'failed',
        },
      });
    } finally {
      production().delete('HorizontalPodAutoscaler', 'shop', 'checkout-hpa');
    }
  });

  it('rollback restores the previous revision, which the controller makes the newest', async () => {
    const oldImage = deployment('web').spec.template.spec.containers[0].image;
    production().setImage(
      'Deployment',
      'shop',
      'web',
      'web',
      'registry.example.com/shop/web:9.9.9-broken',
    );
    await settle(
      () =>
        deployment('web').status?.updatedReplicas === 3 &&
        podsOf('web').length === 3,
    );
    const revisionBefore = Number(
      deployment('web').metadata.annotations?.[
        'deployment.kubernetes.io/revision'
      ],
    );
    const res = await post(`${WEB}/rollback`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ action: 'rollback', changed: true });
    expect(deployment('web').spec.template.spec.containers[0].image).toBe(
      oldImage,
    );
    // kubectl rollout undo: the template of the previous ReplicaSet, without its hash label
    expect(
      deployment('web').spec.template.metadata.labels['pod-template-hash'],
    ).toBeUndefined();
    await settle(
      () =>
        Number(
          deployment('web').metadata.annotations?.[
            'deployment.kubernetes.io/revision'
          ],
        ) ===
          revisionBefore + 1 &&
        podsOf('web').every(p => p.spec.containers[0].image === oldImage),
    );
    // a successful action shows who did it and when
    const log = await operatorLog('web');
    expect(log.items).toContainEqual(
      expect.objectContaining({
        operator: 'workload-status',
        level: 'info',
        message: 'user:default/alice rolled back Deployment shop/web',
        time: expect.any(String),
      }),
    );
  });

  it('delete pod removes that pod and its ReplicaSet makes another', async () => {
    const victim = podsOf('web')[0].metadata.name;
    const res = await request(h.backend.server)
      .delete(`${ENTITY}/web/pods/production/shop/${victim}`)
      .set('Authorization', ALICE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      action: 'delete-pod',
      changed: true,
      object: { kind: 'Pod', namespace: 'shop', name: victim },
    });
    expect(
      workloadOf(res.body.status, 'web')?.pods.map(p => p.name),
    ).not.toContain(victim);
    await settle(
      () =>
        podsOf('web').length === 3 &&
        !podsOf('web').some(p => p.metadata.name === victim),
    );
  });

  it('a pod or workload outside the entity is 404, and nothing changes', async () => {
    const checkoutPod = podsOf('checkout')[0].metadata.name;
    const pod = await request(h.backend.server)
      .delete(`${ENTITY}/web/pods/production/shop/${checkoutPod}`)
      .set('Authorization', ALICE);
    expect(pod.status).toBe(404);
    const other = await post(
      `${ENTITY}/web/workloads/production/shop/deployments/checkout/restart`,
    );
    expect(other.status).toBe(404);
    expect(podsOf('checkout').map(p => p.metadata.name)).toContain(checkoutPod);
  });

  it('a StatefulSet stops, starts and restarts; a DaemonSet only restarts', async () => {
    const podTemplate = (app: string) => ({
      metadata: {
        labels: { app, 'backstage.io/kubernetes-id': 'web' },
      },
      spec: {
        containers: [{ name: app, image: `registry.example.com/${app}:1` }],
      },
    });
    production().apply([
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: {
          name: 'web-cache',
          namespace: 'shop',
          labels: { 'backstage.io/kubernetes-id': 'web' },
        },
        spec: {
          replicas: 2,
          serviceName: 'web-cache',
          selector: { matchLabels: { app: 'web-cache' } },
          template: podTemplate('web-cache'),
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: {
          name: 'web-agent',
          namespace: 'shop',
          labels: { 'backstage.io/kubernetes-id': 'web' },
        },
        spec: {
          selector: { matchLabels: { app: 'web-agent' } },
          template: podTemplate('web-agent'),
        },
      },
    ]);
    await h.eventually(
      () => h.status('web'),
      s =>
        s.workloads.some(w => w.name === 'web-cache') &&
        s.workloads.some(w => w.name === 'web-agent'),
    );
    const sts = `${ENTITY}/web/workloads/production/shop/statefulsets/web-cache`;
    const ds = `${ENTITY}/web/workloads/production/shop/daemonsets/web-agent`;
    const statefulSet = () =>
      production().get('StatefulSet', 'shop', 'web-cache')!;

    const stopped = await post(`${sts}/stop`);
    expect(stopped.status).toBe(200);
    expect(statefulSet().spec.replicas).toBe(0);
    expect(statefulSet().metadata.annotations?.[STOPPED]).toBe('2');
    const started = await post(`${sts}/start`);
    expect(started.body).toMatchObject({ changed: true, replicas: 2 });
    expect(statefulSet().spec.replicas).toBe(2);

    expect((await post(`${sts}/restart`)).status).toBe(200);
    expect(
      statefulSet().spec.template.metadata.annotations?.[
        'kubectl.kubernetes.io/restartedAt'
      ],
    ).toBeDefined();
    const rollback = await post(`${sts}/rollback`);
    expect(rollback.status).toBe(400);
    expect(rollback.body.error.message).toBe(
      'Only Deployments can be rolled back here; StatefulSet shop/web-cache in cluster production is not one',
    );

    expect((await post(`${ds}/restart`)).status).toBe(200);
    expect(
      production().get('DaemonSet', 'shop', 'web-agent')!.spec.template.metadata
        .annotations?.['kubectl.kubernetes.io/restartedAt'],
    ).toBeDefined();
    const scaled = await post(`${ds}/scale`, { replicas: 2 });
    expect(scaled.status).toBe(400);
    expect(scaled.body.error.message).toMatch(
      /^A DaemonSet runs one pod per node and cannot be scaled; DaemonSet shop\/web-agent in cluster production can be restarted$/,
    );
  });

  it('refuses a workload in a namespace the entity owner does not own (403)', async () => {
    production().apply([
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'foreign',
          labels: { 'backstage.io/owner': 'team-other' },
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'web-copy',
          namespace: 'foreign',
          labels: { 'backstage.io/kubernetes-id': 'web' },
        },
        spec: {
          replicas: 1,
          selector: { matchLabels: { copy: 'web' } },
          template: {
            metadata: {
              labels: { copy: 'web', 'backstage.io/kubernetes-id': 'web' },
            },
            spec: { containers: [{ name: 'web', image: 'nginx:1' }] },
          },
        },
      },
    ]);
    await h.eventually(
      () => h.status('web'),
      s => s.workloads.some(w => w.name === 'web-copy'),
    );
    const res = await post(
      `${ENTITY}/web/workloads/production/foreign/deployments/web-copy/stop`,
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(/namespace foreign of cluster production/),
    });
    expect(
      production().get('Deployment', 'foreign', 'web-copy')!.spec.replicas,
    ).toBe(1);
  });

  it('rejects an unknown workload kind (400)', async () => {
    const res = await post(
      `${ENTITY}/web/workloads/production/shop/replicasets/web/restart`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /Invalid workload kind 'replicasets'/,
    );
  });

  it('while the cluster is down the action fails (503) and the operator log says why', async () => {
    await production().faults.set({ down: true });
    try {
      const res = await post(`${WEB}/restart`);
      expect(res.status).toBe(503);
      const log = await operatorLog('web');
      expect(log.items[0]).toMatchObject({
        operator: 'workload-status',
        level: 'error',
        message: 'user:default/alice could not restart Deployment shop/web',
        error: expect.stringMatching(/cluster production/i),
      });
    } finally {
      await production().faults.clear();
    }
    await h.eventually(h.clusters, cs =>
      cs.every(c => c.reachable && !c.stale),
    );
  });

  it('CronJob actions are in the operator log too: who, what, when', async () => {
    const cronJob = `${ENTITY}/reports/cronjobs/production/data/reports`;
    expect((await post(`${cronJob}/suspend`)).status).toBe(200);
    expect((await post(`${cronJob}/resume`)).status).toBe(200);
    const log = await operatorLog('reports');
    expect(log.items.filter(i => i.operator === 'workload-status')).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'user:default/alice resumed CronJob data/reports',
        time: h.sim.clock.now().toISOString(),
        action: {
          action: 'resume',
          actor: 'user:default/alice',
          outcome: 'succeeded',
        },
      }),
      expect.objectContaining({
        level: 'info',
        message: 'user:default/alice stopped CronJob data/reports',
      }),
    ]);
  });
});

describe('workload actions without the permission', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;

  beforeAll(async () => {
    h = await startHarness(
      ['web'],
      {},
      {
        permissions: mockServices.permissions.factory({
          result: 'DENY' as any,
        }),
      },
    );
    await h.eventually(
      async () =>
        (
          await request(h.backend.server)
            .get('/api/workload-status/v1/clusters')
            .set('Authorization', ALICE)
        ).status,
      s => s === 403,
    );
  });

  afterAll(async () => {
    await h?.stop();
  });

  it.each([
    ['post', `${WEB}/restart`, 'restart the workloads of'],
    ['post', `${WEB}/scale`, 'scale the workloads of'],
    ['post', `${WEB}/stop`, 'stop the workloads of'],
    ['post', `${WEB}/start`, 'start the workloads of'],
    ['post', `${WEB}/rollback`, 'roll back the workloads of'],
    [
      'delete',
      `${ENTITY}/web/pods/production/shop/web-1`,
      'delete the pods of',
    ],
  ] as const)(
    '%s %s is 403 and the cluster is unchanged',
    async (method, path, refused) => {
      const before = h.sim
        .cluster('production')
        .get('Deployment', 'shop', 'web')!.metadata.resourceVersion;
      const res = await request(h.backend.server)
        [method](path)
        .set('Authorization', ALICE)
        .send({ replicas: 1 });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: `Not allowed to ${refused} component:default/web`,
      });
      expect(
        h.sim.cluster('production').get('Deployment', 'shop', 'web')!.metadata
          .resourceVersion,
      ).toBe(before);
    },
  );
});
