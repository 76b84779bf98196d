import { RE2JS } from 're2js';
import { REDACTED } from './redacted';
import { MAX_BLOCK_OPENER_LENGTH, SECRET_BLOCK_OPENER } from './redactionRules';
import { RuleMatcher } from './RuleMatcher';

export { REDACTED } from './redacted';

/**
 * A PEM block or a YAML secret block longer than this many lines is not a
 * key (a 4096-bit RSA key is about 50 lines): past it the redactor stops
 * swallowing lines, so a BEGIN marker without an END (or a key line
 * followed by indented lines forever) cannot blank the rest of a stream.
 */
export const MAX_SECRET_BLOCK_LINES = 200;

// the kubelet's `timestamps=true` prefix, kept on redacted lines; anchored
// and of bounded length, so linear
const TIMESTAMP_PREFIX =
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) /;

// a PEM label (`RSA PRIVATE KEY`); tried on at most MAX_PEM_LABEL
// characters, and unambiguous (each word ends at its space)
const PRIVATE_KEY_LABEL = /^(?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?$/;
const MAX_PEM_LABEL = 64;
const PEM_DASHES = '-----';
const PEM_OPENING = { BEGIN: '-----BEGIN ', END: '-----END ' };

const blockOpener = RE2JS.compile(SECRET_BLOCK_OPENER.pattern);

/**
 * Whether a line ends like a block scalar's key line (`|`, `>`, `|-`,
 * `>+`, `|2-`, then spaces): a cheap look at its last characters before
 * the opener pattern runs.
 */
function endsWithBlockIndicator(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  const stop = Math.max(-1, i - 3);
  while (i > stop && /[-+0-9]/.test(text[i])) i--;
  return i >= 0 && (text[i] === '|' || text[i] === '>');
}

/** Where a private key's BEGIN or END marker is in `text`. */
interface Marker {
  start: number;
  end: number;
}

/**
 * The first `-----BEGIN <label>-----` (or END) marker of a private key from
 * `from`. Markers are found with indexOf and their label checked on a
 * bounded slice: linear in the text.
 */
function findMarker(
  text: string,
  word: 'BEGIN' | 'END',
  from = 0,
): Marker | undefined {
  const opening = PEM_OPENING[word];
  let at = text.indexOf(opening, from);
  while (at >= 0) {
    const labelStart = at + opening.length;
    const close = text.indexOf(PEM_DASHES, labelStart);
    if (close < 0) return undefined;
    if (
      close - labelStart <= MAX_PEM_LABEL &&
      PRIVATE_KEY_LABEL.test(text.slice(labelStart, close))
    ) {
      return { start: at, end: close + PEM_DASHES.length };
    }
    at = text.indexOf(opening, at + 1);
  }
  return undefined;
}

function timestampPrefix(line: string): string {
  return TIMESTAMP_PREFIX.exec(line)?.[0] ?? '';
}

function indentation(text: string): number {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

const isBlank = (text: string) => indentation(text) === text.length;

/**
 * Replaces what looks like a secret in log lines with `[REDACTED]`,
 * keeping the rest of the line readable: the key, the scheme, the user of
 * a URL. Each line goes through the rule table (redactionRules.ts, applied
 * by RuleMatcher in linear time). Stateful, one per stream, for what spans
 * lines: every line between a PEM private key's BEGIN and END markers, and
 * the more-indented lines of a YAML block scalar under a secret key
 * (`password: |`), are replaced whole.
 *
 * Redaction is a safety net for what an application should not log, not a
 * guarantee: it catches the common shapes listed in the table.
 */
export class SecretRedactor {
  private readonly rules: RuleMatcher;
  /** lines inside a private key so far; -1 outside one */
  private pemLines = -1;
  /** inside a YAML secret block: the key's column and the lines so far */
  private block?: { keyColumn: number; lines: number };

  constructor(rules: RuleMatcher = sharedRules()) {
    this.rules = rules;
  }

  /** One line without its newline; the redacted line. */
  redactLine(line: string): string {
    let out = '';
    let rest = line;
    if (this.pemLines >= 0) {
      const inside = this.insidePrivateKey(line);
      if (inside.done) return inside.text;
      out = inside.text;
      rest = line.slice(inside.consumed);
    } else if (this.block) {
      const redacted = this.insideBlock(line);
      if (redacted !== undefined) return redacted;
    }
    // whole keys on one line (JSON with \n escapes), one after the other
    for (;;) {
      const begin = findMarker(rest, 'BEGIN');
      if (!begin) {
        out += this.rules.redact(rest);
        break;
      }
      out += this.rules.redact(rest.slice(0, begin.end));
      const afterBegin = rest.slice(begin.end);
      const end = findMarker(afterBegin, 'END');
      if (!end) {
        this.pemLines = 0;
        out += afterBegin.trim() ? REDACTED : afterBegin;
        return out;
      }
      out += REDACTED + afterBegin.slice(end.start, end.end);
      rest = afterBegin.slice(end.end);
    }
    if (rest === line) this.openBlock(line);
    return out;
  }

  private insidePrivateKey(line: string): {
    text: string;
    done: boolean;
    consumed: number;
  } {
    const prefix = timestampPrefix(line);
    const end = findMarker(line, 'END', prefix.length);
    if (end) {
      this.pemLines = -1;
      const before = line.slice(prefix.length, end.start);
      return {
        text:
          prefix +
          (before.trim() ? REDACTED : before) +
          line.slice(end.start, end.end),
        done: false,
        consumed: end.end,
      };
    }
    this.pemLines += 1;
    if (this.pemLines > MAX_SECRET_BLOCK_LINES) {
      this.pemLines = -1;
      return { text: '', done: false, consumed: 0 };
    }
    const body = line.slice(prefix.length);
    return {
      text: body.trim() ? prefix + REDACTED : line,
      done: true,
      consumed: line.length,
    };
  }

  /** A line of an open YAML secret block, redacted; undefined when it ends the block. */
  private insideBlock(line: string): string | undefined {
    const block = this.block!;
    const prefix = timestampPrefix(line);
    const body = line.slice(prefix.length);
    block.lines += 1;
    if (block.lines > MAX_SECRET_BLOCK_LINES) {
      this.block = undefined;
      return undefined;
    }
    if (isBlank(body)) return line;
    const indent = indentation(body);
    if (indent <= block.keyColumn) {
      this.block = undefined;
      return undefined;
    }
    return prefix + body.slice(0, indent) + REDACTED;
  }

  /** Opens a YAML secret block when the line is its key line (`password: |`). */
  private openBlock(line: string) {
    const body = line.slice(timestampPrefix(line).length);
    if (body.length > MAX_BLOCK_OPENER_LENGTH) return;
    if (!endsWithBlockIndicator(body)) return;
    const matcher = blockOpener.matcher(body);
    if (!matcher.lookingAt()) return;
    this.block = { keyColumn: matcher.start('key'), lines: 0 };
  }
}

let shared: RuleMatcher | undefined;
/** The compiled rule table, shared: RuleMatcher is stateless. */
function sharedRules(): RuleMatcher {
  shared ??= new RuleMatcher();
  return shared;
}

/**
 * Compiles the shared rule table now. Compiling its patterns takes
 * ~20 ms; left to the first redaction, it happens inside the slice of the
 * first LIST page, where it is a stall of the event loop.
 */
export function compileRedactionRules(): void {
  sharedRules();
}
