export { DeletePodButton } from './DeletePodButton';
