import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { run } from './process';

/**
 * Makes a bare repository `<repo>.git` in a portal's git storage (`<dataDir>/git`) holding
 * `files`, as a golden path leaves one; objects are written as YAML.
 */
export async function makeBareRepo(
  dataDir: string,
  repo: string,
  files: Record<string, unknown>,
): Promise<void> {
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'paved-repo-'));
  try {
    for (const [file, content] of Object.entries(files)) {
      await fsp.mkdir(path.dirname(path.join(work, file)), { recursive: true });
      await fsp.writeFile(
        path.join(work, file),
        typeof content === 'string' ? content : stringify(content),
      );
    }
    const git = (...args: string[]) =>
      run(
        'git',
        ['-c', 'user.name=test', '-c', 'user.email=test@paved.dev', ...args],
        { cwd: work },
      );
    await git('init', '-q', '-b', 'main');
    await git('add', '.');
    await git('commit', '-q', '-m', 'manifests');
    await fsp.mkdir(path.join(dataDir, 'git'), { recursive: true });
    await run('git', [
      'clone',
      '-q',
      '--bare',
      work,
      path.join(dataDir, 'git', `${repo}.git`),
    ]);
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}
