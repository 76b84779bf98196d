export { createWorkloadStatusColumn } from './WorkloadStatusColumn';
