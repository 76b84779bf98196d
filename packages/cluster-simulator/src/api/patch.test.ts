import { applyPatch, jsonPatch, mergePatch, patchTypeOf } from './patch';

describe('patches', () => {
  const obj = {
    spec: {
      suspend: false,
      template: {
        spec: {
          containers: [
            { name: 'a', image: 'a:1' },
            { name: 'b', image: 'b:1' },
          ],
        },
      },
    },
  };

  it('merge patch replaces lists and deletes nulls', () => {
    const out = mergePatch(obj, {
      spec: {
        suspend: true,
        template: { spec: { containers: [{ name: 'a', image: 'a:2' }] } },
      },
    });
    expect(out.spec.suspend).toBe(true);
    expect(out.spec.template.spec.containers).toEqual([
      { name: 'a', image: 'a:2' },
    ]);
    expect(mergePatch({ a: 1, b: 2 }, { a: null })).toEqual({ b: 2 });
  });

  it('strategic merge patch merges named lists by name', () => {
    const out = applyPatch(obj, 'strategic', {
      spec: {
        template: { spec: { containers: [{ name: 'a', image: 'a:2' }] } },
      },
    });
    expect(out.spec.template.spec.containers).toEqual([
      { name: 'a', image: 'a:2' },
      { name: 'b', image: 'b:1' },
    ]);
  });

  it('json patch applies operations', () => {
    const out = jsonPatch(obj, [
      { op: 'replace', path: '/spec/suspend', value: true },
      {
        op: 'add',
        path: '/spec/template/spec/containers/-',
        value: { name: 'c' },
      },
      { op: 'remove', path: '/spec/template/spec/containers/0' },
    ]);
    expect(out.spec.suspend).toBe(true);
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual([
      'b',
      'c',
    ]);
    expect(() =>
      jsonPatch(obj, [{ op: 'test', path: '/spec/suspend', value: true }]),
    ).toThrow(/test failed/);
  });

  it('maps content types and rejects unknown ones with 415', () => {
    expect(patchTypeOf('application/merge-patch+json; charset=utf-8')).toBe(
      'merge',
    );
    expect(patchTypeOf('application/strategic-merge-patch+json')).toBe(
      'strategic',
    );
    expect(() => patchTypeOf('text/plain')).toThrow(
      expect.objectContaining({ code: 415 }),
    );
  });
});
