import { spawn } from 'node:child_process';

/**
 * Runs git with no prompts and no inherited config, failing with git's own message. Errors name
 * only the subcommand (`args[0]`): other arguments may carry credentials.
 */
export function git(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LANG: 'C',
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_NOSYSTEM: '1',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    child.on('error', reject);
    child.on('close', code => {
      if (code === 0) resolve(out);
      else
        reject(
          new Error(`git ${args[0]} failed: ${err.trim() || `exit ${code}`}`),
        );
    });
  });
}

/**
 * Commits every file of `sourceDir` as one commit on `branch` and pushes it, without leaving a
 * `.git` directory in the scaffolder's workspace (the repository lives in `gitDir`).
 */
export async function commitTreeAndPush(options: {
  sourceDir: string;
  gitDir: string;
  branch: string;
  author: { name: string; email: string };
  message: string;
  remoteUrl: string;
  extraHeader?: string;
}): Promise<string> {
  const env: Record<string, string> = {
    GIT_DIR: options.gitDir,
    GIT_WORK_TREE: options.sourceDir,
  };
  // Settings through GIT_CONFIG_* rather than `-c`: they never show in a process list or in an
  // error message, which matters for the push token.
  const settings: Array<[string, string]> = [
    ['user.name', options.author.name],
    ['user.email', options.author.email],
    // Byte for byte: no line-ending conversion of the generated files.
    ['core.autocrlf', 'false'],
    ['core.safecrlf', 'false'],
  ];
  if (options.extraHeader)
    settings.push(['http.extraHeader', options.extraHeader]);
  for (const [i, [key, value]] of settings.entries()) {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  }
  env.GIT_CONFIG_COUNT = String(settings.length);
  await git(['init', '--quiet', `--initial-branch=${options.branch}`], { env });
  await git(['add', '--all', '--force', '.'], { env, cwd: options.sourceDir });
  await git(['commit', '--quiet', '--no-verify', '-m', options.message], {
    env,
    cwd: options.sourceDir,
  });
  const commit = (await git(['rev-parse', 'HEAD'], { env })).trim();
  await git(
    ['push', '--quiet', options.remoteUrl, `HEAD:refs/heads/${options.branch}`],
    {
      env,
      cwd: options.sourceDir,
    },
  );
  return commit;
}
