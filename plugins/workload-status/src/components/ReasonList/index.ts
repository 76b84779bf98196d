export { ReasonList } from './ReasonList';
