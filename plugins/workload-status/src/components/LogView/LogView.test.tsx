import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { giveLogViewerRoom } from '../../__testUtils__/renderWithApis';
import { LogView } from './LogView';

const text = [
  'starting api',
  'connecting to db',
  'Error: connect ECONNREFUSED 10.0.3.4:5432',
  'retrying',
  'Error: connect ECONNREFUSED 10.0.3.4:5432',
].join('\n');

describe('LogView', () => {
  beforeEach(() => giveLogViewerRoom());
  afterEach(() => jest.restoreAllMocks());

  it('shows the lines in a labelled region with a labelled search field', async () => {
    await renderInTestApp(
      <LogView text={text} label="Log of pod api-1" testId="pod-log" />,
    );
    const region = screen.getByRole('region', { name: 'Log of pod api-1' });
    expect(await within(region).findByText('retrying')).toBeInTheDocument();
    const search = await within(region).findByRole('textbox', {
      name: 'Search the log',
    });
    expect(
      within(region).getByRole('button', { name: 'Show only matching lines' }),
    ).toBeInTheDocument();

    // Keyboard only: the search field is reachable and searching labels the
    // match navigation.
    await userEvent.click(search);
    await userEvent.keyboard('ECONNREFUSED');
    expect(await within(region).findByText('1/2')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        within(region).getByRole('button', { name: 'Next match' }),
      ).toBeInTheDocument(),
    );
    await userEvent.keyboard('{Enter}');
    expect(within(region).getByText('2/2')).toBeInTheDocument();
  });

  it('says when the log is empty', async () => {
    await renderInTestApp(
      <LogView
        text=""
        label="Log"
        testId="pod-log"
        emptyText="Nothing logged yet."
      />,
    );
    expect(screen.getByTestId('pod-log')).toHaveTextContent(
      'Nothing logged yet.',
    );
  });
});
