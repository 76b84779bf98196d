import { SecretRedactor } from './SecretRedactor';

/**
 * Redacts one text a user can see outside a log stream: a status reason, a
 * container's waiting or terminated message, an event message, a stored
 * job run's reason, a build step's message. Multi-line texts (a
 * terminated message is the log tail under FallbackToLogsOnError) are
 * redacted line by line with one redactor, so a private key spanning lines
 * is caught as it is in a log.
 */
export function redactText(text: string): string;
export function redactText(text: string | undefined): string | undefined;
export function redactText(text: string | undefined): string | undefined {
  if (!text) return text;
  const redactor = new SecretRedactor();
  if (!text.includes('\n')) return redactor.redactLine(text);
  return text
    .split('\n')
    .map(line => redactor.redactLine(line))
    .join('\n');
}
