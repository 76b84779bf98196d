export { LogAccess, LogsNotAllowed, useCanReadLogs } from './LogAccess';
