import { screen, waitFor } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { ExtensionDefinition } from '@backstage/frontend-plugin-api';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { tracesApiRef } from './api/TracesApi';
import { dependenciesContent, tracePage, tracesContent } from './plugin';
import {
  TRACE_ID,
  checkoutEntity,
  fakeApi,
  span,
  trace,
} from './testing/fixtures';

/** The page and its content load lazily; on a busy machine that takes more than a second. */
const SLOW = { timeout: 10_000 };

const shopSystem = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'team-a' },
};

const noDependencies = {
  systemRef: 'system:default/shop',
  from: 0,
  to: 1,
  components: [],
  dependencies: [],
};

function renderEntity(
  entity: object,
  content: ExtensionDefinition,
  api: ReturnType<typeof fakeApi>,
) {
  renderTestApp({
    extensions: [createTestEntityPage({ entity: entity as any }), content],
    apis: [[tracesApiRef, api as any]],
  });
}

const team = { ...shopSystem, kind: 'Group', metadata: { name: 'team-a' } };

describe('traces plugin', () => {
  it('gives a component the Traces tab, for the service its spans name', async () => {
    const api = fakeApi();
    renderEntity(checkoutEntity(), tracesContent, api);
    expect(
      await screen.findByTestId('no-traces', {}, SLOW),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(api.listOperations).toHaveBeenCalledWith(
        'checkout',
        expect.anything(),
      ),
    );
  });

  it.each([
    ['a system', shopSystem],
    ['a group', team],
  ])('leaves the Traces tab off %s', async (_, entity) => {
    const api = fakeApi();
    renderEntity(entity, tracesContent, api);
    expect(
      await screen.findByTestId('empty-entity-page', {}, SLOW),
    ).toBeInTheDocument();
    expect(api.listOperations).not.toHaveBeenCalled();
  });

  it('gives a system the Dependencies tab', async () => {
    const api = fakeApi({
      getSystemDependencies: jest.fn().mockResolvedValue(noDependencies),
    });
    renderEntity(shopSystem, dependenciesContent, api);
    expect(
      await screen.findByText('No dependencies declared or observed', {}, SLOW),
    ).toBeInTheDocument();
  });

  it.each([
    ['a component', checkoutEntity()],
    ['a group', team],
  ])('leaves the Dependencies tab off %s', async (_, entity) => {
    const api = fakeApi();
    renderEntity(entity, dependenciesContent, api);
    expect(
      await screen.findByTestId('empty-entity-page', {}, SLOW),
    ).toBeInTheDocument();
    expect(api.getSystemDependencies).not.toHaveBeenCalled();
  });

  it('serves the waterfall of a trace at /traces/:traceId', async () => {
    const api = fakeApi({
      getTrace: jest
        .fn()
        .mockResolvedValue(
          trace([span('a', null, { name: 'GET /cart' }), span('b', 'a')]),
        ),
    });
    renderTestApp({
      extensions: [tracePage],
      apis: [[tracesApiRef, api as any]],
      initialRouteEntries: [`/traces/${TRACE_ID}`],
    });
    expect(
      await screen.findByText('checkout: GET /cart', {}, SLOW),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('treeitem')).toHaveLength(2);
    expect(api.getTrace).toHaveBeenCalledWith(TRACE_ID);
  });
});
