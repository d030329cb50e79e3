import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { tracesApiRef } from '../../api/TracesApi';
import { traceRouteRef } from '../../routes';
import {
  checkoutEntity,
  fakeApi,
  redSeries,
  summary,
} from '../../testing/fixtures';
import { TracesContent } from './TracesContent';

function render(
  api: ReturnType<typeof fakeApi>,
  entity = checkoutEntity(),
  initialRouteEntries?: string[],
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <TracesContent />
    </EntityProvider>,
    {
      apis: [[tracesApiRef, api as any]],
      mountedRoutes: { '/traces/:traceId': traceRouteRef },
      initialRouteEntries,
    },
  );
}

const withTraffic = () =>
  fakeApi({
    listOperations: jest.fn().mockResolvedValue([
      { name: 'GET /cart', count: 1200, errors: 30 },
      { name: 'POST /checkout', count: 300, errors: 0 },
    ]),
    getRed: jest
      .fn()
      .mockResolvedValue(redSeries(10, i => (i === 4 ? 0 : 600))),
    searchTraces: jest.fn().mockResolvedValue([
      summary({ errorCount: 2 }),
      summary({
        traceId: 'ffff0000ffff0000ffff0000ffff0000',
        rootName: 'consume orders',
        hasRoot: false,
        durationNs: 1_250_000_000,
      }),
    ]),
  });

describe('TracesContent', () => {
  it('draws rate, error ratio and latency percentiles with their totals, and values on hover', async () => {
    const api = withTraffic();
    await render(api);
    const charts = await screen.findByTestId('red-charts');
    expect(charts).toHaveTextContent('5,400 in the window, 9/s on average');
    expect(charts).toHaveTextContent('540 failed, 10% of requests');
    expect(charts).toHaveTextContent('p95 at most 89 ms');
    expect(
      screen.getByRole('img', { name: 'Request rate' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'Error ratio' }),
    ).toBeInTheDocument();

    const latency = screen.getByRole('img', { name: 'Latency percentiles' });
    fireEvent.mouseEnter(
      within(latency as any).getAllByTestId('chart-step')[2],
    );
    const legend = latency.parentElement!.querySelector(
      '[data-testid="chart-legend"]',
    )!;
    expect(legend).toHaveTextContent('p50: 22 ms');
    expect(legend).toHaveTextContent('p95: 82 ms');
    expect(legend).toHaveTextContent('p99: 202 ms');
    // The empty step is a gap in the error ratio, not a zero.
    const errors = screen.getByRole('img', { name: 'Error ratio' });
    fireEvent.mouseEnter(within(errors as any).getAllByTestId('chart-step')[4]);
    expect(errors.parentElement).toHaveTextContent('error ratio: –');

    expect(api.getRed).toHaveBeenCalledWith('checkout', {
      from: expect.any(Number),
      to: expect.any(Number),
      stepMs: 60_000,
      operation: undefined,
    });
    const [, { from, to }] = api.getRed.mock.calls[0];
    expect(to - from).toBe(3600_000);
  });

  it('lists traces with root, services, spans, errors and duration, linking to the waterfall', async () => {
    await render(withTraffic());
    const link = await screen.findByRole('link', {
      name: 'checkout: GET /cart',
    });
    expect(link).toHaveAttribute(
      'href',
      '/traces/4bf92f3577b34da6a3ce929d0e0e4736',
    );
    const row = link.closest('tr')!;
    expect(row).toHaveTextContent(/checkout.*cart/);
    expect(row).toHaveTextContent('42 ms');
    const orphan = screen
      .getByRole('link', { name: 'checkout: consume orders' })
      .closest('tr')!;
    expect(orphan).toHaveTextContent('root span missing');
    expect(orphan).toHaveTextContent('1.25 s');
  });

  it('searches with the duration bounds, errors only and attributes the user sets', async () => {
    const api = withTraffic();
    await render(api);
    await screen.findByRole('link', { name: 'checkout: GET /cart' });

    await userEvent.type(screen.getByLabelText('Min duration (ms)'), '5');
    await userEvent.type(screen.getByLabelText('Max duration (ms)'), '250');
    await userEvent.type(
      screen.getByLabelText('Attribute'),
      'http.response.status_code=500',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    await userEvent.type(
      screen.getByLabelText('Attribute'),
      'tenant=a=b{enter}',
    );
    await userEvent.click(screen.getByLabelText('Errors only'));

    await waitFor(() =>
      expect(api.searchTraces).toHaveBeenLastCalledWith({
        service: 'checkout',
        from: expect.any(Number),
        to: expect.any(Number),
        operation: undefined,
        minDurationMs: 5,
        maxDurationMs: 250,
        errorsOnly: true,
        attributes: { 'http.response.status_code': '500', tenant: 'a=b' },
        limit: 100,
      }),
    );
    expect(screen.getByTestId('attribute-filters')).toHaveTextContent(
      'http.response.status_code=500tenant=a=b',
    );
  });

  it('refuses a minimum above the maximum and an attribute without =', async () => {
    const api = withTraffic();
    await render(api);
    await screen.findByRole('link', { name: 'checkout: GET /cart' });
    await userEvent.type(screen.getByLabelText('Min duration (ms)'), '300');
    await userEvent.type(screen.getByLabelText('Max duration (ms)'), '20');
    expect(
      await screen.findByText('More than the maximum'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Search' })).toBeDisabled();

    await userEvent.clear(screen.getByLabelText('Min duration (ms)'));
    await userEvent.type(screen.getByLabelText('Attribute'), 'status{enter}');
    expect(
      await screen.findByText('Write it as key=value'),
    ).toBeInTheDocument();
    expect(api.searchTraces).toHaveBeenCalledTimes(1);
  });

  it('reads the range, operation and filters from the URL and narrows RED to the operation', async () => {
    const api = withTraffic();
    await render(api, checkoutEntity(), [
      '/?range=15m&operation=GET%20%2Fcart&minMs=100&errors=1&attr=region%3Deu',
    ]);
    await screen.findByRole('link', { name: 'checkout: GET /cart' });
    expect(api.getRed).toHaveBeenCalledWith('checkout', {
      from: expect.any(Number),
      to: expect.any(Number),
      stepMs: 30_000,
      operation: 'GET /cart',
    });
    expect(api.searchTraces).toHaveBeenCalledWith(
      expect.objectContaining({
        operation: 'GET /cart',
        minDurationMs: 100,
        errorsOnly: true,
        attributes: { region: 'eu' },
      }),
    );
    expect(screen.getByLabelText('Min duration (ms)')).toHaveValue('100');
  });

  it('explains how to send traces, with the endpoint, token header and service name, when none arrived', async () => {
    await render(
      fakeApi(),
      checkoutEntity({ 'paved.dev/otel-service-name': 'checkout-api' }),
    );
    const empty = await screen.findByTestId('no-traces');
    expect(empty).toHaveTextContent(
      'No traces from checkout-api in the last hour',
    );
    // The snippet's highlighter loads lazily.
    await waitFor(() =>
      expect(empty).toHaveTextContent(
        'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://localhost:7007/api/traces/v1/traces',
      ),
    );
    expect(empty).toHaveTextContent('Authorization: Bearer <token>');
    expect(empty).toHaveTextContent('OTEL_SERVICE_NAME=checkout-api');
    expect(screen.queryByTestId('red-charts')).not.toBeInTheDocument();
  });

  it('shows the backend message when the search fails', async () => {
    const api = withTraffic();
    api.searchTraces.mockRejectedValue(
      new Error('minDurationMs must be a number'),
    );
    await render(api);
    expect(
      await screen.findByText('Error: Could not load traces'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/minDurationMs must be a number/),
    ).toBeInTheDocument();
  });
});
