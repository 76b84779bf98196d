/**
 * Hostile content for the simulated cluster to serve: log lines and event
 * messages an attacker who can only make a pod print or create an Event
 * would write. Lines that make backtracking regexes take quadratic time,
 * secrets in every shape an app leaks them, and a recognisable last line
 * (a reader that stops early does not see it).
 *
 * The hostile-content integration suite and the live check
 * (scripts/hostile-check.mjs, which imports this file directly: erasable
 * TypeScript only, no imports) use the same corpus.
 */

/** A secret planted in the corpus: `value` must never reach a user. */
export interface PlantedSecret {
  /** the shape, named in test failures */
  shape: string;
  /** the log lines that carry it (a PEM key or a YAML block spans several) */
  lines: string[];
  /** what must be redacted (and so must not appear in any answer) */
  values: string[];
}

/** The last line of every hostile log: present in an answer read to the end. */
export const HOSTILE_LAST_LINE =
  'HOSTILE-CONTENT-LAST-LINE: everything above was read and redacted';

// Each value is unique in the corpus, so a leak names its shape.
const GITHUB_PAT = `github_pat_11HOSTILE0PAT000000000_${'Gh7'.repeat(19)}x2`;
const PEM_BODY = [
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDhostilePemLine1',
  'aGostilePemLine2q8v3YkQ0d2lXb3JrbG9hZFN0YXR1c0hvc3RpbGVQZW1MaW5lMg',
  'hostilePemLine3ZXJ5IHNlY3JldCBrZXkgbWF0ZXJpYWwgZm9yIHRoZSB0ZXN0cw==',
];

export const PLANTED_SECRETS: PlantedSecret[] = [
  {
    shape: 'bearer header',
    lines: ['GET /api/orders Authorization: Bearer hostileBearerTok3n0001xyz'],
    values: ['hostileBearerTok3n0001xyz'],
  },
  {
    shape: 'basic header',
    lines: [
      'upstream call Authorization: Basic aG9zdGlsZTpCYXNpY1Bhc3N3MHJkLTAwMDI=',
    ],
    values: ['aG9zdGlsZTpCYXNpY1Bhc3N3MHJkLTAwMDI='],
  },
  {
    shape: 'JWT',
    lines: [
      'session token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJob3N0aWxlLTAwMDMifQ.aG9zdGlsZVNpZ25hdHVyZTAwMDM',
    ],
    values: ['eyJzdWIiOiJob3N0aWxlLTAwMDMifQ', 'aG9zdGlsZVNpZ25hdHVyZTAwMDM'],
  },
  {
    shape: 'URL password',
    lines: [
      'connecting to postgres://app:UrlPassw0rd-0004@db.shop.svc:5432/app',
    ],
    values: ['UrlPassw0rd-0004'],
  },
  {
    shape: 'JSON password',
    lines: ['{"level":"debug","msg":"login","password":"JsonPassw0rd-0005"}'],
    values: ['JsonPassw0rd-0005'],
  },
  {
    shape: 'JSON password inside an escaped JSON string',
    lines: [
      '{"body":"{\\"user\\":\\"x\\",\\"password\\":\\"EscapedPassw0rd-0006\\"}"}',
    ],
    values: ['EscapedPassw0rd-0006'],
  },
  {
    shape: 'Python dict password',
    lines: [
      "settings loaded: {'user': 'app', 'password': 'DictPassw0rd-0007'}",
    ],
    values: ['DictPassw0rd-0007'],
  },
  {
    shape: 'environment variable',
    lines: ['env: DB_PASS=EnvPassw0rd-0008 DB_HOST=db'],
    values: ['EnvPassw0rd-0008'],
  },
  {
    shape: 'command-line flag',
    lines: ['exec: /usr/bin/mysql --user app --password CliPassw0rd-0009 shop'],
    values: ['CliPassw0rd-0009'],
  },
  {
    shape: 'spaced assignment',
    lines: ['config: password = SpacedPassw0rd-0010'],
    values: ['SpacedPassw0rd-0010'],
  },
  {
    shape: 'YAML block scalar',
    lines: [
      'database:',
      '  password: |',
      '    BlockPassw0rd-0011',
      '  host: db',
    ],
    values: ['BlockPassw0rd-0011'],
  },
  {
    shape: 'Cookie header',
    lines: ['request headers: Cookie: session=CookieSess10n-0012; theme=dark'],
    values: ['CookieSess10n-0012'],
  },
  {
    shape: 'GitHub token',
    lines: ['cloning with ghp_Hostile0GitHub0Token000000000013abcd'],
    values: ['ghp_Hostile0GitHub0Token000000000013abcd'],
  },
  {
    shape: 'GitHub fine-grained token',
    lines: [`GITHUB_TOKEN is ${GITHUB_PAT}`],
    values: [GITHUB_PAT],
  },
  {
    shape: 'Slack bot token',
    lines: [
      'slack client xoxb-1234567890-0015015015015-HostileSlackT0ken0015abc',
    ],
    values: ['xoxb-1234567890-0015015015015-HostileSlackT0ken0015abc'],
  },
  {
    shape: 'Stripe live key',
    lines: ['charging with sk_live_HostileStripeKey000000016'],
    values: ['sk_live_HostileStripeKey000000016'],
  },
  {
    shape: 'PEM private key',
    lines: [
      '-----BEGIN PRIVATE KEY-----',
      ...PEM_BODY,
      '-----END PRIVATE KEY-----',
    ],
    values: PEM_BODY,
  },
  {
    shape: 'AWS access key id',
    lines: ['aws credentials AKIAHOSTILE0KEY00018 loaded'],
    values: ['AKIAHOSTILE0KEY00018'],
  },
  {
    shape: 'bearer token at the end of a long line',
    lines: [
      `${'padding '.repeat(
        25_000,
      )}Authorization: Bearer hostileTailTok3n0019xyz`,
    ],
    values: ['hostileTailTok3n0019xyz'],
  },
];

/** Every value that must not reach a user. */
export function plantedSecretValues(): string[] {
  return PLANTED_SECRETS.flatMap(s => s.values);
}

function repeatTo(unit: string, bytes: number, prefix = '', suffix = '') {
  const times = Math.max(1, Math.ceil((bytes - prefix.length) / unit.length));
  return prefix + unit.repeat(times) + suffix;
}

/** Makers of lines that make a backtracking engine take quadratic time. */
const PATHOLOGICAL: Array<(bytes: number) => string> = [
  bytes => repeatTo(':', bytes, 'http://'),
  bytes => repeatTo('a', bytes, 'eyJ', '.'),
  bytes => repeatTo('password=', bytes),
  bytes => repeatTo('a=', bytes),
  bytes => repeatTo('\\"', bytes, '{"msg":"', '"}'),
  bytes => repeatTo('b:', bytes, 'a://'),
];

/**
 * Lines of about `bytes` each that make a backtracking engine take time
 * quadratic in their length in the usual redaction patterns (URL
 * credentials, JWT, assigned secrets, JSON strings).
 */
export function pathologicalLines(bytes: number): string[] {
  return PATHOLOGICAL.map(make => make(bytes));
}

/**
 * A whole hostile log: the pathological lines, then every planted secret
 * (those on long lines first), then HOSTILE_LAST_LINE. The short secrets
 * come last so that the tail of the log (a container's termination message
 * under FallbackToLogsOnError: its last 2 KiB) holds most of them too.
 */
export function hostileLogLines(options: { lineBytes?: number } = {}) {
  const long = (p: PlantedSecret) => p.lines.some(l => l.length > 1000);
  return [
    'hostile content: first line',
    ...pathologicalLines(options.lineBytes ?? 200 * 1024),
    ...PLANTED_SECRETS.filter(long).flatMap(s => s.lines),
    ...PLANTED_SECRETS.filter(p => !long(p)).flatMap(s => s.lines),
    HOSTILE_LAST_LINE,
  ];
}

/**
 * An event message of about `bytes`: a planted secret, a pathological run,
 * another planted secret at the very end (past any truncation).
 */
export function hostileEventMessage(index: number, bytes: number): string {
  // one-line secrets only: a message is one line
  const oneLine = PLANTED_SECRETS.filter(
    p => p.lines.length === 1 && p.lines[0].length < 200,
  );
  const head = oneLine[index % oneLine.length].lines[0];
  const tail = oneLine[(index + 7) % oneLine.length].lines[0];
  const filler = PATHOLOGICAL[index % PATHOLOGICAL.length](
    Math.max(0, bytes - head.length - tail.length - 20),
  );
  return `event ${index}: ${head} ${filler} ${tail}`;
}
