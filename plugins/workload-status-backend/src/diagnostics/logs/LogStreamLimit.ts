import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { TooManyRequestsError } from '../../service/TooManyRequestsError';

/**
 * Bounds the log requests open at once. Each holds cluster connections
 * until it ends (a follow stream up to followTimeout, any other log up to
 * readTimeout), so their number must not grow with one caller's clicks or
 * scripts:
 * - per caller (user, or service), every log request: service and job
 *   logs, followed or not, downloads, build and operator logs;
 * - in all, follow streams (the long ones).
 */
export class LogStreamLimit {
  private follows = 0;
  private readonly byCaller = new Map<string, number>();

  constructor(
    private readonly limits: {
      maxFollowStreams: number;
      maxStreamsPerUser: number;
    },
  ) {}

  /** Follow streams open, all callers together. */
  get followStreams() {
    return this.follows;
  }

  /** Log requests `caller` has open. */
  openBy(caller: string) {
    return this.byCaller.get(caller) ?? 0;
  }

  /**
   * A release function (idempotent); TooManyRequestsError when the caller
   * holds maxStreamsPerUser, ServiceUnavailableError when a follow stream
   * would pass maxFollowStreams.
   */
  acquire(caller: string, options: { follow: boolean }): () => void {
    const held = this.openBy(caller);
    if (held >= this.limits.maxStreamsPerUser) {
      throw new TooManyRequestsError(
        `You have ${held} log requests open, the most one caller may have at once (workloadStatus.logs.maxStreamsPerUser); close a followed log or wait for one to finish, then try again`,
      );
    }
    if (options.follow && this.follows >= this.limits.maxFollowStreams) {
      throw new ServiceUnavailableError(
        `Too many log streams are open (${this.limits.maxFollowStreams}, workloadStatus.logs.maxFollowStreams); try again later`,
      );
    }
    this.byCaller.set(caller, held + 1);
    if (options.follow) this.follows += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (options.follow) this.follows -= 1;
      const left = this.openBy(caller) - 1;
      if (left > 0) this.byCaller.set(caller, left);
      else this.byCaller.delete(caller);
    };
  }
}

/**
 * Who a request counts against: the user (also when a plugin calls on a
 * user's behalf), or the calling service.
 */
export function callerKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal?.type === 'user') return String(principal.userEntityRef);
  if (principal?.type === 'service') return `service:${principal.subject}`;
  return 'none';
}
