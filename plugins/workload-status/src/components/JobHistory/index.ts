export { JobHistory } from './JobHistory';
