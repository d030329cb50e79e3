/*
 * bench/deploy: deploy request -> rollout complete for a 3-replica Deployment through the
 * portal, beside `kubectl apply -f` + `kubectl rollout status` of the same manifests on the same
 * cluster; and the time to bring that control plane up, fresh and restarted.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import {
  REPO_ROOT,
  freePort,
  makeBareRepo,
  run,
  startPortal,
  waitFor,
} from '../../test/src';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('--runs', 5);
const REPLICAS = 3;
const NAME = 'bench-api';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const spread = (xs: number[]) =>
  `min ${secs(Math.min(...xs))}, max ${secs(Math.max(...xs))}`;

/** A Deployment as the node-service golden path writes it, at three replicas. */
const manifests = {
  'k8s/deployment.yaml': {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: NAME, labels: { 'app.kubernetes.io/name': NAME } },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: { 'app.kubernetes.io/name': NAME } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
      },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': NAME } },
        spec: {
          containers: [
            {
              name: NAME,
              image: `${NAME}:latest`,
              ports: [{ name: 'http', containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/readyz', port: 'http' } },
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { cpu: '500m', memory: '256Mi' },
              },
            },
          ],
        },
      },
    },
  },
  'k8s/service.yaml': {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: NAME },
    spec: {
      selector: { 'app.kubernetes.io/name': NAME },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  },
};

function readEnv(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

async function main() {
  console.log(
    `bench/deploy on ${
      os.cpus().length
    } cores: a ${REPLICAS}-replica Deployment, ${RUNS} rollouts each after a warm-up\n`,
  );
  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'paved-bench-deploy-'));
  // A control plane of its own, so the figures never depend on what else runs on yours.
  const stackEnv = {
    ...process.env,
    PAVED_STACK_DIR: path.join(tmp, 'stack'),
    PAVED_STACK_ENV: path.join(tmp, 'stack.env'),
  };
  const stack = (...args: string[]) =>
    run(path.join(REPO_ROOT, 'scripts/stack'), args, {
      env: stackEnv,
      timeoutMs: 600_000,
    });
  let portal: Awaited<ReturnType<typeof startPortal>> | undefined;
  try {
    let t0 = performance.now();
    await stack('up', 'kubernetes');
    const freshUpMs = performance.now() - t0;
    await stack('down', 'kubernetes');
    t0 = performance.now();
    await stack('up', 'kubernetes');
    const restartUpMs = performance.now() - t0;
    const kube = readEnv(stackEnv.PAVED_STACK_ENV);
    const kubectl = (...args: string[]) =>
      run(kube.KUBECTL, ['--kubeconfig', kube.KUBECONFIG, ...args], {
        timeoutMs: 300_000,
      });
    await kubectl('create', 'namespace', 'bench-paved');
    await kubectl('create', 'namespace', 'bench-kubectl');

    const port = await freePort();
    const dataDir = path.join(tmp, 'portal');
    await makeBareRepo(dataDir, NAME, manifests);
    const catalogFile = path.join(tmp, 'entity.yaml');
    await fsp.writeFile(
      catalogFile,
      stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: NAME,
          annotations: {
            'paved.dev/deploy-cluster': 'bench',
            'paved.dev/deploy-namespace': 'bench-paved',
            'backstage.io/source-location': `url:http://127.0.0.1:${port}/api/git/repos/${NAME}.git/tree/main/`,
          },
        },
        spec: {
          type: 'service',
          lifecycle: 'experimental',
          owner: 'group:default/payments-team',
        },
      }),
    );
    portal = await startPortal({
      database: 'sqlite',
      port,
      dataDir,
      extraCatalogLocations: [{ type: 'file', target: catalogFile }],
      config: {
        deployments: {
          clusters: [{ name: 'bench', kubeconfig: { path: kube.KUBECONFIG } }],
        },
      },
    });
    const p = portal;
    await waitFor(
      `${NAME} in the catalog`,
      async () =>
        (
          await p.api(`/api/catalog/entities/by-name/component/default/${NAME}`)
        ).ok
          ? true
          : undefined,
      { timeoutMs: 120_000 },
    );

    const portalMs: number[] = [];
    const serverMs: number[] = [];
    let applied: any[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const image = `registry.paved.dev/${NAME}:1.0.${i}`;
      const start = performance.now();
      const { id } = await p.json(
        `/api/deployments/entities/component/default/${NAME}/deployments`,
        { method: 'POST', body: JSON.stringify({ image }) },
      );
      const done = await waitFor(
        `deployment ${id}`,
        async () => {
          const d = await p.json(`/api/deployments/deployments/${id}`);
          if (d.status === 'failed')
            throw new Error(`deploy failed: ${d.error?.message}`);
          return d.status === 'succeeded' ? d : undefined;
        },
        { intervalMs: 20, timeoutMs: 180_000 },
      );
      const elapsed = performance.now() - start;
      if (done.progress?.ready !== REPLICAS) {
        throw new Error(
          `expected ${REPLICAS} ready replicas, got ${done.progress?.ready}`,
        );
      }
      applied = done.manifests;
      if (i > 0) {
        portalMs.push(elapsed);
        serverMs.push(done.durationMs);
      }
    }

    // The objects the portal applied, namespace swapped, so kubectl rolls out the same thing.
    const kubectlMs: number[] = [];
    const file = path.join(tmp, 'manifests.yaml');
    for (let i = 0; i <= RUNS; i++) {
      const image = `registry.paved.dev/${NAME}:2.0.${i}`;
      const objects = applied.map(o => {
        const copy = JSON.parse(JSON.stringify(o));
        copy.metadata.namespace = 'bench-kubectl';
        if (copy.kind === 'Deployment') {
          copy.spec.template.spec.containers[0].image = image;
        }
        return copy;
      });
      await fsp.writeFile(file, objects.map(o => stringify(o)).join('---\n'));
      const start = performance.now();
      await kubectl('apply', '-f', file);
      await kubectl(
        'rollout',
        'status',
        `deployment/${NAME}`,
        '-n',
        'bench-kubectl',
        '--timeout=180s',
      );
      if (i > 0) kubectlMs.push(performance.now() - start);
    }

    const buildLog = path.join(path.dirname(kube.KUBECTL), 'build.log');
    const built = fs.existsSync(buildLog)
      ? /built in (\d+)s/.exec(fs.readFileSync(buildLog, 'utf8'))?.[1]
      : undefined;
    const portalMedian = median(portalMs);
    const kubectlMedian = median(kubectlMs);
    const rows: Array<[string, string, string]> = [
      [
        'portal: deploy request -> rollout complete',
        secs(portalMedian),
        spread(portalMs),
      ],
      [
        '  as the portal recorded it (apply + follow)',
        secs(median(serverMs)),
        '',
      ],
      [
        'anchor: kubectl apply -f + kubectl rollout status',
        secs(kubectlMedian),
        spread(kubectlMs),
      ],
      [
        'ratio portal / kubectl',
        `${(portalMedian / kubectlMedian).toFixed(2)}x`,
        '',
      ],
      [
        'control plane up, fresh data directory',
        secs(freshUpMs),
        'etcd, apiserver, controller-manager, scheduler, kwok, 2 nodes Ready',
      ],
      ['control plane up, restarted with its data', secs(restartUpMs), ''],
      [
        'control plane build, empty Go caches (build.log)',
        built ? `${built} s` : 'n/a',
        'scripts/bootstrap --kubernetes, once per machine',
      ],
    ];
    const width = Math.max(...rows.map(r => r[0].length));
    for (const [label, value, note] of rows)
      console.log(`${label.padEnd(width)}  ${value.padStart(9)}  ${note}`);
    const out = path.join(
      REPO_ROOT,
      'bench/results',
      `deploy-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    await fsp.mkdir(path.dirname(out), { recursive: true });
    await fsp.writeFile(
      out,
      JSON.stringify(
        {
          runs: RUNS,
          replicas: REPLICAS,
          portalMs,
          portalRecordedMs: serverMs,
          kubectlMs,
          freshUpMs,
          restartUpMs,
          coldBuildSeconds: built ? Number(built) : null,
        },
        null,
        2,
      ),
    );
    console.log(`\nraw figures: ${path.relative(REPO_ROOT, out)}`);
  } finally {
    await portal?.stop();
    await stack('purge', 'kubernetes').catch(() => undefined);
    await fsp.rm(tmp, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
