import { createRouteRef } from '@backstage/core-plugin-api';

/** The team overview: what the signed-in user's groups own. */
export const rootRouteRef = createRouteRef({
  id: 'workload-status',
});

/** The clusters page: every watched cluster's health. */
export const clustersRouteRef = createRouteRef({
  id: 'workload-status.clusters',
});
