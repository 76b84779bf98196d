/**
 * Workload Status: a Status tab, an overview card and a catalog column that
 * say what state a service is in on Kubernetes, and why.
 *
 * @packageDocumentation
 */
export {
  workloadStatusPlugin,
  EntityWorkloadStatusContent,
  EntityWorkloadStatusCard,
  EntityWorkloadStatusRollupContent,
  WorkloadStatusClustersPage,
  WorkloadStatusTeamOverviewPage,
  isWorkloadStatusAvailable,
} from './plugin';
export type { EntityWorkloadStatusContentProps } from './components/EntityWorkloadStatusContent';
export type { EntityWorkloadStatusCardProps } from './components/EntityWorkloadStatusCard';
export { createWorkloadStatusColumn } from './components/WorkloadStatusColumn';
export { workloadStatusApiRef, type WorkloadStatusApi } from './api/types';
export { WorkloadStatusClient } from './api/WorkloadStatusClient';
export {
  ENTITY_CHANGED_CHANNEL,
  type EntityChangedMessage,
} from './api/entityChangedSignal';
