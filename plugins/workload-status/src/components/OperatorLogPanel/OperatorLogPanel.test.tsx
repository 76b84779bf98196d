import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  FIXTURE_NOW,
  crashLoopStatus,
} from '../../__fixtures__/entityStatuses';
import { fakeWorkloadStatusApi } from '../../__fixtures__/fakeApis';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { apiOperatorLog } from '../../__fixtures__/diagnostics';
import { OperatorLogPanel } from './OperatorLogPanel';

const entityRef = 'component:default/api';

describe('OperatorLogPanel', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('lists the lines about the entity, errors first, with level, time, message and object', async () => {
    const api = fakeWorkloadStatusApi(crashLoopStatus);
    api.getOperatorLog.mockResolvedValue(apiOperatorLog);
    await renderWithApis(<OperatorLogPanel entityRef={entityRef} />, { api });
    const panel = screen.getByTestId('operator-log-panel');
    const rows = within(
      await within(panel).findByRole('table', { name: 'Operator log' }),
    ).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(
      'error3m agoReconciler errorsecret "api-db" not foundDeployment shop/apishop-operatorprod/shop-operator-6d9f7-abcde',
    );
    expect(rows[2]).toHaveTextContent('info4m agoReconciling');
    expect(within(panel).getByText(/could not be read/)).toHaveTextContent(
      'The log of operator shop-operator (cluster staging, namespace platform-system) could not be read: Cluster staging cannot be reached',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Log level' }));
    await userEvent.click(await screen.findByRole('option', { name: 'info' }));
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(
      2,
    );
  });

  it('says when the answer is incomplete, and why', async () => {
    const api = fakeWorkloadStatusApi(crashLoopStatus);
    api.getOperatorLog.mockResolvedValue({
      ...apiOperatorLog,
      incomplete: true,
      incompleteReasons: [
        'operator shop-operator (cluster prod): read for 30 s, cut there',
      ],
    });
    await renderWithApis(<OperatorLogPanel entityRef={entityRef} />, { api });
    expect(await screen.findByTestId('incomplete-notice')).toHaveTextContent(
      'The operator log is incomplete: operator shop-operator (cluster prod): read for 30 s, cut there',
    );
  });

  it('says when no operator is configured and nothing was done here', async () => {
    const api = fakeWorkloadStatusApi(crashLoopStatus);
    await renderWithApis(<OperatorLogPanel entityRef={entityRef} />, { api });
    expect(
      await screen.findByText(
        'No operator is configured for the clusters of this entity, and no action was taken on it here.',
      ),
    ).toBeInTheDocument();
  });

  it("shows the plugin's own actions without any configured operator: failure and reason, who", async () => {
    const api = fakeWorkloadStatusApi(crashLoopStatus);
    api.getOperatorLog.mockResolvedValue({
      sources: [],
      items: [
        {
          cluster: 'prod',
          operator: 'workload-status',
          pod: '',
          time: new Date(FIXTURE_NOW - 60_000).toISOString(),
          level: 'error',
          message: 'user:default/alice could not scale Deployment shop/api',
          error:
            'Deployment shop/api in cluster prod is scaled by HorizontalPodAutoscaler shop/api',
          object: { kind: 'Deployment', namespace: 'shop', name: 'api' },
          raw: 'x',
          action: {
            action: 'scale',
            actor: 'user:default/alice',
            outcome: 'failed',
          },
        },
      ],
    });
    await renderWithApis(<OperatorLogPanel entityRef={entityRef} />, { api });
    const rows = within(
      await screen.findByRole('table', { name: 'Operator log' }),
    ).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(
      'error1m agouser:default/alice could not scale Deployment shop/apiDeployment shop/api in cluster prod is scaled by HorizontalPodAutoscaler shop/apiDeployment shop/apiworkload-statusprod, by user:default/alice',
    );
  });

  it('is not read without the logs permission', async () => {
    const api = fakeWorkloadStatusApi(crashLoopStatus);
    await renderWithApis(<OperatorLogPanel entityRef={entityRef} />, {
      api,
      denied: ['workload-status.logs.read'],
    });
    expect(
      await screen.findByText(
        'You are not allowed to read logs of this entity.',
      ),
    ).toBeInTheDocument();
    expect(api.getOperatorLog).not.toHaveBeenCalled();
  });
});
