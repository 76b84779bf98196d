import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import {
  FIXTURE_NOW,
  failedBuildStatus,
} from '../../__fixtures__/entityStatuses';
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
});
