export { JobHistoryTable } from './JobHistoryTable';
