/** What replaces a secret. */
export const REDACTED = '[REDACTED]';
