import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { goldenPathsApiRef } from '@paved/plugin-golden-paths-react';
import { Route, Routes } from 'react-router-dom';
import { GoldenPathsTemplateList } from './GoldenPathsTemplateList';

// Typing re-renders the whole form per keystroke; on a 2-core CI machine that also builds
// Kubernetes in the background, 5 s is not enough for a few fields.
jest.setTimeout(30_000);

const template = (
  name: string,
  lifecycle: string | undefined,
  type: string,
  extra: Record<string, string> = {},
) => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name,
    namespace: 'default',
    title: `${name} title`,
    description: `${name} description`,
    annotations: {
      ...(lifecycle ? { 'paved.dev/lifecycle': lifecycle } : {}),
      'paved.dev/template-version': '2.1.0',
      ...extra,
    },
  },
  spec: {
    type,
    owner: 'group:default/platform-team',
    steps: [],
    parameters: [],
  },
});

const entities = [
  template('supported-svc', 'supported', 'service'),
  template('node-service', 'recommended', 'service'),
  template('old-svc', 'deprecated', 'service', {
    'paved.dev/deprecation-message': 'Old and tired.',
    'paved.dev/replaced-by': 'template:default/node-service',
  }),
  template('no-lifecycle', undefined, 'pipeline'),
];

const usage = {
  days: 30,
  syncedAt: '2026-12-03T10:00:00Z',
  templates: [
    {
      templateRef: 'template:default/node-service',
      runs: 12,
      succeeded: 11,
      failed: 1,
      inProgress: 0,
      successRate: 11 / 12,
      medianDurationMs: 38_000,
      lastRunAt: new Date().toISOString(),
      daily: [{ date: '2026-12-03', succeeded: 11, failed: 1 }],
    },
  ],
};

function render(options: { withUsage?: boolean } = {}) {
  const apis: any[] = [[catalogApiRef, catalogApiMock({ entities })]];
  if (options.withUsage !== false) {
    apis.push([
      goldenPathsApiRef,
      {
        getUsage: async () => usage,
        getTemplateUsage: jest.fn(),
        sync: jest.fn(),
      },
    ]);
  }
  return renderInTestApp(
    <Routes>
      <Route path="/" element={<GoldenPathsTemplateList />} />
      <Route
        path="/:namespace/:name"
        element={<div>wizard for the chosen template</div>}
      />
    </Routes>,
    {
      apis,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('GoldenPathsTemplateList', () => {
  it('groups templates with recommended first and hides deprecated ones', async () => {
    await render();
    await screen.findByRole('heading', { name: 'Recommended' });
    const headings = screen
      .getAllByRole('heading', { level: 2 })
      .map(h => h.textContent);
    expect(headings).toEqual(['Recommended', 'Supported']);
    expect(screen.queryByText('old-svc title')).not.toBeInTheDocument();
    // A template without a lifecycle annotation counts as supported.
    const supported = screen.getByRole('region', { name: 'Supported' });
    expect(
      within(supported).getByText('no-lifecycle title'),
    ).toBeInTheDocument();
    expect(screen.getByText('Show deprecated (1)')).toBeInTheDocument();
  });

  it('shows usage on the cards and says so for unused templates', async () => {
    await render();
    const card = await screen.findByTestId('template-card-node-service');
    expect(
      within(card).getByText(
        /12 runs · 92% succeeded · median 38 s · last used just now/,
      ),
    ).toBeInTheDocument();
    expect(within(card).getByText(/v2\.1\.0/)).toBeInTheDocument();
    expect(
      within(screen.getByTestId('template-card-supported-svc')).getByText(
        'Not used yet',
      ),
    ).toBeInTheDocument();
  });

  it('still lists every template without usage figures when the golden-paths backend is absent', async () => {
    await render({ withUsage: false });
    const card = await screen.findByTestId('template-card-node-service');
    expect(within(card).queryByTestId('usage-summary')).not.toBeInTheDocument();
  });

  it('warns before a deprecated template runs and offers its replacement', async () => {
    await render();
    await userEvent.click(await screen.findByLabelText(/Show deprecated/));
    const card = await screen.findByTestId('template-card-old-svc');
    await userEvent.click(within(card).getByRole('button', { name: /Choose/ }));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('old-svc title is deprecated'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('Old and tired.')).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', {
        name: 'Use node-service title instead',
      }),
    );
    expect(
      await screen.findByText('wizard for the chosen template'),
    ).toBeInTheDocument();
  });

  it('goes straight to the form for a recommended template', async () => {
    await render();
    const card = await screen.findByTestId('template-card-node-service');
    await userEvent.click(within(card).getByRole('button', { name: /Choose/ }));
    expect(
      await screen.findByText('wizard for the chosen template'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('filters by search text and category', async () => {
    await render();
    await screen.findByTestId('template-card-node-service');
    await userEvent.click(screen.getByRole('button', { name: 'pipeline' }));
    await waitFor(() =>
      expect(
        screen.queryByTestId('template-card-node-service'),
      ).not.toBeInTheDocument(),
    );
    expect(
      screen.getByTestId('template-card-no-lifecycle'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'All categories' }),
    );
    await userEvent.type(
      screen.getByLabelText('Search golden paths'),
      'supported-svc',
    );
    await waitFor(() =>
      expect(
        screen.queryByTestId('template-card-node-service'),
      ).not.toBeInTheDocument(),
    );
    expect(
      screen.getByTestId('template-card-supported-svc'),
    ).toBeInTheDocument();
  });
});
