export { TeamOverviewPage, TeamOverviewContent } from './TeamOverviewPage';
