import { formatDuration } from './duration';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [310, '5m10s'],
    [600, '10m'],
    [3 * 3600 + 4 * 60 + 5, '3h4m'],
    [2 * 86400 + 3 * 3600, '2d3h'],
    [30 * 86400, '30d'],
    [-5, '0s'],
  ])('%s seconds reads %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
