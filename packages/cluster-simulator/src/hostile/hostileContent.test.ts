import {
  HOSTILE_LAST_LINE,
  hostileEventMessage,
  hostileLogLines,
  pathologicalLines,
  PLANTED_SECRETS,
  plantedSecretValues,
} from './hostileContent';

describe('the hostile corpus', () => {
  it('plants every secret value exactly once in the log, each line a single line', () => {
    const lines = hostileLogLines({ lineBytes: 1000 });
    const log = lines.join('\n');
    for (const value of plantedSecretValues())
      expect([value, log.split(value).length - 1]).toEqual([value, 1]);
    expect(lines.every(l => !l.includes('\n'))).toBe(true);
    expect(lines.at(-1)).toBe(HOSTILE_LAST_LINE);
    // a JSON array of strings: what the log-lines annotation takes
    expect(JSON.parse(JSON.stringify(lines))).toEqual(lines);
  });

  it('makes pathological lines of the asked size', () => {
    for (const line of pathologicalLines(200 * 1024)) {
      expect(line.length).toBeGreaterThanOrEqual(200 * 1024);
      expect(line.length).toBeLessThan(200 * 1024 + 20);
    }
  });

  it('makes event messages of the asked size with a secret at each end', () => {
    const oneLine = PLANTED_SECRETS.filter(p => p.lines.length === 1);
    for (let i = 0; i < 12; i++) {
      const message = hostileEventMessage(i, 1024 * 1024);
      expect(Math.abs(message.length - 1024 * 1024)).toBeLessThan(64);
      const found = oneLine.filter(p =>
        p.values.some(v => message.includes(v)),
      );
      expect(found.length).toBeGreaterThanOrEqual(2);
    }
  });
});
