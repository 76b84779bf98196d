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

describe('ListPageReader entries', () => {
  const entries = (text: string) => [
    ...new ListPageReader(Buffer.from(text, 'utf8')).entries(),
  ];

  it('reads an item’s uid and resourceVersion as JSON.parse would, without parsing it', () => {
    const [plain, escaped, duplicated, numeric, noMetadata, notObject] =
      entries(
        JSON.stringify({
          items: [
            {
              kind: 'Pod',
              metadata: {
                name: 'a',
                managedFields: [{ f: { 'k:{"uid":"x"}': {} } }],
                uid: 'a',
                resourceVersion: '7',
              },
              status: { uid: 'not this one' },
            },
            { metadata: { uid: 'é\\"b', resourceVersion: '8' } },
            { metadata: { uid: 'first' }, x: 1, metadata2: {} },
            { metadata: { uid: 'n', resourceVersion: 9 } },
            { spec: {} },
            'a string',
          ],
        })
          // a key written with an escape, and a later duplicate member
          .replace('"resourceVersion":"8"', '"resource\\u0056ersion":"8"')
          .replace(
            '"metadata2":{}',
            '"metadata":{"uid":"last","resourceVersion":"3"}',
          ),
      );
    expect(plain.version()).toEqual({ uid: 'a', resourceVersion: '7' });
    expect(escaped.version()).toEqual({ uid: 'é\\"b', resourceVersion: '8' });
    expect(duplicated.version()).toEqual({ uid: 'last', resourceVersion: '3' });
    expect(duplicated.parse()?.metadata).toEqual({
      uid: 'last',
      resourceVersion: '3',
    });
    expect(numeric.version()).toBeUndefined();
    expect(noMetadata.version()).toBeUndefined();
    expect(notObject.version()).toBeUndefined();
    expect(notObject.parse()).toBeUndefined();
  });
});

describe('ListPageReader items without managedFields', () => {
  it('parses an item with its metadata.managedFields left empty: no projection keeps them', () => {
    const managedFields = [
      {
        manager: 'kubectl "client" ]}',
        fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app\\': {} } } },
      },
    ];
    const pod = {
      kind: 'Pod',
      metadata: {
        name: 'a',
        uid: 'a',
        managedFields,
        labels: { app: 'x' },
      },
      spec: { managedFields: 'not metadata: kept' },
      status: { phase: 'Running' },
    };
    const [item, notAList] = [
      ...new ListPageReader(
        Buffer.from(
          JSON.stringify({
            items: [
              pod,
              { metadata: { uid: 'b', managedFields: 'odd' }, x: [1] },
            ],
          }),
        ),
      ).items(),
    ];
    expect(item).toEqual({
      ...pod,
      metadata: { ...pod.metadata, managedFields: [] },
    });
    // anything but a list is parsed as it is
    expect(notAList).toEqual({
      metadata: { uid: 'b', managedFields: 'odd' },
      x: [1],
    });
  });

  it('decodes each item whole, small or large, with characters of any width around managedFields', () => {
    const item = (uid: string, note: string) => ({
      metadata: {
        uid,
        annotations: { note },
        managedFields: [{ manager: 'ünïcødé 🚀' }],
        labels: { é: '日本' },
      },
      status: { message: `${note} ✓` },
    });
    // a short item after a long one, a long one after a short one: no
    // bytes of one are left in the next
    const items = [
      item('a', 'x'.repeat(100 * 1024)),
      item('b', 'ß'),
      item('c', '🚀'.repeat(20 * 1024)),
      item('d', ''),
    ];
    const parsed = [
      ...new ListPageReader(Buffer.from(JSON.stringify({ items }))).items(),
    ];
    expect(parsed).toEqual(
      items.map(i => ({
        ...i,
        metadata: { ...i.metadata, managedFields: [] },
      })),
    );
  });

  it('keeps what JSON.parse keeps of duplicate keys', () => {
    const text =
      '{"items":[{"metadata":{"uid":"a","managedFields":[1]},' +
      '"metadata":{"uid":"b","managedFields":[2],"managedFields":[3]}}]}';
    const [item] = [...new ListPageReader(Buffer.from(text)).items()];
    // the earlier metadata is emptied and dropped; the last is parsed whole
    expect(item).toEqual({ metadata: { uid: 'b', managedFields: [3] } });
  });

  it('does not read managedFields: only their strings and brackets must close', () => {
    const itemsWith = (managedFields: string) => [
      ...new ListPageReader(
        Buffer.from(
          `{"items":[{"metadata":{"uid":"a","managedFields":${managedFields}},"spec":{}}]}`,
        ),
      ).items(),
    ];
    // JSON.parse would refuse this; nothing of it is kept or parsed
    expect(itemsWith('[{"a":}]')).toEqual([
      { metadata: { uid: 'a', managedFields: [] }, spec: {} },
    ]);
    expect(() => itemsWith('[{"a":"unterminated}]')).toThrow(InvalidListError);
    expect(() => itemsWith('[{"a":1]')).toThrow(InvalidListError);
  });
});
