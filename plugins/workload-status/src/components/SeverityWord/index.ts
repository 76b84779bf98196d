export { SeverityWord, type SeverityLevel } from './SeverityWord';
