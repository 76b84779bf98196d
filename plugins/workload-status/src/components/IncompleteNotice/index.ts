export { IncompleteNotice } from './IncompleteNotice';
