export { RollupContent } from './RollupContent';
export { countsInWords } from './countsInWords';
