export { LogView } from './LogView';
export { saveFile } from './saveFile';
