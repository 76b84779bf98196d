import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import { storedMessage } from '../diagnostics/events/eventText';
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
  const name = clean(entity.name, MAX_NAME_CHARS);
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
    ? `${clean(subject.reason.code, MAX_NAME_CHARS)}: ${clean(
        subject.reason.message,
      )}`
    : undefined;
  const texts = payloadTexts(subject, name, reason);
  return {
    ...base,
    severity: texts.severity,
    // each part is redacted and bounded; together they must stay within
    // the bound too
    title: bound(texts.title, MAX_MESSAGE_CHARS),
    description: bound(texts.description, MAX_MESSAGE_CHARS),
  };
}

function payloadTexts(
  subject: NotificationSubject,
  name: string,
  reason: string | undefined,
): Pick<NotificationPayload, 'severity' | 'title'> & { description: string } {
  switch (subject.event) {
    case 'turned-error':
      return {
        severity: 'high',
        title: `${name} is in error`,
        description: reason ?? 'Its workloads report an error.',
      };
    case 'schedule-missed':
      return {
        severity: 'high',
        title: `${name} missed a scheduled run`,
        description: reason ?? 'A CronJob did not start a run on schedule.',
      };
    case 'run-failed': {
      const run = subject.run;
      return {
        severity: 'high',
        title: `${name}: a run of ${clean(
          run?.cronJob ?? 'a CronJob',
          MAX_NAME_CHARS,
        )} failed`,
        description: run
          ? `Job ${clean(run.job, MAX_NAME_CHARS)} in ${clean(
              run.namespace,
              MAX_NAME_CHARS,
            )} (cluster ${clean(run.cluster, MAX_NAME_CHARS)}) failed.${
              reason ? ` ${reason}` : ''
            }`
          : 'A scheduled run failed.',
      };
    }
    case 'recovered':
    default:
      return {
        severity: 'normal',
        title: `${name} recovered`,
        description: 'Its workloads no longer report an error.',
      };
  }
}

/**
 * Redacted, one line, at most `max` characters. Only the start of the
 * text is redacted (storedMessage: a bounded window, and a secret cut at
 * its end is dropped, not shown in part), so a message of megabytes costs
 * what a short one does.
 */
function clean(text: string, max = MAX_MESSAGE_CHARS): string {
  const { message, truncated } = storedMessage(text, 4 * max);
  const line = message.replace(/\s+/g, ' ').trim();
  return bound(truncated ? `${line}…` : line, max);
}

/** At most `max` characters (code points: no half surrogate pair). */
function bound(text: string, max: number): string {
  // a cut first: a megabyte name costs no more than a short one
  const chars = Array.from(text.slice(0, 2 * max + 2));
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
