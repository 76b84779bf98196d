import { mockCredentials } from '@backstage/backend-test-utils';
import { callerKey, LogStreamLimit } from './LogStreamLimit';

describe('LogStreamLimit', () => {
  it('bounds follow streams in all, until one is released, once', () => {
    const limit = new LogStreamLimit({
      maxFollowStreams: 2,
      maxStreamsPerUser: 10,
    });
    const a = limit.acquire('user:default/a', { follow: true });
    limit.acquire('user:default/b', { follow: true });
    expect(() => limit.acquire('user:default/c', { follow: true })).toThrow(
      /Too many log streams are open \(2, workloadStatus.logs.maxFollowStreams/,
    );
    // a log that is not followed does not take a follow slot
    limit.acquire('user:default/c', { follow: false });
    a();
    a(); // a second release of the same stream changes nothing
    expect(limit.followStreams).toBe(1);
    limit.acquire('user:default/c', { follow: true });
    expect(() => limit.acquire('user:default/d', { follow: true })).toThrow(
      /maxFollowStreams/,
    );
  });

  it('bounds each caller, followed or not, with a 429, and leaves the others alone', () => {
    const limit = new LogStreamLimit({
      maxFollowStreams: 100,
      maxStreamsPerUser: 3,
    });
    const mallory = [
      limit.acquire('user:default/mallory', { follow: true }),
      limit.acquire('user:default/mallory', { follow: false }),
      limit.acquire('user:default/mallory', { follow: false }),
    ];
    let refused: any;
    try {
      limit.acquire('user:default/mallory', { follow: false });
    } catch (e) {
      refused = e;
    }
    expect(refused).toMatchObject({
      name: 'TooManyRequestsError',
      statusCode: 429,
      message: expect.stringContaining('workloadStatus.logs.maxStreamsPerUser'),
    });
    // another user is not affected
    limit.acquire('user:default/alice', { follow: true });
    mallory[1]();
    expect(limit.openBy('user:default/mallory')).toBe(2);
    limit.acquire('user:default/mallory', { follow: false });
    mallory.forEach(release => release());
    expect(limit.openBy('user:default/mallory')).toBe(1);
  });
});

describe('callerKey', () => {
  it('keys users by entity ref and services by subject', () => {
    expect(callerKey(mockCredentials.user('user:default/alice'))).toBe(
      'user:default/alice',
    );
    expect(callerKey(mockCredentials.service('plugin:catalog'))).toBe(
      'service:plugin:catalog',
    );
    expect(callerKey(mockCredentials.none())).toBe('none');
  });
});
