export { PodEvents } from './PodEvents';
