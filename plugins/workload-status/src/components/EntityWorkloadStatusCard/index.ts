export {
  EntityWorkloadStatusCard,
  type EntityWorkloadStatusCardProps,
} from './EntityWorkloadStatusCard';
