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

/** The kubelet's restart back-off: 10 s doubling per attempt, at most 5 min. */
export function crashBackoff(attempt: number): number {
  return Math.min(
    CRASH_BACKOFF_BASE * 2 ** Math.max(0, attempt - 1),
    CRASH_BACKOFF_MAX,
  );
}
