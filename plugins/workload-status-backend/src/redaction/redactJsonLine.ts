import { redactText } from './redactText';

/** how deep a log record is walked; deeper values are replaced whole */
const MAX_DEPTH = 16;

/**
 * A JSON log line with every string value redacted as text, then written
 * back as JSON. Redacting the line as it stands misses what its escapes
 * hide: a YAML `password: |` block written with `\n` escapes, or JSON
 * inside a JSON string inside the record. Each value is redacted
 * unescaped, as a user reading the record would read it. A line that is
 * not a JSON object is returned as it is (it was redacted as a line).
 */
export function redactJsonLine(line: string): string {
  if (!line.trimStart().startsWith('{')) return line;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return line;
  }
  return JSON.stringify(redactValue(record, 0));
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (!value || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[REDACTED: nested too deep]';
  if (Array.isArray(value)) return value.map(v => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    // a key names a field; a value that is a secret sits under it
    out[key] = redactValue(v, depth + 1);
  }
  return out;
}
