/*
 * KubeVirt VirtualMachineInstance (kubevirt.io/v1), the running instance of
 * a VirtualMachine (or a VM on its own): its phase, and its Paused and
 * Ready conditions. A guest that shut down (Succeeded) is off, not done: a
 * VMI is a machine, not a job.
 */
import { findCondition } from '../conditions';
import { readPath, readString, readWord } from '../fields';
import { REASON_CODES, reason } from '../reasons';
import type { RuleInput, Verdict } from '../types';
import { Finding, decide, podFindings } from './workloadFindings';

export function evaluateVirtualMachineInstance(input: RuleInput): Verdict {
  const { obj, ref } = input;
  const name = `VirtualMachineInstance ${
    ref.namespace ? `${ref.namespace}/` : ''
  }${ref.name}`;
  const pods = input.related.all().filter(o => o.kind === 'Pod');
  const findings: Finding[] = podFindings(input, pods);
  const phase = readString(readPath(obj, 'status', 'phase'));
  const paused = findCondition(obj, 'Paused');
  const ready = findCondition(obj, 'Ready');
  const add = (
    lifecycle: Finding['lifecycle'],
    health: Finding['health'],
    code: (typeof REASON_CODES)[keyof typeof REASON_CODES],
    message: string,
  ) =>
    findings.push({
      lifecycle,
      health,
      reasons: [
        reason(
          health === 'error' ? 'error' : 'info',
          code,
          ref,
          `${name} ${message}.`,
          health === 'error' ? { hint: 'events' } : {},
        ),
      ],
    });
  if (!phase) {
    add(
      'Waiting',
      'progressing',
      REASON_CODES.StatusNotReported,
      'has no status yet',
    );
  } else if (phase === 'Running') {
    if (paused?.status === 'True') {
      add(
        'Stopped',
        'stopped',
        REASON_CODES.VirtualMachinePaused,
        `is paused${paused.message ? `: ${paused.message}` : ''}`,
      );
    } else if (ready && ready.status !== 'True') {
      add(
        'Waiting',
        'progressing',
        REASON_CODES.VirtualMachineStarting,
        `is running but its guest is not ready${
          ready.message ? `: ${ready.message}` : ''
        }`,
      );
    }
  } else if (phase === 'Succeeded') {
    add(
      'Stopped',
      'stopped',
      REASON_CODES.VirtualMachineStopped,
      'shut down: its guest stopped',
    );
  } else if (phase === 'Failed') {
    add(
      'NotReady',
      'error',
      REASON_CODES.VirtualMachineError,
      `failed${ready?.message ? `: ${ready.message}` : ''}`,
    );
  } else if (phase === 'Unknown') {
    findings.push({
      lifecycle: 'Exception',
      health: 'unknown',
      reasons: [
        reason(
          'warning',
          REASON_CODES.VirtualMachineError,
          ref,
          `${name}: KubeVirt cannot tell its state (Unknown); its node may be down.`,
          { hint: 'cluster' },
        ),
      ],
    });
  } else {
    // Pending, Scheduling, Scheduled
    add(
      'Waiting',
      'progressing',
      REASON_CODES.VirtualMachineStarting,
      `is ${readWord(phase) ?? 'starting'}`,
    );
  }
  return decide(findings);
}
