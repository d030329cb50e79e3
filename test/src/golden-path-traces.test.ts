import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Trace, TraceSummary } from '@paved/plugin-traces-common';
import { Portal, startPortal } from './lib/portal';
import {
  GeneratedService,
  cloneAndBuild,
  startGeneratedService,
} from './lib/generatedService';
import { run, waitFor } from './lib/process';
import { logOf, runTemplate } from './lib/scaffolder';

jest.setTimeout(600_000);

// "No manual wiring": a service scaffolded through the real portal, cloned, installed from its
// lockfile and started as users start it, with nothing but the ingest token and a port in its
// environment, shows up with its traces in the portal, mapped to its new catalog entity.
const TOKEN = `golden-path-token-${randomBytes(12).toString('hex')}`;
const NAME = 'traced-api';

let portal: Portal;
let tmp: string;
let service: GeneratedService | undefined;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-golden-traces-'));
  portal = await startPortal({
    database: 'sqlite',
    env: { PAVED_OTLP_TOKEN: TOKEN },
  });
  await waitFor('the golden paths and the demo organisation', async () => {
    const { items } = await portal.json(
      '/api/catalog/entities/by-query?filter=kind=template&filter=kind=group&filter=kind=system&limit=100&fields=kind,metadata.name',
    );
    const names = items.map((e: any) => e.metadata.name);
    return ['node-service', 'payments-team', 'payments'].every(n =>
      names.includes(n),
    )
      ? true
      : undefined;
  });
});

afterAll(async () => {
  await service?.stop();
  await portal?.stop();
  await portal?.cleanup();
  await fs.rm(tmp, { recursive: true, force: true });
});

it('a scaffolded node-service sends its traces to the portal with only PAVED_OTLP_TOKEN set', async () => {
  const result = await runTemplate(portal, 'template:default/node-service', {
    name: NAME,
    owner: 'group:default/payments-team',
    system: 'system:default/payments',
    description: 'A service whose traces need no wiring',
    deploy: false,
  });
  expect({
    status: result.status,
    log: result.status === 'completed' ? '' : logOf(result),
  }).toEqual({ status: 'completed', log: '' });

  const dir = path.join(tmp, NAME);
  await cloneAndBuild(portal, NAME, dir);
  // The token is a secret and must not be in the repository; the portal's address is.
  const tracing = await fs.readFile(path.join(dir, 'src/tracing.ts'), 'utf8');
  expect(tracing).toContain(`'${portal.baseUrl}/api/traces/v1/traces'`);
  const { stdout: tracked } = await run('git', ['grep', '-c', TOKEN], {
    cwd: dir,
  }).catch(error => ({ stdout: String(error.message) }));
  expect(tracked).not.toContain(':');

  // As `npm start` runs it, with none of the OTEL_* variables the test runner may have.
  service = await startGeneratedService(dir, { PAVED_OTLP_TOKEN: TOKEN });
  expect(service.output()).toContain(
    `traces go to the Paved portal at ${portal.baseUrl}/api/traces/v1/traces`,
  );

  const greeting = await fetch(`${service.baseUrl}/v1/greetings/otel`);
  expect(greeting.status).toBe(200);

  // The SDK's batch processor exports every few seconds; no shutdown is needed to flush.
  const summary = await waitFor(
    `spans of ${NAME} in the portal`,
    async () => {
      const { traces } = await portal.json<{ traces: TraceSummary[] }>(
        `/api/traces/services/${NAME}/traces`,
      );
      return traces[0];
    },
    { timeoutMs: 60_000, intervalMs: 1000 },
  );
  expect(summary.services).toEqual([NAME]);

  const trace = await portal.json<Trace>(
    `/api/traces/traces/${summary.traceId}`,
  );
  expect(trace.services).toEqual({ [NAME]: `component:default/${NAME}` });
  const server = trace.spans.find(s => s.kind === 'SERVER');
  expect(server).toMatchObject({ service: NAME });
  expect(JSON.stringify(server!.attributes)).toContain('/v1/greetings/otel');

  await service.stop();
});
