import { StringInterner } from './StringInterner';

describe('StringInterner', () => {
  it('gives one copy of equal strings', () => {
    const interner = new StringInterner();
    const a = interner.intern(['a', 'pp'].join(''));
    expect(interner.intern(['ap', 'p'].join(''))).toBe(a);
    expect(interner.size).toBe(1);
  });

  it('restarts the table past its bound, and still answers', () => {
    const interner = new StringInterner(2);
    interner.intern('a');
    interner.intern('b');
    expect(interner.intern('c')).toBe('c');
    expect(interner.size).toBe(1);
  });
});
