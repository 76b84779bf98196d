import type { OperatorLogLine } from '@workload-status/backstage-plugin-workload-status-common';
import { mergeActionLines } from './mergeActionLines';

const line = (
  level: OperatorLogLine['level'],
  time: string,
  operator = 'argo',
): OperatorLogLine => ({
  cluster: 'production',
  operator,
  pod: operator === 'argo' ? 'argo-0' : '',
  time,
  level,
  message: `${operator} ${level} ${time}`,
  raw: `${operator} ${level} ${time}`,
});

describe('mergeActionLines', () => {
  const read = {
    sources: [],
    items: [line('error', '10:01'), line('info', '10:05')],
    incompleteReasons: [],
    readAt: '2026-12-07T10:10:00Z',
  };

  it('puts failures first, then newest first, across both', () => {
    const merged = mergeActionLines(read, [
      line('info', '10:07', 'workload-status'),
      line('error', '10:03', 'workload-status'),
    ]);
    expect(merged.items.map(i => i.message)).toEqual([
      'workload-status error 10:03',
      'argo error 10:01',
      'workload-status info 10:07',
      'argo info 10:05',
    ]);
    expect(merged.readAt).toBe(read.readAt);
  });

  it('leaves the read alone without action lines', () => {
    expect(mergeActionLines(read, [])).toBe(read);
  });

  it('keeps at most the operator log limit', () => {
    const many = Array.from({ length: 1200 }, () =>
      line('info', '10:00', 'workload-status'),
    );
    expect(mergeActionLines(read, many).items).toHaveLength(1000);
  });
});
