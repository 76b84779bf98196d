import { ConfigReader } from '@backstage/config';
import { readOwnershipSettings } from './OwnershipSettings';

const read = (ownership: unknown) =>
  readOwnershipSettings(
    new ConfigReader(
      ownership === undefined ? {} : { workloadStatus: { ownership } },
    ),
  );

describe('readOwnershipSettings', () => {
  it('checks namespace ownership by default, with the backstage.io/owner key', () => {
    expect(read(undefined)).toEqual({
      mode: 'namespace-owner',
      namespaceOwnerKey: 'backstage.io/owner',
      namespaces: [],
      maxOwnerRefs: 20000,
    });
  });

  it('reads the opt-out', () => {
    expect(read('trust-catalog')).toEqual({ mode: 'trust-catalog' });
  });

  it('reads the key and the namespaces app-config gives, as entity refs', () => {
    expect(
      read({
        namespaceOwnerKey: 'example.com/team',
        maxOwnerRefs: 50,
        namespaces: [
          { namespace: 'shop', owner: 'team-shop' },
          { cluster: 'edge', namespace: 'shop', owner: 'group:ops/edge' },
        ],
      }),
    ).toEqual({
      mode: 'namespace-owner',
      namespaceOwnerKey: 'example.com/team',
      maxOwnerRefs: 50,
      namespaces: [
        { namespace: 'shop', owner: 'group:default/team-shop' },
        { cluster: 'edge', namespace: 'shop', owner: 'group:ops/edge' },
      ],
    });
  });

  it.each([
    ['trust-everything', /neither 'trust-catalog' nor an object/],
    [{ namespaceOwnerKey: 'a/b/c' }, /namespaceOwnerKey: 'a\/b\/c' is not/],
    [{ namespaceOwnerKey: '-owner' }, /namespaceOwnerKey/],
    [{ maxOwnerRefs: 0 }, /maxOwnerRefs: must be an integer/],
    [
      { namespaces: [{ namespace: 'Shop', owner: 'team-shop' }] },
      /namespaces\[0\]\.namespace: 'Shop' is not a namespace name/,
    ],
    [
      { namespaces: [{ namespace: 'shop', owner: 'team shop' }] },
      /namespaces\[0\]\.owner: 'team shop' is not an entity ref/,
    ],
    [
      {
        namespaces: [
          { namespace: 'shop', owner: 'a' },
          { namespace: 'shop', owner: 'b' },
        ],
      },
      /namespaces\[1\]: namespace shop is listed twice/,
    ],
  ])('refuses %j, naming the key', (ownership, message) => {
    expect(() => read(ownership)).toThrow(message);
  });
});
