import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityStatus,
  Reason,
} from '@workload-status/backstage-plugin-workload-status-common';
import { workloadStatusApiRef } from '../../api/types';
import {
  crashLoopStatus,
  healthyStatus,
  noWorkloadsStatus,
} from '../../__fixtures__/entityStatuses';
import { entityOf, fakeWorkloadStatusApi } from '../../__fixtures__/fakeApis';
import { EntityWorkloadStatusCard } from './EntityWorkloadStatusCard';

async function renderCard(
  answer: EntityStatus | Error,
  entityStatus: EntityStatus,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[[workloadStatusApiRef, fakeWorkloadStatusApi(answer)]]}
    >
      <EntityProvider entity={entityOf(entityStatus)}>
        <EntityWorkloadStatusCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityWorkloadStatusCard', () => {
  it('shows the summary, the cluster trouble and the top reasons with hints', async () => {
    await renderCard(crashLoopStatus, crashLoopStatus);
    const chip = await screen.findByLabelText('NotReady (error)');
    expect(
      screen.getByText(
        '2 workloads on 2 clusters; cluster staging cannot be reached',
      ),
    ).toBeInTheDocument();
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(
      /CrashLoopBackOff: Container app of pod/,
    );
    expect(items[0]).toHaveTextContent(/Read the service log/);
    await userEvent.hover(chip);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      /ClusterUnreachable/,
    );
  });

  it('lists at most three reasons and says how many more there are', async () => {
    const many: Reason[] = Array.from({ length: 5 }, (_, i) => ({
      severity: 'warning',
      code: 'ReadinessProbeFailing',
      message: `Container app of pod shop/web-${i} is running but not ready.`,
      object: {
        kind: 'Pod',
        namespace: 'shop',
        name: `web-${i}`,
        container: 'app',
      },
    }));
    await renderCard(
      { ...healthyStatus, health: 'warning', reasons: many },
      healthyStatus,
    );
    expect(
      await screen.findByText('and 2 more reasons on the Status tab'),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
  });

  it('says when everything is fine', async () => {
    await renderCard(healthyStatus, healthyStatus);
    expect(
      await screen.findByText('No problems reported.'),
    ).toBeInTheDocument();
    expect(screen.getByText('healthy')).toBeInTheDocument();
  });

  it('says when no workload matches', async () => {
    await renderCard(noWorkloadsStatus, noWorkloadsStatus);
    expect(
      await screen.findByText(
        'No Kubernetes workloads match this entity on any configured cluster.',
      ),
    ).toBeInTheDocument();
  });

  it('shows the error when the status cannot be read', async () => {
    await renderCard(
      new Error('Not allowed to read component:default/web'),
      healthyStatus,
    );
    expect(
      (await screen.findAllByText(/Not allowed to read component:default\/web/))
        .length,
    ).toBeGreaterThan(0);
  });
});
