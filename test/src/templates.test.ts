import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parsePipelineEntity } from '@paved/plugin-paved-common';
import { Portal, startPortal } from './lib/portal';
import { run, waitFor } from './lib/process';
import {
  directoryContents,
  goldenPathTemplates,
  writeDirectoryContents,
} from './lib/templates';

jest.setTimeout(600_000);

// The embedded default (SQLite): every golden path through the scaffolder's dry-run API, and
// the services it generates installed and tested with their own `npm test`.
let portal: Portal;
let tmp: string;
const dryRuns = new Map<string, any>();

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-templates-'));
  portal = await startPortal({ database: 'sqlite' });
  await waitFor('the demo organisation in the catalog', async () => {
    const res = await portal.api(
      '/api/catalog/entities/by-name/system/default/payments',
    );
    return res.ok ? true : undefined;
  });
  for (const { dir, name, template } of await goldenPathTemplates()) {
    const result = await portal.json('/api/scaffolder/v2/dry-run', {
      method: 'POST',
      body: JSON.stringify({
        template,
        // Only the four parameters every golden path requires: the rest must have defaults.
        values: {
          name: `dry-${name}`.slice(0, 63),
          owner: 'group:default/data-team',
          system: 'system:default/data-platform',
          description: `Dry run of ${name}`,
        },
        directoryContents: await directoryContents(dir),
      }),
    });
    dryRuns.set(name, result);
  }
});

afterAll(async () => {
  await portal?.stop();
  await portal?.cleanup();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('every golden path in a scaffolder dry run', () => {
  it('covers every template folder', async () => {
    expect([...dryRuns.keys()].sort()).toEqual(
      (await goldenPathTemplates()).map(t => t.name).sort(),
    );
    expect(dryRuns.size).toBeGreaterThanOrEqual(3);
  });

  it.each(['node-service', 'kafka-consumer', 'express-service-legacy'])(
    '%s runs every step and renders a catalog descriptor for the new component',
    name => {
      const result = dryRuns.get(name);
      // node-service also deploys what it published, where the portal has a cluster.
      expect(result.steps.map((s: any) => s.action)).toEqual([
        'paved:validate',
        'fetch:template',
        'paved:publish',
        ...(name === 'node-service' ? ['paved:deploy'] : []),
      ]);
      const files = new Map<string, string>(
        result.directoryContents.map((f: any) => [
          f.path,
          Buffer.from(f.base64Content, 'base64').toString('utf8'),
        ]),
      );
      const descriptor = files.get('catalog-info.yaml')!;
      expect(descriptor).toContain(`name: dry-${name}`);
      expect(descriptor).toContain('owner: group:default/data-team');
      // A dry run runs the template inline, so the scaffolder names it template:default/dry-run.
      expect(descriptor).toMatch(
        /paved\.dev\/template: '?template:default\/dry-run'?/,
      );
      expect(descriptor).toMatch(
        /paved\.dev\/template-version: '?\d+\.\d+\.\d+'?/,
      );
      expect(descriptor).toMatch(
        /backstage\.io\/source-location: '?url:http:\/\/127\.0\.0\.1:\d+\/api\/git\/repos\/dry-[a-z-]+\.git\/tree\/main\/'?/,
      );
      expect([...files.values()].join('\n')).not.toMatch(/\$\{\{\s*values\./);
      expect(result.output.links.map((l: any) => l.title)).toEqual([
        'Repository',
        'Open in catalog',
      ]);
    },
  );
});

describe('the kafka-consumer golden path', () => {
  it('registers the pipeline the service runs, with its consumer group and SLO, next to the component', () => {
    const files = new Map<string, string>(
      dryRuns
        .get('kafka-consumer')
        .directoryContents.map((f: any) => [
          f.path,
          Buffer.from(f.base64Content, 'base64').toString('utf8'),
        ]),
    );
    const docs = parseAllDocuments(files.get('catalog-info.yaml')!).map(d =>
      d.toJS(),
    );
    expect(docs.map(d => d.kind)).toEqual(['Component', 'Pipeline']);
    const parsed = parsePipelineEntity(docs[1]);
    if (!parsed.ok)
      throw new Error(
        `The generated Pipeline is not valid: ${parsed.problems.join('; ')}`,
      );
    expect(parsed.entity.metadata.name).toBe('dry-kafka-consumer');
    expect(parsed.entity.spec).toMatchObject({
      owner: 'group:default/data-team',
      system: 'system:default/data-platform',
      component: 'component:default/dry-kafka-consumer',
      // The defaults: the group is the service's name, as the generated config.ts uses it.
      inputs: [{ topic: 'orders.raw', consumerGroup: 'dry-kafka-consumer' }],
      outputs: [{ topic: 'orders.enriched' }],
      slo: { maxLagMessages: 10000, maxLagSeconds: 300 },
    });
    expect(files.get('src/config.ts')).toContain(
      `DEFAULT_GROUP_ID = 'dry-kafka-consumer'`,
    );
  });
});

describe.each(['node-service', 'kafka-consumer'])('the generated %s', name => {
  let dir: string;

  beforeAll(async () => {
    dir = path.join(tmp, name);
    await writeDirectoryContents(dir, dryRuns.get(name).directoryContents);
  });

  it('installs from its lockfile and passes its own tests as generated', async () => {
    await run('npm', ['ci', '--no-audit', '--no-fund'], {
      cwd: dir,
      timeoutMs: 300_000,
    });
    const { stdout } = await run('npm', ['test'], {
      cwd: dir,
      timeoutMs: 300_000,
    });
    // node:test's summary, in its spec ("ℹ pass 27") or TAP ("# pass 27") form.
    const passed = /^(?:ℹ|#) pass (\d+)/m.exec(stdout);
    const failed = /^(?:ℹ|#) fail (\d+)/m.exec(stdout);
    expect(Number(passed?.[1])).toBeGreaterThan(10);
    expect(Number(failed?.[1])).toBe(0);
  });

  it('ships Kubernetes manifests with probes and resources, and a Dockerfile', async () => {
    const deployment = await fs.readFile(
      path.join(dir, 'k8s/deployment.yaml'),
      'utf8',
    );
    expect(deployment).toMatch(/livenessProbe:/);
    expect(deployment).toMatch(/readinessProbe:/);
    expect(deployment).toMatch(/resources:\s*\n\s*requests:/);
    expect(deployment).toMatch(/limits:/);
    await fs.access(path.join(dir, 'k8s/service.yaml'));
    expect(await fs.readFile(path.join(dir, 'Dockerfile'), 'utf8')).toMatch(
      /^FROM node:24/m,
    );
  });
});
