export { PodDrawer } from './PodDrawer';
