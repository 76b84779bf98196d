import {
  MAX_EVENT_FIELD_CHARS,
  boundedField,
  storedMessage,
} from './eventText';

const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('storedMessage', () => {
  it('keeps a short message as it is, redacted', () => {
    expect(storedMessage('Back-off restarting failed container', 4096)).toEqual(
      { message: 'Back-off restarting failed container', truncated: false },
    );
    expect(
      storedMessage('connecting with password=hunter2 to db', 4096),
    ).toEqual({
      message: 'connecting with password=[REDACTED] to db',
      truncated: false,
    });
    expect(storedMessage('', 4096)).toEqual({ message: '', truncated: false });
  });

  it('cuts a 1 MiB message to the bound and says so', () => {
    const huge = `Readiness probe failed: ${'lorem ipsum '.repeat(90_000)}`;
    const { message, truncated } = storedMessage(huge, 4096);
    expect(truncated).toBe(true);
    expect(bytes(message)).toBeLessThanOrEqual(4096);
    expect(bytes(message)).toBeGreaterThan(4000);
    expect(message.startsWith('Readiness probe failed: lorem ipsum')).toBe(
      true,
    );
  });

  it('never splits a character or a surrogate pair', () => {
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const { message, truncated } = storedMessage(
        prefix + '😀ж'.repeat(200),
        256,
      );
      expect(truncated).toBe(true);
      expect(bytes(message)).toBeLessThanOrEqual(256);
      expect(bytes(message)).toBeGreaterThan(250);
      expect(LONE_SURROGATE.test(message)).toBe(false);
      expect(message).not.toContain('\uFFFD');
    }
    // a high surrogate exactly where the redaction window ends
    const atWindow = storedMessage(`${'a '.repeat(255)}b😀😀`, 256);
    expect(LONE_SURROGATE.test(atWindow.message)).toBe(false);
  });

  it('redacts a secret that straddles the cut, and shows none of it', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFsaWNlIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    for (let at = 150; at < 256; at += 7) {
      const text = `${'x '.repeat(
        at / 2,
      )}token accepted: ${jwt}${' and more'.repeat(40)}`;
      const { message, truncated } = storedMessage(text, 256);
      expect(truncated).toBe(true);
      expect(message).not.toMatch(/eyJ|SflKx/);
      for (let i = 8; i < jwt.length; i += 8) {
        // no piece of the token, whatever the cut
        expect(message).not.toContain(jwt.slice(i - 8, i));
      }
    }
  });

  it('does not end in half a [REDACTED] marker', () => {
    const text = `${' '.repeat(240)}password=hunter2-and-more trailing words`;
    // redacted: 240 spaces, `password=` (to 249), then the marker across 256
    const { message, truncated } = storedMessage(text, 256);
    expect(truncated).toBe(true);
    expect(message).toBe(`${' '.repeat(240)}password=`);
  });

  it('drops the token a cut falls in, even one the redactor cannot see whole', () => {
    // a bare random token (no known shape) longer than the redaction window
    const token = 'Zq9'.repeat(400);
    const { message, truncated } = storedMessage(
      `upload failed for blob ${token} at node-1`,
      256,
    );
    expect(truncated).toBe(true);
    expect(message).toBe('upload failed for blob ');
    // and a key shape only matched whole (AIza + 35), cut by the window
    const key = `AIza${'A'.repeat(35)}`;
    const cutKey = storedMessage(`${'y '.repeat(120)}key ${key}`, 256);
    expect(cutKey.message).not.toContain('AIza');
  });

  it('does the work of a bounded window, whatever the message length', () => {
    // flat, as JSON.parse makes it (a concatenation is flattened on first read)
    const huge = Buffer.from(
      `password=${'p'.repeat(16 * 1024 * 1024)}`,
    ).toString();
    storedMessage(huge.slice(0, 10_000), 4096); // compiles the rules
    const start = process.hrtime.bigint();
    const { message } = storedMessage(huge, 4096);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(message).toBe('password=[REDACTED]');
    expect(ms).toBeLessThan(50);
  });

  it('keeps the start of a long message, cut at a word', () => {
    const text = 'word '.repeat(300_000);
    const { message } = storedMessage(text, 4096);
    expect(message).toBe(text.slice(0, 4095));
  });
});

describe('boundedField', () => {
  it('keeps short fields and cuts long ones without splitting a pair', () => {
    expect(boundedField('BackOff')).toBe('BackOff');
    const long = `${'a'.repeat(MAX_EVENT_FIELD_CHARS - 1)}😀tail`;
    const cut = boundedField(long);
    expect(cut).toBe('a'.repeat(MAX_EVENT_FIELD_CHARS - 1));
    expect(boundedField('n'.repeat(1024 * 1024))).toHaveLength(
      MAX_EVENT_FIELD_CHARS,
    );
  });
});
