import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { identityApiRef } from '@backstage/core-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  ENTITY_CHANGED_CHANNEL,
  EntityStatusSummary,
  Health,
} from '@workload-status/backstage-plugin-workload-status-common';
import { workloadStatusApiRef } from '../../api/types';
import {
  FakeSignalApi,
  fakeWorkloadStatusApi,
} from '../../__fixtures__/fakeApis';
import { reasonBehind, TeamOverviewPage } from './TeamOverviewPage';

const OWNERSHIP = ['user:default/guest', 'group:default/team-shop'];

function component(
  name: string,
  annotations: Record<string, string> = { 'backstage.io/kubernetes-id': name },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
  };
}

const web = component('web');
const checkout = component('checkout');
const reports = component('reports', {
  'backstage.io/kubernetes-id': 'reports',
  'backstage.io/kubernetes-namespace': 'data',
  'backstage.io/kubernetes-cluster': 'edge',
});
const docs = component('docs', {});

function summary(
  name: string,
  health: Health,
  extra: Partial<EntityStatusSummary> = {},
): EntityStatusSummary {
  return {
    entityRef: `component:default/${name}`,
    lifecycle: health === 'ok' ? 'Running' : 'CrashLoopBackOff',
    health,
    reasons:
      health === 'ok'
        ? []
        : [
            {
              severity: 'error',
              code: 'CrashLoopBackOff',
              message: `Container app of pod ${name}-1 keeps crashing`,
              object: { kind: 'Pod', name: `${name}-1` },
            },
          ],
    updatedAt: '2026-11-22T03:00:00Z',
    ...extra,
  };
}

async function renderPage(options: {
  entities: Entity[];
  summaries: EntityStatusSummary[][];
  signals?: FakeSignalApi;
}) {
  const api = fakeWorkloadStatusApi();
  let call = 0;
  api.getSummaries.mockImplementation(async refs => {
    const answer =
      options.summaries[Math.min(call, options.summaries.length - 1)];
    call += 1;
    return answer.filter(s => refs.includes(s.entityRef));
  });
  // the catalog's filtering is its own: this answers what it would return
  const catalog = {
    getEntities: jest.fn(async (_request: unknown) => ({
      items: options.entities,
    })),
  };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [workloadStatusApiRef, api],
        [catalogApiRef, catalog],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: 'user:default/guest',
            ownershipEntityRefs: OWNERSHIP,
          }),
        ],
        ...(options.signals ? [[signalApiRef, options.signals] as const] : []),
      ]}
    >
      <TeamOverviewPage />
    </TestApiProvider>,
  );
  return { api, catalog };
}

/** The entity names of the table's rows, top to bottom. */
function rowNames(): string[] {
  return screen
    .getAllByTestId('team-overview-row')
    .map(row => within(row).getByRole('link').textContent ?? '');
}

describe('TeamOverviewPage', () => {
  it("lists the entities the user's groups own, worst first, from one summaries request", async () => {
    const { api, catalog } = await renderPage({
      entities: [web, checkout, reports, docs],
      summaries: [
        [
          summary('web', 'ok', { clusters: ['prod'], namespaces: ['shop'] }),
          summary('checkout', 'error', {
            clusters: ['edge', 'prod'],
            namespaces: ['shop'],
          }),
          summary('reports', 'ok', { clusters: [], namespaces: [] }),
        ],
      ],
    });
    expect(
      await screen.findByRole('table', {
        name: 'Statuses of the entities your groups own',
      }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(rowNames()).toEqual(['checkout', 'reports', 'web']),
    );

    expect(catalog.getEntities).toHaveBeenCalledWith(
      expect.objectContaining({ filter: { 'relations.ownedBy': OWNERSHIP } }),
    );
    // docs has no Kubernetes annotation: not asked, not listed
    expect(api.getSummaries).toHaveBeenCalledTimes(1);
    expect(api.getSummaries.mock.calls[0][0].sort()).toEqual([
      'component:default/checkout',
      'component:default/reports',
      'component:default/web',
    ]);

    const [first, second] = screen.getAllByTestId('team-overview-row');
    expect(within(first).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout/status',
    );
    // status in words, the top reason, where it runs
    expect(first).toHaveTextContent('CrashLoopBackOff');
    expect(first).toHaveTextContent(
      'CrashLoopBackOff: Container app of pod checkout-1 keeps crashing',
    );
    expect(first).toHaveTextContent('edge, prod');
    // nothing found: the annotations say where to look
    expect(second).toHaveTextContent('edge');
    expect(second).toHaveTextContent('data');
  });

  it('narrows the list by health, cluster and kind', async () => {
    await renderPage({
      entities: [web, checkout, reports],
      summaries: [
        [
          summary('web', 'ok', { clusters: ['prod'], namespaces: ['shop'] }),
          summary('checkout', 'error', {
            clusters: ['prod'],
            namespaces: ['shop'],
          }),
          summary('reports', 'warning', {
            clusters: ['edge'],
            namespaces: ['data'],
          }),
        ],
      ],
    });
    await waitFor(() =>
      expect(rowNames()).toEqual(['checkout', 'reports', 'web']),
    );

    await userEvent.click(screen.getByRole('button', { name: /^Health:/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'healthy' }),
    );
    expect(rowNames()).toEqual(['web']);
    // the filter's name says what it shows
    expect(
      screen.getByRole('button', { name: 'Health: healthy' }),
    ).toBeInTheDocument();
    expect(screen.getByText('1 of 3 entities')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /^Health:/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'All healths' }),
    );
    await userEvent.click(screen.getByRole('button', { name: /^Cluster:/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'edge' }));
    expect(rowNames()).toEqual(['reports']);

    await userEvent.click(screen.getByRole('button', { name: /^Namespace:/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'shop' }));
    expect(screen.queryAllByTestId('team-overview-row')).toEqual([]);
  });

  it('says so when the groups own nothing with Kubernetes annotations', async () => {
    const { api } = await renderPage({ entities: [docs], summaries: [[]] });
    expect(
      await screen.findByText(
        'Your groups own no entity with Kubernetes annotations',
      ),
    ).toBeInTheDocument();
    expect(api.getSummaries).not.toHaveBeenCalled();
  });

  it('refetches the batch once after signals about listed entities', async () => {
    const signals = new FakeSignalApi();
    const { api } = await renderPage({
      entities: [web, checkout],
      summaries: [
        [summary('web', 'ok'), summary('checkout', 'ok')],
        [summary('web', 'ok'), summary('checkout', 'error')],
      ],
      signals,
    });
    await waitFor(() => expect(rowNames()).toEqual(['checkout', 'web']));
    expect(api.getSummaries).toHaveBeenCalledTimes(1);

    act(() => {
      signals.send(ENTITY_CHANGED_CHANNEL, {
        entityRef: 'component:default/checkout',
      });
      signals.send(ENTITY_CHANGED_CHANNEL, {
        entityRef: 'Component:default/web',
      });
    });
    await waitFor(
      () =>
        expect(screen.getAllByTestId('team-overview-row')[0]).toHaveTextContent(
          'CrashLoopBackOff',
        ),
      { timeout: 3000 },
    );
    // the burst of signals cost one request for both
    expect(api.getSummaries).toHaveBeenCalledTimes(2);
    expect(api.getSummaries.mock.calls[1][0]).toHaveLength(2);
  });

  it('gives a healthy row no top reason, whatever notes its summary has', () => {
    const notSynced = {
      severity: 'warning' as const,
      code: 'ClusterNotSynced',
      message: 'Cluster edge has not been read yet',
      object: { kind: 'Cluster', name: 'edge' },
    };
    const crash = {
      severity: 'error' as const,
      code: 'CrashLoopBackOff',
      message: 'keeps crashing',
      object: { kind: 'Pod', name: 'web-1' },
    };
    expect(reasonBehind({ health: 'ok', reasons: [notSynced] })).toBe(
      undefined,
    );
    expect(reasonBehind({ health: 'error', reasons: [notSynced, crash] })).toBe(
      crash,
    );
    expect(reasonBehind({ health: 'unknown', reasons: [notSynced] })).toBe(
      notSynced,
    );
  });
});
