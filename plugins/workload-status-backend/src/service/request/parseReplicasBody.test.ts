import { parseReplicasBody } from './parseReplicasBody';

const scale = { required: true, min: 0, maxReplicas: 100 };
const start = { required: false, min: 1, maxReplicas: 100 };

describe('parseReplicasBody', () => {
  it('reads the replicas', () => {
    expect(parseReplicasBody({ replicas: 0 }, scale)).toBe(0);
    expect(parseReplicasBody({ replicas: 100 }, scale)).toBe(100);
    expect(parseReplicasBody({ replicas: 3 }, start)).toBe(3);
  });

  it('lets start go without a body, never scale', () => {
    expect(parseReplicasBody(undefined, start)).toBeUndefined();
    expect(parseReplicasBody({}, start)).toBeUndefined();
    expect(() => parseReplicasBody({}, scale)).toThrow(
      'Expected a JSON body { "replicas": <number> }',
    );
  });

  it.each([
    [{ replicas: 101 }, scale],
    [{ replicas: -1 }, scale],
    [{ replicas: 0 }, start],
    [{ replicas: 1.5 }, scale],
    [{ replicas: '3' }, scale],
    [{ replicas: null }, start],
    [{ replicas: 1e308 }, scale],
  ])('refuses %j', (body, options) => {
    expect(() => parseReplicasBody(body, options)).toThrow(
      /^replicas must be an integer from [01] to 100 \(workloadStatus\.actions\.maxReplicas\)$/,
    );
  });

  it.each([[[3]], ['3'], [7]])('refuses the body %j', body => {
    expect(() => parseReplicasBody(body, scale)).toThrow(
      'Expected a JSON object body { "replicas": <number> }',
    );
  });

  it('names an unknown field, cut', () => {
    expect(() =>
      parseReplicasBody({ replicas: 1, ['x'.repeat(500)]: 1 }, scale),
    ).toThrow(`Unknown field "${'x'.repeat(50)}": only "replicas" is accepted`);
  });
});
