import { REDACTED } from './redacted';
import { redactText } from './redactText';

/**
 * Characters a secret is made of (tokens, base64, hex, JWT segments, URL
 * escapes): a text cut inside a run of them may have cut a secret whose
 * whole only the redactor would have recognised, so that run is dropped.
 */
const SECRET_CHAR = /[A-Za-z0-9+/_.~%-]/;

/**
 * The first `chars` characters of `text`, redacted, for a text longer
 * than that. Only a window of twice the length is redacted: the work is
 * bounded whatever the text's length, and a secret that straddles the cut
 * is seen whole. The cut never splits a surrogate pair nor a `[REDACTED]`,
 * and a run of secret characters it split is dropped (a secret longer than
 * the window loses its visible part instead of showing it).
 */
export function redactedPrefix(text: string, chars: number): string {
  if (text.length <= chars) return redactText(text);
  const redacted = redactText(withoutSplitPair(text, 2 * chars));
  if (redacted.length <= chars) return redacted;
  let kept = withoutSplitPair(redacted, chars);
  const open = kept.lastIndexOf(REDACTED[0]);
  if (
    open >= 0 &&
    open > kept.length - REDACTED.length &&
    REDACTED.startsWith(kept.slice(open))
  ) {
    kept = kept.slice(0, open);
  }
  let end = kept.length;
  while (end > 0 && SECRET_CHAR.test(kept[end - 1])) end--;
  // a fresh string: a slice would keep the whole text alive
  return Buffer.from(kept.slice(0, end), 'utf8').toString('utf8');
}

/** The first `chars` UTF-16 units of `text`, one fewer if that splits a pair. */
function withoutSplitPair(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const last = text.charCodeAt(chars - 1);
  const isHighSurrogate = last >= 0xd800 && last <= 0xdbff;
  return text.slice(0, isHighSurrogate ? chars - 1 : chars);
}
