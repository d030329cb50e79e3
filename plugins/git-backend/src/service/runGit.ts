import { spawn } from 'node:child_process';

/**
 * Environment for every git invocation: no prompts, no user or system config leaking in, and
 * paths taken literally, so that a path from a URL can never be read as pathspec magic such as
 * `:(glob)` or `:!src`.
 */
export function gitEnvironment(
  extra: Record<string, string | undefined> = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_LITERAL_PATHSPECS: '1',
    ...extra,
  };
}

/** A git command that exited non-zero; `stderr` carries git's own explanation. */
export class GitCommandError extends Error {
  readonly name = 'GitCommandError';
  constructor(
    readonly subcommand: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(
      `git ${subcommand} failed: ${stderr.trim() || `exit code ${exitCode}`}`,
    );
  }
}

/**
 * Runs git to completion and returns its stdout. `gitDir` selects a bare repository; the
 * subcommand comes first in `args`, which is what errors name.
 */
export function runGit(
  args: string[],
  options: { gitDir?: string; input?: Buffer | string } = {},
): Promise<Buffer> {
  const fullArgs = options.gitDir
    ? ['--git-dir', options.gitDir, ...args]
    : args;
  return new Promise((resolve, reject) => {
    const child = spawn('git', fullArgs, {
      env: gitEnvironment(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', chunk => out.push(chunk));
    child.stderr.on('data', chunk => err.push(chunk));
    child.on('error', reject);
    child.on('close', code => {
      if (code === 0) {
        resolve(Buffer.concat(out));
      } else {
        reject(
          new GitCommandError(
            args[0],
            code,
            Buffer.concat(err).toString('utf8'),
          ),
        );
      }
    });
    child.stdin.end(options.input);
  });
}
