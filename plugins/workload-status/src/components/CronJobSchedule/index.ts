export { CronJobSchedule } from './CronJobSchedule';
