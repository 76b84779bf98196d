export { TimelineStrip } from './TimelineStrip';
