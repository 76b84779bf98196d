import {
  coreServices,
  createServiceFactory,
  LoggerService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';

/** One audit record as Backstage's default auditor writes it to the log. */
export interface AuditLogRecord {
  /** `<pluginId>.<eventId>` */
  message: string;
  level: 'error' | 'warn' | 'info' | 'debug';
  /** the event's fields: eventId, severityLevel, status, actor, meta, ... */
  fields: Record<string, any>;
  /** the error of a failed event */
  error?: Error;
}

/**
 * A root logger that keeps what is logged through it, for asserting on the
 * audit events the real auditor service (backend-defaults) writes: it logs
 * them through the plugin logger with `isAuditEvent: true`.
 */
export function auditLogRecorder() {
  const records: AuditLogRecord[] = [];
  const logger = (context: Record<string, any>): RootLoggerService => {
    const write =
      (level: AuditLogRecord['level']) =>
      (message: string, meta?: Error | Record<string, any>) => {
        if (!context.isAuditEvent) return;
        if (meta instanceof Error) {
          records.push({ message, level, fields: { ...context }, error: meta });
        } else {
          records.push({ message, level, fields: { ...context, ...meta } });
        }
      };
    return {
      child: (meta: Record<string, any>): LoggerService =>
        logger({ ...context, ...meta }),
      error: write('error'),
      warn: write('warn'),
      info: write('info'),
      debug: write('debug'),
    };
  };
  return {
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => logger({}),
    }),
    records,
  };
}
