import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { gitPlugin } from './plugin';

const exec = promisify(execFile);

async function git(args: string[], cwd?: string) {
  return exec('git', args, {
    cwd,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' },
  });
}

describe('git hosting plugin, with the real git CLI', () => {
  let tmp: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let base: string;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-git-test-'));
    ({ server } = await startTestBackend({
      features: [
        gitPlugin,
        mockServices.rootConfig.factory({
          data: { git: { storage: { directory: path.join(tmp, 'repos') } } },
        }),
        // No Authorization header means "nobody", as in production.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    }));
    base = `http://localhost:${server.port()}/api/git`;
  });

  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  async function createAndPush(
    name: string,
    files: Record<string, Buffer | string>,
  ) {
    const created = await request(server)
      .post('/api/git/repositories')
      .set('Authorization', mockCredentials.service.header())
      .send({
        name,
        description: 'A test repository',
        owner: 'group:default/owners',
      });
    expect(created.status).toBe(201);
    const work = await fs.mkdtemp(path.join(tmp, 'work-'));
    for (const [file, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(work, file)), { recursive: true });
      await fs.writeFile(path.join(work, file), content);
    }
    await git(['init', '-q', '-b', 'main'], work);
    await git(['add', '-A'], work);
    await git(
      [
        '-c',
        'user.name=Test',
        '-c',
        'user.email=test@example.com',
        'commit',
        '-q',
        '-m',
        'initial',
      ],
      work,
    );
    await git(
      [
        '-c',
        `http.extraHeader=Authorization: ${mockCredentials.service.header()}`,
        'push',
        '-q',
        `${base}/repos/${name}.git`,
        'main',
      ],
      work,
    );
    return created.body;
  }

  it('creates a repository that accepts an authenticated push and clones without credentials', async () => {
    const icon = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255,
    ]);
    const created = await createAndPush('hello-svc', {
      'README.md': '# hello\n',
      'assets/icon.png': icon,
    });
    expect(created).toMatchObject({
      name: 'hello-svc',
      defaultBranch: 'main',
      description: 'A test repository',
    });
    expect(created.cloneUrl).toMatch(/\/api\/git\/repos\/hello-svc\.git$/);

    const clone = path.join(tmp, 'clone-hello');
    await git(['clone', '-q', `${base}/repos/hello-svc.git`, clone]);
    expect(await fs.readFile(path.join(clone, 'README.md'), 'utf8')).toBe(
      '# hello\n',
    );
    expect(await fs.readFile(path.join(clone, 'assets/icon.png'))).toEqual(
      icon,
    );
    const { stdout: branch } = await git(
      ['rev-parse', '--abbrev-ref', 'HEAD'],
      clone,
    );
    expect(branch.trim()).toBe('main');

    const summary = await request(server)
      .get('/api/git/repositories/hello-svc')
      .set('Authorization', mockCredentials.user.header());
    expect(summary.status).toBe(200);
    expect(summary.body.headCommit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('refuses a push without credentials and leaves the repository unchanged', async () => {
    await createAndPush('guarded', { 'a.txt': 'a' });
    const work = path.join(tmp, 'clone-guarded');
    await git(['clone', '-q', `${base}/repos/guarded.git`, work]);
    await fs.writeFile(path.join(work, 'a.txt'), 'changed');
    await git(
      [
        '-c',
        'user.name=T',
        '-c',
        'user.email=t@example.com',
        'commit',
        '-qam',
        'change',
      ],
      work,
    );
    await expect(git(['push', '-q', 'origin', 'main'], work)).rejects.toThrow(
      /401|Authentication failed|could not read Username/,
    );
    const raw = await request(server).get(
      '/api/git/repos/guarded.git/raw/main/a.txt',
    );
    expect(raw.text).toBe('a');
  });

  describe('who may change a repository', () => {
    const pushAs = async (
      name: string,
      header: string,
      extra: string[] = [],
      refspec = 'main',
    ) => {
      const work = path.join(
        tmp,
        `push-${name}-${Math.random().toString(36).slice(2)}`,
      );
      await git(['clone', '-q', `${base}/repos/${name}.git`, work]);
      await fs.writeFile(path.join(work, 'change.txt'), String(Math.random()));
      await git(['add', '.'], work);
      await git(
        [
          '-c',
          'user.name=T',
          '-c',
          'user.email=t@example.com',
          'commit',
          '-qm',
          'change',
        ],
        work,
      );
      return git(
        [
          '-c',
          `http.extraHeader=Authorization: ${header}`,
          'push',
          '-q',
          ...extra,
          'origin',
          refspec,
        ],
        work,
      );
    };

    it('lets members of the owning group push, and nobody else', async () => {
      await createAndPush('owned', { 'a.txt': 'a' });
      await expect(
        pushAs('owned', mockCredentials.user.header('user:default/outsider')),
      ).rejects.toThrow(/403/);
      // mockServices.userInfo makes the mock user own its own ref only; the owner group is the
      // one the repository was created with.
      const owner = mockCredentials.user.header('group:default/owners');
      await expect(pushAs('owned', owner)).resolves.toBeDefined();
    });

    it('refuses force pushes and branch deletions even from services', async () => {
      await createAndPush('history', { 'a.txt': 'a' });
      const work = path.join(tmp, 'history-rewrite');
      await git(['init', '-q', '-b', 'main', work]);
      await fs.writeFile(path.join(work, 'other.txt'), 'unrelated history');
      await git(['add', '.'], work);
      await git(
        [
          '-c',
          'user.name=T',
          '-c',
          'user.email=t@example.com',
          'commit',
          '-qm',
          'orphan',
        ],
        work,
      );
      const header = `http.extraHeader=Authorization: ${mockCredentials.service.header()}`;
      await expect(
        git(
          [
            '-c',
            header,
            'push',
            '-q',
            '-f',
            `${base}/repos/history.git`,
            'main',
          ],
          work,
        ),
      ).rejects.toThrow(/non-fast-forward|rejected|denied/);
      await expect(
        git(
          ['-c', header, 'push', '-q', `${base}/repos/history.git`, ':main'],
          work,
        ),
      ).rejects.toThrow(/deletion prohibited|rejected|denied/);
      const raw = await request(server).get(
        '/api/git/repos/history.git/raw/main/a.txt',
      );
      expect(raw.text).toBe('a');
    });

    it('lets only services create repositories', async () => {
      const res = await request(server)
        .post('/api/git/repositories')
        .set('Authorization', mockCredentials.user.header())
        .send({ name: 'squatted' });
      expect(res.status).toBe(403);
    });
  });

  it('resolves a branch before a tag of the same name', async () => {
    await createAndPush('shadow', { 'a.txt': 'branch' });
    const work = path.join(tmp, 'shadow-tag');
    await git(['clone', '-q', `${base}/repos/shadow.git`, work]);
    await fs.writeFile(path.join(work, 'a.txt'), 'tag');
    await git(
      [
        '-c',
        'user.name=T',
        '-c',
        'user.email=t@example.com',
        'commit',
        '-qam',
        'tagged',
      ],
      work,
    );
    await git(['tag', 'main'], work);
    await git(
      [
        '-c',
        `http.extraHeader=Authorization: ${mockCredentials.service.header()}`,
        'push',
        '-q',
        'origin',
        'refs/tags/main',
      ],
      work,
    );
    const raw = await request(server).get(
      '/api/git/repos/shadow.git/raw/main/a.txt',
    );
    expect(raw.status).toBe(200);
    expect(raw.text).toBe('branch');
  });

  it('treats paths literally and answers 4xx, not 500, for odd ones', async () => {
    await createAndPush('odd', { 'a.txt': 'a' });
    for (const [p, status] of [
      ['main/%00', 400],
      ['main/:(glob)**', 404],
      ['main/:!a.txt', 404],
      ['main/%E0%A4%A', 400],
    ] as const) {
      const res = await request(server).get(`/api/git/repos/odd.git/raw/${p}`);
      expect({ p, status: res.status }).toEqual({ p, status });
      expect(JSON.stringify(res.body)).not.toContain(tmp);
    }
  });

  it('serves raw files with an ETag and answers 304 when unchanged', async () => {
    await createAndPush('etags', { 'catalog-info.yaml': 'kind: Component\n' });
    const first = await request(server).get(
      '/api/git/repos/etags.git/raw/main/catalog-info.yaml',
    );
    expect(first.status).toBe(200);
    expect(first.text).toBe('kind: Component\n');
    const again = await request(server)
      .get('/api/git/repos/etags.git/raw/main/catalog-info.yaml')
      .set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
  });

  it('renders the tree and files for a browser, escaping their content', async () => {
    await createAndPush('browse', { 'src/x.ts': 'const a = "<script>";\n' });
    const tree = await request(server).get(
      '/api/git/repos/browse.git/tree/main',
    );
    expect(tree.status).toBe(200);
    expect(tree.text).toContain('git clone');
    expect(tree.text).toContain('src');
    const blob = await request(server).get(
      '/api/git/repos/browse.git/blob/main/src/x.ts',
    );
    expect(blob.text).toContain('&lt;script&gt;');
    expect(blob.text).not.toContain('"<script>"');
  });

  it('lists files and streams a gzipped archive of a subtree', async () => {
    await createAndPush('tree', {
      'docs/a.md': 'a',
      'docs/b/c.md': 'c',
      'x.txt': 'x',
    });
    const files = await request(server).get(
      '/api/git/repos/tree.git/files/main/docs',
    );
    expect(files.body.files.sort()).toEqual(['docs/a.md', 'docs/b/c.md']);
    const archive = await request(server)
      .get('/api/git/repos/tree.git/archive/main/docs')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(archive.status).toBe(200);
    expect((archive.body as Buffer).subarray(0, 2)).toEqual(
      Buffer.from([0x1f, 0x8b]),
    );
  });

  it('answers 409 for a name that exists and 400 naming the field for bad names', async () => {
    await createAndPush('taken', { 'a.txt': 'a' });
    const again = await request(server)
      .post('/api/git/repositories')
      .set('Authorization', mockCredentials.service.header())
      .send({ name: 'taken' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already exists/);

    for (const bad of ['..', 'a b', '../etc', 'x.git', '-rf', '']) {
      const res = await request(server)
        .post('/api/git/repositories')
        .set('Authorization', mockCredentials.service.header())
        .send({ name: bad });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/name/);
    }
    const entries = await fs.readdir(path.join(tmp, 'repos'));
    expect(entries.sort()).not.toContain('..git');
    expect(entries.filter(e => e.startsWith('.staging'))).toEqual([]);
  });

  it('lets only services delete, and only existing repositories', async () => {
    await createAndPush('doomed', { 'a.txt': 'a' });
    const asUser = await request(server)
      .delete('/api/git/repositories/doomed')
      .set('Authorization', mockCredentials.user.header());
    expect(asUser.status).toBe(403);
    const asService = await request(server)
      .delete('/api/git/repositories/doomed')
      .set('Authorization', mockCredentials.service.header());
    expect(asService.status).toBe(204);
    const gone = await request(server).get(
      '/api/git/repos/doomed.git/tree/main',
    );
    expect(gone.status).toBe(404);
    const missing = await request(server)
      .delete('/api/git/repositories/doomed')
      .set('Authorization', mockCredentials.service.header());
    expect(missing.status).toBe(404);
  });

  it('answers 404 with the reason for unknown refs and paths', async () => {
    await createAndPush('paths', { 'a.txt': 'a' });
    const ref = await request(server).get(
      '/api/git/repos/paths.git/raw/nope/a.txt',
    );
    expect(ref.status).toBe(404);
    expect(ref.body.error.message).toMatch(/No branch, tag or commit/);
    const file = await request(server).get(
      '/api/git/repos/paths.git/raw/main/b.txt',
    );
    expect(file.status).toBe(404);
    expect(file.body.error.message).toMatch(/'b.txt' does not exist/);
  });
});
