export { BuildRuns } from './BuildRuns';
