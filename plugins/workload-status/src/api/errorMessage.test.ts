import { errorMessage } from './errorMessage';
import { backendError } from '../__fixtures__/backendErrors';

const responseError = (status: number, message: string) =>
  backendError(status, 'Error', message);

describe('errorMessage', () => {
  it('says plainly what a refusal and an unreachable cluster are', async () => {
    expect(
      errorMessage(await responseError(403, 'You may not run CronJob x')),
    ).toBe('Not allowed: You may not run CronJob x');
    expect(
      errorMessage(await responseError(503, 'Cluster prod cannot be reached')),
    ).toBe('Unavailable: Cluster prod cannot be reached');
    expect(errorMessage(await responseError(404, 'No pod x'))).toBe(
      'Not found: No pod x',
    );
    expect(errorMessage(await responseError(400, 'Invalid container'))).toBe(
      'Invalid container',
    );
  });

  it('passes other errors through', () => {
    expect(errorMessage(new Error('offline'))).toBe('offline');
  });
});
