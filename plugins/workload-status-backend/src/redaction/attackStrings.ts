/**
 * Lines built to make a backtracking regex engine take time quadratic (or
 * worse) in their length: long runs that almost match a rule and fail at
 * the end, from many start positions. The redaction time-bound test and the
 * redaction benchmark feed each of them, at 2 MiB, to every rule.
 */
export interface AttackString {
  name: string;
  /** a line of about `length` characters */
  make(length: number): string;
}

function repeatTo(unit: string, length: number, prefix = '', suffix = '') {
  const times = Math.max(1, Math.ceil((length - prefix.length) / unit.length));
  return prefix + unit.repeat(times) + suffix;
}

/** A deterministic mix of the characters the rules care about. */
function mixed(length: number) {
  const alphabet = ':/@"\'=-._ \\a;&,|>{}';
  let seed = 7;
  let out = '';
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    out += alphabet[seed % alphabet.length];
  }
  return out;
}

export function attackStrings(): AttackString[] {
  return [
    { name: "'://' + ':' * n", make: n => repeatTo(':', n, '://') },
    { name: "'http://' + ':' * n", make: n => repeatTo(':', n, 'http://') },
    { name: "'a://' + 'b:' * n", make: n => repeatTo('b:', n, 'a://') },
    { name: "'a+' * n (URL scheme)", make: n => repeatTo('a+', n) },
    { name: "'eyJ-' * n (JWT starts)", make: n => repeatTo('eyJ-', n) },
    {
      name: "'eyJ' + 'a' * n + '.eyJ'",
      make: n => repeatTo('a', n, 'eyJ', '.eyJ'),
    },
    { name: "'eyJaaaa.' * n", make: n => repeatTo('eyJaaaa.', n) },
    { name: "'.' * n (key prefix)", make: n => repeatTo('.', n) },
    { name: "'-' * n", make: n => repeatTo('-', n) },
    { name: "'a' * n", make: n => repeatTo('a', n) },
    { name: "'password' * n", make: n => repeatTo('password', n) },
    { name: "'password:' * n", make: n => repeatTo('password:', n) },
    { name: "'password=' * n", make: n => repeatTo('password=', n) },
    { name: "'a=' * n", make: n => repeatTo('a=', n) },
    {
      name: "'password=a ' * n (a real secret every 11 characters)",
      make: n => repeatTo('password=a ', n),
    },
    {
      name: "'ghp_' + 36 characters + ' ' * n (a real token every 41)",
      make: n => repeatTo(`ghp_${'a'.repeat(36)} `, n),
    },
    { name: "'.password' * n", make: n => repeatTo('.password', n) },
    {
      name: "'{\"password\":\"' + '\\\\' * n",
      make: n => repeatTo('\\', n, '{"password":"'),
    },
    {
      name: '\'{"password":"\' + \'\\\\"\' * n',
      make: n => repeatTo('\\"', n, '{"password":"'),
    },
    {
      name: "'{\\\\\"password\\\\\":\\\\\"' + '\\\\\\\\' * n",
      make: n => repeatTo('\\\\', n, '{\\"password\\":\\"'),
    },
    { name: '\'"password"\' * n', make: n => repeatTo('"password"', n) },
    { name: "'\"' * n", make: n => repeatTo('"', n) },
    { name: "'bearer' + ' ' * n", make: n => repeatTo(' ', n, 'bearer') },
    { name: "'bearer ' * n", make: n => repeatTo('bearer ', n) },
    {
      name: "'authorization: ' * n",
      make: n => repeatTo('authorization: ', n),
    },
    { name: "'password:' + ' ' * n", make: n => repeatTo(' ', n, 'password:') },
    {
      name: "'--password' + ' ' * n",
      make: n => repeatTo(' ', n, '--password'),
    },
    { name: "'--password ' * n", make: n => repeatTo('--password ', n) },
    {
      name: "'Cookie: ' + 'a=b; ' * n",
      make: n => repeatTo('a=b; ', n, 'Cookie: '),
    },
    { name: "'Cookie: ' * n", make: n => repeatTo('Cookie: ', n) },
    { name: "'-----BEGIN ' * n", make: n => repeatTo('-----BEGIN ', n) },
    {
      name: "'-----BEGIN ' + 'A ' * n",
      make: n => repeatTo('A ', n, '-----BEGIN '),
    },
    { name: "'ghp_' * n", make: n => repeatTo('ghp_', n) },
    { name: "'xoxb-' * n", make: n => repeatTo('xoxb-', n) },
    { name: "'sk-' * n", make: n => repeatTo('sk-', n) },
    { name: "'sk_live_' * n", make: n => repeatTo('sk_live_', n) },
    { name: "'AIza' * n", make: n => repeatTo('AIza', n) },
    { name: "'AKIA' * n", make: n => repeatTo('AKIA', n) },
    {
      name: "'hooks.slack.com/services/' * n",
      make: n => repeatTo('https://hooks.slack.com/services/', n),
    },
    { name: 'mixed separators', make: n => mixed(n) },
  ];
}
