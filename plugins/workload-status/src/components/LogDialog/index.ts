export { LogDialog } from './LogDialog';
