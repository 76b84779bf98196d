import { redactJsonLine } from './redactJsonLine';

describe('redactJsonLine', () => {
  it('redacts a YAML secret block hidden in \\n escapes', () => {
    const line = JSON.stringify({
      level: 'error',
      msg: 'config rendered',
      config: 'db:\n  password: |\n    BlockPassw0rd-0011\n  host: db',
    });
    const out = redactJsonLine(line);
    expect(out).not.toContain('BlockPassw0rd');
    expect(JSON.parse(out).config).toContain('host: db');
  });

  it('redacts JSON inside a JSON string inside the record', () => {
    const inner = JSON.stringify({ body: JSON.stringify({ password: 'x1' }) });
    const line = JSON.stringify({ msg: 'request', payload: inner });
    const out = redactJsonLine(line);
    expect(out).not.toContain('x1');
    expect(JSON.parse(out).msg).toBe('request');
  });

  it('leaves other lines as they are', () => {
    expect(redactJsonLine('E1122 06:01:02 1 x.go:1] "failed"')).toBe(
      'E1122 06:01:02 1 x.go:1] "failed"',
    );
    expect(redactJsonLine('{not json')).toBe('{not json');
  });

  it('bounds the depth it walks', () => {
    let deep: unknown = 'password=deepsecret';
    for (let i = 0; i < 40; i++) deep = { a: deep };
    expect(redactJsonLine(JSON.stringify(deep))).not.toContain('deepsecret');
  });
});
