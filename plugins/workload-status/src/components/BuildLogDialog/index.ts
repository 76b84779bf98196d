export { BuildLogDialog } from './BuildLogDialog';
