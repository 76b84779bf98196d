/**
 * Workload Status for Backstage's new frontend system: the Status tab, the
 * overview card and the API client as extensions.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
} from '@workload-status/backstage-plugin-workload-status-common';
import AssessmentIcon from '@material-ui/icons/Assessment';
import StorageIcon from '@material-ui/icons/Storage';
import { workloadStatusApiRef } from './api/types';
import { WorkloadStatusClient } from './api/WorkloadStatusClient';
import { clustersRouteRef, rootRouteRef } from './routes';

/**
 * The Kubernetes plugin's test for its tab, as a filter expression, so that
 * admins can re-filter in app-config like any other entity extension.
 */
/** The blueprints' filter param, without naming its package. */
type EntityFilter = Exclude<
  NonNullable<
    Extract<
      Parameters<typeof EntityCardBlueprint.make>[0]['params'],
      { loader: unknown }
    >['filter']
  >,
  (...args: never[]) => unknown
>;

const kubernetesAnnotationFilter: EntityFilter = {
  $any: [
    {
      [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}` as const]: {
        $exists: true,
      },
    },
    {
      [`metadata.annotations.${ANNOTATION_KUBERNETES_LABEL_SELECTOR}` as const]:
        { $exists: true },
    },
  ],
};

/** @alpha */
export const workloadStatusApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: workloadStatusApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new WorkloadStatusClient(deps),
    }),
});

/** The Status tab, in the entity page's Deployment group. @alpha */
export const workloadStatusEntityContent = EntityContentBlueprint.make({
  name: 'workload-status',
  params: {
    path: '/status',
    title: 'Status',
    group: 'deployment',
    filter: kubernetesAnnotationFilter,
    loader: () =>
      import('./components/EntityWorkloadStatusContent').then(m => (
        <m.EntityWorkloadStatusContent />
      )),
  },
});

/** The Status tab of Systems and Groups: their rollup. @alpha */
export const workloadStatusRollupEntityContent = EntityContentBlueprint.make({
  name: 'workload-status-rollup',
  params: {
    path: '/status',
    title: 'Status',
    group: 'deployment',
    filter: { kind: { $in: ['system', 'group'] } },
    loader: () =>
      import('./components/RollupContent').then(m => <m.RollupContent />),
  },
});

/** The overview card. @alpha */
export const workloadStatusEntityCard = EntityCardBlueprint.make({
  name: 'workload-status',
  params: {
    filter: kubernetesAnnotationFilter,
    loader: () =>
      import('./components/EntityWorkloadStatusCard').then(m => (
        <m.EntityWorkloadStatusCard />
      )),
  },
});

/** The clusters page, with a nav item "Clusters". @alpha */
export const workloadStatusClustersPage = PageBlueprint.make({
  name: 'clusters',
  params: {
    path: '/workload-status/clusters',
    title: 'Clusters',
    // a page with a title and an icon gets a nav item in the app's sidebar
    icon: <StorageIcon />,
    routeRef: clustersRouteRef,
    // the page has its own header (the same in both frontend systems)
    noHeader: true,
    loader: () =>
      import('./components/ClustersPage').then(m => <m.ClustersPage />),
  },
});

/** The team overview, with a nav item "Workload status". @alpha */
export const workloadStatusTeamOverviewPage = PageBlueprint.make({
  name: 'team-overview',
  params: {
    path: '/workload-status',
    title: 'Workload status',
    icon: <AssessmentIcon />,
    routeRef: rootRouteRef,
    // the page has its own header (the same in both frontend systems)
    noHeader: true,
    loader: () =>
      import('./components/TeamOverviewPage').then(m => <m.TeamOverviewPage />),
  },
});

/** @alpha */
export default createFrontendPlugin({
  pluginId: 'workload-status',
  extensions: [
    workloadStatusApi,
    workloadStatusEntityContent,
    workloadStatusRollupEntityContent,
    workloadStatusEntityCard,
    workloadStatusClustersPage,
    workloadStatusTeamOverviewPage,
  ],
  routes: { root: rootRouteRef, clusters: clustersRouteRef },
});
