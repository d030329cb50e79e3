import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { SystemDependencies } from '@paved/plugin-traces-common';
import { tracesApiRef } from '../../api/TracesApi';
import { fakeApi } from '../../testing/fixtures';
import { DependenciesContent } from './DependenciesContent';

const shopSystem = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'team-a' },
};

const dependency = (
  from: string,
  to: string,
  observed: boolean,
  declared: boolean,
  calls = 0,
  errors = 0,
) => ({
  from: `component:default/${from}`,
  to: to.includes(':') ? to : `component:default/${to}`,
  fromService: from,
  toService: to.includes(':') ? null : to,
  observed,
  declared,
  calls,
  errors,
});

const answer: SystemDependencies = {
  systemRef: 'system:default/shop',
  from: 0,
  to: 1,
  components: ['web', 'checkout', 'cart', 'legacy-pricing'].map(n => ({
    entityRef: `component:default/${n}`,
    service: n,
  })),
  dependencies: [
    dependency('web', 'checkout', true, true, 1200, 3),
    dependency('checkout', 'cart', true, false, 800, 40),
    dependency('checkout', 'legacy-pricing', false, true),
    dependency('cart', 'resource:default/cart-db', true, true, 2400),
  ],
};

async function render(
  api = fakeApi({ getSystemDependencies: jest.fn().mockResolvedValue(answer) }),
) {
  await renderInTestApp(
    <EntityProvider entity={shopSystem}>
      <DependenciesContent />
    </EntityProvider>,
    {
      apis: [[tracesApiRef, api as any]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

describe('DependenciesContent', () => {
  it('flags observed-but-undeclared and declared-but-unused dependencies, first in the table', async () => {
    const api = await render();
    expect(await screen.findByTestId('dependency-counts')).toHaveTextContent(
      '1 undeclared · 1 unused declared · 2 declared and observed',
    );
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      'checkoutcartundeclared80040 (5%)',
      'checkoutlegacy-pricingunused declared––',
      'cartresource:cart-dbdeclared2,4000',
      'webcheckoutdeclared1,2003 (0.3%)',
    ]);
    expect(within(rows[0]).getByRole('link', { name: 'cart' })).toHaveAttribute(
      'href',
      '/catalog/default/component/cart',
    );
    expect(api.getSystemDependencies).toHaveBeenCalledWith(
      'system:default/shop',
      {
        from: expect.any(Number),
        to: expect.any(Number),
      },
    );
  });

  it('draws every component and edge, undeclared and unused ones styled apart', async () => {
    await render();
    const graph = await screen.findByRole('img', { name: 'Dependency graph' });
    expect(within(graph).getAllByTestId('edge-undeclared')).toHaveLength(1);
    expect(within(graph).getAllByTestId('edge-unused')).toHaveLength(1);
    expect(within(graph).getAllByTestId('edge-declared')).toHaveLength(2);
    expect(within(graph).getByTestId('edge-undeclared')).toHaveTextContent(
      'observed, not declared in the catalog, 800 calls, 40 errors',
    );
    const unused = within(graph).getByTestId('edge-unused');
    expect(unused.querySelector('path')).toHaveAttribute(
      'stroke-dasharray',
      '5 4',
    );
    for (const name of [
      'web',
      'checkout',
      'cart',
      'legacy-pricing',
      'resource:cart-db',
    ]) {
      expect(within(graph).getByText(name)).toBeInTheDocument();
    }
  });

  it('routes an edge that skips a column below the boxes, where it cannot hide behind one', async () => {
    await render(
      fakeApi({
        getSystemDependencies: jest.fn().mockResolvedValue({
          ...answer,
          dependencies: [
            dependency('web', 'checkout', true, true, 10),
            dependency('checkout', 'cart', true, true, 10),
            dependency('web', 'cart', true, false, 5),
          ],
        }),
      }),
    );
    const graph = await screen.findByRole('img', { name: 'Dependency graph' });
    const boxesBottom = Math.max(
      ...Array.from(graph.querySelectorAll('rect')).map(
        r => Number(r.getAttribute('y')) + Number(r.getAttribute('height')),
      ),
    );
    const ys = (edge: Element) =>
      (edge.querySelector('path')!.getAttribute('d') ?? '')
        .split(/[ MC]/)
        .filter(Boolean)
        .map(point => Number(point.split(',')[1]));
    const skipping = within(graph).getByTestId('edge-undeclared');
    expect(Math.max(...ys(skipping))).toBeGreaterThan(boxesBottom);
    for (const edge of within(graph).getAllByTestId('edge-declared')) {
      expect(Math.max(...ys(edge))).toBeLessThan(boxesBottom);
    }
    const [, , height] = graph.getAttribute('viewBox')!.split(' ').map(Number);
    expect(height).toBeGreaterThan(boxesBottom + 16);
  });

  it('asks again for a wider window', async () => {
    const api = await render();
    await screen.findByTestId('dependency-counts');
    await userEvent.click(screen.getByLabelText('Time range'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Last 7 days' }),
    );
    const [, window] = api.getSystemDependencies.mock.calls.at(-1);
    expect(window.to - window.from).toBe(7 * 86_400_000);
  });

  it('says so when nothing is declared or observed', async () => {
    await render(
      fakeApi({
        getSystemDependencies: jest
          .fn()
          .mockResolvedValue({ ...answer, dependencies: [] }),
      }),
    );
    expect(
      await screen.findByText('No dependencies declared or observed'),
    ).toBeInTheDocument();
  });
});
