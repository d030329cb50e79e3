/*
 * bench/scaffold: create-task -> entity in catalog for node-service, beside a dry run of the
 * same template, and ./scripts/start to ready, warm and after a frontend change.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { REPO_ROOT, startPortal, waitFor, freePort } from '../../test/src';
import { directoryContents } from '../../test/src/lib/templates';
import { parse } from 'yaml';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function rssOf(pid: number): number {
  let total = 0;
  // The portal process and its children (scripts/start runs node under bash).
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(' ');
      if (Number(stat[4]) === pid)
        total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // processes come and go while we look
    }
  }
  return total;
}

async function scaffoldBench() {
  const portal = await startPortal({ database: 'sqlite' });
  try {
    await waitFor('the golden paths in the catalog', async () =>
      (
        await portal.api(
          '/api/catalog/entities/by-name/template/default/node-service',
        )
      ).ok &&
      (
        await portal.api(
          '/api/catalog/entities/by-name/system/default/payments',
        )
      ).ok
        ? true
        : undefined,
    );
    const values = (name: string) => ({
      name,
      owner: 'group:default/payments-team',
      system: 'system:default/payments',
      description: 'bench',
    });
    const createToCatalog: number[] = [];
    const taskDone: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const name = `bench-svc-${Date.now().toString(36)}-${i}`;
      const t0 = performance.now();
      const { id } = await portal.json('/api/scaffolder/v2/tasks', {
        method: 'POST',
        body: JSON.stringify({
          templateRef: 'template:default/node-service',
          values: values(name),
        }),
      });
      let doneAt: number | undefined;
      await waitFor(
        `${name} in the catalog`,
        async () => {
          if (!doneAt) {
            const t = await portal.json(`/api/scaffolder/v2/tasks/${id}`);
            if (t.status === 'failed') throw new Error(`task ${id} failed`);
            if (t.status === 'completed') doneAt = performance.now();
          }
          const res = await portal.api(
            `/api/catalog/entities/by-name/component/default/${name}`,
          );
          return res.ok ? true : undefined;
        },
        { intervalMs: 50, timeoutMs: 120_000 },
      );
      const t1 = performance.now();
      if (i > 0) {
        createToCatalog.push(t1 - t0);
        taskDone.push((doneAt ?? t1) - t0);
      }
    }

    const templateDir = path.join(REPO_ROOT, 'templates/node-service');
    const template = parse(
      await fsp.readFile(path.join(templateDir, 'template.yaml'), 'utf8'),
    );
    const contents = await directoryContents(templateDir);
    const dryRun: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      await portal.json('/api/scaffolder/v2/dry-run', {
        method: 'POST',
        body: JSON.stringify({
          template,
          values: values(`bench-dry-${i}`),
          directoryContents: contents,
        }),
      });
      if (i > 0) dryRun.push(performance.now() - t0);
    }
    return {
      createToCatalogMs: createToCatalog,
      taskCompletedMs: taskDone,
      dryRunMs: dryRun,
      backendRssBytes: rssOf(portal.process.pid!) || undefined,
    };
  } finally {
    await portal.stop();
    await portal.cleanup();
  }
}

async function timeStart(options: {
  dataDir: string;
  rebuildFrontend: boolean;
}) {
  if (options.rebuildFrontend) {
    await fsp.rm(path.join(REPO_ROOT, 'packages/app/dist/.paved-build-stamp'), {
      force: true,
    });
  }
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(path.join(REPO_ROOT, 'scripts/start'), [], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: '',
      PAVED_PORT: String(port),
      PAVED_DATA_DIR: options.dataDir,
    },
    stdio: 'ignore',
    detached: true,
  });
  try {
    await waitFor(
      'scripts/start to be ready',
      async () => {
        const res = await fetch(
          `http://127.0.0.1:${port}/.backstage/health/v1/readiness`,
        ).catch(() => undefined);
        return res?.ok ? true : undefined;
      },
      { timeoutMs: 900_000, intervalMs: 100 },
    );
    return performance.now() - t0;
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await waitFor('scripts/start to stop', async () => {
      try {
        process.kill(-child.pid!, 0);
        return undefined;
      } catch {
        return true;
      }
    });
  }
}

async function main() {
  console.log(
    `bench/scaffold on ${
      os.cpus().length
    } cores, ${RUNS} runs each after a warm-up\n`,
  );
  const scaffold = await scaffoldBench();

  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'paved-bench-start-'));
  const firstStart = await timeStart({
    dataDir: path.join(tmp, 'first'),
    rebuildFrontend: true,
  });
  const warm: number[] = [];
  for (let i = 0; i < 3; i++)
    warm.push(
      await timeStart({
        dataDir: path.join(tmp, 'first'),
        rebuildFrontend: false,
      }),
    );
  await fsp.rm(tmp, { recursive: true, force: true });

  const c2c = median(scaffold.createToCatalogMs);
  const dry = median(scaffold.dryRunMs);
  const rows = [
    [
      'create task -> entity in catalog (node-service)',
      secs(c2c),
      `min ${secs(Math.min(...scaffold.createToCatalogMs))}, max ${secs(
        Math.max(...scaffold.createToCatalogMs),
      )}`,
    ],
    ['  of which task completed', secs(median(scaffold.taskCompletedMs)), ''],
    [
      'anchor: dry run of the same template (no publish, no register)',
      secs(dry),
      '',
    ],
    [
      'ratio full run / dry run',
      `${(c2c / dry).toFixed(2)}x`,
      'what git publish + catalog registration add',
    ],
    [
      './scripts/start to ready, warm (median of 3)',
      secs(median(warm)),
      warm.map(secs).join(', '),
    ],
    [
      './scripts/start to ready, frontend rebuilt + empty data',
      secs(firstStart),
      '',
    ],
    [
      'ratio first start / warm start',
      `${(firstStart / median(warm)).toFixed(2)}x`,
      '',
    ],
    [
      'backend resident memory after the runs',
      scaffold.backendRssBytes
        ? `${Math.round(scaffold.backendRssBytes / 1048576)} MiB`
        : 'n/a',
      '',
    ],
  ];
  const width = Math.max(...rows.map(r => r[0].length));
  for (const [label, value, note] of rows)
    console.log(`${label.padEnd(width)}  ${value.padStart(9)}  ${note}`);
  const out = path.join(
    REPO_ROOT,
    'bench/results',
    `scaffold-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  await fsp.writeFile(
    out,
    JSON.stringify(
      { runs: RUNS, scaffold, startWarmMs: warm, firstStartMs: firstStart },
      null,
      2,
    ),
  );
  console.log(`\nraw figures: ${path.relative(REPO_ROOT, out)}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
