import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import type { PodSummary } from '@workload-status/backstage-plugin-workload-status-common';
import {
  FIXTURE_NOW,
  crashLoopStatus,
} from '../../__fixtures__/entityStatuses';
import { PodsTable } from './PodsTable';

const MI = 2 ** 20;
const [base] = crashLoopStatus.workloads[0].pods;

const pod: PodSummary = {
  ...base,
  name: 'thumbnailer-abc',
  containers: [
    {
      name: 'resizer',
      image: 'thumbnailer:1',
      ready: true,
      restarts: 2,
      state: 'running',
      resources: {
        cpuRequestMillicores: 150,
        memoryRequestBytes: 192 * MI,
        memoryLimitBytes: 256 * MI,
      },
      usage: { cpuMillicores: 42, memoryBytes: 236 * MI },
    },
    {
      name: 'sidecar',
      image: 'proxy:1',
      ready: true,
      restarts: 0,
      state: 'running',
      usage: { cpuMillicores: 3, memoryBytes: 20 * MI },
    },
  ],
};

describe('usage in the pods table', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows CPU and memory against requests and limits, in words and named bars', async () => {
    await renderInTestApp(<PodsTable pods={[pod]} label="Pods of t" />);
    const table = screen.getByRole('table', { name: 'Pods of t' });
    const [header, row] = within(table).getAllByRole('row');
    expect(
      Array.from(header.querySelectorAll('th'), c => c.textContent),
    ).toEqual([
      'Name',
      'Status',
      'Ready',
      'Restarts',
      'Age',
      'Node',
      'CPU',
      'Memory',
    ]);
    const cells = row.querySelectorAll('td');
    expect(cells[6].textContent).toBe('resizer: 42m / 150m requestsidecar: 3m');
    expect(cells[7].textContent).toBe(
      'resizer: 236 MiB / 256 MiB limit near limitrequest 192 MiBsidecar: 20 MiB',
    );
    const memoryBar = screen.getByRole('progressbar', {
      name: 'Memory of container resizer: 236 MiB of 256 MiB limit (92 %), near its limit',
    });
    expect(memoryBar).toHaveAttribute('aria-valuenow', '92');
    expect(
      screen.getByRole('progressbar', {
        name: 'CPU of container resizer: 42m of 150m request (28 %)',
      }),
    ).toBeInTheDocument();
    // no base, no bar: the sidecar sets neither request nor limit
    expect(screen.getAllByRole('progressbar')).toHaveLength(2);
  });

  it('has no usage columns where the cluster has no metrics-server', async () => {
    const without = {
      ...pod,
      containers: pod.containers.map(({ usage: _u, ...c }) => c),
    };
    await renderInTestApp(<PodsTable pods={[without]} label="Pods of t" />);
    expect(screen.queryByRole('columnheader', { name: 'CPU' })).toBeNull();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });
});
