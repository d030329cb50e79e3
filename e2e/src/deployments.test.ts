import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  Portal,
  freePort,
  makeBareRepo,
  run,
  startPortal,
  waitFor,
} from '@internal/paved-system-tests';
import { launchChromium, screenshot } from './browser';

jest.setTimeout(600_000);

// A developer deploys their service from its entity page against the stack's real control
// plane: previews the diff, watches the rollout's progress bar while its pods wait for a node,
// sees it succeed, deploys a second version, rolls it back with one click, and scales.

const runId = randomBytes(3).toString('hex');
const NS = `e2e-deploy-${runId}`;
const SERVICE = `e2e-shop-${runId}`;
// The pods select a node label that no node has until the test adds it, so the first rollout
// stays in progress for as long as the test needs to look at it.
const GATE = `paved.dev/e2e-gate-${runId}`;
const V1 = `registry.paved.dev/${SERVICE}:1.0.0`;
const V2 = `registry.paved.dev/${SERVICE}:2.0.0`;

let portal: Portal;
let browser: Browser;
let page: Page;
let tmp: string;

function env(key: string): string {
  const value = process.env[key];
  if (!value) {
    throw new Error(
      `${key} is not set; run scripts/stack up kubernetes and source its env (scripts/test does)`,
    );
  }
  return value;
}

const kubectl = async (...args: string[]) =>
  (await run(env('KUBECTL'), args, { timeoutMs: 60_000 })).stdout;

async function visible(locator: Locator, timeout = 30_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator.first();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A line of a preview's unified diff that adds (`+`) or removes (`-`) an image. */
const diffLine = (sign: '+' | '-', image: string) =>
  new RegExp(`^\\${sign}\\s*- image: ${escape(image)}$`);

const historyRow = (text: string) =>
  page.getByTestId('deployment-history').getByRole('row').filter({
    hasText: text,
  });

beforeAll(async () => {
  await kubectl('create', 'namespace', NS);
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-e2e-deploy-'));
  const dataDir = path.join(tmp, 'data');
  const port = await freePort();
  await makeBareRepo(dataDir, SERVICE, {
    'k8s/deployment.yaml': {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: SERVICE },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: SERVICE } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
        },
        template: {
          metadata: { labels: { app: SERVICE } },
          spec: {
            nodeSelector: { [GATE]: 'open' },
            containers: [
              {
                name: SERVICE,
                image: `${SERVICE}:latest`,
                ports: [{ containerPort: 8080 }],
              },
            ],
          },
        },
      },
    },
    'k8s/service.yaml': {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: SERVICE },
      spec: { selector: { app: SERVICE }, ports: [{ port: 80 }] },
    },
  });
  const catalogFile = path.join(tmp, 'entities.yaml');
  await fs.writeFile(
    catalogFile,
    stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: SERVICE,
        title: 'E2E Shop',
        annotations: {
          'paved.dev/deploy-cluster': 'local',
          'paved.dev/deploy-namespace': NS,
          'backstage.io/source-location': `url:http://127.0.0.1:${port}/api/git/repos/${SERVICE}.git/tree/main/`,
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/payments-team',
        system: 'system:default/payments',
      },
    }),
  );
  portal = await startPortal({
    viaStartScript: true,
    port,
    dataDir,
    extraCatalogLocations: [{ type: 'file', target: catalogFile }],
    config: {
      deployments: {
        clusters: [
          {
            name: 'local',
            title: 'Stack cluster',
            kubeconfig: { path: env('KUBECONFIG') },
          },
        ],
      },
    },
  });
  await waitFor(`${SERVICE} in the catalog`, async () => {
    const res = await portal.api(
      `/api/catalog/entities/by-name/component/default/${SERVICE}`,
    );
    return res.ok ? true : undefined;
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.setDefaultTimeout(30_000);
  await page.goto(portal.baseUrl);
  await (await visible(page.getByRole('button', { name: 'Enter' }))).click();
  await visible(page.getByRole('heading', { name: /Welcome/ }));
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  await kubectl('label', 'node', '--all', `${GATE}-`).catch(() => '');
  await kubectl('delete', 'namespace', NS, '--wait=false').catch(() => '');
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

describe('deploying from the entity page, in Chromium', () => {
  it('says the service is not deployed yet and previews the first deploy as a diff', async () => {
    await page.goto(
      `${portal.baseUrl}/catalog/default/component/${SERVICE}/deployments`,
    );
    await visible(page.getByText('Not deployed to Stack cluster yet'));
    await screenshot(page, '30-deployments-empty');

    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    const dialog = await visible(page.getByRole('dialog'));
    await dialog.getByLabel('Image').fill('Registry.Paved.dev/Shop!');
    await visible(dialog.getByText(/Invalid image reference/));
    await dialog.getByLabel('Image').fill(V1);
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const preview = await visible(dialog.getByTestId('deploy-preview'));
    await visible(preview.getByTestId(`preview-object-Deployment-${SERVICE}`));
    await visible(preview.getByText(diffLine('+', V1)));
    // The repository's own manifests, not generated ones.
    await visible(dialog.getByText(new RegExp(`from .*/${SERVICE}\\.git`)));
    await screenshot(page, '31-deploy-preview', { fullPage: false });
  });

  it('shows the rollout in progress while its pods wait, and its success once they run', async () => {
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Deploy', exact: true }).click();
    const rollout = await visible(page.getByTestId('rollout-in-flight'));
    // Both pods exist, updated, and wait for a node: half way, as kubectl would count it.
    await visible(rollout.getByText('0 of 2 updated replicas are available'));
    await visible(rollout.locator('[role="progressbar"][aria-valuenow="50"]'));
    await visible(
      page.getByTestId('cluster-card-local').getByText('0/2 ready'),
    );
    // The bar slides to its value.
    await page.waitForTimeout(600);
    await screenshot(page, '32-rollout-in-progress');

    await kubectl('label', 'node', '--all', `${GATE}=open`, '--overwrite');
    await visible(page.getByTestId('rollout-succeeded'), 60_000);
    await visible(
      page.getByTestId('cluster-card-local').getByText('2/2 ready'),
      30_000,
    );
    await visible(historyRow('1.0.0').getByText('Succeeded'));
    await screenshot(page, '33-rollout-succeeded');
  });

  it('deploys a second version and rolls it back with one click to the first image', async () => {
    await page
      .getByTestId('cluster-card-local')
      .getByRole('button', { name: 'Deploy', exact: true })
      .click();
    const dialog = await visible(page.getByRole('dialog'));
    await dialog.getByLabel('Image').fill(V2);
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const preview = await visible(dialog.getByTestId('deploy-preview'));
    await visible(preview.getByText(diffLine('-', V1)));
    await visible(preview.getByText(diffLine('+', V2)));
    await dialog.getByRole('button', { name: 'Deploy', exact: true }).click();
    await visible(historyRow('2.0.0').getByText('Succeeded'), 60_000);

    await historyRow('2.0.0').getByRole('button', { name: 'Rollback' }).click();
    const confirm = await visible(page.getByRole('dialog'));
    await screenshot(page, '34-rollback-confirm', { fullPage: false });
    await confirm.getByRole('button', { name: 'Roll back' }).click();
    await visible(
      historyRow('Rollback')
        .filter({ hasText: '1.0.0' })
        .getByText('Succeeded'),
      60_000,
    );
    await visible(page.getByTestId('cluster-card-local').getByText(V1));
    await screenshot(page, '35-rolled-back');

    const live = JSON.parse(
      await kubectl('get', 'deployment', SERVICE, '-n', NS, '-o', 'json'),
    );
    expect(live.spec.template.spec.containers[0].image).toBe(V1);
    const history = await portal.json(
      `/api/deployments/entities/component/default/${SERVICE}/deployments`,
    );
    expect(
      history.items.map((d: any) => `${d.action} ${d.image} ${d.status}`),
    ).toEqual([
      `rollback ${V1} succeeded`,
      `deploy ${V2} succeeded`,
      `deploy ${V1} succeeded`,
    ]);
  });

  it('scales the service, and the card shows the new replica count ready', async () => {
    await page
      .getByTestId('cluster-card-local')
      .getByRole('button', { name: 'Scale' })
      .click();
    const dialog = await visible(page.getByRole('dialog'));
    await dialog.getByLabel(/Replicas/).fill('3');
    await dialog.getByRole('button', { name: 'Scale' }).click();
    await visible(
      page.getByTestId('cluster-card-local').getByText('3/3 ready'),
      60_000,
    );
    await screenshot(page, '36-scaled');
    const live = JSON.parse(
      await kubectl('get', 'deployment', SERVICE, '-n', NS, '-o', 'json'),
    );
    expect(live.spec.replicas).toBe(3);
  });
});
