/*
 * KubeVirt VirtualMachineInstance (kubevirt.io/v1), the running instance of
 * a VirtualMachine (or a VM on its own): its phase, and its Paused and
 * Ready conditions. A guest that shut down (Succeeded) is off, not done: a
 * VMI is a machine, not a job.
 */
import { findCondition } from '../conditions';
import { readPath, readString, readWord } from '../fields';
import { REASON_CODES } from '../reasons';
import type { RuleInput, Verdict } from '../types';
import { judgeKubeVirtMachine } from './kubevirtMachine';

export function evaluateVirtualMachineInstance(input: RuleInput): Verdict {
  const phase = readString(readPath(input.obj, 'status', 'phase'));
  const paused = findCondition(input.obj, 'Paused');
  return judgeKubeVirtMachine(
    input,
    'VirtualMachineInstance',
    phase,
    (p, vmi) => {
      if (p === 'Running') {
        if (paused?.status === 'True') {
          vmi.add(
            'Stopped',
            'stopped',
            REASON_CODES.VirtualMachinePaused,
            `is paused${paused.message ? `: ${paused.message}` : ''}`,
          );
        } else {
          vmi.guestNotReady();
        }
      } else if (p === 'Succeeded') {
        vmi.add(
          'Stopped',
          'stopped',
          REASON_CODES.VirtualMachineStopped,
          'shut down: its guest stopped',
        );
      } else if (p === 'Failed') {
        vmi.add(
          'NotReady',
          'error',
          REASON_CODES.VirtualMachineError,
          `failed${vmi.ready?.message ? `: ${vmi.ready.message}` : ''}`,
        );
      } else {
        // Pending, Scheduling, Scheduled
        vmi.add(
          'Waiting',
          'progressing',
          REASON_CODES.VirtualMachineStarting,
          `is ${readWord(p) ?? 'starting'}`,
        );
      }
    },
  );
}
