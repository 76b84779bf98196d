import { podStatusText, toTable, wantsTable } from './table';

const pod = (status: any, extra: any = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', ...extra },
  spec: {
    containers: [{ name: 'a' }],
    initContainers: status.initContainerStatuses ? [{ name: 'i' }] : undefined,
  },
  status,
});

describe('server-side printing', () => {
  it('computes the STATUS column as kubectl does', () => {
    expect(
      podStatusText(
        pod({
          phase: 'Running',
          containerStatuses: [
            { ready: true, restartCount: 0, state: { running: {} } },
          ],
        }),
      ),
    ).toEqual({ status: 'Running', ready: '1/1', restarts: 0 });
    expect(
      podStatusText(
        pod({
          phase: 'Running',
          containerStatuses: [
            {
              ready: false,
              restartCount: 4,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
            },
          ],
        }),
      ),
    ).toEqual({ status: 'CrashLoopBackOff', ready: '0/1', restarts: 4 });
    expect(
      podStatusText(
        pod({
          phase: 'Pending',
          initContainerStatuses: [
            {
              restartCount: 2,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
            },
          ],
          containerStatuses: [],
        }),
      ).status,
    ).toBe('Init:CrashLoopBackOff');
    expect(
      podStatusText(
        pod({
          phase: 'Pending',
          initContainerStatuses: [{ restartCount: 0, state: { running: {} } }],
        }),
      ).status,
    ).toBe('Init:0/1');
    expect(
      podStatusText(pod({ phase: 'Unknown', reason: 'NodeLost' })).status,
    ).toBe('NodeLost');
    expect(
      podStatusText(
        pod(
          { phase: 'Unknown', reason: 'NodeLost' },
          { deletionTimestamp: 'x' },
        ),
      ).status,
    ).toBe('Unknown');
    expect(
      podStatusText(pod({ phase: 'Running' }, { deletionTimestamp: 'x' }))
        .status,
    ).toBe('Terminating');
  });

  it('recognises the Table accept header and builds a Table', () => {
    expect(
      wantsTable(
        'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
      ),
    ).toBe(true);
    expect(wantsTable('application/json')).toBe(false);
    const t = toTable(
      'Deployment',
      [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', creationTimestamp: '2026-01-15T09:00:00Z' },
          spec: { replicas: 2 },
          status: { readyReplicas: 1 },
        },
      ],
      '5',
      Date.parse('2026-01-15T10:00:00Z'),
    );
    expect(t).toMatchObject({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '5' },
      rows: [{ cells: ['web', '1/2', 0, 0, '60m'] }],
    });
  });
});
