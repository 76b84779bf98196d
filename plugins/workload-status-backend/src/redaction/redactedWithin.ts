import { redactedPrefix } from './redactedPrefix';

/**
 * `text` redacted and at most `chars` UTF-16 units long, whatever its
 * length: redactedPrefix, and cut once more when redacting made a short
 * text longer (`password=x` becomes `password=[REDACTED]`). For a text
 * kept in a bounded place: a column, an error a user reads.
 */
export function redactedWithin(text: string, chars: number): string {
  const kept = redactedPrefix(text, chars);
  // cutting a longer text always takes redactedPrefix's bounded path
  return kept.length > chars ? redactedPrefix(kept, chars) : kept;
}
