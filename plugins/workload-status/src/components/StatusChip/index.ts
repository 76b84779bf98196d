export { StatusChip, ReasonList } from './StatusChip';
