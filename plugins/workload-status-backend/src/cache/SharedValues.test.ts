import { SharedValues } from './SharedValues';

describe('SharedValues', () => {
  it('gives one frozen copy of equal values, not the caller’s own', () => {
    const shared = new SharedValues<object>();
    const given = [{ name: 'app', ports: [{ containerPort: 80 }] }];
    const a = shared.share(given);
    const b = shared.share([{ name: 'app', ports: [{ containerPort: 80 }] }]);
    expect(b).toBe(a);
    expect(a).toEqual(given);
    expect(a).not.toBe(given);
    // frozen all the way down: one holder cannot change what others read
    expect(Object.isFrozen((a as any)[0].ports[0])).toBe(true);
    expect(() => {
      (a as any)[0].name = 'changed';
    }).toThrow(TypeError);
    given[0].name = 'changed';
    expect((a as any)[0].name).toBe('app');
  });

  it('restarts past its bound; what it gave before stays valid', () => {
    const shared = new SharedValues<object>(2);
    const a = shared.share({ a: 1 });
    shared.share({ b: 1 });
    shared.share({ c: 1 });
    expect(shared.size).toBe(1);
    expect(a).toEqual({ a: 1 });
    expect(shared.share({ a: 1 })).not.toBe(a);
  });

  it('restarts past its bound in characters', () => {
    const shared = new SharedValues<object>(100, 50);
    shared.share({ big: 'x'.repeat(30) });
    expect(shared.size).toBe(1);
    const other = shared.share({ other: 'y'.repeat(30) });
    expect(shared.size).toBe(1);
    expect(shared.share({ other: 'y'.repeat(30) })).toBe(other);
  });
});
