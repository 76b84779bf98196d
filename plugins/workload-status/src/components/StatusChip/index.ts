export { StatusChip, HEALTH_WORDS } from './StatusChip';
