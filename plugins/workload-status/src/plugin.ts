import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { hasKubernetesAnnotations } from '@workload-status/backstage-plugin-workload-status-common';
import { workloadStatusApiRef } from './api/types';
import { WorkloadStatusClient } from './api/WorkloadStatusClient';
import { clustersRouteRef, rootRouteRef } from './routes';

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
    clusters: clustersRouteRef,
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

/**
 * The Status tab of a System or Group: its rollup (the worst of its
 * members' statuses, counts per health) and its members, worst first.
 * @public
 */
export const EntityWorkloadStatusRollupContent = workloadStatusPlugin.provide(
  createComponentExtension({
    name: 'EntityWorkloadStatusRollupContent',
    component: {
      lazy: () =>
        import('./components/RollupContent').then(m => m.RollupContent),
    },
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

/**
 * The clusters page: every watched cluster's health, per resource type.
 * Mount it (the app uses `/workload-status/clusters`) to make the hints
 * about a cluster link to it. @public
 */
export const WorkloadStatusClustersPage = workloadStatusPlugin.provide(
  createRoutableExtension({
    name: 'WorkloadStatusClustersPage',
    component: () =>
      import('./components/ClustersPage').then(m => m.ClustersPage),
    mountPoint: clustersRouteRef,
  }),
);

/**
 * The team overview: every entity the signed-in user's groups own, worst
 * first, with filters. Mount it (the app uses `/workload-status`). @public
 */
export const WorkloadStatusTeamOverviewPage = workloadStatusPlugin.provide(
  createRoutableExtension({
    name: 'WorkloadStatusTeamOverviewPage',
    component: () =>
      import('./components/TeamOverviewPage').then(m => m.TeamOverviewPage),
    mountPoint: rootRouteRef,
  }),
);
