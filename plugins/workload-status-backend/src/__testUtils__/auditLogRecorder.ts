import { LoggedLine, rootLogRecorder } from './rootLogRecorder';

/** One audit record as Backstage's default auditor writes it to the log. */
export type AuditLogRecord = LoggedLine;

/**
 * A root logger that keeps the audit events the real auditor service
 * (backend-defaults) writes: it logs them through the plugin logger with
 * `isAuditEvent: true`.
 */
export function auditLogRecorder() {
  const recorder = rootLogRecorder();
  return {
    factory: recorder.factory,
    get records(): AuditLogRecord[] {
      return recorder.lines.filter(l => l.fields.isAuditEvent);
    },
  };
}
