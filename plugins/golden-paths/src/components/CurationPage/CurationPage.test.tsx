import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { goldenPathsApiRef } from '@paved/plugin-golden-paths-react';
import { CurationPage } from './CurationPage';

const today = new Date().toISOString().slice(0, 10);
const template = (name: string, lifecycle: string) => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name,
    namespace: 'default',
    title: `${name} title`,
    annotations: { 'paved.dev/lifecycle': lifecycle },
  },
  spec: { type: 'service', owner: 'group:default/platform-team' },
});
const usage = (ref: string, succeeded: number, failed: number) => ({
  templateRef: ref,
  runs: succeeded + failed,
  succeeded,
  failed,
  inProgress: 0,
  successRate: succeeded / (succeeded + failed),
  medianDurationMs: 40_000,
  lastRunAt: new Date().toISOString(),
  daily: [{ date: today, succeeded, failed }],
});

function render(api: any) {
  return renderInTestApp(<CurationPage />, {
    apis: [
      [
        catalogApiRef,
        catalogApiMock({
          entities: [
            template('node-service', 'recommended'),
            template('old-svc', 'deprecated'),
            template('idle', 'supported'),
          ],
        }),
      ],
      [goldenPathsApiRef, api],
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('CurationPage', () => {
  const response = {
    days: 30,
    syncedAt: new Date().toISOString(),
    templates: [
      usage('template:default/node-service', 9, 1),
      usage('template:default/old-svc', 2, 0),
    ],
  };

  it('sums the last 30 days and calls out deprecated paths still in use', async () => {
    const sync = jest.fn().mockResolvedValue({ added: 0, updated: 0 });
    await render({ getUsage: async () => response, sync });
    expect(await screen.findByText('12')).toBeInTheDocument(); // runs in 30 days
    expect(sync).toHaveBeenCalled(); // read the scaffolder before showing figures
    expect(screen.getByText('1 failed')).toBeInTheDocument();
    expect(screen.getByText('92%')).toBeInTheDocument();
    // Named in the "still used" card as well as in the table.
    expect(screen.getAllByText('old-svc title')).toHaveLength(2);
    const rows = screen.getAllByRole('row').map(r => r.textContent ?? '');
    expect(rows.findIndex(r => r.includes('node-service title'))).toBeLessThan(
      rows.findIndex(r => r.includes('idle title')),
    );
    expect(rows.find(r => r.includes('node-service title'))).toMatch(
      /Recommended.*10.*90%.*40 s/,
    );
    expect(rows.find(r => r.includes('idle title'))).toMatch(/never/);
  });

  it('shows the last sync error and refreshes on request', async () => {
    const sync = jest
      .fn()
      .mockResolvedValueOnce({ added: 0, updated: 0 })
      .mockRejectedValue(new Error('scaffolder answered 503'));
    await render({
      getUsage: async () => ({ ...response, syncError: 'connection refused' }),
      sync,
    });
    expect(await screen.findByText('connection refused')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    expect(sync).toHaveBeenCalled();
    expect(
      await screen.findByText('scaffolder answered 503'),
    ).toBeInTheDocument();
  });

  it('says plainly when usage cannot be loaded', async () => {
    await render({
      getUsage: async () =>
        Promise.reject(new Error('golden-paths backend is down')),
      sync: jest.fn().mockRejectedValue(new Error('down')),
    });
    expect(
      await screen.findByText(/Could not load golden-path usage/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/golden-paths backend is down/),
    ).toBeInTheDocument();
  });
});
