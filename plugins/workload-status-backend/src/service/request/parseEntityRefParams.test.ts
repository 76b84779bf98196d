import { parseEntityRefParams } from './parseEntityRefParams';

describe('parseEntityRefParams', () => {
  it('gives a canonical lower-case ref', () => {
    expect(
      parseEntityRefParams({
        namespace: 'Default',
        kind: 'Component',
        name: 'Web_App.v2',
      }),
    ).toBe('component:default/web_app.v2');
  });

  it.each([
    [
      { namespace: 'default', kind: 'component', name: '' },
      /Invalid entity name ''/,
    ],
    [
      { namespace: 'default', kind: 'component', name: 'a/b' },
      /Invalid entity name/,
    ],
    [
      { namespace: 'default', kind: 'component', name: 'x'.repeat(64) },
      /Invalid entity name/,
    ],
    [
      { namespace: 'de fault', kind: 'component', name: 'web' },
      /Invalid entity namespace/,
    ],
    [
      { namespace: 'default', kind: '1component', name: 'web' },
      /Invalid entity kind/,
    ],
    [{ kind: 'component', name: 'web' }, /Invalid entity namespace ''/],
  ])('rejects %j', (params, message) => {
    expect(() => parseEntityRefParams(params)).toThrow(message);
    expect(() => parseEntityRefParams(params)).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });
});
