import {
  coreServices,
  createServiceFactory,
  LoggerService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';

/** One line as a plugin logged it, with the fields of its logger. */
export interface LoggedLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  /** the logger's fields (plugin, isAuditEvent, ...) and the line's own */
  fields: Record<string, any>;
  error?: Error;
}

/**
 * A root logger that keeps every line logged through it: the plugin's
 * warnings (a refused catalog cluster) and the audit events the real
 * auditor writes through the plugin logger (`isAuditEvent: true`).
 */
export function rootLogRecorder() {
  const lines: LoggedLine[] = [];
  const logger = (context: Record<string, any>): RootLoggerService => {
    const write =
      (level: LoggedLine['level']) =>
      (message: string, meta?: Error | Record<string, any>) => {
        if (meta instanceof Error) {
          lines.push({ level, message, fields: { ...context }, error: meta });
        } else {
          lines.push({ level, message, fields: { ...context, ...meta } });
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
    lines,
    /** the audit records of one event id: `workload-status.<eventId>` */
    audits: (eventId: string) =>
      lines.filter(
        l =>
          l.fields.isAuditEvent && l.message === `workload-status.${eventId}`,
      ),
  };
}
