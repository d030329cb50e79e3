import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { Trace } from '@paved/plugin-traces-common';
import { traceRouteRef } from '../../routes';
import { T0_NS, span, trace } from '../../testing/fixtures';
import { TraceWaterfall } from './TraceWaterfall';

const at = (ms: number) => (T0_NS + BigInt(ms * 1e6)).toString();

const shop = trace(
  [
    span('root', null, { name: 'GET /checkout', ms: 100, kind: 'SERVER' }),
    span('call', 'root', {
      name: 'POST /cart',
      atMs: 10,
      ms: 40,
      kind: 'CLIENT',
      attributes: {
        'http.request.method': 'POST',
        'http.response.status_code': 500,
      },
    }),
    span('cart', 'call', {
      name: 'POST /cart',
      service: 'cart',
      atMs: 12,
      ms: 35,
      kind: 'SERVER',
      status: { code: 'ERROR', message: 'cart is locked' },
      events: [
        {
          name: 'exception',
          timeUnixNano: at(30),
          attributes: { 'exception.type': 'LockError' },
          droppedAttributesCount: 0,
        },
      ],
      links: [
        {
          traceId: '11112222333344445555666677778888',
          spanId: 'abcdabcdabcdabcd',
          traceState: '',
          attributes: {},
          droppedAttributesCount: 0,
        },
      ],
      resource: {
        attributes: { 'service.name': 'cart', 'host.name': 'cart-7d9f' },
        droppedAttributesCount: 0,
      },
    }),
    span('late', 'lost-parent', {
      name: 'publish order',
      service: 'orders',
      atMs: 60,
      ms: 5,
    }),
  ],
  {
    checkout: 'component:default/checkout',
    cart: 'component:default/cart',
    orders: null,
  },
);

function render(t: Trace) {
  return renderInTestApp(<TraceWaterfall trace={t} />, {
    mountedRoutes: {
      '/traces/:traceId': traceRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
  });
}

describe('TraceWaterfall', () => {
  it('nests spans across services under their parents and sums the trace up', async () => {
    await render(shop);
    const rows = screen.getAllByRole('treeitem');
    expect(
      rows.map(r => `${r.getAttribute('aria-level')} ${r.textContent}`),
    ).toEqual([
      '1 ▼checkoutGET /checkout100 ms',
      '2 ▼checkoutPOST /cart40 ms',
      '3 cart⚠ POST /cart35 ms',
      '1 orderspublish orderparent missing5 ms',
    ]);
    expect(screen.getByTestId('trace-summary')).toHaveTextContent(
      '4 spans · 3 services · 100 ms1 with errors1 whose parent span is missing',
    );
  });

  it('shows a span whose parent never arrived at top level, marked, instead of dropping it', async () => {
    await render(shop);
    const orphan = screen.getByTestId('span-row-late');
    expect(orphan).toHaveAttribute('aria-level', '1');
    expect(within(orphan).getByText('parent missing')).toBeInTheDocument();
    await userEvent.click(orphan);
    expect(screen.getByTestId('span-details')).toHaveTextContent(
      'lost-parent (not in this trace: never arrived)',
    );
  });

  it('highlights failed spans and says a collapsed span hides errors', async () => {
    await render(shop);
    expect(screen.getByTestId('span-row-cart')).toHaveAttribute(
      'data-error',
      'true',
    );
    expect(screen.getByTestId('span-row-root')).not.toHaveAttribute(
      'data-error',
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Collapse POST /cart' }),
    );
    expect(screen.queryByTestId('span-row-cart')).not.toBeInTheDocument();
    expect(screen.getByTestId('span-row-call')).toHaveTextContent(
      '+1 incl. errors',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Collapse all' }));
    expect(screen.getAllByRole('treeitem')).toHaveLength(2);
    await userEvent.click(screen.getByRole('button', { name: 'Expand all' }));
    expect(screen.getAllByRole('treeitem')).toHaveLength(4);
  });

  it('details the selected span: status, kind, attributes, resource, events with offsets, links', async () => {
    await render(shop);
    await userEvent.click(screen.getByTestId('span-row-cart'));
    const details = screen.getByTestId('span-details');
    expect(details).toHaveTextContent('StatusERROR: cart is locked');
    expect(details).toHaveTextContent('KindSERVER');
    expect(details).toHaveTextContent('Duration35 ms');
    expect(details).toHaveTextContent('Starts12 ms into the trace');
    expect(within(details).getByTestId('span-events')).toHaveTextContent(
      '+18 ms exceptionexception.typeLockError',
    );
    expect(details).toHaveTextContent('host.namecart-7d9f');
    expect(within(details).getByRole('link', { name: 'cart' })).toHaveAttribute(
      'href',
      '/catalog/default/component/cart',
    );
    expect(
      within(details).getByRole('link', {
        name: 'trace 11112222333344445555666677778888',
      }),
    ).toHaveAttribute('href', '/traces/11112222333344445555666677778888');

    await userEvent.click(screen.getByTestId('span-row-call'));
    expect(
      within(screen.getByTestId('span-details')).getByTestId('span-attributes'),
    ).toHaveTextContent('http.request.methodPOSThttp.response.status_code500');
    await userEvent.click(
      screen.getByRole('button', { name: 'Close span details' }),
    );
    expect(screen.queryByTestId('span-details')).not.toBeInTheDocument();
  });

  it('renders only the rows in view of a 3,000-span trace, all of them reachable', async () => {
    const spans = Array.from({ length: 3000 }, (_, i) =>
      span(`s${i}`, i === 0 ? null : 's0', { atMs: i / 100, ms: 1 }),
    );
    await render(trace(spans));
    expect(screen.getByTestId('trace-summary')).toHaveTextContent(
      '3,000 spans',
    );
    const rendered = screen.getAllByRole('treeitem').length;
    expect(rendered).toBeLessThan(60);
    const viewport = screen.getByRole('tree');
    viewport.scrollTop = 2999 * 26;
    viewport.dispatchEvent(new Event('scroll'));
    expect(await screen.findByTestId('span-row-s2999')).toBeInTheDocument();
    expect(screen.queryByTestId('span-row-s1')).not.toBeInTheDocument();
  });
});
