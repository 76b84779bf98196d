export { ComponentChips } from './ComponentChips';
