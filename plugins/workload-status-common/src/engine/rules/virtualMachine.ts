/*
 * KubeVirt VirtualMachine (kubevirt.io/v1), read from the status KubeVirt
 * prints (`printableStatus`, what `kubectl get vm` shows) as Argo CD's check
 * does: Running is up, Stopped and Paused are intentionally off, the start-up
 * and migration states are in progress, the error states are errors. Its
 * VirtualMachineInstance and virt-launcher pod are its descendants.
 */
import { findCondition } from '../conditions';
import { readPath, readString, readWord } from '../fields';
import { REASON_CODES, reason } from '../reasons';
import type { RuleInput, Verdict } from '../types';
import { Finding, decide, podFindings } from './workloadFindings';

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
  const { obj, ref } = input;
  const name = `VirtualMachine ${ref.namespace ? `${ref.namespace}/` : ''}${
    ref.name
  }`;
  const pods = input.related.all().filter(o => o.kind === 'Pod');
  const findings: Finding[] = podFindings(input, pods);
  const printable = readString(readPath(obj, 'status', 'printableStatus'));
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
  if (!printable) {
    add(
      'Waiting',
      'progressing',
      REASON_CODES.StatusNotReported,
      'has no status yet',
    );
  } else if (printable === 'Running') {
    if (ready && ready.status !== 'True') {
      add(
        'Waiting',
        'progressing',
        REASON_CODES.VirtualMachineStarting,
        `is running but its guest is not ready${
          ready.message ? `: ${ready.message}` : ''
        }`,
      );
    }
  } else if (printable === 'Stopped') {
    add('Stopped', 'stopped', REASON_CODES.VirtualMachineStopped, 'is stopped');
  } else if (printable === 'Paused') {
    add('Stopped', 'stopped', REASON_CODES.VirtualMachinePaused, 'is paused');
  } else if (STARTING.has(printable)) {
    add(
      'Waiting',
      'progressing',
      REASON_CODES.VirtualMachineStarting,
      `is ${printable}`, // one of STARTING's words
    );
  } else if (printable === 'Unknown') {
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
    // CrashLoopBackOff, ErrorUnschedulable, ErrImagePull, ImagePullBackOff,
    // ErrorPvcNotFound, DataVolumeError, ...
    add(
      'NotReady',
      'error',
      REASON_CODES.VirtualMachineError,
      `cannot run: ${readWord(printable) ?? 'an error status'}`,
    );
  }
  return decide(findings);
}
