import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Trace, TraceSummary } from '@paved/plugin-traces-common';
import { Portal, startPortal } from './lib/portal';
import { freePort, run, waitFor } from './lib/process';
import { logOf, runTemplate } from './lib/scaffolder';

jest.setTimeout(600_000);

// "No manual wiring": a service scaffolded through the real portal, cloned, installed from its
// lockfile and started as users start it, with nothing but the ingest token and a port in its
// environment, shows up with its traces in the portal, mapped to its new catalog entity.
const TOKEN = `golden-path-token-${randomBytes(12).toString('hex')}`;
const NAME = 'traced-api';

let portal: Portal;
let tmp: string;
let service: ChildProcess | undefined;

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
  if (service && service.exitCode === null) {
    service.kill('SIGKILL');
  }
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
  await run('git', [
    'clone',
    '-q',
    `${portal.baseUrl}/api/git/repos/${NAME}.git`,
    dir,
  ]);
  // The token is a secret and must not be in the repository; the portal's address is.
  const tracing = await fs.readFile(path.join(dir, 'src/tracing.ts'), 'utf8');
  expect(tracing).toContain(`'${portal.baseUrl}/api/traces/v1/traces'`);
  const { stdout: tracked } = await run('git', ['grep', '-c', TOKEN], {
    cwd: dir,
  }).catch(error => ({ stdout: String(error.message) }));
  expect(tracked).not.toContain(':');

  await run('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: dir,
    timeoutMs: 300_000,
  });
  await run('npm', ['run', 'build'], { cwd: dir, timeoutMs: 300_000 });

  // As `npm start` runs it, with none of the OTEL_* variables the test runner may have.
  const port = await freePort();
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('OTEL_') && key !== 'PAVED_OTLP_TOKEN',
    ),
  );
  service = spawn(
    process.execPath,
    ['--require', './dist/src/instrumentation.js', 'dist/src/main.js'],
    {
      cwd: dir,
      env: { ...env, PAVED_OTLP_TOKEN: TOKEN, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  service.stdout!.on('data', d => (output += d));
  service.stderr!.on('data', d => (output += d));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${NAME} to be ready`, async () => {
    const res = await fetch(`${base}/readyz`).catch(() => undefined);
    return res?.ok ? true : undefined;
  }).catch(error => {
    throw new Error(`${error.message}; its output: ${output}`);
  });
  expect(output).toContain(
    `traces go to the Paved portal at ${portal.baseUrl}/api/traces/v1/traces`,
  );

  const greeting = await fetch(`${base}/v1/greetings/otel`);
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

  service.kill('SIGTERM');
  await new Promise(resolve => service!.once('exit', resolve));
});
