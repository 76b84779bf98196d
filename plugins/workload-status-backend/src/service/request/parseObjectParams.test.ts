import { parseObjectParams } from './parseObjectParams';

describe('parseObjectParams', () => {
  it('accepts Kubernetes names', () => {
    expect(
      parseObjectParams({
        cluster: 'production',
        objectNamespace: 'shop',
        objectName: 'web-7d9c5b-x2k9q',
      }),
    ).toEqual({
      cluster: 'production',
      namespace: 'shop',
      name: 'web-7d9c5b-x2k9q',
    });
  });

  it.each([
    [{ cluster: '..', objectNamespace: 'shop', objectName: 'web' }, /cluster/],
    [
      { cluster: 'prod', objectNamespace: 'a/b', objectName: 'web' },
      /namespace/,
    ],
    [
      { cluster: 'prod', objectNamespace: 'shop', objectName: '../secrets' },
      /object name/,
    ],
    [
      { cluster: 'prod', objectNamespace: 'shop', objectName: 'x'.repeat(300) },
      /object name/,
    ],
    [
      { cluster: 'prod', objectNamespace: 'Shop', objectName: 'web' },
      /namespace/,
    ],
    [{ objectNamespace: 'shop', objectName: 'web' }, /cluster/],
  ])('rejects %j', (params, message) => {
    expect(() => parseObjectParams(params)).toThrow(message);
  });
});
