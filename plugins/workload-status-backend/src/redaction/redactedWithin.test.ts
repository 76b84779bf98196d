import { REDACTED } from './redacted';
import { redactedWithin } from './redactedWithin';

describe('redactedWithin', () => {
  it('keeps a short text that stays short, redacted', () => {
    expect(redactedWithin('password=hunter2', 64)).toBe(`password=${REDACTED}`);
    expect(redactedWithin('BackOff', 64)).toBe('BackOff');
  });

  it('cuts a short text that grows when redacted, never inside a marker', () => {
    const text = 'password=x '.repeat(5); // 55 characters
    const kept = redactedWithin(text, 60);
    expect(kept.length).toBeLessThanOrEqual(60);
    expect(kept).toMatch(/^(password=\[REDACTED\] )+(password=)?$/);
  });

  it('cuts a long text after redacting it', () => {
    const kept = redactedWithin(
      `${'a '.repeat(30)}token=ghp_Abcdefghijklmnopqrstuvwxyz0123456789`,
      70,
    );
    expect(kept.length).toBeLessThanOrEqual(70);
    expect(kept).not.toMatch(/ghp_|Abcdef/);
  });
});
