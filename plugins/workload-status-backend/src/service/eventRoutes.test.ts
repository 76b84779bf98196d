import { parseEventQuery } from './eventRoutes';

describe('parseEventQuery', () => {
  it('reads the optional filters', () => {
    expect(parseEventQuery({})).toEqual({});
    expect(
      parseEventQuery({
        type: 'Warning',
        objectKind: 'Pod',
        objectName: 'web-5d9c7-abcde',
      }),
    ).toEqual({
      type: 'Warning',
      objectKind: 'Pod',
      objectName: 'web-5d9c7-abcde',
    });
  });

  it.each([
    [{ type: 'warning' }, /Invalid type/],
    [{ type: ['Warning', 'Normal'] }, /given once/],
    [{ objectKind: 'Pod/x' }, /Invalid objectKind/],
    [{ objectKind: '' }, /Invalid objectKind/],
    [{ objectName: '../etc' }, /Invalid objectName/],
    [{ objectName: 'a'.repeat(254) }, /Invalid objectName/],
  ])('rejects %j', (query, message) => {
    expect(() => parseEventQuery(query as any)).toThrow(message);
  });
});
