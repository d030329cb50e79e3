import { spawn } from 'node:child_process';

/** Runs git with no prompts and no inherited config, failing with git's own message. */
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
      else reject(new Error(`git ${args.find(a => !a.startsWith('-')) ?? ''} failed: ${err.trim() || `exit ${code}`}`));
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
  const env = { GIT_DIR: options.gitDir, GIT_WORK_TREE: options.sourceDir };
  const identity = [
    '-c', `user.name=${options.author.name}`,
    '-c', `user.email=${options.author.email}`,
    // Byte-for-byte: no line-ending conversion of the generated files.
    '-c', 'core.autocrlf=false',
    '-c', 'core.safecrlf=false',
  ];
  await git(['init', '--quiet', `--initial-branch=${options.branch}`], { env });
  await git([...identity, 'add', '--all', '--force', '.'], { env, cwd: options.sourceDir });
  await git([...identity, 'commit', '--quiet', '--no-verify', '-m', options.message], {
    env,
    cwd: options.sourceDir,
  });
  const commit = (await git(['rev-parse', 'HEAD'], { env })).trim();
  await git(
    [
      ...(options.extraHeader ? ['-c', `http.extraHeader=${options.extraHeader}`] : []),
      'push',
      '--quiet',
      options.remoteUrl,
      `HEAD:refs/heads/${options.branch}`,
    ],
    { env, cwd: options.sourceDir },
  );
  return commit;
}
