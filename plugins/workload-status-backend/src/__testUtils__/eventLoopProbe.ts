import { readFileSync } from 'node:fs';

/** One interval between two ticks of the probe. */
export interface EventLoopTick {
  /** when the interval began and ended, ms on `performance.now()`'s clock */
  from: number;
  to: number;
  /** how much later than its interval the tick fired */
  lateMs: number;
  /** the main thread's CPU in the interval: what this process held the loop for */
  cpuMs: number;
  /** the main thread's time waiting for a core: the machine's load, not ours */
  waitedMs: number;
  /** CPU time the hypervisor took from this machine (all cores) */
  stolenMs: number;
}

export interface EventLoopProbeResult {
  /** every interval, in the order they ended */
  ticks: EventLoopTick[];
  /** the latest tick */
  worstTick: EventLoopTick;
  /** the most main-thread CPU between two ticks */
  longestHeldMs: number;
}

/** Main-thread CPU time in ms (not the GC helper threads', not other processes'). */
function threadCpuMs() {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * The main thread's time waiting for a core (runnable, not running), in
 * ms: Linux's schedstat; 0 where there is none.
 */
function runQueueWaitMs(): number {
  try {
    const fields = readFileSync(
      `/proc/self/task/${process.pid}/schedstat`,
      'utf8',
    ).split(' ');
    return Number(fields[1]) / 1e6;
  } catch {
    return 0;
  }
}

/** CPU time the hypervisor took from this machine, all cores, in ms (10 ms steps). */
function stealMs(): number {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/);
    return Number(cpu[8]) * 10;
  } catch {
    return 0;
  }
}

/**
 * A timer every `intervalMs` that records how late each tick fires and
 * how much CPU the main thread used between two ticks. A late tick alone
 * does not say that this process blocked its loop: on a shared machine
 * (two cores, other test files, GC helper threads) it is also late while
 * the main thread waits for a core. The main thread's CPU between two
 * ticks is what the code held the loop for; the wait and the host's
 * steal say where the rest of a late tick went.
 */
export function startEventLoopProbe(intervalMs = 10): {
  stop(): EventLoopProbeResult;
} {
  const ticks: EventLoopTick[] = [];
  let longestHeldMs = 0;
  let worstTick: EventLoopTick = {
    from: 0,
    to: 0,
    lateMs: -1,
    cpuMs: 0,
    waitedMs: 0,
    stolenMs: 0,
  };
  let last = performance.now();
  let lastCpu = threadCpuMs();
  let lastWait = runQueueWaitMs();
  let lastSteal = stealMs();
  const tick = () => {
    const now = performance.now();
    const cpu = threadCpuMs();
    const wait = runQueueWaitMs();
    const steal = stealMs();
    const interval: EventLoopTick = {
      from: last,
      to: now,
      lateMs: Math.max(0, now - last - intervalMs),
      cpuMs: cpu - lastCpu,
      waitedMs: wait - lastWait,
      stolenMs: steal - lastSteal,
    };
    ticks.push(interval);
    longestHeldMs = Math.max(longestHeldMs, interval.cpuMs);
    if (interval.lateMs > worstTick.lateMs) worstTick = interval;
    last = now;
    lastCpu = cpu;
    lastWait = wait;
    lastSteal = steal;
  };
  const timer = setInterval(tick, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      // the interval in progress counts too: a hold just before stop
      tick();
      return { ticks, worstTick, longestHeldMs };
    },
  };
}
