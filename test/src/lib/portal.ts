import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parse, stringify } from 'yaml';
import { REPO_ROOT } from './paths';
import { freePort, waitFor } from './process';

export interface StartPortalOptions {
  /** `sqlite` (the embedded default) or `postgres` (DATABASE_URL from scripts/stack). */
  database?: 'sqlite' | 'postgres';
  /** Start through ./scripts/start (built frontend, as users run it) instead of the bare backend. */
  viaStartScript?: boolean;
  /** Reuse a data directory, e.g. to check that a restart keeps data. */
  dataDir?: string;
  port?: number;
  /** More app-config, merged last (arrays replace, as in Backstage). */
  config?: Record<string, unknown>;
  /** Catalog locations added to those of app-config.yaml. */
  extraCatalogLocations?: Array<Record<string, unknown>>;
  env?: Record<string, string>;
}

export interface Portal {
  baseUrl: string;
  port: number;
  dataDir: string;
  logFile: string;
  /**
   * On PostgreSQL, what the portal's database names start with: each plugin has its own,
   * `<prefix><pluginId>`, e.g. the trace store's is `<prefix>traces`.
   */
  databasePrefix?: string;
  /** A Backstage token for the demo user, from guest sign-in. */
  token(): Promise<string>;
  /** fetch() against the portal with the demo user's token. */
  api(pathname: string, init?: RequestInit): Promise<Response>;
  /** JSON from the portal, failing with the response body on a non-2xx status. */
  json<T = any>(pathname: string, init?: RequestInit): Promise<T>;
  /** Sends SIGTERM to the portal's process group and waits until every process in it is gone. */
  stop(): Promise<void>;
  /** Deletes the data directory, unless the caller passed its own. */
  cleanup(): Promise<void>;
  readonly process: ChildProcess;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a real Paved backend (or all of ./scripts/start) on a free loopback port with its own
 * data directory, and waits until it reports ready.
 */
export async function startPortal(
  options: StartPortalOptions = {},
): Promise<Portal> {
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir =
    options.dataDir ??
    (await fsp.mkdtemp(path.join(os.tmpdir(), 'paved-portal-')));
  for (const sub of ['sqlite', 'work', 'git']) {
    await fsp.mkdir(path.join(dataDir, sub), { recursive: true });
  }
  const logFile = path.join(dataDir, `portal-${port}.log`);
  const config: Record<string, any> = {
    app: { baseUrl },
    backend: { baseUrl, listen: { host: '127.0.0.1', port } },
    ...options.config,
  };
  if (options.extraCatalogLocations?.length) {
    // Config arrays replace rather than merge, so repeat app-config.yaml's own locations.
    const base = parse(
      await fsp.readFile(path.join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
    );
    config.catalog = {
      ...(config.catalog as object),
      locations: [...base.catalog.locations, ...options.extraCatalogLocations],
    };
  }
  let databasePrefix: string | undefined;
  if (options.database === 'postgres') {
    if (!process.env.DATABASE_URL) {
      throw new Error(
        'DATABASE_URL is not set; run scripts/stack up postgres (scripts/test does)',
      );
    }
    config.backend.database = {
      client: 'pg',
      connection: process.env.DATABASE_URL,
      prefix: (databasePrefix = `paved_t${randomBytes(3).toString('hex')}_`),
    };
  }
  const configFile = path.join(dataDir, `test-config-${port}.yaml`);
  await fsp.writeFile(configFile, stringify(config));

  const out = fs.openSync(logFile, 'a');
  // Jest runs with NODE_ENV=test, which neither the backend nor the frontend build expects.
  const { NODE_ENV: _jestNodeEnv, ...inherited } = process.env;
  const env = {
    ...inherited,
    PAVED_DATA_DIR: dataDir,
    PAVED_PORT: String(port),
    ...options.env,
  };
  let child: ChildProcess;
  if (options.viaStartScript) {
    child = spawn(path.join(REPO_ROOT, 'scripts/start'), [], {
      cwd: REPO_ROOT,
      env: { ...env, PAVED_EXTRA_CONFIG: configFile },
      stdio: ['ignore', out, out],
      detached: true,
    });
  } else {
    child = spawn(
      process.execPath,
      [
        '--enable-source-maps',
        // kafkajs on Node 24; see scripts/start.
        '--disable-warning=TimeoutNegativeWarning',
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
          paths: [path.join(REPO_ROOT, 'packages/backend')],
        }),
        'src/index.ts',
        '--config',
        path.join(REPO_ROOT, 'app-config.yaml'),
        '--config',
        configFile,
      ],
      {
        cwd: path.join(REPO_ROOT, 'packages/backend'),
        env: { NODE_ENV: 'development', ...env },
        stdio: ['ignore', out, out],
        detached: true,
      },
    );
  }
  fs.closeSync(out);
  const pgid = child.pid!;
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const logTail = () => {
    try {
      return fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    } catch {
      return '(no log)';
    }
  };

  try {
    const outcome = await waitFor(
      `the portal on ${baseUrl}`,
      async () => {
        if (exited) return 'exited';
        const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
        return res.ok ? 'ready' : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 500 },
    );
    if (outcome === 'exited')
      throw new Error(`The portal on ${baseUrl} exited during startup`);
  } catch (error) {
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    throw new Error(
      `${
        (error as Error).message
      }\n--- last lines of ${logFile} ---\n${logTail()}`,
    );
  }

  let cachedToken: string | undefined;
  const token = async () => {
    if (!cachedToken) {
      const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
        method: 'POST',
      });
      if (!res.ok)
        throw new Error(
          `guest sign-in failed: ${res.status} ${await res.text()}`,
        );
      cachedToken = (await res.json()).backstageIdentity.token as string;
    }
    return cachedToken;
  };
  const api = async (pathname: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${await token()}`);
    if (init.body && !headers.has('content-type'))
      headers.set('content-type', 'application/json');
    return fetch(`${baseUrl}${pathname}`, { ...init, headers });
  };
  const json = async (pathname: string, init?: RequestInit) => {
    const res = await api(pathname, init);
    const text = await res.text();
    if (!res.ok)
      throw new Error(
        `${init?.method ?? 'GET'} ${pathname} answered ${res.status}: ${text}`,
      );
    return text ? JSON.parse(text) : undefined;
  };

  return {
    baseUrl,
    port,
    dataDir,
    logFile,
    databasePrefix,
    token,
    api,
    json,
    process: child,
    async cleanup() {
      if (!options.dataDir)
        await fsp.rm(dataDir, { recursive: true, force: true });
    },
    async stop() {
      if (!groupAlive(pgid)) return;
      process.kill(-pgid, 'SIGTERM');
      await waitFor(
        `the portal's processes to exit`,
        async () => (groupAlive(pgid) ? undefined : true),
        {
          timeoutMs: 60_000,
          intervalMs: 200,
        },
      ).catch(error => {
        process.kill(-pgid, 'SIGKILL');
        throw error;
      });
    },
  };
}
