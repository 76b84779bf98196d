import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { WorkloadStatusService } from './types';

/**
 * Hands the backend plugin's status service to the plugins that depend on
 * {@link workloadStatusServiceRef}. Services are created per dependent
 * plugin, but the status lives inside the Workload Status plugin, so this
 * root-scoped holder is the in-process bridge: the backend plugin calls
 * `provide` from its init, dependents' calls wait for it.
 * @public
 */
export interface WorkloadStatusServiceProvider {
  provide(service: WorkloadStatusService): void;
  get(): Promise<WorkloadStatusService>;
}

/** How long a caller waits for the backend plugin to start. */
const PROVIDER_WAIT_MS = 60_000;

/** @public */
export const workloadStatusServiceProviderRef =
  createServiceRef<WorkloadStatusServiceProvider>({
    id: 'workload-status.status-provider',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory() {
          let resolve: (s: WorkloadStatusService) => void = () => {};
          const provided = new Promise<WorkloadStatusService>(r => {
            resolve = r;
          });
          return {
            provide: s => resolve(s),
            get: () =>
              Promise.race([
                provided,
                new Promise<never>((_, reject) => {
                  const t = setTimeout(
                    () =>
                      reject(
                        // named like @backstage/errors' ServiceUnavailableError
                        // (503), without adding the dependency to this package
                        Object.assign(
                          new Error(
                            'The workload-status backend plugin is not installed or has not started',
                          ),
                          { name: 'ServiceUnavailableError' },
                        ),
                      ),
                    PROVIDER_WAIT_MS,
                  );
                  t.unref?.();
                  provided.then(() => clearTimeout(t));
                }),
              ]),
          };
        },
      }),
  });

/**
 * The Workload Status service, for other backend plugins: an entity's status
 * in-process, from the backend plugin's cache. The backend plugin
 * (`@workload-status/backstage-plugin-workload-status-backend`) must be installed in the same
 * backend.
 * @public
 */
export const workloadStatusServiceRef = createServiceRef<WorkloadStatusService>(
  {
    id: 'workload-status.status',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { provider: workloadStatusServiceProviderRef },
        factory({ provider }) {
          return {
            async getEntityStatus(entityRef, options) {
              return (await provider.get()).getEntityStatus(entityRef, options);
            },
            async getSummaries(entityRefs, options) {
              return (await provider.get()).getSummaries(entityRefs, options);
            },
            async getRollup(entityRef, options) {
              return (await provider.get()).getRollup(entityRef, options);
            },
          };
        },
      }),
  },
);
