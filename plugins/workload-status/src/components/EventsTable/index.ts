export { EventsTable, eventObjectText } from './EventsTable';
