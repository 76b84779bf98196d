export { EntityWorkloadStatusContent } from './EntityWorkloadStatusContent';
