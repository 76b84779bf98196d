import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { hasKubernetesAnnotations } from '@internal/plugin-workload-status-common';
import { workloadStatusApiRef } from './api/types';
import { WorkloadStatusClient } from './api/WorkloadStatusClient';
import { rootRouteRef } from './routes';

/** @public */
export const workloadStatusPlugin = createPlugin({
  id: 'workload-status',
  apis: [
    createApiFactory({
      api: workloadStatusApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new WorkloadStatusClient(deps),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * For `EntityLayout.Route if=`: the entity carries the Kubernetes plugin's
 * annotations.
 * @public
 */
export const isWorkloadStatusAvailable = (entity: Entity): boolean =>
  hasKubernetesAnnotations(entity);

/** The Status tab. @public */
export const EntityWorkloadStatusContent = workloadStatusPlugin.provide(
  createRoutableExtension({
    name: 'EntityWorkloadStatusContent',
    component: () =>
      import('./components/EntityWorkloadStatusContent').then(
        m => m.EntityWorkloadStatusContent,
      ),
    mountPoint: rootRouteRef,
  }),
);

/** The overview card. @public */
export const EntityWorkloadStatusCard = workloadStatusPlugin.provide(
  createComponentExtension({
    name: 'EntityWorkloadStatusCard',
    component: {
      lazy: () =>
        import('./components/EntityWorkloadStatusCard').then(
          m => m.EntityWorkloadStatusCard,
        ),
    },
  }),
);
