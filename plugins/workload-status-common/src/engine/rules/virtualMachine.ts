/*
 * KubeVirt VirtualMachine (kubevirt.io/v1), read from the status KubeVirt
 * prints (`printableStatus`, what `kubectl get vm` shows) as Argo CD's check
 * does: Running is up, Stopped and Paused are intentionally off, the start-up
 * and migration states are in progress, the error states are errors. Its
 * VirtualMachineInstance and virt-launcher pod are its descendants.
 */
import { readPath, readString, readWord } from '../fields';
import { REASON_CODES } from '../reasons';
import type { RuleInput, Verdict } from '../types';
import { judgeKubeVirtMachine } from './kubevirtMachine';

const STARTING = new Set([
  'Provisioning',
  'Starting',
  'Migrating',
  'Stopping',
  'Terminating',
  'WaitingForVolumeBinding',
  'WaitingForReceiver',
]);

export function evaluateVirtualMachine(input: RuleInput): Verdict {
  const printable = readString(
    readPath(input.obj, 'status', 'printableStatus'),
  );
  return judgeKubeVirtMachine(input, 'VirtualMachine', printable, (s, vm) => {
    if (s === 'Running') {
      vm.guestNotReady();
    } else if (s === 'Stopped') {
      vm.add(
        'Stopped',
        'stopped',
        REASON_CODES.VirtualMachineStopped,
        'is stopped',
      );
    } else if (s === 'Paused') {
      vm.add(
        'Stopped',
        'stopped',
        REASON_CODES.VirtualMachinePaused,
        'is paused',
      );
    } else if (STARTING.has(s)) {
      vm.add(
        'Waiting',
        'progressing',
        REASON_CODES.VirtualMachineStarting,
        `is ${s}`, // one of STARTING's words
      );
    } else {
      // CrashLoopBackOff, ErrorUnschedulable, ErrImagePull, ImagePullBackOff,
      // ErrorPvcNotFound, DataVolumeError, ...
      vm.add(
        'NotReady',
        'error',
        REASON_CODES.VirtualMachineError,
        `cannot run: ${readWord(s) ?? 'an error status'}`,
      );
    }
  });
}
