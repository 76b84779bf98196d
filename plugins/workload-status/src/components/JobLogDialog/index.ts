export { JobLogDialog } from './JobLogDialog';
