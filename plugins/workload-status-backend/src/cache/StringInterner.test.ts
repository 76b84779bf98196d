import { StringInterner } from './StringInterner';

describe('StringInterner', () => {
  it('returns an equal copy that shares repeated strings, not unique ones', () => {
    const interner = new StringInterner();
    const a = interner.intern({
      metadata: { uid: 'u1', name: 'a', labels: { app: 'web' } },
      spec: { image: 'x:1' },
      lastState: {},
    });
    const b = interner.intern({
      metadata: { uid: 'u2', name: 'b', labels: { app: 'web' } },
      spec: { image: 'x:1' },
      lastState: {},
    });
    expect(a).toEqual({
      metadata: { uid: 'u1', name: 'a', labels: { app: 'web' } },
      spec: { image: 'x:1' },
      lastState: {},
    });
    expect(b.spec.image).toBe('x:1');
    expect(a.lastState).toBe(b.lastState);
    // uid, name stay out of the table; web and x:1 are in it
    expect(interner.size).toBe(2);
  });

  it('restarts the table past its bound', () => {
    const interner = new StringInterner(2);
    interner.intern(['a', 'b', 'c']);
    interner.intern(['d']);
    expect(interner.size).toBe(1);
  });
});
