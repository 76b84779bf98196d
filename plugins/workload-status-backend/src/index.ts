export { workloadStatusPlugin as default } from './plugin';
export {
  workloadStatusClockServiceRef,
  type WorkloadStatusClock,
} from './status/clockServiceRef';
