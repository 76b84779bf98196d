export { WorkloadPanel } from './WorkloadPanel';
