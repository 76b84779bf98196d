/**
 * Workload Status for Backstage's new frontend system: the Status tab, the
 * overview card and the API client as extensions.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
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
} from '@internal/plugin-workload-status-common';
import { workloadStatusApiRef } from './api/types';
import { WorkloadStatusClient } from './api/WorkloadStatusClient';

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

/** @alpha */
export default createFrontendPlugin({
  pluginId: 'workload-status',
  extensions: [
    workloadStatusApi,
    workloadStatusEntityContent,
    workloadStatusEntityCard,
  ],
});
