import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  Portal,
  REPO_ROOT,
  run,
  startPortal,
  waitFor,
} from '@internal/paved-system-tests';
import { launchChromium, screenshot } from './browser';

jest.setTimeout(600_000);

// A developer's first morning with Paved, in a real browser against ./scripts/start: guest
// sign-in, the golden-path gallery, a bad name, a good one, the task, the entity page, a clone,
// a secret that stays out of the URL, and a restart that keeps everything.

const NAME = 'e2e-orders';
const SECRET = 'e2e-secret-7d1f0c42';
let portal: Portal;
let browser: Browser;
let page: Page;
let dataDir: string;
let tmp: string;
let viewSourceUrl: string;

async function visible(locator: Locator, timeout = 30_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator.first();
}

async function startFromScratchOrAgain(): Promise<Portal> {
  return startPortal({
    viaStartScript: true,
    dataDir,
    port: portal?.port,
    extraCatalogLocations: [
      {
        type: 'file',
        target: path.join(REPO_ROOT, 'test/fixtures/templates/*/template.yaml'),
        rules: [{ allow: ['Template'] }],
      },
    ],
  });
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-e2e-'));
  dataDir = path.join(tmp, 'data');
  await fs.mkdir(dataDir);
  portal = await startFromScratchOrAgain();
  await waitFor(
    'the golden paths and demo organisation in the catalog',
    async () => {
      const res = await portal.api(
        '/api/catalog/entities/by-name/template/default/test-secret-param',
      );
      const org = await portal.api(
        '/api/catalog/entities/by-name/system/default/payments',
      );
      return res.ok && org.ok ? true : undefined;
    },
  );
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.setDefaultTimeout(30_000);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('from sign-in to a scaffolded service, in Chromium', () => {
  it('signs in as the demo user with guest sign-in', async () => {
    await page.goto(portal.baseUrl);
    await (await visible(page.getByRole('button', { name: 'Enter' }))).click();
    // The home page greets the demo user by name and starts from the golden paths.
    await visible(page.getByRole('heading', { name: 'Welcome, Sam Rivera' }));
    await visible(page.getByRole('heading', { name: 'Start something new' }));
    await visible(page.getByRole('link', { name: 'Checkout API' }));
    await screenshot(page, '01-home');
  });

  it('lists golden paths with recommended first and deprecated ones hidden', async () => {
    await page.goto(`${portal.baseUrl}/create`);
    await visible(page.getByRole('heading', { name: 'Recommended' }));
    const headings = await page
      .getByRole('heading', { level: 2 })
      .allTextContents();
    expect(headings.indexOf('Recommended')).toBeLessThan(
      headings.indexOf('Supported'),
    );
    expect(headings).not.toContain('Deprecated');
    await visible(page.getByTestId('template-card-node-service'));
    expect(
      await page.getByTestId('template-card-express-service-legacy').count(),
    ).toBe(0);
    await screenshot(page, '02-golden-paths');
  });

  it('warns before a deprecated golden path runs and offers its replacement', async () => {
    await page.getByLabel(/Show deprecated/).check();
    await visible(page.getByRole('heading', { name: 'Deprecated' }));
    await page
      .getByTestId('template-card-express-service-legacy')
      .getByRole('button', { name: /Choose/ })
      .click();
    const dialog = await visible(page.getByRole('dialog'));
    expect(await dialog.textContent()).toMatch(
      /is deprecated.*Use Node\.js HTTP service \(TypeScript\) instead/s,
    );
    await screenshot(page, '03-deprecated-warning', { fullPage: false });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByLabel(/Show deprecated/).uncheck();
  });

  it('explains a bad name while it is typed', async () => {
    await page
      .getByTestId('template-card-node-service')
      .getByRole('button', { name: /Choose/ })
      .click();
    const name = await visible(page.getByRole('textbox', { name: 'Name' }));
    await name.fill('My Service');
    await visible(page.getByText(/Spaces are not allowed/));
    await screenshot(page, '04-bad-name');
    await name.fill('checkout-api');
    await visible(
      page.getByText(/Already used by component:default\/checkout-api/),
    );
    await screenshot(page, '05-taken-name');
  });

  it('runs node-service with a good name to a completed task', async () => {
    await page.getByRole('textbox', { name: 'Name' }).fill(NAME);
    await visible(page.getByText(`"${NAME}" is available`));
    await page.getByRole('textbox', { name: 'Owner' }).click();
    await page.keyboard.type('payments');
    await (
      await visible(page.getByRole('option', { name: /payments/i }))
    ).click();
    await page.getByRole('textbox', { name: 'System' }).click();
    await (
      await visible(page.getByRole('option', { name: /payments/i }))
    ).click();
    await page
      .getByRole('textbox', { name: 'Description' })
      .fill('Takes orders from the e2e test');
    await page.getByRole('button', { name: 'Next' }).click();
    await visible(page.getByText('HTTP port'));
    await page
      .getByRole('button', { name: 'Review' })
      .or(page.getByRole('button', { name: 'Next' }))
      .first()
      .click();
    await visible(page.getByRole('button', { name: 'Create' }));
    await screenshot(page, '06-review');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/create\/tasks\//);
    await visible(page.getByRole('link', { name: /Open in catalog/ }), 180_000);
    await screenshot(page, '07-task-completed');
  });

  it('opens the new entity page, which links to its repository', async () => {
    await page.getByRole('link', { name: /Open in catalog/ }).click();
    await visible(page.getByRole('heading', { name: NAME }));
    const viewSource = await visible(
      page.getByRole('link', { name: /View Source/i }),
    );
    viewSourceUrl = (await viewSource.getAttribute('href'))!;
    expect(viewSourceUrl).toBe(
      `${portal.baseUrl}/api/git/repos/${NAME}.git/tree/main/`,
    );
    await screenshot(page, '08-entity-page');
  });

  it('clones that repository with git and finds the generated service', async () => {
    const cloneUrl = viewSourceUrl.replace(/\/tree\/.*$/, '');
    const dir = path.join(tmp, 'clone');
    await run('git', ['clone', '-q', cloneUrl, dir], {
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    });
    const catalogInfo = await fs.readFile(
      path.join(dir, 'catalog-info.yaml'),
      'utf8',
    );
    expect(catalogInfo).toContain(`name: ${NAME}`);
    expect(catalogInfo).toContain('owner: group:default/payments-team');
    // The same link opened in the browser shows the files and the clone command.
    await page.goto(viewSourceUrl);
    await visible(page.getByText(`git clone ${cloneUrl}`));
    await screenshot(page, '09-repository-page');
  });

  it('keeps a secret parameter out of the page URL and the stored task', async () => {
    await page.goto(
      `${portal.baseUrl}/create/templates/default/test-secret-param`,
    );
    await (
      await visible(page.getByRole('textbox', { name: 'Label' }))
    ).fill('billing');
    await page.getByLabel('API token').fill(SECRET);
    await page.waitForTimeout(500);
    expect(decodeURIComponent(page.url())).not.toContain(SECRET);
    await page
      .getByRole('button', { name: /Review|Next/ })
      .first()
      .click();
    await visible(page.getByRole('button', { name: 'Create' }));
    expect(decodeURIComponent(page.url())).not.toContain(SECRET);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/create\/tasks\//);
    const taskId = page.url().split('/tasks/')[1].split(/[?#]/)[0];
    await visible(page.getByText(/Used the token for billing/), 120_000);
    await screenshot(page, '10-secret-task');
    expect(decodeURIComponent(page.url())).not.toContain(SECRET);
    const task = await portal.json(`/api/scaffolder/v2/tasks/${taskId}`);
    const events = await portal.json(
      `/api/scaffolder/v2/tasks/${taskId}/events`,
    );
    expect(JSON.stringify(task)).not.toContain(SECRET);
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });

  it('shows the run on the curation page for platform teams', async () => {
    await portal.json('/api/golden-paths/sync', { method: 'POST' });
    await page.goto(`${portal.baseUrl}/golden-paths`);
    await visible(page.getByText(/Usage read from the scaffolder/));
    const row = await visible(
      page.getByRole('row', { name: /Node\.js HTTP service/ }),
    );
    expect(await row.textContent()).toMatch(/Recommended.*100%/s);
    await screenshot(page, '11-curation');
  });

  it('stops everything on SIGTERM and keeps all data across a restart', async () => {
    const port = portal.port;
    await portal.stop();
    await expect(
      fetch(`http://127.0.0.1:${port}/.backstage/health/v1/readiness`),
    ).rejects.toThrow();
    portal = await startFromScratchOrAgain();
    const entity = await portal.json(
      `/api/catalog/entities/by-name/component/default/${NAME}`,
    );
    expect(entity.spec.owner).toBe('group:default/payments-team');
    const { items } = await portal.json('/api/git/repositories');
    expect(items.map((r: any) => r.name)).toContain(NAME);
    const tasks = await portal.json('/api/scaffolder/v2/tasks?limit=50');
    expect(tasks.tasks.length).toBeGreaterThanOrEqual(2);
    await page.goto(`${portal.baseUrl}/catalog/default/component/${NAME}`);
    await visible(page.getByRole('heading', { name: NAME }));
    await screenshot(page, '12-after-restart');
  });
});
