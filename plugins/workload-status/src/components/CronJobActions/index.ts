export { CronJobActions } from './CronJobActions';
