import { FollowStreamLimit } from './FollowStreamLimit';

describe('FollowStreamLimit', () => {
  it('refuses past its bound until a stream is released, once', () => {
    const limit = new FollowStreamLimit(2);
    const a = limit.acquire();
    limit.acquire();
    expect(() => limit.acquire()).toThrow(/Too many log streams are open \(2/);
    a();
    a(); // a second release of the same stream changes nothing
    expect(limit.size).toBe(1);
    limit.acquire();
    expect(() => limit.acquire()).toThrow(/maxFollowStreams/);
  });
});
