import {
  AuditorService,
  BackstageCredentials,
  DiscoveryService,
  HttpAuthService,
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, isError } from '@backstage/errors';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { GitOutput, GitRepositories, RepositorySummary } from './service/types';
import { serveWithGitHttpBackend } from './service/httpBackend';
import { renderEmptyRepository, renderPath } from './service/browsePage';
import { assertEntityRef, assertRepositoryName } from './service/names';
import { GitCommandError } from './service/runGit';

/** Files up to this size are shown inline on the browse page. */
const MAX_INLINE_TEXT_BYTES = 512 * 1024;

const createBody = z.object({
  name: z.string({ error: 'name is required' }),
  description: z
    .string()
    .max(500, 'description must be at most 500 characters')
    .refine(
      // eslint-disable-next-line no-control-regex -- control characters are exactly what a one-line description must not contain
      d => !/[\u0000-\u001f]/.test(d),
      'description must be one line without control characters',
    )
    .optional(),
  defaultBranch: z.string().optional(),
  owner: z.string().optional(),
});

/** Hosting paths: smart HTTP, and the browse/raw/archive views the URL reader uses. */
const GIT_PROTOCOL_PATH =
  /^\/repos\/([^/]+)\.git\/(info\/refs|git-upload-pack|git-receive-pack)$/;
const VIEW_PATH =
  /^\/repos\/([^/]+)\.git(?:\/(tree|blob|raw|archive|files)(?:\/(.*))?)?\/?$/;

function principalName(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.type === 'user' ? p.userEntityRef ?? 'user' : p.subject ?? p.type;
}

function looksLikeText(content: Buffer): boolean {
  return !content.subarray(0, 8000).includes(0);
}

export async function createRouter(options: {
  repositories: GitRepositories;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  discovery: DiscoveryService;
  auditor: AuditorService;
  logger: LoggerService;
}): Promise<express.Router> {
  const { repositories, httpAuth, userInfo, discovery, auditor, logger } =
    options;

  /** Git's own messages can name server paths; people get the subcommand, logs get the rest. */
  const hideGitDetails = (error: unknown, name: string): never => {
    if (error instanceof GitCommandError) {
      logger.error('git failed', {
        name,
        subcommand: error.subcommand,
        stderr: error.stderr,
      });
      throw new Error(`git ${error.subcommand} failed for '${name}'`);
    }
    throw error;
  };
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
    // Repositories come from golden paths: the scaffolder creates them, people do not.
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const parsed = createBody.safeParse(req.body);
    if (!parsed.success) {
      throw new InputError(parsed.error.issues.map(i => i.message).join('; '));
    }
    if (parsed.data.owner) assertEntityRef(parsed.data.owner, 'owner');
    const event = await auditor.createEvent({
      eventId: 'repository-create',
      severityLevel: 'medium',
      request: req,
      meta: { name: parsed.data.name },
    });
    try {
      const repo = await repositories.create(parsed.data);
      logger.info('Created repository', {
        name: repo.name,
        by: principalName(credentials),
      });
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
      logger.info('Deleted repository', {
        name: req.params.name,
        by: principalName(credentials),
      });
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
    const repo = await repositories.get(name);
    const isPush =
      rest === 'git-receive-pack' ||
      (rest === 'info/refs' && req.query.service === 'git-receive-pack');
    let remoteUser: string | undefined;
    if (isPush) {
      // Reads are open (clone needs no credentials); writes need a Backstage token, and a person
      // must belong to the group that owns the repository.
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      remoteUser = principalName(credentials);
      if (credentials.principal.type === 'user') {
        const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
        if (!repo.owner || !ownershipEntityRefs.includes(repo.owner)) {
          throw new NotAllowedError(
            `${remoteUser} may not push to '${name}': only members of ${
              repo.owner ?? 'its owning group'
            } may`,
          );
        }
      }
    } else if (req.method !== 'GET' && rest === 'info/refs') {
      throw new InputError('info/refs only answers GET');
    }
    const event =
      rest === 'git-receive-pack'
        ? await auditor.createEvent({
            eventId: 'repository-push',
            severityLevel: 'medium',
            request: req,
            meta: { name, by: remoteUser ?? 'unknown' },
          })
        : undefined;
    const outcome = await serveWithGitHttpBackend({
      req,
      res,
      projectRoot: repositories.rootDirectory,
      pathInfo: `/${name}.git/${rest}`,
      remoteUser,
      onError: error =>
        logger.error('git http-backend failed', { name, error: String(error) }),
    });
    if (event) {
      if (outcome.ok) await event.success();
      else await event.fail({ error: new Error(outcome.reason) });
    }
  });

  router.get(VIEW_PATH, async (req, res) => {
    const [, name, view = 'tree', refAndPath = ''] = VIEW_PATH.exec(req.path)!;
    assertRepositoryName(name);
    try {
      let decoded: string;
      try {
        decoded = decodeURIComponent(refAndPath);
      } catch {
        throw new InputError(`'${refAndPath}' is not a valid URL-encoded path`);
      }
      await serveView(req, res, name, view, decoded);
    } catch (error) {
      hideGitDetails(error, name);
    }
  });

  async function serveView(
    req: Request,
    res: Response,
    name: string,
    view: string,
    refAndPath: string,
  ) {
    const repo = await repositories.get(name);
    if (
      !repo.headCommit &&
      !refAndPath &&
      (view === 'tree' || view === 'blob')
    ) {
      res.type('html').send(renderEmptyRepository(repo, cloneUrlOf(name)));
      return;
    }
    const resolved = await repositories.resolve(name, refAndPath);

    if (view === 'raw') {
      if (resolved.kind !== 'blob') {
        throw new InputError(
          `'${resolved.path || '/'}' is a directory, not a file`,
        );
      }
      const etag = `"${resolved.sha}"`;
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end();
        return;
      }
      // Streamed, so a large file never sits in memory; the first bytes decide text or binary.
      const blob = await repositories.openBlob(name, resolved.sha);
      await sendStream(res, blob, {
        etag,
        length: resolved.size,
        type: first =>
          looksLikeText(first)
            ? 'text/plain; charset=utf-8'
            : 'application/octet-stream',
      });
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
      if (view === 'files') {
        res.setHeader('ETag', etag);
        res.json({
          ref: resolved.ref,
          commit: resolved.commit,
          files: await repositories.listFiles(
            name,
            resolved.commit,
            resolved.path,
          ),
        });
        return;
      }
      const archive = await repositories.archive(
        name,
        resolved.commit,
        resolved.path,
      );
      await sendStream(res, archive, { etag, type: () => 'application/gzip' });
      return;
    }

    let text: string | undefined;
    let readme: { name: string; text: string } | undefined;
    if (resolved.kind === 'blob' && resolved.size <= MAX_INLINE_TEXT_BYTES) {
      const content = await repositories.readBlob(name, resolved.sha);
      if (looksLikeText(content)) text = content.toString('utf8');
    } else if (resolved.kind === 'tree') {
      const entry = resolved.entries.find(
        e => e.type === 'blob' && /^readme(\.md|\.txt)?$/i.test(e.name),
      );
      if (entry && (entry.size ?? 0) <= MAX_INLINE_TEXT_BYTES) {
        const file = await repositories.resolve(
          name,
          `${resolved.ref}/${entry.path}`,
        );
        if (file.kind === 'blob') {
          const content = await repositories.readBlob(name, file.sha);
          if (looksLikeText(content))
            readme = { name: entry.name, text: content.toString('utf8') };
        }
      }
    }
    res.type('html').send(
      renderPath({
        repo,
        cloneUrl: cloneUrlOf(name),
        resolved,
        text,
        readme,
      }),
    );
  }

  /**
   * Sends git's output as the response body, and only ends the response once git has exited
   * successfully; otherwise the connection is cut, so a client can tell a failure from a
   * complete body.
   */
  async function sendStream(
    res: Response,
    output: GitOutput,
    response: {
      etag: string;
      length?: number;
      type: (first: Buffer) => string;
    },
  ) {
    let started = false;
    output.stream.on('data', (chunk: Buffer) => {
      if (!started) {
        started = true;
        res.setHeader('ETag', response.etag);
        if (response.length !== undefined)
          res.setHeader('Content-Length', String(response.length));
        res.type(response.type(chunk));
      }
      if (!res.write(chunk)) {
        output.stream.pause();
        res.once('drain', () => output.stream.resume());
      }
    });
    res.on('close', () => {
      if (!res.writableFinished) output.abort();
    });
    await new Promise<void>(resolve => output.stream.on('end', resolve));
    try {
      await output.done;
    } catch (error) {
      if (started) {
        logger.error('git output failed half way', {
          error: isError(error) ? error.message : String(error),
        });
        res.destroy(error as Error);
        return;
      }
      throw error;
    }
    if (!started) {
      res.setHeader('ETag', response.etag);
      res.type(response.type(Buffer.alloc(0)));
    }
    res.end();
  }

  return router;
}
