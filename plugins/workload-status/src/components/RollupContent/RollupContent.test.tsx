import { act, screen, within } from '@testing-library/react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  EntityRollup,
  EntityStatusSummary,
} from '@workload-status/backstage-plugin-workload-status-common';
import { workloadStatusApiRef } from '../../api/types';
import {
  FakeSignalApi,
  fakeWorkloadStatusApi,
} from '../../__fixtures__/fakeApis';
import { withFreshPermissionCache } from '../../__testUtils__/renderWithApis';
import { RollupContent, topReason } from './RollupContent';
import { countsInWords } from './countsInWords';

const shop = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'team-shop' },
};

function member(
  name: string,
  health: EntityStatusSummary['health'],
  lifecycle: string,
  message?: string,
): EntityStatusSummary {
  return {
    entityRef: `component:default/${name}`,
    lifecycle,
    health,
    reasons: message
      ? [
          {
            severity: health === 'error' ? 'error' : 'warning',
            code: 'CrashLoopBackOff',
            message,
            object: { kind: 'Pod', name: `${name}-1` },
          },
        ]
      : [],
    updatedAt: '2026-11-22T03:00:00Z',
  };
}

const rollup: EntityRollup = {
  entityRef: 'system:default/shop',
  kind: 'system',
  lifecycle: 'Failing',
  health: 'error',
  counts: {
    error: 1,
    unknown: 0,
    warning: 1,
    progressing: 0,
    stopped: 0,
    ok: 1,
  },
  members: [
    member(
      'checkout',
      'error',
      'NotReady',
      'Container app of pod checkout-1 keeps crashing',
    ),
    member('reports', 'warning', 'Running', 'A run failed'),
    member('web', 'ok', 'Running'),
  ],
  updatedAt: '2026-11-22T03:00:00Z',
};

async function render(api = fakeWorkloadStatusApi(), signals?: FakeSignalApi) {
  const apis: any[] = [[workloadStatusApiRef, api]];
  if (signals) apis.push([signalApiRef, signals]);
  await renderInTestApp(
    <TestApiProvider apis={apis as any}>
      {withFreshPermissionCache(
        <EntityProvider entity={shop}>
          <RollupContent />
        </EntityProvider>,
      )}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return api;
}

describe('RollupContent', () => {
  it('shows the rollup, then each member worst first with its top reason and a link to its Status tab', async () => {
    const api = fakeWorkloadStatusApi();
    api.getRollup.mockResolvedValue(rollup);
    await render(api);

    expect(api.getRollup).toHaveBeenCalledWith('system:default/shop');
    expect(await screen.findByLabelText('Failing (error)')).toBeInTheDocument();
    expect(screen.getByTestId('rollup-counts')).toHaveTextContent(
      '1 error, 1 warning, 1 healthy',
    );
    const rows = within(
      screen.getByRole('table', { name: 'Members by severity' }),
    ).getAllByRole('row');
    // the header, then checkout, reports, web
    expect(rows.slice(1).map(r => r.getAttribute('data-entity-ref'))).toEqual([
      'component:default/checkout',
      'component:default/reports',
      'component:default/web',
    ]);
    expect(rows[1]).toHaveTextContent(
      'Container app of pod checkout-1 keeps crashing',
    );
    expect(
      within(rows[1]).getByLabelText('NotReady (error)'),
    ).toBeInTheDocument();
    expect(rows[3]).toHaveTextContent('No problems reported');
    expect(
      screen.getByRole('link', { name: 'Status of checkout' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout/status');
  });

  it('says so when nothing the user may read belongs to it', async () => {
    const api = fakeWorkloadStatusApi();
    api.getRollup.mockResolvedValue({
      ...rollup,
      lifecycle: 'NoMembers',
      health: 'unknown',
      counts: {
        error: 0,
        unknown: 0,
        warning: 0,
        progressing: 0,
        stopped: 0,
        ok: 0,
      },
      members: [],
    });
    await render(api);
    expect(
      await screen.findByText(
        /none with Kubernetes annotations that you may read/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('rollup-counts')).toHaveTextContent('no members');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the error when the rollup cannot be read', async () => {
    const api = fakeWorkloadStatusApi();
    api.getRollup.mockRejectedValue(new Error('backend down'));
    await render(api);
    expect(await screen.findByText('Error: backend down')).toBeInTheDocument();
    expect(screen.queryByTestId('rollup-counts')).not.toBeInTheDocument();
  });

  it('refetches when the backend signals that the rollup changed', async () => {
    const api = fakeWorkloadStatusApi();
    api.getRollup.mockResolvedValueOnce(rollup).mockResolvedValue({
      ...rollup,
      lifecycle: 'Healthy',
      health: 'ok',
      counts: {
        error: 0,
        unknown: 0,
        warning: 0,
        progressing: 0,
        stopped: 0,
        ok: 3,
      },
      members: rollup.members.map(m => ({
        ...m,
        health: 'ok',
        lifecycle: 'Running',
        reasons: [],
      })),
    });
    const signals = new FakeSignalApi();
    await render(api, signals);
    await screen.findByLabelText('Failing (error)');
    await act(async () => {
      signals.send('workload-status:entity', {
        entityRef: 'system:default/shop',
      });
    });
    expect(
      await screen.findByLabelText('Healthy (healthy)'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('rollup-counts')).toHaveTextContent('3 healthy');
  });

  it('words counts worst first', () => {
    expect(countsInWords(rollup.counts)).toBe('1 error, 1 warning, 1 healthy');
  });

  it("shows a member's most severe reason, and no note on a healthy one", () => {
    const note = {
      severity: 'info' as const,
      code: 'ClusterNotSynced',
      message: 'Cluster edge has not been read yet',
      object: { kind: 'Cluster', name: 'edge' },
    };
    const crash = member('api', 'error', 'NotReady', 'crashes').reasons[0];
    expect(
      topReason({
        ...member('api', 'error', 'NotReady'),
        reasons: [note, crash],
      }),
    ).toBe(crash);
    expect(
      topReason({ ...member('web', 'ok', 'Running'), reasons: [note] }),
    ).toBeUndefined();
    expect(
      topReason({ ...member('old', 'stopped', 'Stopped'), reasons: [note] }),
    ).toBe(note);
  });
});
