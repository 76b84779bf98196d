export {
  EntityWorkloadStatusContent,
  type EntityWorkloadStatusContentProps,
} from './EntityWorkloadStatusContent';
