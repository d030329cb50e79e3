import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import os from 'node:os';
import path from 'node:path';
import { Portal, startPortal } from './lib/portal';
import { run, waitFor } from './lib/process';
import { REPO_ROOT } from './lib/paths';
import { logOf, runTemplate } from './lib/scaffolder';

jest.setTimeout(300_000);

// The whole portal on PostgreSQL, as in production, with the test fixture templates loaded.
let portal: Portal;
let tmp: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-scaffolding-'));
  portal = await startPortal({
    database: 'postgres',
    extraCatalogLocations: [
      {
        type: 'file',
        target: path.join(REPO_ROOT, 'test/fixtures/templates/*/template.yaml'),
        rules: [{ allow: ['Template'] }],
      },
    ],
  });
  // The templates and demo organisation are read asynchronously after startup.
  await waitFor(
    'the catalog to hold the golden paths and the demo organisation',
    async () => {
      const { items } = await portal.json(
        '/api/catalog/entities/by-query?filter=kind=template&filter=kind=group&limit=100&fields=kind,metadata.name',
      );
      const names = items.map((e: any) => e.metadata.name);
      return [
        'node-service',
        'test-secret-param',
        'test-refused-by-catalog',
        'payments-team',
      ].every(n => names.includes(n))
        ? true
        : undefined;
    },
  );
});

afterAll(async () => {
  await portal?.stop();
  await portal?.cleanup();
  await fs.rm(tmp, { recursive: true, force: true });
});

const values = (name: string) => ({
  name,
  owner: 'group:default/payments-team',
  system: 'system:default/payments',
  description: `The ${name} service`,
});

async function repositoryNames(): Promise<string[]> {
  const { items } = await portal.json('/api/git/repositories');
  return items.map((r: any) => r.name);
}

async function entity(ref: string): Promise<any | undefined> {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const res = await portal.api(
    `/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
  );
  return res.status === 404 ? undefined : res.json();
}

describe('scaffolding node-service end to end on PostgreSQL', () => {
  let cloneDir: string;
  let component: any;

  beforeAll(async () => {
    const result = await runTemplate(
      portal,
      'template:default/node-service',
      values('orders-api'),
    );
    expect({
      status: result.status,
      log: result.status === 'completed' ? '' : logOf(result),
    }).toEqual({
      status: 'completed',
      log: '',
    });
    component = await entity('component:default/orders-api');
    cloneDir = path.join(tmp, 'orders-api');
  });

  it('registers the component with its owner, system and the template it came from', () => {
    expect(component).toBeDefined();
    expect(component.spec).toMatchObject({
      type: 'service',
      owner: 'group:default/payments-team',
      system: 'system:default/payments',
    });
    expect(component.metadata.annotations).toMatchObject({
      'paved.dev/template': 'template:default/node-service',
      'paved.dev/template-version': parse(
        readFileSync(
          path.join(REPO_ROOT, 'templates/node-service/template.yaml'),
          'utf8',
        ),
      ).metadata.annotations['paved.dev/template-version'],
      'paved.dev/otel-service-name': 'orders-api',
    });
  });

  it('points backstage.io/source-location at a repository git clones without credentials, HEAD on main', async () => {
    const location: string =
      component.metadata.annotations['backstage.io/source-location'];
    expect(location).toMatch(/^url:/);
    const cloneUrl = location.replace(/^url:/, '').replace(/\/tree\/.*$/, '');
    expect(cloneUrl).toBe(`${portal.baseUrl}/api/git/repos/orders-api.git`);
    await run('git', ['clone', '-q', cloneUrl, cloneDir], {
      env: {
        ...process.env,
        GIT_TERMINAL_PROMPT: '0',
        GIT_ASKPASS: '/bin/false',
      },
    });
    const { stdout } = await run('git', ['rev-parse', '--abbrev-ref', 'HEAD'], {
      cwd: cloneDir,
    });
    expect(stdout.trim()).toBe('main');
    const { stdout: files } = await run('git', ['ls-files'], { cwd: cloneDir });
    expect(files.split('\n')).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        'Dockerfile',
        'k8s/deployment.yaml',
        'src/main.ts',
        'package.json',
      ]),
    );
  });

  it('copies a binary file of the skeleton byte for byte', async () => {
    const original = await fs.readFile(
      path.join(REPO_ROOT, 'templates/node-service/skeleton/assets/icon.png'),
    );
    const copied = await fs.readFile(path.join(cloneDir, 'assets/icon.png'));
    expect(copied.equals(original)).toBe(true);
  });

  it('keeps ${{ ... }} expressions of the CI workflow unchanged', async () => {
    const original = await fs.readFile(
      path.join(
        REPO_ROOT,
        'templates/node-service/skeleton/.github/workflows/ci.yaml',
      ),
      'utf8',
    );
    const copied = await fs.readFile(
      path.join(cloneDir, '.github/workflows/ci.yaml'),
      'utf8',
    );
    expect(copied).toBe(original);
    expect(copied).toMatch(/\$\{\{\s*github\.\w+/);
  });

  it('re-reads the descriptor from the repository: a pushed change reaches the catalog', async () => {
    const descriptor = path.join(cloneDir, 'catalog-info.yaml');
    const text = await fs.readFile(descriptor, 'utf8');
    await fs.writeFile(
      descriptor,
      text.replace(/description: .*/, 'description: Takes orders, now in bulk'),
    );
    const git = (...args: string[]) => run('git', args, { cwd: cloneDir });
    await git(
      '-c',
      'user.name=Sam',
      '-c',
      'user.email=sam@paved.example',
      'commit',
      '-qam',
      'Describe bulk orders',
    );
    await git(
      '-c',
      `http.extraHeader=Authorization: Bearer ${await portal.token()}`,
      'push',
      '-q',
      'origin',
      'main',
    );
    await portal.json('/api/catalog/refresh', {
      method: 'POST',
      body: JSON.stringify({ entityRef: 'component:default/orders-api' }),
    });
    const updated = await waitFor(
      'the new description in the catalog',
      async () => {
        const e = await entity('component:default/orders-api');
        return e?.metadata.description === 'Takes orders, now in bulk'
          ? e
          : undefined;
      },
    );
    expect(updated.metadata.annotations['backstage.io/view-url']).toBe(
      `${portal.baseUrl}/api/git/repos/orders-api.git/blob/main/catalog-info.yaml`,
    );
  });
});

describe('bad input leaves nothing behind', () => {
  it('fails a name already used in the catalog at its first step, naming the entity', async () => {
    const before = await repositoryNames();
    const result = await runTemplate(
      portal,
      'template:default/node-service',
      values('checkout-api'),
    );
    expect(result.status).toBe('failed');
    expect(logOf(result)).toMatch(
      /name 'checkout-api' is already used in the catalog by component:default\/checkout-api/,
    );
    expect(await repositoryNames()).toEqual(before);
  });

  it.each([
    ['a name with spaces', 'my service'],
    ['a name with ..', '..'],
    ['a path-like name', '../etc'],
  ])(
    'refuses %s before any task starts (400 naming the parameter)',
    async (_, name) => {
      const res = await portal.api('/api/scaffolder/v2/tasks', {
        method: 'POST',
        body: JSON.stringify({
          templateRef: 'template:default/node-service',
          values: values(name),
        }),
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/name/);
    },
  );

  it('refuses a missing owner before any task starts', async () => {
    const { owner: _owner, ...rest } = values('no-owner-svc');
    const res = await portal.api('/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({
        templateRef: 'template:default/node-service',
        values: rest,
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/owner/);
  });

  it('fails an owner that is not a group and a system that does not exist, naming both', async () => {
    const result = await runTemplate(portal, 'template:default/node-service', {
      ...values('wrong-refs-svc'),
      owner: 'user:default/sam',
      system: 'system:default/does-not-exist',
    });
    expect(result.status).toBe('failed');
    expect(logOf(result)).toMatch(/owner 'user:default\/sam' must be a Group/);
    expect(logOf(result)).toMatch(
      /system 'system:default\/does-not-exist' does not exist/,
    );
    expect(await repositoryNames()).not.toContain('wrong-refs-svc');
  });

  it('refuses a description that is too long or spans lines before any task starts', async () => {
    for (const description of ['x'.repeat(501), 'two\nlines']) {
      const res = await portal.api('/api/scaffolder/v2/tasks', {
        method: 'POST',
        body: JSON.stringify({
          templateRef: 'template:default/node-service',
          values: { ...values('long-desc-svc'), description },
        }),
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/description/);
    }
  });

  it('fails a kafka-consumer that would read and write the same topic, naming both parameters', async () => {
    const result = await runTemplate(
      portal,
      'template:default/kafka-consumer',
      {
        ...values('loop-consumer'),
        inputTopic: 'orders',
        outputTopic: 'orders',
      },
    );
    expect(result.status).toBe('failed');
    expect(logOf(result)).toMatch(
      /inputTopic and outputTopic must differ \(both are 'orders'\)/,
    );
    expect(await repositoryNames()).not.toContain('loop-consumer');
  });

  it('lets exactly one of several concurrent runs of one new name win, and leaves the winner intact', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        runTemplate(
          portal,
          'template:default/node-service',
          values('race-svc'),
        ),
      ),
    );
    const statuses = results.map(r => r.status).sort();
    expect(statuses).toEqual(['completed', 'failed', 'failed']);
    for (const loser of results.filter(r => r.status === 'failed')) {
      expect(logOf(loser)).toMatch(/already (exists|used)/);
    }
    expect(
      (await repositoryNames()).filter(n => n === 'race-svc'),
    ).toHaveLength(1);
    const repo = await portal.json('/api/git/repositories/race-svc');
    expect(repo.headCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(await entity('component:default/race-svc')).toBeDefined();
  });

  it('undoes a publish that fails half way: no stray repository, no dangling entity or location', async () => {
    const result = await runTemplate(
      portal,
      'template:default/test-refused-by-catalog',
      values('refused-svc'),
    );
    expect(result.status).toBe('failed');
    const log = logOf(result);
    expect(log).toMatch(/Pushed to/);
    expect(log).toMatch(
      /The catalog refused the new repository's descriptor: .*not of an allowed kind/,
    );
    expect(log).toMatch(/Removed the repository 'refused-svc' again/);
    expect(await repositoryNames()).not.toContain('refused-svc');
    expect(await entity('group:default/refused-svc')).toBeUndefined();
    const locations: Array<{ data: { target: string } }> = await portal.json(
      '/api/catalog/locations',
    );
    expect(
      locations.map(l => l.data.target).filter(t => t.includes('refused-svc')),
    ).toEqual([]);
  });
});

describe('a parameter marked secret', () => {
  const SECRET = 'tok-3f9a7c1e-never-show-me';

  it('is used by the step but never appears in the task log or the stored task spec', async () => {
    const result = await runTemplate(
      portal,
      'template:default/test-secret-param',
      // What the form's Secret field sends: asterisks in the values, the value only in secrets.
      { label: 'billing', apiToken: '*'.repeat(SECRET.length) },
      { apiToken: SECRET },
    );
    expect(result.status).toBe('completed');
    // The scaffolder redacts any log line that would carry a secret value.
    expect(logOf(result)).toMatch(/Finished step Use the secret/);
    expect(logOf(result)).toMatch(/\*\*\*/);
    expect(JSON.stringify(result.events)).not.toContain(SECRET);
    expect(JSON.stringify(result.task)).not.toContain(SECRET);
    const list = await portal.json('/api/scaffolder/v2/tasks?limit=100');
    expect(JSON.stringify(list)).not.toContain(SECRET);
  });
});

describe('the demo catalog', () => {
  it('ingests every entity of a multi-document YAML file', async () => {
    const names = [
      'checkout-api',
      'payments-gateway',
      'ledger',
      'orders-enricher',
      'warehouse-loader',
    ];
    for (const name of names) {
      expect(await entity(`component:default/${name}`)).toBeDefined();
    }
  });

  it('makes the guest user the demo user, a member of every demo group', async () => {
    const res = await fetch(`${portal.baseUrl}/api/auth/guest/refresh`, {
      method: 'POST',
    });
    const body = await res.json();
    expect(body.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/sam',
    );
    expect(body.backstageIdentity.identity.ownershipEntityRefs).toEqual(
      expect.arrayContaining([
        'group:default/platform-team',
        'group:default/payments-team',
        'group:default/data-team',
      ]),
    );
  });
});

describe('golden-path usage', () => {
  it('counts the runs above per template, from the scaffolder API', async () => {
    await portal.json('/api/golden-paths/sync', { method: 'POST' });
    const usage = await portal.json('/api/golden-paths/usage');
    const nodeService = usage.templates.find(
      (t: any) => t.templateRef === 'template:default/node-service',
    );
    expect(nodeService.succeeded).toBeGreaterThanOrEqual(1);
    expect(nodeService.failed).toBeGreaterThanOrEqual(2);
    expect(nodeService.medianDurationMs).toBeGreaterThan(0);
    expect(nodeService.lastRunBy).toBe('user:default/sam');
    expect(usage.syncError).toBeUndefined();
  });
});
