import {
  createServiceFactory,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { startSimulator, Simulator } from '@internal/cluster-simulator';
import fs from 'node:fs';
import { parse } from 'yaml';
import { workloadStatusPlugin } from '../plugin';
import { workloadStatusClockServiceRef } from '../status/clockServiceRef';
import { permissionBackend, PolicyMode } from './permissionBackend';
import { eventually, pluginRequests } from './backendRequests';
import { rootLogRecorder } from './rootLogRecorder';
import { signalsRecorder } from './signalsRecorder';
import { SCENARIO } from './simulatorHarness';

const fixture = (name: string) =>
  resolvePackagePath(
    '@workload-status/backstage-plugin-workload-status-backend',
    `src/integration/fixtures/${name}`,
  );

/** The attacker's catalog: evil-wide, evil-claim, nightly-report and their teams. */
export const HOSTILE_CATALOG_FILE = fixture('hostile-catalog.yaml');

/** Who calls, as the Authorization header says. */
export const trustCallers = {
  /** team-shop, who registered evil-wide and evil-claim */
  mallory: mockCredentials.user.header('user:default/mallory'),
  /** team-data, who owns nightly-report */
  dana: mockCredentials.user.header('user:default/dana'),
  /**
   * A service principal, as an external access token yields one (the mock
   * auth service's service token with that subject).
   */
  service: (subject: string) =>
    `Bearer mock-service-token:${JSON.stringify({ sub: subject })}`,
};

/**
 * The simulated clusters (the integration scenario plus team-data's
 * nightly-report CronJob), the real catalog ingesting hostile-catalog.yaml
 * (and `catalogFiles`), the real permission backend under `mode`, and the
 * plugin, its lines (warnings and audit events) recorded.
 */
export async function startTrustBackend(options: {
  mode: PolicyMode;
  /**
   * Config that needs the simulator's URLs (called before the catalog is
   * read, so it may write a catalog file): `kubernetes` replaces the
   * default (every simulated cluster from config), `workloadStatus` is
   * merged into the default.
   */
  config?: (sim: Simulator) => { kubernetes?: object; workloadStatus?: object };
  catalogFiles?: string[];
}) {
  const sim = await startSimulator({
    scenario: SCENARIO,
    clock: 'manual',
    token: 'trust-token',
    bookmarkIntervalMs: 500,
  });
  sim
    .cluster('production')
    .apply(
      parse(fs.readFileSync(fixture('nightly-report-cronjob.yaml'), 'utf8')),
    );
  const configured = options.config?.(sim) ?? {};
  const permissions = permissionBackend({
    catalogFiles: [HOSTILE_CATALOG_FILE, ...(options.catalogFiles ?? [])],
  });
  permissions.setMode(options.mode);
  const logs = rootLogRecorder();
  const kubernetes = configured.kubernetes ?? {
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
  const backend = await startTestBackend({
    features: [
      workloadStatusPlugin,
      ...permissions.features,
      mockServices.rootConfig.factory({
        data: {
          ...permissions.config,
          kubernetes,
          workloadStatus: {
            requestTimeout: '2s',
            backoff: {
              initial: { milliseconds: 50 },
              max: { milliseconds: 400 },
            },
            entityRefresh: '1s',
            // These tests are about the other trust anchors: the namespace
            // ownership one has its own (ownership*.integration.test.ts).
            ownership: 'trust-catalog',
            ...configured.workloadStatus,
          },
        },
      }),
      signalsRecorder().factory,
      logs.factory,
      createServiceFactory({
        service: workloadStatusClockServiceRef,
        deps: {},
        factory: () => ({ now: () => sim.clock.now().getTime() }),
      }),
    ],
  });
  await permissions.waitForCatalog(backend.server);

  const { get, post, del } = pluginRequests(backend.server);

  /** Until the plugin has synced every cluster named. */
  const clustersSynced = (names: string[]) =>
    eventually(
      async () =>
        (await get(trustCallers.service('plugin:catalog'), '/v1/clusters')).body
          .items as Array<{ name: string; synced: boolean }>,
      items => names.every(n => items?.some(c => c.name === n && c.synced)),
      `clusters ${names.join(', ')} synced`,
      30_000,
    );

  return {
    sim,
    backend,
    permissions,
    logs,
    get,
    post,
    del,
    eventually,
    clustersSynced,
    async stop() {
      await backend.stop();
      await sim.stop();
    },
  };
}
