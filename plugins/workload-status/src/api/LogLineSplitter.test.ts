import { LogLineSplitter } from './LogLineSplitter';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('LogLineSplitter', () => {
  it('holds back a partial line until its newline arrives', () => {
    const splitter = new LogLineSplitter();
    expect(splitter.push(bytes('a\nb'))).toEqual(['a']);
    expect(splitter.push(bytes('c'))).toEqual([]);
    expect(splitter.push(bytes('\n'))).toEqual(['bc']);
    expect(splitter.end()).toEqual([]);
  });

  it('drops the carriage return of CRLF even when split from its newline', () => {
    const splitter = new LogLineSplitter();
    expect(splitter.push(bytes('x\r'))).toEqual([]);
    expect(splitter.push(bytes('\ny'))).toEqual(['x']);
    expect(splitter.end()).toEqual(['y']);
  });

  it('keeps empty lines and multi-byte characters cut between chunks', () => {
    const splitter = new LogLineSplitter();
    const umlaut = bytes('ü');
    expect(splitter.push(new Uint8Array([...bytes('\n'), umlaut[0]]))).toEqual([
      '',
    ]);
    expect(splitter.push(new Uint8Array([umlaut[1], ...bytes('\n')]))).toEqual([
      'ü',
    ]);
  });
});
