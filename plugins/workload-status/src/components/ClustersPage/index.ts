export { ClustersPage, ClustersContent } from './ClustersPage';
