import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  GeneratedService,
  Portal,
  cloneAndBuild,
  logOf,
  runTemplate,
  startGeneratedService,
  startPortal,
  waitFor,
} from '@internal/paved-system-tests';
import { launchChromium, screenshot } from './browser';

jest.setTimeout(900_000);

// What an on-call engineer sees of a brand-new service, in a real browser against
// ./scripts/start: the service is scaffolded from the golden path, built and run as its README
// says with the token ./scripts/start generated, takes some traffic, and its entity page then
// shows RED charts, the trace list and, one click further, the waterfall of a trace.

const NAME = 'e2e-traced';
let portal: Portal;
let browser: Browser;
let page: Page;
let tmp: string;
let dataDir: string;
let service: GeneratedService | undefined;

async function visible(locator: Locator, timeout = 30_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator.first();
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-e2e-traces-'));
  dataDir = path.join(tmp, 'data');
  await fs.mkdir(dataDir);
  // No PAVED_OTLP_TOKEN from the runner: the token must be the one ./scripts/start makes.
  delete process.env.PAVED_OTLP_TOKEN;
  portal = await startPortal({ viaStartScript: true, dataDir });
  await waitFor('the golden paths and the demo organisation', async () => {
    const template = await portal.api(
      '/api/catalog/entities/by-name/template/default/node-service',
    );
    const system = await portal.api(
      '/api/catalog/entities/by-name/system/default/payments',
    );
    return template.ok && system.ok ? true : undefined;
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.setDefaultTimeout(30_000);
});

afterAll(async () => {
  await service?.stop();
  await browser?.close();
  await portal?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('a scaffolded service’s traces on its entity page, in Chromium', () => {
  it('runs a freshly scaffolded node-service with the token ./scripts/start generated', async () => {
    const tokenFile = path.join(dataDir, 'otlp-token');
    const stat = await fs.stat(tokenFile);
    // Only the owner may read the ingest token.
    expect(stat.mode & 0o077).toBe(0);
    const token = (await fs.readFile(tokenFile, 'utf8')).trim();
    expect(token.length).toBeGreaterThanOrEqual(32);

    const result = await runTemplate(portal, 'template:default/node-service', {
      name: NAME,
      owner: 'group:default/payments-team',
      system: 'system:default/payments',
      description: 'Shows its traces in the e2e test',
      deploy: false,
    });
    expect({
      status: result.status,
      log: result.status === 'completed' ? '' : logOf(result),
    }).toEqual({ status: 'completed', log: '' });

    const dir = path.join(tmp, NAME);
    await cloneAndBuild(portal, NAME, dir);
    service = await startGeneratedService(dir, { PAVED_OTLP_TOKEN: token });
    const base = service.baseUrl;

    // Some traffic with a shape: mostly good requests, some the service refuses.
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const name = i % 8 === 7 ? ' ' : `caller-${i}`;
      const res = await fetch(
        `${base}/v1/greetings/${encodeURIComponent(name)}`,
      );
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.filter(s => s === 200)).toHaveLength(35);
    expect(statuses.filter(s => s === 400)).toHaveLength(5);

    // The SDK's batch processor exports every few seconds; nothing needs to be flushed by hand.
    await waitFor(
      `the greetings of ${NAME} in the portal`,
      async () => {
        const { traces } = await portal.json<{ traces: unknown[] }>(
          `/api/traces/services/${NAME}/traces?operation=${encodeURIComponent(
            'GET /v1/greetings/:name',
          )}&limit=100`,
        );
        return traces.length >= 40 ? true : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1000 },
    ).catch(error => {
      throw new Error(`${error.message}; service output: ${service!.output()}`);
    });
  });

  it('shows RED charts and the trace list on the entity’s Traces tab', async () => {
    await page.goto(portal.baseUrl);
    await (await visible(page.getByRole('button', { name: 'Enter' }))).click();
    await visible(page.getByRole('heading', { name: /Welcome/ }));
    await page.goto(`${portal.baseUrl}/catalog/default/component/${NAME}`);
    await visible(page.getByRole('heading', { name: NAME }));
    // The entity page's tabs are links to their own routes.
    await (
      await visible(page.getByRole('link', { name: 'Traces', exact: true }))
    ).click();
    await page.waitForURL(new RegExp(`/component/${NAME}/traces`));

    const charts = await visible(page.getByTestId('red-charts'), 60_000);
    // Three cards: the window's totals in their subheaders, a drawn line in each chart.
    await visible(charts.getByText(/^\d+ in the window/));
    const requests = await charts
      .getByText(/^\d+ in the window/)
      .first()
      .textContent();
    expect(Number(requests!.match(/^(\d+)/)![1])).toBeGreaterThanOrEqual(40);
    for (const label of [
      'Request rate',
      'Error ratio',
      'Latency percentiles',
    ]) {
      const chart = charts.getByRole('img', { name: label });
      await visible(chart);
      // Something drawn: a line through two steps or more, or a dot for a lone one.
      const drawn = await chart.evaluate(
        svg =>
          [...svg.querySelectorAll('path')].some(p =>
            (p.getAttribute('d') ?? '').includes('L'),
          ) || svg.querySelector('[data-testid="chart-point"]') !== null,
      );
      expect({ label, drawn }).toEqual({ label, drawn: true });
    }

    const list = await visible(
      page.getByRole('heading', { name: /^Traces \(\d+/ }),
    );
    expect(await list.textContent()).toMatch(/Traces \((\d{2}|50\+)/);
    await visible(
      page.getByRole('link', { name: `${NAME}: GET /v1/greetings/:name` }),
    );
    await screenshot(page, '40-traces-tab');
  });

  it('opens the waterfall of a trace from the list, with the span’s details', async () => {
    await page
      .getByRole('link', { name: `${NAME}: GET /v1/greetings/:name` })
      .first()
      .click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/);
    const tree = await visible(page.getByRole('tree', { name: 'Spans' }));
    const rows = tree.getByRole('treeitem');
    await visible(rows);
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
    // A greeting is one SERVER span: no database or downstream call in the template.
    await visible(page.getByTestId('trace-summary'));
    expect(await page.getByTestId('trace-summary').textContent()).toMatch(
      /^1 span · 1 service · [\d.]+ (ns|µs|ms)/,
    );
    expect(await rows.first().textContent()).toContain(
      `${NAME}GET /v1/greetings/:name`,
    );
    await screenshot(page, '41-trace-waterfall');

    await rows.first().click();
    const details = await visible(page.getByTestId('span-details'));
    const text = await details.textContent();
    expect(text).toContain('GET /v1/greetings/:name');
    expect(text).toMatch(/http\.(response\.)?status_code/);
    expect(text).toContain(NAME);
    await screenshot(page, '42-span-details');
  });

  it('links the trace back to the catalog entity its service maps to', async () => {
    await visible(
      page.getByRole('link', { name: new RegExp(`^${NAME}$`) }),
    ).then(link => link.click());
    await page.waitForURL(new RegExp(`/catalog/default/component/${NAME}`));
    await visible(page.getByRole('heading', { name: NAME }));
  });
});
