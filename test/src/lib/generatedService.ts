import { ChildProcess, spawn } from 'node:child_process';
import type { Portal } from './portal';
import { freePort, run, waitFor } from './process';

/** Clones a repository the portal's git server holds and installs and builds it as CI would. */
export async function cloneAndBuild(
  portal: Portal,
  name: string,
  dir: string,
): Promise<void> {
  await run('git', [
    'clone',
    '-q',
    `${portal.baseUrl}/api/git/repos/${name}.git`,
    dir,
  ]);
  await run('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: dir,
    timeoutMs: 300_000,
  });
  await run('npm', ['run', 'build'], { cwd: dir, timeoutMs: 300_000 });
}

export interface GeneratedService {
  baseUrl: string;
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts a built node-service as its `npm start` does, on a free port, with `env` and none of
 * the runner's OTEL_* or PAVED_OTLP_TOKEN variables, and waits until /readyz answers.
 */
export async function startGeneratedService(
  dir: string,
  env: Record<string, string> = {},
): Promise<GeneratedService> {
  const port = await freePort();
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('OTEL_') && key !== 'PAVED_OTLP_TOKEN',
    ),
  );
  const child = spawn(
    process.execPath,
    ['--require', './dist/src/instrumentation.js', 'dist/src/main.js'],
    {
      cwd: dir,
      env: { ...inherited, ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  await waitFor(`the service in ${dir} to be ready`, async () => {
    const res = await fetch(`${baseUrl}/readyz`).catch(() => undefined);
    return res?.ok ? true : undefined;
  }).catch(async error => {
    await stop();
    throw new Error(`${error.message}; its output: ${output}`);
  });
  return { baseUrl, child, output: () => output, stop };
}
