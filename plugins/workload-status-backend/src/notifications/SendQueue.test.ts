import { SendQueue } from './SendQueue';

describe('SendQueue', () => {
  it('runs a few at once, drops past its bound, and tells when idle', async () => {
    const queue = new SendQueue({ concurrency: 2, maxQueued: 3 });
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const release: Array<() => void> = [];
    const task = (n: number) => async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>(resolve => release.push(resolve));
      running -= 1;
      done.push(n);
    };
    // two start at once, three wait, the sixth is dropped
    const accepted = [1, 2, 3, 4, 5, 6].map(n => queue.push(task(n)));
    expect(accepted).toEqual([true, true, true, true, true, false]);
    const idle = queue.idle();
    while (done.length < 5) {
      release.splice(0).forEach(r => r());
      await new Promise(r => setImmediate(r));
    }
    await idle;
    expect(done.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it('goes on after a task that throws, and clears what waits', async () => {
    const queue = new SendQueue({ concurrency: 1, maxQueued: 10 });
    const ran: string[] = [];
    queue.push(async () => {
      throw new Error('the notifications backend is down');
    });
    queue.push(async () => {
      ran.push('second');
    });
    await queue.idle();
    expect(ran).toEqual(['second']);
    let release!: () => void;
    queue.push(() => new Promise<void>(resolve => (release = resolve)));
    queue.push(async () => {
      ran.push('cleared');
    });
    queue.clear();
    release();
    await queue.idle();
    expect(ran).toEqual(['second']);
  });
});
