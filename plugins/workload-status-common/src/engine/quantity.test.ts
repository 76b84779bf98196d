import {
  parseCpuMillicores,
  parseMemoryBytes,
  parseQuantity,
} from './quantity';

describe('resource quantities', () => {
  it.each([
    ['250000n', 0.25],
    ['12m', 12],
    ['1500u', 1.5],
    ['2', 2000],
    ['0.5', 500],
    ['1.5k', 1_500_000],
    ['1e-3', 1],
    ['5E-3', 5],
    ['.1', 100],
    ['123456789n', 123.456789],
  ])('CPU %s is %d millicores', (text, millicores) => {
    expect(parseCpuMillicores(text)).toBeCloseTo(millicores, 6);
  });

  it.each([
    ['123456Ki', 123456 * 1024],
    ['128Mi', 128 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['1k', 1000],
    ['500M', 500e6],
    ['2G', 2e9],
    ['1e6', 1e6],
    ['12E3', 12_000],
    ['1000', 1000],
    ['100m', 1],
  ])('memory %s is %d bytes', (text, bytes) => {
    expect(parseMemoryBytes(text)).toBe(bytes);
  });

  it.each([
    ['', undefined],
    ['abc', undefined],
    ['12 Mi', undefined],
    ['1Mb', undefined],
    ['1e', undefined],
    ['Mi', undefined],
    ['1.2.3', undefined],
    ['1e999', undefined],
    [`${'9'.repeat(100)}`, undefined],
    [null, undefined],
    [{}, undefined],
  ])('%p is unreadable', (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });

  it('reads a long hostile string in linear time', () => {
    const start = performance.now();
    parseQuantity(`${'1'.repeat(60)}x`);
    parseQuantity(`1${'.'.repeat(5000)}`);
    expect(performance.now() - start).toBeLessThan(50);
  });
});
