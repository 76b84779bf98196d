/**
 * What the simulated kubelet remembers about one pod: the behaviour it
 * follows, the stage of its state machine, and each run of its containers.
 * Shared by the pod controller (which moves it) and the status renderer
 * (which turns it into a pod status).
 */

export type Behaviour =
  | 'healthy'
  | 'slow-readiness'
  | 'crash-loop'
  | 'image-pull-error'
  | 'invalid-image-name'
  | 'config-error'
  | 'oom'
  | 'memory-leak'
  | 'unschedulable'
  | 'init-failure'
  | 'complete'
  | 'fail';

export const BEHAVIOURS: Behaviour[] = [
  'healthy',
  'slow-readiness',
  'crash-loop',
  'image-pull-error',
  'invalid-image-name',
  'config-error',
  'oom',
  'memory-leak',
  'unschedulable',
  'init-failure',
  'complete',
  'fail',
];

/** One run of a container: what the kubelet remembers as state/lastState and what the log shows. */
export interface ContainerRun {
  start: number;
  end?: number;
  exitCode?: number;
  reason?: string;
  containerID: string;
}

export type Stage =
  | 'scheduling'
  | 'unschedulable'
  | 'sandbox'
  | 'init-running'
  | 'init-backoff'
  | 'pulling'
  | 'pull-error'
  | 'pull-backoff'
  | 'waiting-error'
  | 'running'
  | 'backoff'
  | 'terminated'
  | 'lost';

export interface PodSim {
  uid: string;
  behaviour: Behaviour;
  readyAfterMs: number;
  runForMs: number;
  stage: Stage;
  nextAt: number;
  scheduledAt?: number;
  sandboxAt?: number;
  pulledAt?: number;
  readyAt?: number;
  pullAttempts: number;
  runs: ContainerRun[];
  initRuns: ContainerRun[];
  waitingReason?: string;
  waitingMessage?: string;
  lastProbeEventAt?: number;
  deletionSeenAt?: number;
  /** What the last written status was rendered from (see writeStatus). */
  renderedKey?: string;
}

const CRASH_BACKOFF_BASE = 10_000;
const CRASH_BACKOFF_MAX = 300_000;

/**
 * A run at least this long resets the kubelet's restart back-off: it
 * forgets a container's back-off after twice the maximum without a failure.
 */
export const CRASH_BACKOFF_RESET = 2 * CRASH_BACKOFF_MAX;

/** The restart attempt the back-off counts: failed runs since the last long one. */
export function backoffAttempt(runs: ContainerRun[]): number {
  let attempt = 0;
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i];
    if (run.end !== undefined && run.end - run.start >= CRASH_BACKOFF_RESET)
      return Math.max(1, attempt);
    attempt++;
  }
  return attempt;
}

/** The kubelet's restart back-off: 10 s doubling per attempt, at most 5 min. */
export function crashBackoff(attempt: number): number {
  return Math.min(
    CRASH_BACKOFF_BASE * 2 ** Math.max(0, attempt - 1),
    CRASH_BACKOFF_MAX,
  );
}
