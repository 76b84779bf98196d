/*
 * What the redactor replaces: one row per shape of secret. The rows are
 * data; RuleMatcher applies them, SecretRedactor adds what spans lines
 * (PEM private keys, YAML block scalars under a secret key).
 *
 * How a row is applied (RuleMatcher):
 * - `triggers` are literal words (compared case-insensitively); a rule is
 *   only tried where one of them starts, so a line without any costs one
 *   scan for literals.
 * - `pattern` is RE2 syntax (re2js: matching takes time linear in the
 *   input, whatever the input). It is tried anchored ONE CHARACTER BEFORE a
 *   trigger (or at the line's start), so it begins with what may stand
 *   before the trigger: ANY_BEFORE, WORD_START or SEGMENT_START below.
 * - A pattern never requires a closing delimiter after the secret (a
 *   closing quote, a JWT's signature), so a secret cut by the end of the
 *   text a rule looks at still matches: a secret is never let through
 *   because its line is long.
 * - `replace` says how a match is replaced: 'secret' replaces each group
 *   whose name starts with `secret` by [REDACTED] and keeps the rest of the
 *   match (the key, the separator, the quotes, a URL's scheme and user, an
 *   authorization scheme); a token replaced whole is a `secret` group
 *   around the whole token. 'cookies' replaces the value of each
 *   `name=value` pair in the group `cookies` and keeps the names (and
 *   Set-Cookie's attributes: Path, Domain, Expires...).
 */

/** How a match is replaced; see the file comment. */
export type Replacement = 'secret' | 'cookies';

export interface RedactionRule {
  /** short, unique; names the rule in tests and in the benchmark */
  name: string;
  /** what it catches, for people reading the table */
  catches: string;
  /** literal words; the pattern is tried where one of them starts */
  triggers: readonly string[];
  /**
   * a literal every match holds besides its trigger: a line without it
   * skips the rule (URLs are common in logs, passwords in them are not)
   */
  requires?: string;
  /** RE2 syntax, from the character before the trigger */
  pattern: string;
  /** letters match their own case only (AWS key ids, `eyJ`) */
  caseSensitive?: boolean;
  replace: Replacement;
}

/** Any character or none may stand before the trigger. */
const ANY_BEFORE = '(?:^|[\\s\\S])';
/** The trigger starts a word: `\b` as a character (RE2's DFA skips `\b`). */
const WORD_START = '(?:^|[^A-Za-z0-9_])';
/** The trigger starts a segment of a key: `DB_PASS`, `db.pass`, not `bypass`. */
const SEGMENT_START = '(?:^|[^A-Za-z0-9])';

/**
 * Words a secret key ENDS with (`db_password`, `clientSecret`,
 * `aws_secret_access_key`), so `secretName`, `tokenCount` or `max_tokens`
 * are left alone. Each alternative starts with its trigger word.
 */
const SECRET_KEY_ENDINGS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'secret[_-]?key',
  'token',
  'api[_-]?key',
  'private[_-]?key',
  'access[_-]?key',
  'credentials?',
  'signing[_-]?key',
  'encryption[_-]?key',
  'master[_-]?key',
];
const SECRET_KEY_TRIGGERS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'api_key',
  'api-key',
  'apikey',
  'private_key',
  'private-key',
  'privatekey',
  'access_key',
  'access-key',
  'accesskey',
  'credential',
  'signing_key',
  'signing-key',
  'signingkey',
  'encryption_key',
  'encryption-key',
  'encryptionkey',
  'master_key',
  'master-key',
  'masterkey',
];
/** `pass` and `pwd` only as a whole segment: `DB_PASS`, `db-pwd`, not `bypass`, `PWD` */
const SHORT_KEY_TRIGGERS = ['pass', 'pwd'];
const SECRET_KEY = `(?:${ANY_BEFORE}(?:${SECRET_KEY_ENDINGS.join(
  '|',
)})|${SEGMENT_START}pass|[_.-]pwd)`;

/**
 * Keys that are secret before `:` as well. Narrower than for `=`: a bare
 * `token:` or `secret:` opens prose ("failed to refresh token: EOF").
 */
const COLON_KEY_ENDINGS = [
  'password',
  'passwd',
  'passphrase',
  'api[_-]?key',
  'secret[_-]?key',
  'client[_-]?secret',
  'access[_-]?token',
  'refresh[_-]?token',
  'auth[_-]?token',
  'id[_-]?token',
  'access[_-]?key',
  'private[_-]?key',
  'private[_-]?token',
  'vault[_-]?token',
  'security[_-]?token',
  'session[_-]?token',
];
const COLON_KEY_TRIGGERS = [
  'password',
  'passwd',
  'passphrase',
  'api_key',
  'api-key',
  'apikey',
  'secret_key',
  'secret-key',
  'secretkey',
  'client_secret',
  'client-secret',
  'clientsecret',
  'access_token',
  'access-token',
  'accesstoken',
  'refresh_token',
  'refresh-token',
  'refreshtoken',
  'auth_token',
  'auth-token',
  'authtoken',
  'id_token',
  'id-token',
  'idtoken',
  'access_key',
  'access-key',
  'accesskey',
  'private_key',
  'private-key',
  'privatekey',
  'private_token',
  'private-token',
  'privatetoken',
  'vault_token',
  'vault-token',
  'vaulttoken',
  'security_token',
  'security-token',
  'securitytoken',
  'session_token',
  'session-token',
  'sessiontoken',
];
const COLON_KEY = `${ANY_BEFORE}(?:${COLON_KEY_ENDINGS.join('|')})`;

/** Words a long command-line flag ends with: `--password x`, `--db-token x`. */
const FLAG_ENDINGS =
  'password|passwd|passphrase|pass|pwd|secret|token|api-?key|access-?key|secret-?key|private-?key|client-secret|credentials?';

/**
 * A value after `=` or `:`: quoted (the quotes stay; the closing one is not
 * required; `\"` opens one inside an escaped JSON string) or bare up to a
 * separator. `firstStop` may not start a bare value, `restStop` ends it.
 */
const QUOTED_OR_BARE = (firstStop: string, restStop: string) =>
  `(?:\\\\?"(?P<secret>(?:[^"\\\\]|\\\\[^"])*)|'(?P<secret2>[^']*)|(?P<secret3>[^\\s"'${firstStop}][^\\s"'${restStop}]*))`;

/** A JSON string's content: `a\"b\\c` */
const JSON_STRING = '(?:[^"\\\\]|\\\\.)*';
/**
 * A JSON string inside a JSON string (`{"body":"{\"password\":\"x\"}"}`),
 * up to the `\"` that closes it: plain characters, escapes of the outer
 * string (`\n`) and escapes of the inner one (`\\\"`, `\\\\`).
 */
const ESCAPED_JSON_STRING =
  '(?:[^"\\\\]|\\\\[^"\\\\]|\\\\\\\\(?:\\\\"|\\\\\\\\|[^"\\\\]))*';

export const REDACTION_RULES: readonly RedactionRule[] = [
  {
    name: 'authorization-header',
    catches:
      'Authorization and Proxy-Authorization headers, any scheme: `Authorization: Bearer x`, `"authorization":"Basic x"`, `authorization=x`',
    triggers: ['authorization'],
    pattern: `${ANY_BEFORE}authorization["']?[ \\t]*[:=][ \\t]*["']?(?:(?:bearer|basic|token|digest|negotiate|aws4-hmac-sha256)[ \\t]+)?(?P<secret>[^\\s"',;]+)`,
    replace: 'secret',
  },
  {
    name: 'bearer',
    catches:
      '`bearer <token>` anywhere; a token is 12+ characters, so "missing bearer token" stays',
    triggers: ['bearer'],
    pattern: `${WORD_START}bearer[ \\t]+(?P<secret>[A-Za-z0-9\\-._~+/]{12,}=*)`,
    replace: 'secret',
  },
  {
    name: 'jwt',
    catches:
      'JSON Web Tokens: base64url header and payload, both JSON objects (`eyJ` is `{"`), signature optional',
    triggers: ['eyJ'],
    caseSensitive: true,
    pattern: `${WORD_START}(?P<secret>eyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}(?:\\.[A-Za-z0-9_-]*)?)`,
    replace: 'secret',
  },
  {
    name: 'url-password',
    catches:
      'the password of `scheme://user:password@host`; scheme and user stay',
    triggers: ['://'],
    requires: '@',
    pattern: `[A-Za-z0-9+.-]://[^\\s:/@"'<>]*:(?P<secret>[^\\s@/"'<>]+)@`,
    replace: 'secret',
  },
  {
    name: 'quoted-key',
    catches:
      'a quoted secret key and its value: JSON `"db_password":"x"`, Python `{\'password\': \'x\'}`, Ruby `"token" => "x"`, numbers too',
    triggers: SECRET_KEY_TRIGGERS,
    pattern: `${SECRET_KEY}["'][ \\t]*(?::|=>)[ \\t]*(?:"(?P<secret>${JSON_STRING})|'(?P<secret2>(?:[^'\\\\]|\\\\.)*)|(?P<secret3>-?[0-9][0-9.]*))`,
    replace: 'secret',
  },
  {
    name: 'escaped-json-key',
    catches: 'JSON inside a JSON string: `{"body":"{\\"password\\":\\"x\\"}"}`',
    triggers: SECRET_KEY_TRIGGERS,
    pattern: `${SECRET_KEY}\\\\"[ \\t]*:[ \\t]*\\\\"(?P<secret>${ESCAPED_JSON_STRING})`,
    replace: 'secret',
  },
  {
    name: 'assigned-key',
    catches:
      'k=v in logfmt, URLs, env and command lines: `password=x`, `DB_PASS=x`, `MYSQL_ROOT_PASSWORD=x`, `token="x"`, `?api_key=x&`, `--password=x`, `password = x`',
    triggers: [...SECRET_KEY_TRIGGERS, ...SHORT_KEY_TRIGGERS],
    pattern: `${SECRET_KEY}[ \\t]*=[ \\t]*${QUOTED_OR_BARE('&,;=', '&,;')}`,
    replace: 'secret',
  },
  {
    name: 'colon-key',
    catches:
      '`password: x`, `X-Api-Key: x`, `client_secret: x` (YAML, headers); not a YAML block `password: |` (SecretRedactor takes its lines)',
    triggers: COLON_KEY_TRIGGERS,
    pattern: `${COLON_KEY}[ \\t]*:[ \\t]*${QUOTED_OR_BARE(',;|>', ',;')}`,
    replace: 'secret',
  },
  {
    name: 'command-line-flag',
    catches:
      'the argument after a long flag: `--password x`, `--db-token "x"` (not `--password-stdin`, not short flags)',
    triggers: ['--'],
    pattern: `(?:^|[\\s"'])--(?:[A-Za-z0-9]+-)*(?:${FLAG_ENDINGS})[ \\t]+(?:"(?P<secret>[^"]*)|'(?P<secret2>[^']*)|(?P<secret3>[^\\s"'-][^\\s"']*))`,
    replace: 'secret',
  },
  {
    name: 'cookie-header',
    catches:
      '`Cookie: a=b; session=c` and `Set-Cookie: session=c; Path=/`: every value, names stay',
    triggers: ['set-cookie', 'cookie'],
    pattern: `${WORD_START}(?:set-)?cookie["']?[ \\t]*[:=][ \\t]*["']?(?P<cookies>[^\\r\\n"'\\\\]*)`,
    replace: 'cookies',
  },
  {
    name: 'github-token',
    catches:
      'GitHub tokens: `ghp_` (personal), `gho_` (OAuth), `ghu_`, `ghs_` (app), `ghr_` (refresh), `github_pat_` (fine-grained)',
    triggers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    caseSensitive: true,
    pattern: `${WORD_START}(?P<secret>gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})`,
    replace: 'secret',
  },
  {
    name: 'gitlab-token',
    catches: 'GitLab personal access tokens `glpat-`',
    triggers: ['glpat-'],
    caseSensitive: true,
    pattern: `${WORD_START}(?P<secret>glpat-[A-Za-z0-9_-]{20,})`,
    replace: 'secret',
  },
  {
    name: 'slack-token',
    catches:
      'Slack tokens `xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxs-`, `xapp-`',
    triggers: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xapp-'],
    caseSensitive: true,
    pattern: `${WORD_START}(?P<secret>(?:xox[bpars]|xapp)-[A-Za-z0-9-]{10,})`,
    replace: 'secret',
  },
  {
    name: 'slack-webhook',
    catches:
      'Slack webhook URLs: the path after `hooks.slack.com/services/` (or workflows/, triggers/)',
    triggers: ['hooks.slack.com/'],
    pattern: `${ANY_BEFORE}hooks\\.slack\\.com/(?:services|workflows|triggers)/(?P<secret>[A-Za-z0-9/_-]+)`,
    replace: 'secret',
  },
  {
    name: 'stripe-key',
    catches:
      'Stripe secret and restricted keys `sk_live_`, `rk_live_`, `sk_test_`, `rk_test_`, webhook secrets `whsec_`',
    triggers: ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_', 'whsec_'],
    caseSensitive: true,
    pattern: `${WORD_START}(?P<secret>(?:[sr]k_(?:live|test)|whsec)_[A-Za-z0-9]{10,})`,
    replace: 'secret',
  },
  {
    name: 'sk-api-key',
    catches:
      'OpenAI and Anthropic style API keys: `sk-` and 20+ key characters (`sk-proj-...`, `sk-ant-api03-...`)',
    triggers: ['sk-'],
    caseSensitive: true,
    pattern: `(?:^|[^A-Za-z0-9_-])(?P<secret>sk-[A-Za-z0-9_-]{20,})`,
    replace: 'secret',
  },
  {
    name: 'google-api-key',
    catches: 'Google API keys: `AIza` and 35 characters',
    triggers: ['AIza'],
    caseSensitive: true,
    pattern: `${WORD_START}(?P<secret>AIza[0-9A-Za-z_-]{35})(?:$|[^0-9A-Za-z_-])`,
    replace: 'secret',
  },
  {
    name: 'npm-token',
    catches: 'npm access tokens `npm_` and 36 characters',
    triggers: ['npm_'],
    caseSensitive: true,
    pattern: `${WORD_START}(?P<secret>npm_[A-Za-z0-9]{36})(?:$|[^A-Za-z0-9])`,
    replace: 'secret',
  },
  {
    name: 'aws-access-key-id',
    catches:
      'AWS access key ids: long-term `AKIA`, temporary `ASIA` and the other prefixes (the secret key is caught by its key, `aws_secret_access_key`)',
    triggers: [
      'AKIA',
      'ASIA',
      'ABIA',
      'ACCA',
      'AGPA',
      'AIDA',
      'AIPA',
      'AKPA',
      'ANPA',
      'ANVA',
      'AROA',
      'APKA',
    ],
    caseSensitive: true,
    pattern: `${WORD_START}(?P<secret>(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|AKPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{16})(?:$|[^A-Za-z0-9_])`,
    replace: 'secret',
  },
];

/**
 * The stateful row: a YAML block scalar under a secret key (`password: |`,
 * `private_key: >-`). The line itself is left as it is; the lines after it
 * that are indented more than the key are the secret, each replaced whole
 * (SecretRedactor). Matched against the whole line (after the kubelet's
 * timestamp), and only on lines of at most MAX_BLOCK_OPENER_LENGTH
 * characters: a key line is short.
 */
export const SECRET_BLOCK_OPENER = {
  name: 'yaml-secret-block',
  catches:
    'a YAML block scalar under a secret key: `password: |` and the more-indented lines after it',
  pattern: `^[ \\t]*(?:-[ \\t]+)?(?P<key>["']?[A-Za-z0-9_.-]*(?:${[
    ...SECRET_KEY_ENDINGS,
    ...COLON_KEY_ENDINGS,
    'pass',
    'pwd',
  ].join('|')})["']?)[ \\t]*:[ \\t]*[|>][-+0-9]*[ \\t]*$`,
};
export const MAX_BLOCK_OPENER_LENGTH = 1024;
