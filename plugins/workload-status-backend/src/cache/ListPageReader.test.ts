import { InvalidListError, ListPageReader } from './ListPageReader';

const read = (text: string) => {
  const reader = new ListPageReader(Buffer.from(text, 'utf8'));
  const items = [...reader.items()];
  return { items, metadata: reader.metadata };
};

describe('ListPageReader', () => {
  it('reads the items one by one and the metadata, wherever it stands', () => {
    const list = {
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '42', continue: 'abc' },
      items: [
        {
          metadata: { uid: 'a', name: 'a "quoted" \\ {[' },
          spec: { n: [1, 2, { x: null }], ok: true, f: -1.5e3 },
        },
        { metadata: { uid: 'b', name: 'ünïcødé ✓ 🚀' }, status: {} },
      ],
    };
    expect(read(JSON.stringify(list))).toEqual({
      items: list.items,
      metadata: { resourceVersion: '42', continue: 'abc' },
    });
    // pretty-printed, metadata after the items, escapes at string ends
    const after = {
      items: [{ metadata: { name: 'ends with \\' } }, { s: '\\"' }],
      metadata: { resourceVersion: '7' },
    };
    expect(read(JSON.stringify(after, null, 2))).toEqual({
      items: after.items,
      metadata: { resourceVersion: '7', continue: undefined },
    });
  });

  it('reads empty and itemless lists', () => {
    expect(read('{}')).toEqual({ items: [], metadata: {} });
    expect(
      read(' {"items": [] , "metadata":{"resourceVersion":"1"}} '),
    ).toEqual({
      items: [],
      metadata: { resourceVersion: '1', continue: undefined },
    });
    expect(read('{"items":null,"metadata":{}}').items).toEqual([]);
  });

  it.each([
    '',
    '[]',
    '{"items":[{"a":1}',
    '{"items":[{"a":1},]}',
    '{"items":[{"a":"unterminated}]}',
    '{"items":[{"a":1]]}',
    '{"items":[]} trailing',
    '{"metadata":{},}',
  ])('refuses what is not a JSON list: %j', text => {
    expect(() => read(text)).toThrow(InvalidListError);
  });

  it('gives no metadata before every item is read', () => {
    const reader = new ListPageReader(Buffer.from('{"items":[]}'));
    expect(() => reader.metadata).toThrow(/every item/);
  });
});
