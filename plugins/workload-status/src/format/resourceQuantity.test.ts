import { formatBytes, formatMillicores, percentOf } from './resourceQuantity';

describe('resource figures', () => {
  it.each([
    [0.25, '0.3m'],
    [12, '12m'],
    [250.4, '250m'],
    [1000, '1 core'],
    [1500, '1.5 cores'],
    [-1, '-'],
  ])('%d millicores read %s', (value, text) => {
    expect(formatMillicores(value)).toBe(text);
  });

  it.each([
    [512 * 1024, '512 KiB'],
    [236 * 2 ** 20, '236 MiB'],
    [1.25 * 2 ** 30, '1.3 GiB'],
    [NaN, '-'],
  ])('%d bytes read %s', (value, text) => {
    expect(formatBytes(value)).toBe(text);
  });

  it('gives a share only against a positive base', () => {
    expect(percentOf(236, 256)).toBe(92);
    expect(percentOf(1, 0)).toBeUndefined();
    expect(percentOf(1, undefined)).toBeUndefined();
  });
});
