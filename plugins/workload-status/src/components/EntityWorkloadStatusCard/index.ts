export { EntityWorkloadStatusCard } from './EntityWorkloadStatusCard';
