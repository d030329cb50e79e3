import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { NotModifiedError } from '@backstage/errors';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the reader is tested against the real git host, so the test needs the plugin itself
import gitPlugin from '@paved/plugin-git-backend';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { GitUrlReader } from './GitUrlReader';

const exec = promisify(execFile);

describe('GitUrlReader against a running git plugin', () => {
  let tmp: string;
  let repoUrl: string;
  let reader: ReturnType<typeof UrlReaders.default>;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-git-reader-'));
    const { server } = await startTestBackend({
      features: [
        gitPlugin,
        mockServices.rootConfig.factory({
          data: { git: { storage: { directory: path.join(tmp, 'repos') } } },
        }),
      ],
    });
    const baseUrl = `http://localhost:${server.port()}`;
    await request(server)
      .post('/api/git/repositories')
      .set('Authorization', mockCredentials.service.header())
      .send({ name: 'svc' })
      .expect(201);
    const work = path.join(tmp, 'work');
    await fs.mkdir(path.join(work, 'docs/deep'), { recursive: true });
    await fs.writeFile(
      path.join(work, 'catalog-info.yaml'),
      'kind: Component\n',
    );
    await fs.writeFile(path.join(work, 'docs/index.md'), '# Docs\n');
    await fs.writeFile(path.join(work, 'docs/deep/more.md'), 'more\n');
    await fs.writeFile(path.join(work, 'docs/deep/skip.txt'), 'skip\n');
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1' };
    const git = (...args: string[]) => exec('git', args, { cwd: work, env });
    await git('init', '-q', '-b', 'main');
    await git('add', '-A');
    await git(
      '-c',
      'user.name=T',
      '-c',
      'user.email=t@example.com',
      'commit',
      '-qm',
      'init',
    );
    await git('branch', 'release/1.0');
    await git(
      '-c',
      `http.extraHeader=Authorization: ${mockCredentials.service.header()}`,
      'push',
      '-q',
      `${baseUrl}/api/git/repos/svc.git`,
      'main',
      'release/1.0',
    );
    repoUrl = `${baseUrl}/api/git/repos/svc.git`;
    reader = UrlReaders.default({
      config: mockServices.rootConfig({ data: { backend: { baseUrl } } }),
      logger: mockServices.logger.mock(),
      factories: [GitUrlReader.factory],
    });
  });

  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('reads a file from a blob URL and honours its ETag', async () => {
    const first = await reader.readUrl(
      `${repoUrl}/blob/main/catalog-info.yaml`,
    );
    expect((await first.buffer()).toString()).toBe('kind: Component\n');
    expect(first.etag).toBeTruthy();
    await expect(
      reader.readUrl(`${repoUrl}/blob/main/catalog-info.yaml`, {
        etag: first.etag,
      }),
    ).rejects.toBeInstanceOf(NotModifiedError);
  });

  it('resolves branch names that contain slashes', async () => {
    const res = await reader.readUrl(
      `${repoUrl}/blob/release/1.0/docs/index.md`,
    );
    expect((await res.buffer()).toString()).toBe('# Docs\n');
  });

  it('reads a subtree with readTree', async () => {
    const tree = await reader.readTree(`${repoUrl}/tree/main/docs`);
    const files = await tree.files();
    expect(files.map(f => f.path).sort()).toEqual([
      'deep/more.md',
      'deep/skip.txt',
      'index.md',
    ]);
    expect(
      (await files.find(f => f.path === 'index.md')!.content()).toString(),
    ).toBe('# Docs\n');
  });

  it('finds files by glob with search', async () => {
    const found = await reader.search(`${repoUrl}/blob/main/docs/**/*.md`);
    expect(found.files.map(f => f.url).sort()).toEqual([
      `${repoUrl}/blob/main/docs/deep/more.md`,
      `${repoUrl}/blob/main/docs/index.md`,
    ]);
    expect((await found.files[0].content()).length).toBeGreaterThan(0);
  });

  it('says which file is missing', async () => {
    await expect(
      reader.readUrl(`${repoUrl}/blob/main/nope.yaml`),
    ).rejects.toThrow(/'nope.yaml' does not exist/);
  });

  it('does not claim URLs of other hosts', () => {
    const tuples = GitUrlReader.factory({
      config: mockServices.rootConfig({
        data: { backend: { baseUrl: 'http://portal:7007' } },
      }),
      logger: mockServices.logger.mock(),
      treeResponseFactory: {} as any,
    });
    expect(
      tuples[0].predicate(
        new URL('http://portal:7007/api/git/repos/a.git/blob/main/x'),
      ),
    ).toBe(true);
    expect(
      tuples[0].predicate(new URL('https://github.com/a/b/blob/main/x')),
    ).toBe(false);
    expect(
      tuples[0].predicate(new URL('http://portal:7007/api/catalog/entities')),
    ).toBe(false);
  });
});
