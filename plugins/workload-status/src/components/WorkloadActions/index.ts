export { WorkloadActions } from './WorkloadActions';
