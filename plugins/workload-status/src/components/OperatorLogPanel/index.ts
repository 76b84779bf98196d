export { OperatorLogPanel } from './OperatorLogPanel';
