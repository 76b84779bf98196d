import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RedactingLineStream } from '../diagnostics/logs/RedactingLineStream';
import { attackStrings } from './attackStrings';
import { redactText } from './redactText';
import { REDACTION_RULES } from './redactionRules';
import { RuleMatcher } from './RuleMatcher';
import { SecretRedactor } from './SecretRedactor';

/**
 * Plays the attacker who controls a log line, an event or a message: each
 * line built to make backtracking patterns quadratic, at 2 MiB (the most a
 * log response holds), must go through every rule, the redactor, a text
 * redaction and the log stream in bounded time. The backtracking patterns
 * this replaced took ~1 s at 20,000 characters and grew with the square of
 * the length: at 2 MiB, hours.
 *
 * Times are CPU time of this process's main thread, so other work on a
 * shared machine does not count, nor do V8's helper threads collecting a
 * heap an earlier test file in the same jest worker left (a full run once
 * measured 3.9 s of process CPU for a stream read that takes 140 ms
 * alone); the bounds have a wide margin over what the benchmark
 * measures (bench/redaction.bench.ts: tens of ms per rule).
 */
const LENGTH = 2 * 1024 * 1024;
const RULE_BOUND_MS = 1000;
const WHOLE_BOUND_MS = 3000;

function cpuMs<T>(fn: () => T): { ms: number; value: T } {
  const start = process.threadCpuUsage();
  const value = fn();
  const used = process.threadCpuUsage(start);
  return { ms: (used.user + used.system) / 1000, value };
}

describe('redaction time bound on 2 MiB pathological lines', () => {
  jest.setTimeout(600_000);
  const attacks = attackStrings();

  it.each(attacks.map(a => [a.name, a]))(
    '%s: each rule, the redactor and redactText stay within the bound',
    (_name, attack) => {
      const line = attack.make(LENGTH);
      expect(line.length).toBeGreaterThanOrEqual(LENGTH);
      const slow: string[] = [];
      for (const rule of REDACTION_RULES) {
        const matcher = new RuleMatcher([rule]);
        const { ms } = cpuMs(() => matcher.redact(line));
        if (ms > RULE_BOUND_MS) slow.push(`${rule.name}: ${ms.toFixed(0)} ms`);
      }
      const whole = cpuMs(() => new SecretRedactor().redactLine(line));
      if (whole.ms > WHOLE_BOUND_MS) {
        slow.push(`SecretRedactor: ${whole.ms.toFixed(0)} ms`);
      }
      const text = cpuMs(() => redactText(`${line}\n${line.slice(0, 1000)}`));
      if (text.ms > WHOLE_BOUND_MS) {
        slow.push(`redactText: ${text.ms.toFixed(0)} ms`);
      }
      expect(slow).toEqual([]);
      expect(typeof whole.value).toBe('string');
    },
  );

  it.each(attacks.map(a => [a.name, a]))(
    '%s: RedactingLineStream stays within the bound',
    async (_name, attack) => {
      const line = attack.make(LENGTH);
      const bytes = Buffer.from(`${line}\nafter\n`);
      // small chunks: a long line arriving in pieces must not be rescanned
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += 4096) {
        chunks.push(bytes.subarray(i, i + 4096));
      }
      const out: Buffer[] = [];
      const start = process.threadCpuUsage();
      await pipeline(
        Readable.from(chunks),
        new RedactingLineStream(bytes.length),
        new Writable({
          write(chunk, _encoding, callback) {
            out.push(chunk);
            callback();
          },
        }),
      );
      const used = process.threadCpuUsage(start);
      expect((used.user + used.system) / 1000).toBeLessThan(WHOLE_BOUND_MS);
      expect(Buffer.concat(out).toString().endsWith('\nafter\n')).toBe(true);
    },
  );
});
