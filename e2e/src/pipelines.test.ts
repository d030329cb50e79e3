import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { Portal, startPortal, waitFor } from '@internal/paved-system-tests';
import { launchChromium, screenshot } from './browser';

jest.setTimeout(600_000);

// A data engineer registers a pipeline in the browser and, within one poll interval, sees the
// lag Kafka reports for it, judged against the SLO they chose; on-call finds it in the list and
// on the page of the service that runs it; a 1,000-partition topic stays readable.

const run = randomBytes(3).toString('hex');
const TOPIC = `e2e-orders-${run}`;
const GROUP = `e2e-enricher-${run}`;
const NAME = `e2e-enrichment-${run}`;
const WIDE_TOPIC = `e2e-wide-${run}`;
const WIDE = `e2e-wide-${run}`;
// Messages per partition: 10, 20, ... 120. The group has read partitions 0-5 completely, so
// the lag is 70 + 80 + ... + 120 = 570: over an SLO of 500, under twice it.
const COUNTS = Array.from({ length: 12 }, (_, p) => (p + 1) * 10);
const LAG = COUNTS.slice(6).reduce((a, b) => a + b, 0);
const WIDE_COUNTS = Array.from({ length: 1000 }, (_, p) =>
  p % 97 === 0 ? 40 : 2,
);
const WIDE_LAG = WIDE_COUNTS.reduce((a, b) => a + b, 0);
// The portal's default schedule; registering must not have to wait for it.
const POLL_INTERVAL_MS = 30_000;

let portal: Portal;
let browser: Browser;
let page: Page;
let tmp: string;
let kafka: Kafka;
let admin: Admin;

async function visible(locator: Locator, timeout = 30_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator.first();
}

async function produce(topic: string, counts: number[]) {
  // Idempotent: a retried send (the broker is busy on two cores) must not write twice.
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const messages = counts.flatMap((n, partition) =>
    Array.from({ length: n }, (_, i) => ({
      partition,
      value: JSON.stringify({ orderId: `o-${partition}-${i}` }),
    })),
  );
  for (let i = 0; i < messages.length; i += 1000) {
    await producer.send({ topic, messages: messages.slice(i, i + 1000) });
  }
  await producer.disconnect();
}

beforeAll(async () => {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    throw new Error(
      'KAFKA_BROKERS is not set; run scripts/stack up kafka and source its env (scripts/test does)',
    );
  }
  kafka = new Kafka({
    clientId: 'paved-e2e',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: TOPIC, numPartitions: 12 },
      { topic: WIDE_TOPIC, numPartitions: 1000 },
    ],
    waitForLeaders: true,
  });
  await produce(TOPIC, COUNTS);
  await admin.setOffsets({
    groupId: GROUP,
    topic: TOPIC,
    partitions: COUNTS.slice(0, 6).map((n, partition) => ({
      partition,
      offset: String(n),
    })),
  });
  // A wide topic with a few partitions far behind the rest.
  await produce(WIDE_TOPIC, WIDE_COUNTS);

  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-e2e-pipelines-'));
  const dataDir = path.join(tmp, 'data');
  await fs.mkdir(dataDir);
  portal = await startPortal({
    viaStartScript: true,
    dataDir,
    config: {
      pipelines: {
        kafka: { clusters: [{ name: 'local', brokers: brokers.split(',') }] },
      },
    },
  });
  await waitFor('the demo organisation in the catalog', async () => {
    const res = await portal.api(
      '/api/catalog/entities/by-name/component/default/checkout-api',
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
  await admin
    ?.deleteTopics({ topics: [TOPIC, WIDE_TOPIC] })
    .catch(() => undefined);
  await admin?.disconnect();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

describe('a pipeline registered in the browser, in Chromium', () => {
  it('offers the cluster’s topics and the groups reading one, and checks fields as they are typed', async () => {
    await page.goto(`${portal.baseUrl}/pipelines`);
    await (
      await visible(page.getByRole('button', { name: 'Register pipeline' }))
    ).click();
    await visible(page.getByRole('heading', { name: 'Register a pipeline' }));

    const name = page.getByLabel(/^Name/);
    await name.fill('Orders Enrichment!');
    await visible(page.getByText(/must be 1-63 letters, digits/));
    await name.fill(NAME);

    const topic = page.getByLabel('Input topic 1');
    await topic.fill(TOPIC.slice(0, -2));
    await (await visible(page.getByRole('option', { name: TOPIC }))).click();
    const group = page.getByLabel('Consumer group');
    await group.click();
    await visible(page.getByText('1 group(s) read this topic'));
    await (await visible(page.getByRole('option', { name: GROUP }))).click();

    await page.getByLabel('Runs as component').click();
    await (
      await visible(page.getByRole('option', { name: 'Checkout API' }))
    ).click();
    await page.getByLabel('Most messages behind').fill('500');
    await screenshot(page, '20-register-pipeline');
  });

  it('shows the real lag and health within one poll interval of registering', async () => {
    const registeredAt = Date.now();
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.waitForURL(
      new RegExp(`/catalog/default/pipeline/${NAME}/health$`),
      { timeout: 30_000 },
    );
    await visible(
      page.getByText(
        `Lag of ${LAG} messages is over the SLO of 500 (${(LAG / 500).toFixed(
          1,
        )}x)`,
      ),
      POLL_INTERVAL_MS,
    );
    expect(Date.now() - registeredAt).toBeLessThan(POLL_INTERVAL_MS);
    await visible(page.getByText('Degraded'));
    await visible(page.getByText(`12 partitions, lag ${LAG} messages`));
    // Partition 11 is the furthest behind: 120 messages, none committed.
    const firstNever = page
      .getByRole('row')
      .filter({ hasText: 'never' })
      .first();
    expect((await firstNever.textContent()) ?? '').toMatch(/^11\s*120\s*never/);
    await screenshot(page, '21-pipeline-health');

    const health = await portal.json(
      `/api/pipelines/pipelines/default/${NAME}/health`,
    );
    expect(health).toMatchObject({
      status: 'degraded',
      lag: { messages: LAG },
    });
  });

  it('lists it worst first for on-call and puts a lag card on the service that runs it', async () => {
    await page.goto(`${portal.baseUrl}/pipelines`);
    const row = await visible(
      page.getByRole('row').filter({ hasText: `${NAME}` }),
    );
    expect(await row.textContent()).toMatch(/Degraded.*570/);
    await screenshot(page, '22-pipelines-list');

    await page.goto(`${portal.baseUrl}/catalog/default/component/checkout-api`);
    const card = await visible(
      page.locator('div').filter({ hasText: /^Pipeline lag/ }),
    );
    await visible(card.getByText(NAME));
    await visible(card.getByText('Degraded'));
  });

  it('stays readable for a topic of 1,000 partitions', async () => {
    const res = await portal.api('/api/pipelines/pipelines', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'paved.dev/v1alpha1',
        kind: 'Pipeline',
        metadata: { name: WIDE },
        spec: {
          type: 'streaming',
          lifecycle: 'experimental',
          owner: 'group:default/data-team',
          inputs: [{ topic: WIDE_TOPIC, consumerGroup: `${WIDE}-group` }],
          slo: { maxLagMessages: 10_000 },
        },
      }),
    });
    expect(res.status).toBe(201);
    const health = await waitFor(
      'the first reading of the wide topic',
      async () => {
        const h = await portal.json(
          `/api/pipelines/pipelines/default/${WIDE}/health`,
        );
        return h.sampledAt ? h : undefined;
      },
    );
    expect(health.lag.messages).toBe(WIDE_LAG);
    // The entity page needs the catalog to have taken the pipeline from the portal's registry.
    await waitFor('the wide pipeline in the catalog', async () => {
      const entity = await portal.api(
        `/api/catalog/entities/by-name/pipeline/default/${WIDE}`,
      );
      return entity.ok ? true : undefined;
    });
    await page.goto(
      `${portal.baseUrl}/catalog/default/pipeline/${WIDE}/health`,
      { waitUntil: 'domcontentloaded' },
    );
    await visible(
      page.getByText(
        `1,000 partitions, lag ${WIDE_LAG.toLocaleString('en-US')} messages`,
      ),
      60_000,
    );
    // One mark per partition, the ten furthest behind in the table, the rest on request.
    expect(
      await page
        .getByTestId(`partition-strip-${WIDE_TOPIC}`)
        .locator('rect')
        .count(),
    ).toBe(1000);
    await visible(
      page.getByRole('button', { name: 'Show all 1,000 partitions' }),
    );
    await screenshot(page, '23-pipeline-1000-partitions');
  });

  it('lets the owner change the SLO and delete the pipeline from the list', async () => {
    await page.goto(`${portal.baseUrl}/pipelines`);
    const row = await visible(page.getByRole('row').filter({ hasText: NAME }));
    await row.getByRole('button', { name: 'Edit' }).click();
    const slo = await visible(page.getByLabel('Most messages behind'));
    await slo.fill('1000');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(
      new RegExp(`/catalog/default/pipeline/${NAME}/health$`),
    );
    // Within the new SLO; degraded only because nobody consumes while messages wait.
    await visible(page.getByText('SLO 1,000'), 60_000);
    await visible(
      page.getByText(
        `Consumer group ${GROUP} has no active members (state Empty) while ${LAG} messages wait`,
      ),
    );
    expect(await page.getByText(/over the SLO/).count()).toBe(0);

    await page.goto(`${portal.baseUrl}/pipelines`);
    const wideRow = await visible(
      page.getByRole('row').filter({ hasText: WIDE }),
    );
    await wideRow.getByRole('button', { name: 'Delete' }).click();
    const dialog = await visible(page.getByRole('dialog'));
    await screenshot(page, '24-delete-pipeline', { fullPage: false });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: WIDE })
      .waitFor({ state: 'detached' });
    expect(
      (await portal.api(`/api/pipelines/pipelines/default/${WIDE}`)).status,
    ).toBe(404);
  });
});
