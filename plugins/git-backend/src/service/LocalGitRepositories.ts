import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import {
  ConflictError,
  ForwardedError,
  InputError,
  NotFoundError,
} from '@backstage/errors';
import {
  GitOutput,
  GitRepositories,
  RepositorySummary,
  ResolvedPath,
  TreeEntry,
} from './types';
import { GitCommandError, gitEnvironment, runGit } from './runGit';
import { assertBranchName, assertRepositoryName } from './names';

const DEFAULT_DESCRIPTION_PREFIX = 'Unnamed repository';
const HEX_COMMIT = /^[0-9a-f]{7,40}$/;

async function pathExists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    error => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

/** Bare repositories in one directory on local disk, driven through the git CLI. */
export class LocalGitRepositories implements GitRepositories {
  private constructor(
    readonly rootDirectory: string,
    private readonly defaultBranch: string,
    private readonly maxPushSizeMb: number,
  ) {}

  static async create(options: {
    directory: string;
    defaultBranch: string;
    maxPushSizeMb: number;
  }): Promise<LocalGitRepositories> {
    assertBranchName(options.defaultBranch, 'git.defaultBranch');
    const rootDirectory = path.resolve(options.directory);
    await fs.mkdir(rootDirectory, { recursive: true });
    return new LocalGitRepositories(
      rootDirectory,
      options.defaultBranch,
      options.maxPushSizeMb,
    );
  }

  private gitDir(name: string): string {
    assertRepositoryName(name);
    return path.join(this.rootDirectory, `${name}.git`);
  }

  private async assertExists(name: string): Promise<string> {
    const dir = this.gitDir(name);
    try {
      await fs.access(path.join(dir, 'HEAD'));
    } catch {
      throw new NotFoundError(`Repository '${name}' does not exist`);
    }
    return dir;
  }

  async create(options: {
    name: string;
    description?: string;
    defaultBranch?: string;
    owner?: string;
  }): Promise<RepositorySummary> {
    const final = this.gitDir(options.name);
    const branch = options.defaultBranch ?? this.defaultBranch;
    assertBranchName(branch);
    // Initialise beside the final place and rename into it: a half-created repository is never
    // visible, and two concurrent creates of one name cannot both succeed.
    const staging = path.join(
      this.rootDirectory,
      `.staging-${randomBytes(6).toString('hex')}`,
    );
    try {
      await runGit([
        'init',
        '--quiet',
        '--bare',
        `--initial-branch=${branch}`,
        staging,
      ]);
      // History is never rewritten or deleted through the host, objects are checked on the way
      // in (no `..` or `.git` tree entries that would break checkouts and archives), and one
      // push cannot fill the disk.
      const settings: Array<[string, string]> = [
        ['receive.denyNonFastForwards', 'true'],
        ['receive.denyDeletes', 'true'],
        ['receive.fsckObjects', 'true'],
        ['receive.maxInputSize', `${this.maxPushSizeMb}m`],
      ];
      if (options.owner) settings.push(['paved.owner', options.owner]);
      for (const [key, value] of settings) {
        await runGit(['config', key, value], { gitDir: staging });
      }
      if (options.description) {
        await fs.writeFile(
          path.join(staging, 'description'),
          `${options.description.replace(/\s+/g, ' ').trim()}\n`,
        );
      }
      // rename() would happily replace an empty directory, so refuse any existing entry first;
      // the rename below still catches a create that raced us to a non-empty repository.
      if (await pathExists(final)) {
        throw new ConflictError(`Repository '${options.name}' already exists`);
      }
      await fs.rename(staging, final).catch(error => {
        if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') {
          throw new ConflictError(
            `Repository '${options.name}' already exists`,
          );
        }
        throw error;
      });
    } finally {
      await fs.rm(staging, { recursive: true, force: true });
    }
    return this.get(options.name);
  }

  async delete(name: string): Promise<void> {
    const dir = await this.assertExists(name);
    // Move aside first so that readers never see a half-deleted repository.
    const doomed = path.join(
      this.rootDirectory,
      `.deleting-${randomBytes(6).toString('hex')}`,
    );
    await fs.rename(dir, doomed);
    await fs.rm(doomed, { recursive: true, force: true });
  }

  async get(name: string): Promise<RepositorySummary> {
    const dir = await this.assertExists(name);
    const [branch, description, head, owner] = await Promise.all([
      runGit(['symbolic-ref', '--short', 'HEAD'], { gitDir: dir }).then(b =>
        b.toString('utf8').trim(),
      ),
      fs.readFile(path.join(dir, 'description'), 'utf8').catch(() => ''),
      runGit(['log', '-1', '--format=%H %cI', 'HEAD'], { gitDir: dir }).then(
        b => b.toString('utf8').trim(),
        () => '',
      ),
      runGit(['config', '--get', 'paved.owner'], { gitDir: dir }).then(
        b => b.toString('utf8').trim(),
        () => '',
      ),
    ]);
    const [headCommit, updatedAt] = head ? head.split(' ') : [];
    return {
      name,
      owner: owner || undefined,
      description: description.startsWith(DEFAULT_DESCRIPTION_PREFIX)
        ? ''
        : description.trim(),
      defaultBranch: branch,
      headCommit: headCommit || undefined,
      updatedAt: updatedAt || undefined,
    };
  }

  async list(): Promise<RepositorySummary[]> {
    const entries = await fs.readdir(this.rootDirectory, {
      withFileTypes: true,
    });
    const names = entries
      .filter(
        e =>
          e.isDirectory() && e.name.endsWith('.git') && !e.name.startsWith('.'),
      )
      .map(e => e.name.slice(0, -'.git'.length))
      .sort();
    const summaries = await Promise.all(
      names.map(name => this.get(name).catch(() => undefined)),
    );
    return summaries.filter((s): s is RepositorySummary => Boolean(s));
  }

  async resolve(name: string, refAndPath: string): Promise<ResolvedPath> {
    const dir = await this.assertExists(name);
    if (refAndPath.includes('\0')) {
      throw new InputError('A path must not contain NUL characters');
    }
    const segments = refAndPath.split('/').filter(Boolean);
    if (segments.some(s => s === '..' || s === '.')) {
      throw new NotFoundError(
        `Path '${refAndPath}' does not exist in '${name}'`,
      );
    }
    let ref: string | undefined;
    let fullRef: string | undefined;
    let rest: string[] = [];
    if (segments.length === 0) {
      ref = (await this.get(name)).defaultBranch;
      fullRef = `refs/heads/${ref}`;
    } else {
      const refs = (
        await runGit(
          ['for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/tags'],
          {
            gitDir: dir,
          },
        )
      )
        .toString('utf8')
        .split('\n')
        .filter(Boolean);
      const branches = new Set(
        refs.filter(r => r.startsWith('refs/heads/')).map(r => r.slice(11)),
      );
      const tags = new Set(
        refs.filter(r => r.startsWith('refs/tags/')).map(r => r.slice(10)),
      );
      // Longest match first; a branch wins over a tag of the same name, as on the git hosts
      // people know, so a tag called "main" cannot hide the main branch.
      for (let i = segments.length; i > 0 && !ref; i--) {
        const candidate = segments.slice(0, i).join('/');
        if (branches.has(candidate)) fullRef = `refs/heads/${candidate}`;
        else if (tags.has(candidate)) fullRef = `refs/tags/${candidate}`;
        if (fullRef) {
          ref = candidate;
          rest = segments.slice(i);
        }
      }
      if (!ref && HEX_COMMIT.test(segments[0])) {
        ref = segments[0];
        fullRef = segments[0];
        rest = segments.slice(1);
      }
    }
    if (!ref || !fullRef) {
      throw new NotFoundError(
        `No branch, tag or commit in '${name}' matches '${refAndPath}'`,
      );
    }
    let commit: string;
    try {
      commit = (
        await runGit(
          [
            'rev-parse',
            '--verify',
            '--quiet',
            '--end-of-options',
            `${fullRef}^{commit}`,
          ],
          {
            gitDir: dir,
          },
        )
      )
        .toString('utf8')
        .trim();
    } catch {
      throw new NotFoundError(
        `'${ref}' does not exist in '${name}'${
          ref === this.defaultBranch ? ' (nothing was pushed yet)' : ''
        }`,
      );
    }
    const filePath = rest.join('/');
    if (!filePath) {
      return {
        kind: 'tree',
        ref,
        commit,
        path: '',
        entries: await this.listTree(dir, commit, ''),
      };
    }
    const self = await this.lsTree(dir, commit, [filePath]);
    const entry = self.find(e => e.path === filePath);
    if (!entry) {
      throw new NotFoundError(
        `'${filePath}' does not exist in '${name}' at ${ref}`,
      );
    }
    if (entry.type === 'tree') {
      return {
        kind: 'tree',
        ref,
        commit,
        path: filePath,
        entries: await this.listTree(dir, commit, filePath),
      };
    }
    return {
      kind: 'blob',
      ref,
      commit,
      path: filePath,
      sha: entry.sha,
      size: entry.size ?? 0,
    };
  }

  private async listTree(
    dir: string,
    commit: string,
    treePath: string,
  ): Promise<TreeEntry[]> {
    const entries = await this.lsTree(
      dir,
      commit,
      treePath ? [`${treePath}/`] : [],
    );
    return entries
      .map(({ sha: _sha, ...entry }) => entry)
      .sort((a, b) => {
        if (a.type === b.type) return a.name.localeCompare(b.name);
        return a.type === 'tree' ? -1 : 1;
      });
  }

  private async lsTree(
    dir: string,
    commit: string,
    paths: string[],
  ): Promise<Array<TreeEntry & { sha: string }>> {
    const out = await runGit(['ls-tree', '-z', '-l', commit, '--', ...paths], {
      gitDir: dir,
    });
    return out
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .map(line => {
        const tab = line.indexOf('\t');
        const [, type, sha, size] = line.slice(0, tab).split(/\s+/);
        const entryPath = line.slice(tab + 1);
        return {
          name: path.posix.basename(entryPath),
          path: entryPath,
          type: type as TreeEntry['type'],
          sha,
          size: size === '-' ? undefined : Number(size),
        };
      });
  }

  async listFiles(
    name: string,
    commit: string,
    treePath: string,
  ): Promise<string[]> {
    const dir = await this.assertExists(name);
    const out = await runGit(
      [
        'ls-tree',
        '-r',
        '-z',
        '--name-only',
        commit,
        '--',
        ...(treePath ? [`${treePath}/`] : []),
      ],
      { gitDir: dir },
    );
    return out.toString('utf8').split('\0').filter(Boolean);
  }

  async readBlob(name: string, sha: string): Promise<Buffer> {
    const dir = await this.assertExists(name);
    try {
      return await runGit(['cat-file', 'blob', sha], { gitDir: dir });
    } catch (error) {
      if (error instanceof GitCommandError) {
        throw new NotFoundError(`Object ${sha} does not exist in '${name}'`);
      }
      throw new ForwardedError(`Could not read ${sha} from '${name}'`, error);
    }
  }

  async openBlob(name: string, sha: string): Promise<GitOutput> {
    const dir = await this.assertExists(name);
    return spawnGit(['cat-file', 'blob', sha], dir);
  }

  async archive(
    name: string,
    commit: string,
    treePath: string,
  ): Promise<GitOutput> {
    const dir = await this.assertExists(name);
    const treeish = treePath ? `${commit}:${treePath}` : commit;
    return spawnGit(
      ['archive', '--format=tar.gz', `--prefix=${name}/`, treeish],
      dir,
    );
  }
}

/**
 * Streams a git command's output. `done` settles when git exits: callers must not finish their
 * response before it resolves, because a failure late in the output (a tree git cannot archive)
 * would otherwise go out as a complete, silently truncated 200.
 */
function spawnGit(args: string[], gitDir: string): GitOutput {
  const child = spawn('git', ['--git-dir', gitDir, ...args], {
    env: gitEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: Buffer[] = [];
  child.stderr.on('data', chunk => stderr.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve()
        : reject(
            new GitCommandError(
              args[0],
              code,
              Buffer.concat(stderr).toString('utf8'),
            ),
          ),
    );
  });
  return { stream: child.stdout, done, abort: () => child.kill() };
}
