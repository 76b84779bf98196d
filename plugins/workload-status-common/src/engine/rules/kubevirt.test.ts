import { evaluateObject } from '../evaluate';
import { evaluateWorkloads } from '../workloads';
import { ctx, pod } from '../__fixtures__/objects';
import { virtualMachine, virtualMachineInstance } from '../__fixtures__/kinds';

const vm = (printableStatus: string | null, extra: object = {}) =>
  evaluateObject(
    virtualMachine('vm', { status: { printableStatus, ...extra } }),
    [],
    ctx,
  );

describe('KubeVirt', () => {
  it('VirtualMachine: from the status KubeVirt prints', () => {
    expect(vm('Running')).toMatchObject({ lifecycle: 'Running', health: 'ok' });
    expect(vm('Stopped')).toMatchObject({
      lifecycle: 'Stopped',
      health: 'stopped',
      reasons: [{ code: 'VirtualMachineStopped' }],
    });
    expect(vm('Paused').reasons[0].code).toBe('VirtualMachinePaused');
    expect(vm('Starting')).toMatchObject({
      lifecycle: 'Waiting',
      health: 'progressing',
      reasons: [{ code: 'VirtualMachineStarting' }],
    });
    expect(vm('ErrorUnschedulable')).toMatchObject({
      lifecycle: 'NotReady',
      health: 'error',
      reasons: [{ code: 'VirtualMachineError', hintTarget: 'events' }],
    });
    expect(vm('Unknown')).toMatchObject({
      lifecycle: 'Exception',
      health: 'unknown',
    });
    expect(vm(null).reasons[0].code).toBe('StatusNotReported');
  });

  it('puts only short enum-like words from the cluster into messages', () => {
    const hostile = `Error ${'x'.repeat(5000)} password=hunter2`;
    for (const s of [
      vm(hostile),
      evaluateObject(
        virtualMachineInstance('vmi', { status: { phase: hostile } }),
        [],
        ctx,
      ),
    ]) {
      expect(s.reasons[0].message).not.toContain('hunter2');
      expect(s.reasons[0].message.length).toBeLessThan(200);
    }
  });

  it('VirtualMachineInstance: phase, Paused and Ready', () => {
    const vmi = (over: object) =>
      evaluateObject(virtualMachineInstance('vmi', over), [], ctx);
    expect(vmi({})).toMatchObject({ lifecycle: 'Running', health: 'ok' });
    expect(vmi({ status: { phase: 'Scheduled' } }).lifecycle).toBe('Waiting');
    expect(vmi({ status: { phase: 'Succeeded' } })).toMatchObject({
      lifecycle: 'Stopped',
      health: 'stopped',
    });
    expect(vmi({ status: { phase: 'Failed' } }).health).toBe('error');
    expect(
      vmi({
        status: {
          conditions: [
            { type: 'Ready', status: 'True' },
            { type: 'Paused', status: 'True', reason: 'PausedByUser' },
          ],
        },
      }).reasons[0].code,
    ).toBe('VirtualMachinePaused');
  });

  it('a VirtualMachine rolls up with its instance and virt-launcher pod', () => {
    const owner = (kind: string, name: string) => [
      {
        apiVersion: 'kubevirt.io/v1',
        kind,
        name,
        uid: `uid-${kind}-${name}`,
        controller: true,
      },
    ];
    const [w, ...rest] = evaluateWorkloads(
      [
        virtualMachine('vm'),
        virtualMachineInstance('vm', {
          metadata: { ownerReferences: owner('VirtualMachine', 'vm') },
        }),
        pod('virt-launcher-vm-abcde', {
          metadata: {
            ownerReferences: owner('VirtualMachineInstance', 'vm'),
          },
        }),
      ],
      ctx,
    );
    expect(rest).toHaveLength(0);
    expect(w).toMatchObject({
      kind: 'VirtualMachine',
      health: 'ok',
      components: { deployment: { lifecycle: 'Running' }, pods: { total: 1 } },
    });
    expect(w.replicas).toBeUndefined();
  });
});
