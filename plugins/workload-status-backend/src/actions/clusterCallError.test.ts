import { ApiException } from '@kubernetes/client-node';
import { clusterCallError } from './clusterCallError';

const call = {
  cluster: 'prod',
  verb: 'patch cronjobs',
  object: 'CronJob data/reports',
};
const status = (code: number, message: string) =>
  new ApiException(
    code,
    `HTTP-Code: ${code}`,
    JSON.stringify({ kind: 'Status', code, message }),
    {},
  );

describe('clusterCallError', () => {
  it.each([
    [
      404,
      'NotFoundError',
      /CronJob data\/reports does not exist in cluster prod/,
    ],
    [409, 'ConflictError', /changed in cluster prod.*try again/],
    [
      403,
      'ServiceUnavailableError',
      /service account may not patch cronjobs in cluster prod \(403: cronjobs is forbidden\)/,
    ],
    [401, 'ServiceUnavailableError', /service account may not patch cronjobs/],
    [422, 'InputError', /refused to patch cronjobs CronJob data\/reports/],
    [500, 'ServiceUnavailableError', /failed to patch cronjobs.*500/],
    [429, 'ServiceUnavailableError', /failed to patch cronjobs.*429/],
  ])('maps %d to %s', (code, name, message) => {
    const error = clusterCallError(
      status(code, code === 403 ? 'cronjobs is forbidden' : 'x'),
      call,
    );
    expect(error.name).toBe(name);
    expect(error.message).toMatch(message);
  });

  it('is a 503 when the cluster cannot be reached', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    });
    const error = clusterCallError(refused, call);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toMatch(/cannot be reached.*ECONNREFUSED/);
  });

  it('keeps a body that is not a Status, cut short', () => {
    const error = clusterCallError(
      new ApiException(404, 'x', 'x'.repeat(1000), {}),
      call,
    );
    expect(error.message.length).toBeLessThan(400);
  });
});
