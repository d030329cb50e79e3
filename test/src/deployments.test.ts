import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { Portal, startPortal } from './lib/portal';
import { freePort, run, waitFor } from './lib/process';
import { logOf, runTemplate } from './lib/scaffolder';
import { makeBareRepo } from './lib/repos';

jest.setTimeout(300_000);

// The portal on PostgreSQL deploying to the stack's real control plane (kube-apiserver, etcd,
// controller-manager, scheduler, kwok nodes) through several cluster entries: the admin
// kubeconfig, a token bound only to the `view` role, an address nobody listens on, and the
// admin token through a TCP relay the tests can cut.
const run6 = randomBytes(3).toString('hex');
const ns = `paved-t-${run6}`;
const name = (base: string) => `${base}-${run6}`;
const env = (key: string) => {
  const value = process.env[key];
  if (!value) {
    throw new Error(
      `${key} is not set; run scripts/stack up kubernetes and source .data/stack.env (scripts/test does)`,
    );
  }
  return value;
};

let portal: Portal;
let dataDir: string;
let relay: Relay;
const gateLabel = `paved.dev/gate-${run6}`;

const kubectl = async (...args: string[]) =>
  (await run(env('KUBECTL'), args, { timeoutMs: 60_000 })).stdout;
const kubeJson = async (...args: string[]) =>
  JSON.parse(await kubectl(...args, '-o', 'json'));

/** A TCP relay to the API server whose open connections the test can drop mid-watch. */
interface Relay {
  port: number;
  cut(): number;
  close(): Promise<void>;
}

async function startRelay(target: URL): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer(client => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  const port = await freePort();
  await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    cut() {
      const n = sockets.size;
      for (const s of sockets) s.destroy();
      sockets.clear();
      return n;
    },
    close: () =>
      new Promise<void>(resolve => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A bare repository in the portal's git storage, holding `files`, as a golden path leaves one. */
const makeRepo = (repo: string, files: Record<string, unknown>) =>
  makeBareRepo(dataDir, repo, files);

function deploymentManifest(
  entityName: string,
  spec: Record<string, unknown>,
  podSpec: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: entityName },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: entityName } },
      ...spec,
      template: {
        metadata: { labels: { app: entityName } },
        spec: {
          containers: [
            {
              name: entityName,
              image: 'registry.paved.dev/placeholder:0',
              ports: [{ containerPort: 8080 }],
            },
          ],
          ...podSpec,
        },
      },
    },
  };
}

function component(
  entityName: string,
  annotations: Record<string, string>,
  owner = 'group:default/payments-team',
) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: entityName, annotations },
    spec: { type: 'service', lifecycle: 'experimental', owner },
  };
}

const entityPath = (entityName: string) =>
  `/api/deployments/entities/component/default/${entityName}`;

async function post(pathname: string, body: unknown = {}) {
  return portal.api(pathname, {
    method: 'POST',
    body: JSON.stringify(body),
  });
}

async function startDeploy(entityName: string, body: Record<string, unknown>) {
  const res = await post(`${entityPath(entityName)}/deployments`, body);
  const text = await res.text();
  if (res.status !== 202) {
    throw new Error(`deploy ${entityName} answered ${res.status}: ${text}`);
  }
  return JSON.parse(text).id as string;
}

/** Waits until deployment `id` settles and returns it, whatever its outcome. */
async function settled(id: string, timeoutMs = 120_000) {
  return waitFor(
    `deployment ${id} to finish`,
    async () => {
      const d = await portal.json(`/api/deployments/deployments/${id}`);
      return d.status === 'succeeded' || d.status === 'failed' ? d : undefined;
    },
    { timeoutMs, intervalMs: 300 },
  );
}

const shop = name('shop');
const stuck = name('stuck');
const gated = name('gated');
const broken = name('broken');
const readonly = name('readonly');
const multi = name('multi');
const foreign = name('foreign');

beforeAll(async () => {
  const api = new URL(env('KUBERNETES_API'));
  await kubectl('create', 'namespace', ns);
  relay = await startRelay(api);
  const port = await freePort();
  dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'paved-deploy-'));
  await fsp.mkdir(path.join(dataDir, 'git'), { recursive: true });
  const repoUrl = (repo: string) =>
    `url:http://127.0.0.1:${port}/api/git/repos/${repo}.git/tree/main/`;

  await makeRepo(stuck, {
    // No node carries this label, so no pod is scheduled and the rollout cannot progress.
    'k8s/deployment.yaml': deploymentManifest(
      stuck,
      { progressDeadlineSeconds: 5 },
      { nodeSelector: { 'paved.dev/no-such-node': 'true' } },
    ),
  });
  await makeRepo(gated, {
    // Pods wait for a node label the test adds after it has cut the portal's watch.
    'k8s/deployment.yaml': deploymentManifest(
      gated,
      {},
      { nodeSelector: { [gateLabel]: 'open' } },
    ),
    'k8s/service.yaml': {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: gated },
      spec: { selector: { app: gated }, ports: [{ port: 80 }] },
    },
  });
  await makeRepo(broken, {
    'k8s/deployment.yaml': deploymentManifest(
      broken,
      {},
      {
        containers: [
          {
            name: broken,
            image: 'registry.paved.dev/placeholder:0',
            ports: [{ containerPort: 70000 }],
          },
        ],
      },
    ),
  });

  const annotations = (cluster: string, repo?: string) => ({
    'paved.dev/deploy-cluster': cluster,
    'paved.dev/deploy-namespace': ns,
    ...(repo ? { 'backstage.io/source-location': repoUrl(repo) } : {}),
  });
  const catalogFile = path.join(dataDir, 'deploy-entities.yaml');
  await fsp.writeFile(
    catalogFile,
    [
      component(shop, annotations('local')),
      component(stuck, annotations('local', stuck)),
      component(gated, annotations('relayed', gated)),
      component(broken, annotations('local', broken)),
      component(readonly, annotations('readonly')),
      component(multi, annotations('local,down')),
      component(foreign, annotations('local'), 'group:default/nobody'),
    ]
      .map(e => stringify(e))
      .join('---\n'),
  );

  const ca = env('KUBE_CA_FILE');
  portal = await startPortal({
    database: 'postgres',
    port,
    dataDir,
    extraCatalogLocations: [{ type: 'file', target: catalogFile }],
    config: {
      deployments: {
        clusters: [
          {
            name: 'local',
            title: 'Stack',
            kubeconfig: { path: env('KUBECONFIG') },
          },
          {
            name: 'readonly',
            url: api.origin,
            serviceAccountToken: env('KUBE_RESTRICTED_TOKEN'),
            caFile: ca,
          },
          {
            name: 'relayed',
            url: `https://127.0.0.1:${relay.port}`,
            serviceAccountToken: env('KUBE_ADMIN_TOKEN'),
            caFile: ca,
          },
          {
            name: 'down',
            url: `https://127.0.0.1:${await freePort()}`,
            serviceAccountToken: 'nobody-listens',
            skipTLSVerify: true,
          },
        ],
        rollout: { timeoutSeconds: 180 },
      },
    },
  });
  const started = portal;
  for (const entityName of [
    shop,
    stuck,
    gated,
    broken,
    readonly,
    multi,
    foreign,
  ]) {
    await waitFor(
      `${entityName} in the catalog`,
      async () => {
        const res = await started.api(
          `/api/catalog/entities/by-name/component/default/${entityName}`,
        );
        return res.ok ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
  }
});

afterAll(async () => {
  await portal?.stop();
  await relay?.close();
  await kubectl('label', 'node', '--all', `${gateLabel}-`).catch(() => '');
  await kubectl('delete', 'namespace', ns, '--wait=false').catch(() => '');
  await fsp.rm(dataDir, { recursive: true, force: true });
});

describe('deploying a service without manifests', () => {
  let first: any;

  it('previews the generated Deployment and Service with a server-side dry run', async () => {
    const preview = await portal.json(`${entityPath(shop)}/deployments`, {
      method: 'POST',
      body: JSON.stringify({
        image: 'registry.paved.dev/shop:1.0.0',
        replicas: 3,
        dryRun: true,
      }),
    });
    expect(preview).toMatchObject({
      cluster: 'local',
      namespace: ns,
      manifestSource: 'generated',
    });
    const kinds = preview.objects.map((o: any) => `${o.kind}/${o.change}`);
    expect(kinds).toEqual(
      expect.arrayContaining(['Deployment/create', 'Service/create']),
    );
    const deployment = preview.objects.find(
      (o: any) => o.kind === 'Deployment',
    );
    expect(deployment.diff).toContain('+');
    expect(deployment.diff).toContain('registry.paved.dev/shop:1.0.0');
    // A dry run changes nothing.
    await expect(kubectl('get', 'deployment', shop, '-n', ns)).rejects.toThrow(
      /NotFound|not found/,
    );
  });

  it('deploys, and kubectl sees the objects with the image, replicas and entity labels', async () => {
    const id = await startDeploy(shop, {
      image: 'registry.paved.dev/shop:1.0.0',
      replicas: 3,
    });
    first = await settled(id);
    expect(first).toMatchObject({
      status: 'succeeded',
      action: 'deploy',
      image: 'registry.paved.dev/shop:1.0.0',
      replicas: 3,
      revision: 1,
      createdBy: 'user:default/sam',
    });
    expect(first.progress).toMatchObject({ desired: 3, available: 3 });
    expect(first.durationMs).toBeGreaterThan(0);
    const live = await kubeJson(
      'get',
      'deployment',
      shop,
      '-n',
      ns,
      '--show-managed-fields',
    );
    expect(live.spec.template.spec.containers[0].image).toBe(
      'registry.paved.dev/shop:1.0.0',
    );
    expect(live.spec.replicas).toBe(3);
    expect(live.status.availableReplicas).toBe(3);
    expect(live.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'paved',
      'backstage.io/kubernetes-id': shop,
    });
    expect(live.metadata.annotations['paved.dev/entity-ref']).toBe(
      `component:default/${shop}`,
    );
    const managers = live.metadata.managedFields.map((f: any) => f.manager);
    expect(managers).toContain('paved');
    const service = await kubeJson('get', 'service', shop, '-n', ns);
    expect(service.spec.selector).toBeTruthy();
    const pods = await kubeJson(
      'get',
      'pods',
      '-n',
      ns,
      '-l',
      `app.kubernetes.io/name=${shop}`,
    );
    expect(pods.items.length).toBeGreaterThanOrEqual(3);
  });

  it('rolls out a second version, and a rollback of it restores the first image', async () => {
    const second = await settled(
      await startDeploy(shop, { image: 'registry.paved.dev/shop:2.0.0' }),
    );
    expect(second).toMatchObject({ status: 'succeeded', revision: 2 });
    // Not given this time: the replica count stays as it was.
    expect(
      (await kubeJson('get', 'deployment', shop, '-n', ns)).spec.replicas,
    ).toBe(3);

    const res = await post(
      `/api/deployments/deployments/${second.id}/rollback`,
    );
    expect(res.status).toBe(202);
    const rollback = await settled((await res.json()).id);
    expect(rollback).toMatchObject({
      status: 'succeeded',
      action: 'rollback',
      image: 'registry.paved.dev/shop:1.0.0',
      rollbackOf: second.id,
      sourceDeploymentId: first.id,
    });
    const live = await kubeJson('get', 'deployment', shop, '-n', ns);
    expect(live.spec.template.spec.containers[0].image).toBe(
      'registry.paved.dev/shop:1.0.0',
    );
    const full = await portal.json(
      `/api/deployments/deployments/${rollback.id}`,
    );
    expect(full.manifests.map((m: any) => m.kind)).toEqual(
      expect.arrayContaining(['Deployment', 'Service']),
    );

    const history = await portal.json(`${entityPath(shop)}/deployments`);
    expect(history.items.map((d: any) => d.id).slice(0, 3)).toEqual([
      rollback.id,
      second.id,
      first.id,
    ]);
  });

  it('answers 409 to a rollback with no earlier success', async () => {
    const res = await post(`/api/deployments/deployments/${first.id}/rollback`);
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(/nothing to roll back to/);
  });

  it('scales and restarts, each as a recorded deployment', async () => {
    const scaled = await settled(
      (
        await portal.json(`${entityPath(shop)}/scale`, {
          method: 'POST',
          body: JSON.stringify({ replicas: 2 }),
        })
      ).id,
    );
    expect(scaled).toMatchObject({ status: 'succeeded', action: 'scale' });
    expect(
      (await kubeJson('get', 'deployment', shop, '-n', ns)).spec.replicas,
    ).toBe(2);
    const restarted = await settled(
      (
        await portal.json(`${entityPath(shop)}/restart`, {
          method: 'POST',
          body: '{}',
        })
      ).id,
    );
    expect(restarted).toMatchObject({ status: 'succeeded', action: 'restart' });
    const live = await kubeJson('get', 'deployment', shop, '-n', ns);
    expect(
      live.spec.template.metadata.annotations[
        'kubectl.kubernetes.io/restartedAt'
      ],
    ).toBeTruthy();
  });

  it('shows the live state per cluster', async () => {
    const state = await portal.json(`${entityPath(shop)}/state`);
    expect(state).toMatchObject({ canDeploy: true, canRollback: true });
    expect(state.workloads).toEqual([
      expect.objectContaining({
        cluster: 'local',
        state: 'ok',
        image: 'registry.paved.dev/shop:1.0.0',
        desired: 2,
        ready: 2,
        lastDeployment: expect.objectContaining({ action: 'restart' }),
      }),
    ]);
  });

  it('reports a conflict with another field manager, and takes the fields over only when forced', async () => {
    await kubectl(
      'set',
      'image',
      `deployment/${shop}`,
      `${shop}=registry.paved.dev/shop:hotfix`,
      '-n',
      ns,
    );
    const res = await post(`${entityPath(shop)}/deployments`, {
      image: 'registry.paved.dev/shop:3.0.0',
      dryRun: true,
    });
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.details.reason).toBe('Conflict');
    expect(body.error.message).toMatch(/another field manager/);
    expect(JSON.stringify(body.details.causes)).toContain('kubectl-set');

    const failed = await settled(
      await startDeploy(shop, { image: 'registry.paved.dev/shop:3.0.0' }),
    );
    expect(failed.status).toBe('failed');
    expect(failed.error.reason).toBe('Conflict');

    const forced = await settled(
      await startDeploy(shop, {
        image: 'registry.paved.dev/shop:3.0.0',
        force: true,
      }),
    );
    expect(forced.status).toBe('succeeded');
    expect(
      (await kubeJson('get', 'deployment', shop, '-n', ns)).spec.template.spec
        .containers[0].image,
    ).toBe('registry.paved.dev/shop:3.0.0');
  });
});

describe('deploying from the manifests in the service repository', () => {
  it('fails a rollout that cannot progress at its deadline', async () => {
    const d = await settled(
      await startDeploy(stuck, { image: 'registry.paved.dev/stuck:1.0.0' }),
    );
    expect(d.manifestSource).toContain(`/repos/${stuck}.git/`);
    expect(d.status).toBe('failed');
    expect(d.error.reason).toBe('ProgressDeadlineExceeded');
    expect(d.error.message).toMatch(/no progress within its deadline of 5 s/);
    const live = await kubeJson('get', 'deployment', stuck, '-n', ns);
    expect(live.spec.progressDeadlineSeconds).toBe(5);
    expect(live.spec.template.spec.containers[0].image).toBe(
      'registry.paved.dev/stuck:1.0.0',
    );
  });

  it('resumes following a rollout whose watch was cut, and sees it finish', async () => {
    const id = await startDeploy(gated, {
      image: 'registry.paved.dev/gated:1.0.0',
      replicas: 2,
    });
    await waitFor(
      'the rollout to be under way',
      async () => {
        const d = await portal.json(`/api/deployments/deployments/${id}`);
        return d.status === 'progressing' ? d : undefined;
      },
      { timeoutMs: 60_000 },
    );
    // Give the portal time to open its watch, then drop every connection through the relay.
    await new Promise(r => setTimeout(r, 1500));
    expect(relay.cut()).toBeGreaterThan(0);
    expect(
      (await portal.json(`/api/deployments/deployments/${id}`)).status,
    ).toBe('progressing');
    await kubectl('label', 'node', '--all', `${gateLabel}=open`, '--overwrite');
    const d = await settled(id);
    expect(d).toMatchObject({ status: 'succeeded', replicas: 2 });
    expect(d.progress).toMatchObject({ desired: 2, available: 2, old: 0 });
  });

  it('answers 422 with the API server causes for an invalid manifest, and records nothing applied', async () => {
    const res = await post(`${entityPath(broken)}/deployments`, {
      image: 'registry.paved.dev/broken:1.0.0',
      dryRun: true,
    });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.details.reason).toBe('Invalid');
    expect(JSON.stringify(body.details.causes)).toContain('containerPort');

    const failed = await settled(
      await startDeploy(broken, { image: 'registry.paved.dev/broken:1.0.0' }),
    );
    expect(failed.status).toBe('failed');
    expect(failed.error.reason).toBe('Invalid');
    await expect(
      kubectl('get', 'deployment', broken, '-n', ns),
    ).rejects.toThrow(/NotFound|not found/);
  });
});

describe('errors people can act on', () => {
  it('names the verb and resource RBAC denied a service account that may only read', async () => {
    const res = await post(`${entityPath(readonly)}/deployments`, {
      image: 'registry.paved.dev/readonly:1.0.0',
      dryRun: true,
    });
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.details.reason).toBe('Forbidden');
    expect(body.error.message).toMatch(/patch/);
    expect(body.error.message).toMatch(/deployments|services/);
    expect(body.error.message).toContain(env('KUBE_RESTRICTED_USER'));

    const failed = await settled(
      await startDeploy(readonly, {
        image: 'registry.paved.dev/readonly:1.0.0',
      }),
    );
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed.error.reason).toBe('Forbidden');
  });

  it('shows an unreachable cluster as such beside a working one, and records the failed deploy', async () => {
    const state = await portal.json(`${entityPath(multi)}/state`);
    const byCluster = Object.fromEntries(
      state.workloads.map((w: any) => [w.cluster, w]),
    );
    expect(byCluster.local.state).toBe('missing');
    expect(byCluster.down.state).toBe('unreachable');
    expect(byCluster.down.error.message).toMatch(/down|reach|ECONNREFUSED/i);

    const failed = await settled(
      await startDeploy(multi, {
        image: 'registry.paved.dev/multi:1.0.0',
        cluster: 'down',
      }),
    );
    expect(failed.status).toBe('failed');
    expect(failed.error.reason).toBe('Unreachable');
    const history = await portal.json(`${entityPath(multi)}/deployments`);
    expect(history.items[0].id).toBe(failed.id);
  });

  it('rejects an invalid image reference, naming it, before touching a cluster', async () => {
    const res = await post(`${entityPath(shop)}/deployments`, {
      image: 'Registry.Paved.dev/Shop:latest!',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain(
      'Registry.Paved.dev/Shop:latest!',
    );
  });

  it('refuses a cluster the entity did not opt into', async () => {
    const res = await post(`${entityPath(shop)}/deployments`, {
      image: 'registry.paved.dev/shop:1.0.0',
      cluster: 'readonly',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/readonly/);
  });

  it('lets only the owners deploy: others may read, not deploy or roll back', async () => {
    const state = await portal.json(`${entityPath(foreign)}/state`);
    expect(state).toMatchObject({ canDeploy: false, canRollback: false });
    const res = await post(`${entityPath(foreign)}/deployments`, {
      image: 'registry.paved.dev/foreign:1.0.0',
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/only its owners/);
    const history = await portal.json(`${entityPath(foreign)}/deployments`);
    expect(history.items).toEqual([]);
  });
});

describe('the node-service golden path', () => {
  const created = name('fresh');

  it('deploys the service it published from its own k8s/ manifests, and the task waits for the rollout', async () => {
    const result = await runTemplate(portal, 'template:default/node-service', {
      name: created,
      owner: 'group:default/payments-team',
      system: 'system:default/payments',
      description: 'Deployed by its golden path',
      namespace: ns,
    });
    expect({ status: result.status, log: logOf(result) }).toMatchObject({
      status: 'completed',
      log: expect.stringContaining(`Deployed ${created}:0.1.0 to local`),
    });

    // The manifests came from the new repository: two replicas, probes and the resources the
    // skeleton sets, none of which a generated Deployment would have.
    const deployment = await kubeJson('get', 'deployment', created, '-n', ns);
    const container = deployment.spec.template.spec.containers[0];
    expect(container.image).toBe(`${created}:0.1.0`);
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.resources.limits.memory).toBe('256Mi');
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.status.readyReplicas).toBe(2);
    expect(
      (await kubeJson('get', 'service', created, '-n', ns)).spec.ports[0].port,
    ).toBe(80);

    const history = await portal.json(`${entityPath(created)}/deployments`);
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({
      status: 'succeeded',
      image: `${created}:0.1.0`,
      cluster: 'local',
      manifestSource: expect.stringContaining(`/api/git/repos/${created}.git`),
      createdBy: 'user:default/sam',
    });
  });
});
