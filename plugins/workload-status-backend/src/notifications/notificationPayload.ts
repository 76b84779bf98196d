import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import { redactText } from '../redaction';
import type { NotificationEvent } from './NotificationClaimStore';

/** Bounds of what a notification shows of cluster and catalog text. */
const MAX_NAME_CHARS = 120;
const MAX_MESSAGE_CHARS = 300;

/** What a notification is about, as the notifier saw it. */
export interface NotificationSubject {
  entityRef: string;
  event: NotificationEvent;
  /** start of the debounce window (RFC 3339 UTC): one list entry per entity and window */
  windowStart: string;
  /** the first error reason (turned error, missed schedule) */
  reason?: { code: string; message: string };
  /** the failed run (run failed) */
  run?: { cronJob: string; job: string; namespace: string; cluster: string };
}

/**
 * The notification sent to an entity's owners. Every text that comes from
 * the cluster (reason messages, object names) is redacted and cut short:
 * a notification is stored by the notifications backend and may be
 * forwarded (e-mail, chat) by its processors. The scope is the entity and
 * the window, so that a recovery within the window updates the problem's
 * entry instead of adding one: one entry per entity per window.
 */
export function notificationPayload(
  subject: NotificationSubject,
): NotificationPayload {
  const entity = parseEntityRef(subject.entityRef);
  const name = bound(entity.name, MAX_NAME_CHARS);
  const link = `/catalog/${encodeURIComponent(
    entity.namespace,
  )}/${encodeURIComponent(
    entity.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(entity.name)}/status`;
  const base = {
    link,
    topic: subject.entityRef,
    scope: `workload-status:${subject.entityRef}:${subject.windowStart}`,
  };
  const reason = subject.reason
    ? `${bound(subject.reason.code, MAX_NAME_CHARS)}: ${clean(
        subject.reason.message,
      )}`
    : undefined;
  switch (subject.event) {
    case 'turned-error':
      return {
        ...base,
        severity: 'high',
        title: `${name} is in error`,
        description: reason ?? 'Its workloads report an error.',
      };
    case 'schedule-missed':
      return {
        ...base,
        severity: 'high',
        title: `${name} missed a scheduled run`,
        description: reason ?? 'A CronJob did not start a run on schedule.',
      };
    case 'run-failed': {
      const run = subject.run;
      return {
        ...base,
        severity: 'high',
        title: `${name}: a run of ${bound(
          run?.cronJob ?? 'a CronJob',
          MAX_NAME_CHARS,
        )} failed`,
        description: run
          ? `Job ${bound(run.job, MAX_NAME_CHARS)} in ${bound(
              run.namespace,
              MAX_NAME_CHARS,
            )} (cluster ${bound(run.cluster, MAX_NAME_CHARS)}) failed.${
              reason ? ` ${reason}` : ''
            }`
          : 'A scheduled run failed.',
      };
    }
    case 'recovered':
    default:
      return {
        ...base,
        severity: 'normal',
        title: `${name} recovered`,
        description: 'Its workloads no longer report an error.',
      };
  }
}

/** Redacted, one line, at most MAX_MESSAGE_CHARS. */
function clean(text: string): string {
  return bound(redactText(text).replace(/\s+/g, ' ').trim(), MAX_MESSAGE_CHARS);
}

function bound(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
