import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  WorkloadStatusBuildSource,
  WorkloadStatusKindRule,
} from './types';

/**
 * Lets modules add what the Workload Status backend watches and judges.
 * @public
 */
export interface WorkloadStatusBuildSourcesExtensionPoint {
  /** Watch these build resource types in every cluster. */
  addBuildSource(...sources: WorkloadStatusBuildSource[]): void;
  /** Watch and judge a kind the engine does not know. */
  addKindRule(...rules: WorkloadStatusKindRule[]): void;
}

/** @public */
export const workloadStatusBuildSourcesExtensionPoint =
  createExtensionPoint<WorkloadStatusBuildSourcesExtensionPoint>({
    id: 'workload-status.build-sources',
  });
