import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { workloadStatusPermissions } from '@workload-status/backstage-plugin-workload-status-common';
import {
  WorkloadStatusBuildSource,
  WorkloadStatusKindRule,
  workloadStatusBuildSourcesExtensionPoint,
  workloadStatusServiceProviderRef,
} from '@workload-status/backstage-plugin-workload-status-node';
import { workloadStatusClockServiceRef } from './status/clockServiceRef';
import { WorkloadStatusRuntime } from './WorkloadStatusRuntime';

/**
 * The Workload Status backend plugin: watches the configured clusters and
 * serves entity statuses from memory at /api/workload-status.
 * @public
 */
export const workloadStatusPlugin = createBackendPlugin({
  pluginId: 'workload-status',
  register(env) {
    const buildSources: WorkloadStatusBuildSource[] = [];
    const kindRules: WorkloadStatusKindRule[] = [];
    env.registerExtensionPoint(workloadStatusBuildSourcesExtensionPoint, {
      addBuildSource: (...sources) => buildSources.push(...sources),
      addKindRule: (...rules) => kindRules.push(...rules),
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        permissionsRegistry: coreServices.permissionsRegistry,
        lifecycle: coreServices.lifecycle,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        notifications: notificationService,
        provider: workloadStatusServiceProviderRef,
        clock: workloadStatusClockServiceRef,
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(workloadStatusPermissions);
        const runtime = await WorkloadStatusRuntime.create({
          ...deps,
          buildSources,
          kindRules,
        });
        deps.httpRouter.use(await runtime.router());
        deps.provider.provide(runtime.inProcessService());
        deps.lifecycle.addStartupHook(() => runtime.start());
        deps.lifecycle.addShutdownHook(() => runtime.stop());
      },
    });
  },
});
