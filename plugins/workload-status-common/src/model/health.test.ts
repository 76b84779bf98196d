import { isWorse, worstHealth } from './health';
import { HEALTH_ORDER } from './types';

describe('health order', () => {
  it('ranks every health against every other one as the status model says', () => {
    for (let i = 0; i < HEALTH_ORDER.length; i++) {
      for (let j = 0; j < HEALTH_ORDER.length; j++) {
        expect(isWorse(HEALTH_ORDER[i], HEALTH_ORDER[j])).toBe(i < j);
      }
    }
  });

  it('takes the worst of a roll-up, and the fallback for none', () => {
    expect(worstHealth(['ok', 'stopped', 'progressing'])).toBe('progressing');
    expect(worstHealth(['warning', 'unknown', 'ok'])).toBe('unknown');
    expect(worstHealth(['unknown', 'error'])).toBe('error');
    expect(worstHealth([], 'unknown')).toBe('unknown');
  });
});
