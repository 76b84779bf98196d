import { parseSummariesRequest } from './parseSummariesRequest';

describe('parseSummariesRequest', () => {
  it('keeps the order, defaults the namespace and lower-cases', () => {
    expect(
      parseSummariesRequest(
        {
          entityRefs: [
            'Component:Shop/Web',
            'component:api',
            'component:default/web',
          ],
        },
        10,
      ),
    ).toEqual([
      'component:shop/web',
      'component:default/api',
      'component:default/web',
    ]);
    expect(parseSummariesRequest({ entityRefs: [] }, 10)).toEqual([]);
  });

  it.each([
    [null, /JSON object body/],
    [['component:default/web'], /JSON object body/],
    [{}, /entityRefs must be an array/],
    [{ entityRefs: 'component:default/web' }, /entityRefs must be an array/],
    [{ entityRefs: ['a:b/c', 'd:e/f', 'g:h/i'] }, /holds 3 refs; at most 2/],
    [
      { entityRefs: ['component:default/web', 7] },
      /entityRefs\[1\] must be a string/,
    ],
    [{ entityRefs: ['web'] }, /entityRefs\[0\] 'web' is not an entity ref/],
    [
      { entityRefs: ['component:default/no spaces'] },
      /entityRefs\[0\].*Invalid entity name/,
    ],
  ])('rejects %j', (body, message) => {
    expect(() => parseSummariesRequest(body, 2)).toThrow(message);
  });
});
