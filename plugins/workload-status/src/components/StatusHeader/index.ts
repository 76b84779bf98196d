export { StatusHeader } from './StatusHeader';
