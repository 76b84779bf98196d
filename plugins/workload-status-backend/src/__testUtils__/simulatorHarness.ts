import {
  BackendFeature,
  createServiceFactory,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  parseScenario,
  Scenario,
  startSimulator,
  Simulator,
} from '@internal/cluster-simulator';
import type {
  ClusterHealth,
  EntityStatus,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import request from 'supertest';
import { workloadStatusPlugin } from '../plugin';
import { workloadStatusClockServiceRef } from '../status/clockServiceRef';
import { signalsRecorder } from './signalsRecorder';

export const SCENARIO = parseScenario(
  fs.readFileSync(
    resolvePackagePath(
      '@workload-status/backstage-plugin-workload-status-backend',
      'src/integration/scenario.yaml',
    ),
    'utf8',
  ),
);

/** The `kubernetes:` config block that points the plugin at the simulator's clusters. */
export function simulatorKubernetesConfig(sim: Simulator) {
  return {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: sim.clusters.map(c => ({
          name: c.name,
          url: c.url,
          authProvider: 'serviceAccount',
          serviceAccountToken: c.token,
        })),
      },
    ],
  };
}

/** A catalog Component owned by `owner`, as the catalog stitches it. */
function ownedEntity(
  name: string,
  owner: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

/**
 * The owner of every entity of the harness. Her groups own the scenario's
 * namespaces (their backstage.io/owner labels in scenario.yaml), so her
 * entities may have their logs read and be acted on.
 */
const ALICE: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'alice', namespace: 'default' },
  spec: { memberOf: ['team-shop', 'team-data'] },
  relations: [
    { type: 'memberOf', targetRef: 'group:default/team-shop' },
    { type: 'memberOf', targetRef: 'group:default/team-data' },
  ],
};

/**
 * The real backend (startTestBackend) with the plugin, watching the
 * simulated clusters over HTTP. The plugin judges time by the simulator's
 * manual clock, so that object timestamps and "now" agree.
 */
export async function startHarness(
  entityNames: string[],
  settings: object = {},
  options: {
    /** replaces the allow-all permissions service */
    permissions?: BackendFeature;
    /** more services, e.g. a recording root logger */
    features?: BackendFeature[];
    /** more root config, for other plugins (e.g. app.baseUrl) */
    config?: Record<string, unknown>;
    /** replaces scenario.yaml */
    scenario?: Scenario;
  } = {},
) {
  const sim: Simulator = await startSimulator({
    scenario: options.scenario ?? SCENARIO,
    clock: 'manual',
    token: 'integration-token',
    bookmarkIntervalMs: 500,
  });
  const signals = signalsRecorder();
  // a function: restartBackend starts the same backend again (same
  // features, e.g. the same database) against the same simulator
  const startBackend = () =>
    startTestBackend({
      features: [
        workloadStatusPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...options.config,
            kubernetes: simulatorKubernetesConfig(sim),
            workloadStatus: {
              requestTimeout: '2s',
              backoff: {
                initial: { milliseconds: 50 },
                max: { milliseconds: 400 },
              },
              signalDebounce: { milliseconds: 20 },
              ...settings,
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            ...entityNames.map(name =>
              ownedEntity(name, 'user:default/alice', {
                'backstage.io/kubernetes-id': name,
              }),
            ),
            ALICE,
          ],
        }),
        options.permissions ??
          mockServices.permissions.factory({ result: 'ALLOW' as any }),
        ...(options.features ?? []),
        signals.factory,
        createServiceFactory({
          service: workloadStatusClockServiceRef,
          deps: {},
          factory: () => ({ now: () => sim.clock.now().getTime() }),
        }),
      ],
    });
  let backend = await startBackend();

  const auth = mockCredentials.user.header('user:default/alice');
  const status = async (name: string): Promise<EntityStatus> => {
    const res = await request(backend.server)
      .get(`/api/workload-status/v1/entities/default/component/${name}/status`)
      .set('Authorization', auth);
    if (res.status !== 200) {
      throw new Error(
        `status of ${name}: ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
    return res.body;
  };
  const clusters = async () =>
    (
      await request(backend.server)
        .get('/api/workload-status/v1/clusters')
        .set('Authorization', auth)
    ).body.items as ClusterHealth[];

  /** Real-time wait until `check` holds (the watches deliver asynchronously). */
  const eventually = async <T>(
    get: () => Promise<T>,
    check: (value: T) => boolean,
    timeoutMs = 5000,
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    let value = await get();
    while (!check(value) && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 25));
      value = await get();
    }
    return value;
  };

  /**
   * Advances the simulated clock in steps, recording the entity's status
   * after each, until `done` holds; returns every status seen.
   */
  const follow = async (
    name: string,
    done: (s: EntityStatus) => boolean,
    steps: { stepMs?: number; maxMs?: number } = {},
  ): Promise<EntityStatus[]> => {
    const { stepMs = 1000, maxMs = 180_000 } = steps;
    const seen: EntityStatus[] = [];
    for (let t = 0; t <= maxMs; t += stepMs) {
      // give the watches a moment to deliver what the last step changed
      const s = await eventually(
        () => status(name),
        v => done(v),
        60,
      );
      seen.push(s);
      if (done(s)) return seen;
      await sim.clock.advance(stepMs);
    }
    throw new Error(
      `${name} never reached the expected status; last: ${JSON.stringify(
        seen.at(-1),
        null,
        1,
      ).slice(0, 3000)}`,
    );
  };

  return {
    sim,
    get backend() {
      return backend;
    },
    /** Stops the backend and starts it again; the simulator keeps running. */
    async restartBackend() {
      await backend.stop();
      backend = await startBackend();
    },
    signals: signals.published,
    status,
    clusters,
    eventually,
    follow,
    async stop() {
      await backend.stop();
      await sim.stop();
    },
  };
}
