import { CustomErrorBase } from '@backstage/errors';

/**
 * The caller has too many requests of a kind open at once (429). The
 * backend's error middleware takes the status from `statusCode`;
 * @backstage/errors has no type for it.
 */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  statusCode = 429 as const;
}
