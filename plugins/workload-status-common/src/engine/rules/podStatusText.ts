/*
 * The STATUS column of `kubectl get pods`, reproduced from the behaviour of
 * kubectl's printPod (kubernetes/pkg/printers/internalversion/printers.go),
 * including restartable init containers (sidecars, Kubernetes >= 1.28),
 * SchedulingGated and the terminal-phase exception for Terminating.
 */
import { isConditionTrue, readConditions } from '../conditions';
import {
  asRecord,
  asRecordList,
  readNumber,
  readPath,
  readString,
  readTime,
} from '../fields';
import type { KubeObject } from '../types';

/** What the READY, STATUS and RESTARTS columns show. */
export interface PodColumns {
  status: string;
  ready: number;
  total: number;
  restarts: number;
  /** epoch ms of the latest container restart (lastState.terminated.finishedAt) */
  lastRestartAt?: number;
}

/** The reason the kubelet writes on pods of a node that stopped answering. */
export const NODE_LOST = 'NodeLost';

function isTerminalPhase(phase: string | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Names of init containers declared with `restartPolicy: Always` (sidecars). */
export function sidecarNames(pod: KubeObject): Set<string> {
  const names = new Set<string>();
  for (const c of asRecordList(readPath(pod, 'spec', 'initContainers'))) {
    const name = readString(c.name);
    if (name && c.restartPolicy === 'Always') names.add(name);
  }
  return names;
}

function terminatedText(t: Record<string, unknown>, prefix: string): string {
  const reason = readString(t.reason);
  if (reason) return prefix + reason;
  const signal = readNumber(t.signal) ?? 0;
  if (signal !== 0) return `${prefix}Signal:${signal}`;
  return `${prefix}ExitCode:${readNumber(t.exitCode) ?? 0}`;
}

export function podColumns(pod: KubeObject): PodColumns {
  const phase = readString(readPath(pod, 'status', 'phase'));
  const podReason = readString(readPath(pod, 'status', 'reason'));
  let status = podReason ?? phase ?? '';
  const specContainers = asRecordList(readPath(pod, 'spec', 'containers'));
  const specInit = asRecordList(readPath(pod, 'spec', 'initContainers'));
  const sidecars = sidecarNames(pod);
  let total = specContainers.length + sidecars.size;
  let ready = 0;
  let restarts = 0;
  let lastRestartAt: number | undefined;
  const noteRestart = (c: Record<string, unknown>) => {
    restarts += Math.max(0, readNumber(c.restartCount) ?? 0);
    const finished = readTime(
      readPath(c, 'lastState', 'terminated', 'finishedAt'),
    );
    if (
      finished !== undefined &&
      (lastRestartAt === undefined || finished > lastRestartAt)
    ) {
      lastRestartAt = finished;
    }
  };

  for (const c of readConditions(pod)) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') {
      status = 'SchedulingGated';
    }
  }

  const initStatuses = asRecordList(
    readPath(pod, 'status', 'initContainerStatuses'),
  );
  let initializing = false;
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    noteRestart(c);
    const terminated = asRecord(readPath(c, 'state', 'terminated'));
    const waiting = asRecord(readPath(c, 'state', 'waiting'));
    if (terminated && (readNumber(terminated.exitCode) ?? 0) === 0) {
      continue;
    }
    const name = readString(c.name);
    if (name && sidecars.has(name)) {
      // A started sidecar does not hold initialisation up; kubectl counts it
      // among the pod's containers, ready when its probe says so.
      if (c.started === true) {
        if (c.ready === true) ready++;
        continue;
      }
    }
    if (terminated) {
      status = terminatedText(terminated, 'Init:');
    } else if (
      waiting &&
      readString(waiting.reason) &&
      waiting.reason !== 'PodInitializing'
    ) {
      status = `Init:${waiting.reason}`;
    } else {
      status = `Init:${i}/${specInit.length || initStatuses.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isConditionTrue(pod, 'Initialized')) {
    // kubectl restarts the count here, keeping only the sidecars' restarts.
    restarts = 0;
    lastRestartAt = undefined;
    for (const c of initStatuses) {
      const name = readString(c.name);
      if (name && sidecars.has(name)) noteRestart(c);
    }
    const statuses = asRecordList(readPath(pod, 'status', 'containerStatuses'));
    let hasRunning = false;
    // Last to first, so that the first container's state wins.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      noteRestart(c);
      const waiting = asRecord(readPath(c, 'state', 'waiting'));
      const terminated = asRecord(readPath(c, 'state', 'terminated'));
      const running = asRecord(readPath(c, 'state', 'running'));
      if (waiting && readString(waiting.reason)) {
        status = waiting.reason as string;
      } else if (terminated) {
        status = terminatedText(terminated, '');
      } else if (c.ready === true && running) {
        hasRunning = true;
        ready++;
      }
    }
    if (status === 'Completed' && hasRunning) {
      status = isConditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
    }
  }
  if (total === 0)
    total = asRecordList(readPath(pod, 'status', 'containerStatuses')).length;

  if (readString(readPath(pod, 'metadata', 'deletionTimestamp'))) {
    if (podReason === NODE_LOST) status = 'Unknown';
    else if (!isTerminalPhase(phase)) status = 'Terminating';
  }
  return { status, ready, total, restarts, lastRestartAt };
}
