import { REDACTED, redactText } from '../../redaction';
import { redactedWithin } from '../../redaction/redactedWithin';

/**
 * Longest short text of an event kept (reason, source, the names of the
 * object it is about, uids). The API's own rules keep these under 253
 * characters (a DNS subdomain name); a hostile apiserver could send
 * anything.
 */
export const MAX_EVENT_FIELD_CHARS = 256;

/**
 * Characters a secret is made of (tokens, base64, hex, JWT segments, URL
 * escapes). A message cut inside a run of them may have cut a secret, so
 * that run is dropped: its first half must not be shown. Not `=`: base64
 * pads only at its end, and `key=` before a cut value stays readable.
 */
const SECRET_CHAR = /[A-Za-z0-9+/_.~%-]/;

/** A message as it is stored: redacted, at most `maxBytes` of UTF-8. */
export interface StoredMessage {
  message: string;
  truncated: boolean;
}

/**
 * Redacts a message and bounds it to `maxBytes` of UTF-8. Redaction runs
 * on a window of twice the bound (so the work is bounded, and a secret
 * that straddles the cut is seen whole by the redactor), the redacted text
 * is cut at a character boundary, then the cut is moved back to before a
 * `[REDACTED]` it split and before the run of secret characters it split
 * (a secret longer than the window, or of a shape only matched whole,
 * loses its visible part instead of showing it). The result is a fresh
 * string: a slice would keep the whole message alive.
 */
export function storedMessage(text: string, maxBytes: number): StoredMessage {
  if (!text) return { message: '', truncated: false };
  const windowChars = 2 * maxBytes;
  const windowed = text.length > windowChars;
  const redacted = redactText(
    windowed ? withoutSplitPair(text, windowChars) : text,
  );
  const bytes = Buffer.from(redacted, 'utf8');
  if (!windowed && bytes.length <= maxBytes) {
    return { message: redacted, truncated: false };
  }
  let cut = maxBytes;
  // back to the start of the character the cut fell in (UTF-8 continuation
  // bytes are 10xxxxxx; a surrogate pair is one 4-byte character)
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--;
  let kept = bytes.toString('utf8', 0, cut);
  kept = withoutSplitMarker(kept);
  let end = kept.length;
  while (end > 0 && SECRET_CHAR.test(kept[end - 1])) end--;
  kept = kept.slice(0, end);
  return {
    message: Buffer.from(kept, 'utf8').toString('utf8'),
    truncated: true,
  };
}

/**
 * A short text of an event, at most `MAX_EVENT_FIELD_CHARS` characters,
 * never ending in half a surrogate pair; a fresh string when cut.
 */
export function boundedField(text: string): string {
  if (text.length <= MAX_EVENT_FIELD_CHARS) return text;
  return Buffer.from(
    withoutSplitPair(text, MAX_EVENT_FIELD_CHARS),
    'utf8',
  ).toString('utf8');
}

/** The first `chars` UTF-16 units of `text`, one fewer if that splits a pair. */
function withoutSplitPair(text: string, chars: number): string {
  const last = text.charCodeAt(chars - 1);
  const isHighSurrogate = last >= 0xd800 && last <= 0xdbff;
  return text.slice(0, isHighSurrogate ? chars - 1 : chars);
}

/** `text` without a `[REDACTED]` marker cut short at its end. */
function withoutSplitMarker(text: string): string {
  const open = text.lastIndexOf(REDACTED[0]);
  if (
    open >= 0 &&
    open > text.length - REDACTED.length &&
    REDACTED.startsWith(text.slice(open))
  ) {
    return text.slice(0, open);
  }
  return text;
}

/**
 * A short text a user reads (reason, source): redacted, then bounded to
 * `MAX_EVENT_FIELD_CHARS`, so that a secret the bound cuts is seen whole
 * by the redactor (a redaction can also lengthen it).
 */
export function redactedField(text: string): string {
  return redactedWithin(text, MAX_EVENT_FIELD_CHARS);
}
