import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import {
  FIXTURE_NOW,
  failedBuildStatus,
} from '../../__fixtures__/entityStatuses';
import { fakeWorkloadStatusApi } from '../../__fixtures__/fakeApis';
import {
  giveLogViewerRoom,
  renderWithApis,
} from '../../__testUtils__/renderWithApis';
import { failedBuildLog } from '../../__fixtures__/diagnostics';
import { BuildRuns } from './BuildRuns';

const cart = failedBuildStatus.workloads[0];

describe('BuildRuns', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('says a failed build deployed nothing and names the version that keeps running', async () => {
    await renderInTestApp(<BuildRuns workload={cart} />);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Build shop-cart-build-8k2lm failed: nothing was deployed. Deployment cart keeps running revision 4 (cart=registry.example.com/shop/cart:a1b2c3d).',
    );
  });

  it('lists the latest runs with status, start, duration and commit', async () => {
    await renderInTestApp(<BuildRuns workload={cart} />);
    const rows = within(
      screen.getByRole('table', { name: 'Builds of cart' }),
    ).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('shop-cart-build-8k2lmPipelineRun');
    expect(rows[1]).toHaveTextContent('30m ago');
    expect(rows[1]).toHaveTextContent('3m25s');
    expect(rows[1]).toHaveTextContent('e4f5a6b');
    expect(rows[2]).toHaveTextContent('Succeeded');
    expect(rows[2]).toHaveTextContent('a1b2c3d');
    await userEvent.hover(within(rows[1]).getByLabelText('Failed (error)'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      /step "compile" exited with code 2/,
    );
  });

  it('shows a running build without a failure banner and an unknown commit as such', async () => {
    const running = {
      ...cart,
      components: { ...cart.components, build: undefined },
      builds: [
        {
          kind: 'BuildRun',
          name: 'cart-buildrun-x1',
          namespace: 'shop',
          lifecycle: 'Running',
          health: 'progressing' as const,
          reasons: [],
          startedAt: '2026-11-22T02:58:00Z',
          pods: [],
        },
      ],
    };
    await renderInTestApp(<BuildRuns workload={running} />);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    const row = within(screen.getByRole('table')).getAllByRole('row')[1];
    expect(row).toHaveTextContent('running for 2m');
    expect(row).toHaveTextContent('unknown');
  });

  describe('build log', () => {
    it('opens the steps in the order they ran, the failed one open with its log', async () => {
      giveLogViewerRoom();
      const api = fakeWorkloadStatusApi(failedBuildStatus);
      api.getBuildLog.mockResolvedValue(failedBuildLog);
      await renderWithApis(
        <BuildRuns workload={cart} entityRef="component:default/cart" />,
        { api },
      );
      await userEvent.click(
        await screen.findByRole('button', {
          name: 'Build log of shop-cart-build-8k2lm',
        }),
      );
      expect(api.getBuildLog).toHaveBeenCalledWith('component:default/cart', {
        cluster: 'prod',
        namespace: 'shop',
        kind: 'PipelineRun',
        name: 'shop-cart-build-8k2lm',
      });
      const dialog = await screen.findByRole('dialog', {
        name: 'Build log of PipelineRun shop-cart-build-8k2lm',
      });
      const steps = within(
        await within(dialog).findByRole('list', {
          name: 'Steps of shop-cart-build-8k2lm',
        }),
      ).getAllByRole('listitem');
      expect(
        steps.map(s => s.querySelector('[role=button]')?.textContent),
      ).toEqual([
        '1. clone (shop-cart-build-8k2lm-fetch): terminated, exit code 0',
        '2. unit-tests (shop-cart-build-8k2lm-test): terminated, exit code 1 - failed',
        '3. build-image (shop-cart-build-8k2lm-build): waiting',
      ]);
      const log = await within(steps[1]).findByRole('region', {
        name: 'Log of step unit-tests',
      });
      expect(
        await within(log).findByText('FAIL src/cart.test.ts'),
      ).toBeInTheDocument();
      expect(steps[1]).toHaveTextContent('cut at the size or time limit');
      expect(within(steps[0]).queryByRole('region')).not.toBeInTheDocument();

      await userEvent.click(within(steps[0]).getByRole('button'));
      expect(
        await within(steps[0]).findByText('HEAD is now at a1b2c3d'),
      ).toBeInTheDocument();
    });

    it('says the build log cannot be read without the logs permission', async () => {
      await renderWithApis(
        <BuildRuns workload={cart} entityRef="component:default/cart" />,
        {
          api: fakeWorkloadStatusApi(failedBuildStatus),
          denied: ['workload-status.logs.read'],
        },
      );
      expect(
        await screen.findByText(
          'You are not allowed to read logs of this entity.',
        ),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: /Build log of/ }),
      ).not.toBeInTheDocument();
    });

    it('shows a plain error when the cluster is down', async () => {
      const api = fakeWorkloadStatusApi(failedBuildStatus);
      api.getBuildLog.mockRejectedValue(
        new Error('Cluster prod cannot be reached'),
      );
      await renderWithApis(
        <BuildRuns workload={cart} entityRef="component:default/cart" />,
        { api },
      );
      await userEvent.click(
        await screen.findByRole('button', {
          name: 'Build log of shop-cart-build-8k2lm',
        }),
      );
      expect(
        await within(await screen.findByRole('dialog')).findByText(
          /Could not read the build log: Cluster prod cannot be reached/,
        ),
      ).toBeInTheDocument();
    });
  });
});
