/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/**
 * A PEM block longer than this many lines is not a private key (a 4096-bit
 * RSA key is about 50 lines): past it the redactor stops swallowing lines,
 * so a BEGIN marker without an END cannot blank the rest of a stream.
 */
const MAX_PEM_LINES = 200;

// the kubelet's `timestamps=true` prefix, kept on redacted lines
const TIMESTAMP_PREFIX =
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) /;

const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/;
const PEM_END = /-----END ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/;

// `Authorization: Bearer x`, `"authorization":"Basic x"`, `Proxy-Authorization=x`
const AUTHORIZATION_HEADER =
  /((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|digest|negotiate|aws4-hmac-sha256)\s+)?([^\s"',;]+)/gi;

// `bearer <token>` anywhere; a token is long, so "missing bearer token" stays
const BEARER = /\b(bearer)\s+([A-Za-z0-9\-._~+/]{12,}=*)/gi;

// a JSON Web Token: base64url header and payload, both JSON objects (eyJ = `{"`)
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

// `scheme://user:password@host`; the user stays readable
const URL_CREDENTIALS =
  /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@"'<>]*):([^\s@/"'<>]+)@/gi;

// Keys whose value is a secret. The key must END with one of these, so
// `secretName`, `tokenCount` or `max_tokens` are left alone.
const SECRET_KEY =
  '[A-Za-z0-9_.-]*?(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|secret[_-]?key|credentials?)';

// JSON: `"db_password":"x"` (escaped quotes inside the value included)
const JSON_SECRET = new RegExp(
  `("${SECRET_KEY}"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)(")`,
  'gi',
);

// k=v in logfmt, URLs and command lines: `password=x`, `token="x"`, `?api_key=x&`
const ASSIGNED_SECRET = new RegExp(
  `(^|[^A-Za-z0-9_])(${SECRET_KEY})(=)("[^"]*"|'[^']*'|[^\\s&,;"']+)`,
  'gi',
);

// `password: x`, `X-Api-Key: x` (YAML, headers). Narrower than `=`: a bare
// `token:` or `secret:` opens prose too ("failed to refresh token: EOF").
const COLON_SECRET =
  /(^|[^A-Za-z0-9_])((?:[A-Za-z0-9_.-]*?(?:password|passwd|pwd|api[_-]?key|apikey|secret[_-]?key|client[_-]?secret|access[_-]?token|refresh[_-]?token|auth[_-]?token)))(:[ \t]*)("[^"]*"|'[^']*'|[^\s,;"']+)/gi;

// AWS access key ids (long-term AKIA, temporary ASIA, and the other prefixes)
const AWS_ACCESS_KEY_ID =
  /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|AKPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{16}\b/g;

// Every rule above needs one of these words or shapes in the line.
const MAYBE_SECRET =
  /authorization|bearer|eyJ|:\/\/[^\s/@]*:[^\s/@]*@|pass|pwd|secret|token|api[_-]?key|private|access|credential|A[A-Z]{3}[A-Z0-9]{16}/i;

/**
 * Replaces what looks like a secret in log lines with `[REDACTED]`,
 * keeping the rest of the line readable: the key, the scheme, the user of
 * a URL. Stateful, one per stream: a PEM private key spans lines, and
 * every line between its BEGIN and END markers is redacted.
 *
 * Redaction is a safety net for what an application should not log, not a
 * guarantee: it catches the common shapes (bearer and basic credentials,
 * JWTs, passwords in URLs, secret-named keys, private keys, AWS key ids).
 */
export class SecretRedactor {
  private pemLines = -1;

  /** One line without its newline; the redacted line. */
  redactLine(line: string): string {
    if (this.pemLines >= 0) return this.insidePrivateKey(line);
    const begin = PEM_BEGIN.exec(line);
    if (begin) return this.privateKeyStart(line, begin);
    // cheap test first: most lines have nothing to redact
    if (!MAYBE_SECRET.test(line)) return line;
    return redactInline(line);
  }

  private privateKeyStart(line: string, begin: RegExpExecArray): string {
    const afterBegin = begin.index + begin[0].length;
    const rest = line.slice(afterBegin);
    const end = PEM_END.exec(rest);
    if (end) {
      // a whole key on one line (JSON with \n escapes, say)
      return (
        redactInline(line.slice(0, afterBegin)) +
        REDACTED +
        end[0] +
        this.redactLine(rest.slice(end.index + end[0].length))
      );
    }
    this.pemLines = 0;
    return (
      redactInline(line.slice(0, afterBegin)) + (rest.trim() ? REDACTED : rest)
    );
  }

  private insidePrivateKey(line: string): string {
    const end = PEM_END.exec(line);
    if (end) {
      this.pemLines = -1;
      const prefix = TIMESTAMP_PREFIX.exec(line)?.[0] ?? '';
      const before = line.slice(prefix.length, end.index);
      return (
        prefix +
        (before.trim() ? REDACTED : before) +
        end[0] +
        this.redactLine(line.slice(end.index + end[0].length))
      );
    }
    this.pemLines += 1;
    if (this.pemLines > MAX_PEM_LINES) {
      this.pemLines = -1;
      return this.redactLine(line);
    }
    const prefix = TIMESTAMP_PREFIX.exec(line)?.[0] ?? '';
    return line.slice(prefix.length).trim() ? prefix + REDACTED : line;
  }
}

function redactInline(line: string): string {
  return line
    .replace(AUTHORIZATION_HEADER, (_m, key: string, scheme?: string) =>
      scheme ? `${key}${scheme} ${REDACTED}` : `${key}${REDACTED}`,
    )
    .replace(BEARER, (_m, word: string) => `${word} ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(
      URL_CREDENTIALS,
      (_m, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`,
    )
    .replace(JSON_SECRET, (m, open: string, value: string, close: string) =>
      value === '' ? m : `${open}${REDACTED}${close}`,
    )
    .replace(ASSIGNED_SECRET, keepKey)
    .replace(COLON_SECRET, keepKey)
    .replace(AWS_ACCESS_KEY_ID, REDACTED);
}

function keepKey(
  match: string,
  lead: string,
  key: string,
  separator: string,
  value: string,
) {
  if (value.includes(REDACTED) || value === '""' || value === "''") {
    return match;
  }
  const quote = /^["']/.test(value) ? value[0] : '';
  return `${lead}${key}${separator}${quote}${REDACTED}${quote}`;
}
