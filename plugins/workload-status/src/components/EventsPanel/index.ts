export { EventsPanel } from './EventsPanel';
