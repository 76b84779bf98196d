import corpus from './redactionCorpus.json';
import { redactText } from './redactText';
import { REDACTION_RULES } from './redactionRules';
import { RuleMatcher } from './RuleMatcher';
import { SecretRedactor } from './SecretRedactor';

/**
 * The corpus (redactionCorpus.json) is data: lines that must come out
 * redacted exactly as written, lines that must stay untouched, and
 * multi-line streams (YAML block scalars) for the stateful redactor.
 */
describe('redaction corpus', () => {
  const redact = (line: string) => new SecretRedactor().redactLine(line);

  it.each(corpus.positive.map(c => [c.line, c.expected]))(
    'redacts %s',
    (line, expected) => {
      expect(redact(line)).toBe(expected);
      // idempotent: redacting again changes nothing
      expect(redact(expected)).toBe(expected);
    },
  );

  it.each(corpus.negative.map(line => [line]))('leaves %j alone', line => {
    expect(redact(line)).toBe(line);
  });

  it.each(corpus.streams.map(s => [s.name, s]))('%s', (_name, stream) => {
    const redactor = new SecretRedactor();
    expect(stream.lines.map(l => redactor.redactLine(l))).toEqual(
      stream.expected,
    );
    // a multi-line text (a terminated message) is redacted the same way
    expect(redactText(stream.lines.join('\n'))).toBe(
      stream.expected.join('\n'),
    );
  });

  it('has a positive line for every rule of the table', () => {
    const matcher = new RuleMatcher();
    const caught = new Set<string>();
    for (const rule of REDACTION_RULES) {
      const alone = new RuleMatcher([rule]);
      if (corpus.positive.some(c => alone.redact(c.line) !== c.line)) {
        caught.add(rule.name);
      }
    }
    expect([...caught].sort()).toEqual(REDACTION_RULES.map(r => r.name).sort());
    expect(matcher.redact('nothing here')).toBe('nothing here');
  });

  it('keeps a secret whole when a line is longer than a pattern looks', () => {
    const value = 'v'.repeat(20_000);
    const quoted = 'x'.repeat(3000).split('').join(' ');
    expect(redact(`a=1 password=${value} b=2`)).toBe(
      'a=1 password=[REDACTED] b=2',
    );
    expect(redact(`{"password":"${quoted}","b":2}`)).toBe(
      '{"password":"[REDACTED]","b":2}',
    );
    const cookies = Array.from({ length: 300 }, (_, i) => `c${i}=v${i}`);
    expect(redact(`Cookie: ${cookies.join('; ')}`)).toBe(
      `Cookie: ${cookies.map((_, i) => `c${i}=[REDACTED]`).join('; ')}`,
    );
    const far = `${'filler '.repeat(5000)}token=${value}`;
    expect(redact(far)).toBe(`${'filler '.repeat(5000)}token=[REDACTED]`);
  });

  it('finds secrets in every region of a long line', () => {
    const parts: string[] = [];
    const expected: string[] = [];
    for (let i = 0; i < 400; i++) {
      const pad = `pad${i} `.repeat(40);
      parts.push(`${pad}password=s${i} ${ghpLike(i)} token mentioned`);
      expected.push(`${pad}password=[REDACTED] [REDACTED] token mentioned`);
    }
    expect(redact(parts.join(' '))).toBe(expected.join(' '));
  });
});

function ghpLike(i: number) {
  return `ghp_${String(i).padStart(36, 'a')}`;
}
