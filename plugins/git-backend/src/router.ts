import {
  AuditorService,
  BackstageCredentials,
  DiscoveryService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { GitRepositories, RepositorySummary } from './service/types';
import { serveWithGitHttpBackend } from './service/httpBackend';
import { renderEmptyRepository, renderPath } from './service/browsePage';
import { assertRepositoryName } from './service/names';

/** Files up to this size are shown inline on the browse page. */
const MAX_INLINE_TEXT_BYTES = 512 * 1024;

const createBody = z.object({
  name: z.string({ error: 'name is required' }),
  description: z.string().max(500, 'description must be at most 500 characters').optional(),
  defaultBranch: z.string().optional(),
});

/** Hosting paths: smart HTTP, and the browse/raw/archive views the URL reader uses. */
const GIT_PROTOCOL_PATH = /^\/repos\/([^/]+)\.git\/(info\/refs|git-upload-pack|git-receive-pack)$/;
const VIEW_PATH = /^\/repos\/([^/]+)\.git(?:\/(tree|blob|raw|archive|files)(?:\/(.*))?)?\/?$/;

function principalName(credentials: BackstageCredentials): string {
  const p = credentials.principal as { type: string; userEntityRef?: string; subject?: string };
  return p.type === 'user' ? (p.userEntityRef ?? 'user') : (p.subject ?? p.type);
}

function looksLikeText(content: Buffer): boolean {
  return !content.subarray(0, 8000).includes(0);
}

export async function createRouter(options: {
  repositories: GitRepositories;
  httpAuth: HttpAuthService;
  discovery: DiscoveryService;
  auditor: AuditorService;
  logger: LoggerService;
}): Promise<express.Router> {
  const { repositories, httpAuth, discovery, auditor, logger } = options;
  const router = Router();
  const externalBaseUrl = await discovery.getExternalBaseUrl('git');
  const cloneUrlOf = (name: string) => `${externalBaseUrl}/repos/${name}.git`;
  const withUrls = (repo: RepositorySummary) => ({
    ...repo,
    cloneUrl: cloneUrlOf(repo.name),
    webUrl: `${cloneUrlOf(repo.name)}/tree/${repo.defaultBranch}`,
  });

  router.get('/repositories', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: (await repositories.list()).map(withUrls) });
  });

  router.get('/repositories/:name', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    assertRepositoryName(req.params.name);
    res.json(withUrls(await repositories.get(req.params.name)));
  });

  router.post('/repositories', express.json(), async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const parsed = createBody.safeParse(req.body);
    if (!parsed.success) {
      throw new InputError(parsed.error.issues.map(i => i.message).join('; '));
    }
    const event = await auditor.createEvent({
      eventId: 'repository-create',
      severityLevel: 'medium',
      request: req,
      meta: { name: parsed.data.name },
    });
    try {
      const repo = await repositories.create(parsed.data);
      logger.info('Created repository', { name: repo.name, by: principalName(credentials) });
      await event.success();
      res.status(201).json(withUrls(repo));
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.delete('/repositories/:name', async (req, res) => {
    // Only backend services (the scaffolder undoing a failed publish) delete repositories.
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const event = await auditor.createEvent({
      eventId: 'repository-delete',
      severityLevel: 'high',
      request: req,
      meta: { name: req.params.name },
    });
    try {
      await repositories.delete(req.params.name);
      logger.info('Deleted repository', { name: req.params.name, by: principalName(credentials) });
      await event.success();
      res.status(204).end();
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.all(GIT_PROTOCOL_PATH, async (req: Request, res: Response) => {
    const [, name, rest] = GIT_PROTOCOL_PATH.exec(req.path)!;
    assertRepositoryName(name);
    await repositories.get(name);
    const isPush =
      rest === 'git-receive-pack' ||
      (rest === 'info/refs' && req.query.service === 'git-receive-pack');
    let remoteUser: string | undefined;
    if (isPush) {
      // Reads are open (clone needs no credentials); writes need a Backstage token.
      const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
      remoteUser = principalName(credentials);
      if (rest === 'git-receive-pack') {
        const event = await auditor.createEvent({
          eventId: 'repository-push',
          severityLevel: 'medium',
          request: req,
          meta: { name, by: remoteUser },
        });
        await event.success();
      }
    } else if (req.method !== 'GET' && rest === 'info/refs') {
      throw new InputError('info/refs only answers GET');
    }
    await serveWithGitHttpBackend({
      req,
      res,
      projectRoot: repositories.rootDirectory,
      pathInfo: `/${name}.git/${rest}`,
      remoteUser,
      onError: error => logger.error('git http-backend failed', { name, error: String(error) }),
    });
  });

  router.get(VIEW_PATH, async (req, res) => {
    const [, name, view = 'tree', refAndPath = ''] = VIEW_PATH.exec(req.path)!;
    assertRepositoryName(name);
    const repo = await repositories.get(name);
    const decoded = decodeURIComponent(refAndPath);
    if (!repo.headCommit && !decoded && (view === 'tree' || view === 'blob')) {
      res.type('html').send(renderEmptyRepository(repo, cloneUrlOf(name)));
      return;
    }
    const resolved = await repositories.resolve(name, decoded);

    if (view === 'raw') {
      if (resolved.kind !== 'blob') {
        throw new InputError(`'${resolved.path || '/'}' is a directory, not a file`);
      }
      const etag = `"${resolved.sha}"`;
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end();
        return;
      }
      const content = await repositories.readBlob(name, resolved.sha);
      res.setHeader('ETag', etag);
      res.type(looksLikeText(content) ? 'text/plain; charset=utf-8' : 'application/octet-stream');
      res.send(content);
      return;
    }
    if (view === 'archive' || view === 'files') {
      if (resolved.kind !== 'tree') {
        throw new InputError(`'${resolved.path}' is a file, not a directory`);
      }
      const etag = `"${resolved.commit}:${resolved.path}"`;
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end();
        return;
      }
      res.setHeader('ETag', etag);
      if (view === 'files') {
        res.json({
          ref: resolved.ref,
          commit: resolved.commit,
          files: await repositories.listFiles(name, resolved.commit, resolved.path),
        });
        return;
      }
      res.type('application/gzip');
      const stream = await repositories.archive(name, resolved.commit, resolved.path);
      stream.on('error', error => {
        logger.error('git archive failed', { name, error: String(error) });
        res.destroy(error as Error);
      });
      stream.pipe(res);
      return;
    }

    let text: string | undefined;
    let readme: { name: string; text: string } | undefined;
    if (resolved.kind === 'blob' && resolved.size <= MAX_INLINE_TEXT_BYTES) {
      const content = await repositories.readBlob(name, resolved.sha);
      if (looksLikeText(content)) text = content.toString('utf8');
    } else if (resolved.kind === 'tree') {
      const entry = resolved.entries.find(e => e.type === 'blob' && /^readme(\.md|\.txt)?$/i.test(e.name));
      if (entry && (entry.size ?? 0) <= MAX_INLINE_TEXT_BYTES) {
        const file = await repositories.resolve(name, `${resolved.ref}/${entry.path}`);
        if (file.kind === 'blob') {
          const content = await repositories.readBlob(name, file.sha);
          if (looksLikeText(content)) readme = { name: entry.name, text: content.toString('utf8') };
        }
      }
    }
    res.type('html').send(renderPath({ repo, cloneUrl: cloneUrlOf(name), resolved, text, readme }));
  });

  return router;
}
