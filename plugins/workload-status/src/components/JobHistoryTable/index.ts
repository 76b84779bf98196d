export {
  JobHistoryTable,
  type JobHistoryRow,
  type RunLogOffer,
} from './JobHistoryTable';
