export { PodLog } from './PodLog';
