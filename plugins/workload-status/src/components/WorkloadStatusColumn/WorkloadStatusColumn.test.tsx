import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { Table } from '@backstage/core-components';
import { CatalogTableRow } from '@backstage/plugin-catalog';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityStatusSummary } from '@workload-status/backstage-plugin-workload-status-common';
import { WorkloadStatusApi, workloadStatusApiRef } from '../../api/types';
import {
  crashLoopStatus,
  failedBuildStatus,
  healthyStatus,
  suspendedCronStatus,
} from '../../__fixtures__/entityStatuses';
import { entityOf, fakeWorkloadStatusApi } from '../../__fixtures__/fakeApis';
import { createWorkloadStatusColumn } from './WorkloadStatusColumn';

const statuses = [
  healthyStatus,
  crashLoopStatus,
  suspendedCronStatus,
  failedBuildStatus,
];

function rowOf(entity: ReturnType<typeof entityOf>): CatalogTableRow {
  return {
    entity,
    resolved: {
      name: entity.metadata.name,
      entityRef: stringifyEntityRef(entity),
      partOfSystemRelations: [],
      ownedByRelations: [],
    },
  };
}

function summaryOf(ref: string): EntityStatusSummary | undefined {
  const s = statuses.find(x => x.entityRef === ref);
  return (
    s && {
      entityRef: s.entityRef,
      lifecycle: s.lifecycle,
      health: s.health,
      reasons: s.reasons,
      updatedAt: s.updatedAt,
    }
  );
}

async function renderCatalog(api: WorkloadStatusApi) {
  const plain = entityOf(healthyStatus);
  const rows = [
    ...statuses.map(s => rowOf(entityOf(s))),
    // an entity without Kubernetes annotations gets no chip and no request
    rowOf({ ...plain, metadata: { name: 'docs-site', namespace: 'default' } }),
  ];
  await renderInTestApp(
    <TestApiProvider apis={[[workloadStatusApiRef, api]]}>
      <Table<CatalogTableRow>
        title="Components"
        options={{ paging: false, search: false }}
        data={rows}
        columns={[
          { title: 'Name', field: 'resolved.name' },
          createWorkloadStatusColumn(),
        ]}
      />
    </TestApiProvider>,
  );
}

function names() {
  return within(screen.getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map(r => r.querySelector('td')?.textContent);
}

// Each test renders Backstage's whole catalog table (material-table), which
// takes seconds on a busy two-core machine.
jest.setTimeout(30_000);

describe('createWorkloadStatusColumn', () => {
  it('fetches every row of the page in one request and shows a chip per row', async () => {
    const api: WorkloadStatusApi = {
      ...fakeWorkloadStatusApi(),
      getSummaries: jest.fn(async refs =>
        refs.map(summaryOf).filter((s): s is EntityStatusSummary => !!s),
      ),
    };
    await renderCatalog(api);
    expect(
      await screen.findByLabelText('NotReady (error)'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Running (healthy)')).toBeInTheDocument();
    expect(screen.getByLabelText('Stopped (stopped)')).toBeInTheDocument();
    expect(api.getSummaries).toHaveBeenCalledTimes(1);
    expect(api.getSummaries).toHaveBeenCalledWith([
      'component:default/web',
      'component:default/api',
      'component:default/cleanup',
      'component:default/cart',
    ]);

    await userEvent.hover(screen.getByLabelText('NotReady (error)'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      /keeps crashing/,
    );
  });

  it('sorts by severity, worst first', async () => {
    const api: WorkloadStatusApi = {
      ...fakeWorkloadStatusApi(),
      getSummaries: async refs =>
        refs.map(summaryOf).filter((s): s is EntityStatusSummary => !!s),
    };
    await renderCatalog(api);
    await screen.findByLabelText('NotReady (error)');
    const header = screen.getByRole('columnheader', { name: 'Status' });
    await userEvent.click(
      within(header).getAllByRole('button', { name: 'Status' })[0],
    );
    await waitFor(() =>
      expect(names()).toEqual(['api', 'cart', 'cleanup', 'web', 'docs-site']),
    );
  });

  it('says when the status cannot be read', async () => {
    const api: WorkloadStatusApi = {
      ...fakeWorkloadStatusApi(),
      getSummaries: jest.fn(async () => {
        throw new Error('Service Unavailable');
      }),
    };
    await renderCatalog(api);
    expect((await screen.findAllByText('Status unavailable')).length).toBe(4);
  });

  it('shows the rollup of System and Group rows, with counts per health', async () => {
    const rollupRows = [
      rowOf({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name: 'shop', namespace: 'default' },
        spec: { owner: 'team-shop' },
      }),
      rowOf({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'team-shop', namespace: 'default' },
        spec: { type: 'team', children: [] },
      }),
    ];
    const api: WorkloadStatusApi = {
      ...fakeWorkloadStatusApi(),
      getSummaries: jest.fn(async refs =>
        refs.map(
          (entityRef): EntityStatusSummary => ({
            entityRef,
            lifecycle: entityRef.startsWith('system:') ? 'Failing' : 'Healthy',
            health: entityRef.startsWith('system:') ? 'error' : 'ok',
            reasons: [],
            counts: entityRef.startsWith('system:')
              ? {
                  error: 1,
                  unknown: 0,
                  warning: 0,
                  progressing: 0,
                  stopped: 0,
                  ok: 2,
                }
              : {
                  error: 0,
                  unknown: 0,
                  warning: 0,
                  progressing: 0,
                  stopped: 0,
                  ok: 4,
                },
            updatedAt: '2026-11-22T03:00:00Z',
          }),
        ),
      ),
    };
    await renderInTestApp(
      <TestApiProvider apis={[[workloadStatusApiRef, api]]}>
        <Table<CatalogTableRow>
          title="Systems"
          options={{ paging: false, search: false }}
          data={rollupRows}
          columns={[
            { title: 'Name', field: 'resolved.name' },
            createWorkloadStatusColumn(),
          ]}
        />
      </TestApiProvider>,
    );
    expect(await screen.findByLabelText('Failing (error)')).toBeInTheDocument();
    expect(screen.getByLabelText('Healthy (healthy)')).toBeInTheDocument();
    expect(
      screen.getAllByTestId('rollup-counts').map(c => c.textContent),
    ).toEqual(['1 error, 2 healthy', '4 healthy']);
    expect(api.getSummaries).toHaveBeenCalledWith([
      'system:default/shop',
      'group:default/team-shop',
    ]);
  });
});
