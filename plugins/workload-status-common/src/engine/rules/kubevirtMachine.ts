/*
 * A KubeVirt machine's judgement, shared by the VirtualMachine and
 * VirtualMachineInstance rules: each maps the state word KubeVirt writes
 * (printableStatus, phase) to findings, and both say alike what a missing
 * state, a state KubeVirt cannot tell and a guest not yet ready mean. The
 * virt-launcher pods under the machine are judged as a Deployment's are.
 */
import { Condition, findCondition } from '../conditions';
import { ReasonCode, REASON_CODES, reason } from '../reasons';
import type { RuleInput, Verdict } from '../types';
import { Finding, decide, podFindings } from './workloadFindings';

/** What a rule may say about its machine's state. */
export interface MachineFindings {
  /** the Ready condition: whether the guest is ready */
  ready: Condition | undefined;
  /** info in progress or off; an error points at the events */
  add(
    lifecycle: Finding['lifecycle'],
    health: Finding['health'],
    code: ReasonCode,
    message: string,
  ): void;
  /** a running machine whose guest is not ready yet is still starting */
  guestNotReady(): void;
}

export function judgeKubeVirtMachine(
  input: RuleInput,
  kind: 'VirtualMachine' | 'VirtualMachineInstance',
  state: string | undefined,
  judgeState: (state: string, machine: MachineFindings) => void,
): Verdict {
  const { obj, ref } = input;
  const name = `${kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
  const pods = input.related.all().filter(o => o.kind === 'Pod');
  const findings: Finding[] = podFindings(input, pods);
  const ready = findCondition(obj, 'Ready');
  const add: MachineFindings['add'] = (lifecycle, health, code, message) =>
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
  if (!state) {
    add(
      'Waiting',
      'progressing',
      REASON_CODES.StatusNotReported,
      'has no status yet',
    );
  } else if (state === 'Unknown') {
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
    judgeState(state, {
      ready,
      add,
      guestNotReady() {
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
      },
    });
  }
  return decide(findings);
}
