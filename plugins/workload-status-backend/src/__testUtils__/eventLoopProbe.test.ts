import { EventLoopTick, startEventLoopProbe } from './eventLoopProbe';

const nextTicks = (n: number) =>
  new Promise<void>(resolve => {
    let left = n;
    const timer = setInterval(() => {
      left -= 1;
      if (left === 0) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });

/** Runs on the main thread until it has used `ms` of CPU (however long the machine makes that take). */
function hold(ms: number) {
  const cpuMs = () => {
    const u = process.threadCpuUsage();
    return (u.user + u.system) / 1000;
  };
  const until = cpuMs() + ms;
  while (cpuMs() < until) {
    // the code under test holding the loop
  }
}

/** The interval that holds the whole of [from, to]. */
function tickOver(ticks: EventLoopTick[], from: number, to: number) {
  return ticks.find(t => t.from <= from && t.to >= to);
}

describe('startEventLoopProbe', () => {
  it('counts a busy hold as the main thread holding the loop', async () => {
    const probe = startEventLoopProbe(10);
    await nextTicks(2);
    const from = performance.now();
    hold(150);
    const to = performance.now();
    await nextTicks(2);
    const loop = probe.stop();
    expect(loop.longestHeldMs).toBeGreaterThanOrEqual(100);
    const held = tickOver(loop.ticks, from, to);
    expect(held?.lateMs).toBeGreaterThanOrEqual(100);
    expect(held?.cpuMs).toBeGreaterThanOrEqual(100);
    expect(loop.worstTick.lateMs).toBeGreaterThanOrEqual(held!.lateMs);
  });

  it('tells a tick late without CPU (the thread not running) from a hold', async () => {
    const probe = startEventLoopProbe(10);
    await nextTicks(2);
    // blocked without running: what waiting for a core looks like to the loop
    const from = performance.now();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150);
    const to = performance.now();
    await nextTicks(2);
    const blocked = tickOver(probe.stop().ticks, from, to);
    expect(blocked?.lateMs).toBeGreaterThanOrEqual(100);
    expect(blocked?.cpuMs).toBeLessThan(50);
  });

  it('counts a hold just before stop', () => {
    const probe = startEventLoopProbe(10);
    hold(60); // until stop, no tick in between
    expect(probe.stop().longestHeldMs).toBeGreaterThanOrEqual(50);
  });
});
