import { DiscoveryService } from '@backstage/backend-plugin-api';
import { ConflictError, ResponseError } from '@backstage/errors';
import { GitHostingClient } from '@paved/plugin-git-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  PublishRequest,
  PublishedRepository,
  RepositoryPublisher,
} from './types';
import { commitTreeAndPush } from './gitCommand';

/** Publishes to the bare repositories of Paved's git plugin (the embedded default). */
export class LocalGitPublisher implements RepositoryPublisher {
  readonly target = 'local';

  constructor(
    private readonly client: GitHostingClient,
    private readonly discovery: DiscoveryService,
  ) {}

  async cloneUrlFor(name: string): Promise<string> {
    return `${await this.discovery.getExternalBaseUrl(
      'git',
    )}/repos/${name}.git`;
  }

  async exists(name: string): Promise<boolean> {
    return Boolean(await this.client.getRepository(name));
  }

  async publish(options: PublishRequest): Promise<PublishedRepository> {
    let created;
    try {
      created = await this.client.createRepository({
        name: options.name,
        description: options.description,
        defaultBranch: options.defaultBranch,
        owner: options.owner,
      });
    } catch (error) {
      if (error instanceof ResponseError && error.response.status === 409) {
        throw new ConflictError(
          `A repository named '${options.name}' already exists`,
        );
      }
      throw error;
    }
    const gitDir = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-publish-'));
    try {
      // The push goes to the internal URL; the clone URL handed to people is the external one.
      const internal = `${await this.discovery.getBaseUrl('git')}/repos/${
        options.name
      }.git`;
      await commitTreeAndPush({
        sourceDir: options.sourceDir,
        gitDir,
        branch: options.defaultBranch,
        author: options.author,
        message: options.message,
        remoteUrl: internal,
        extraHeader: await this.client.pushAuthorizationHeader(),
      });
    } catch (error) {
      // Ours, just created and empty or half pushed: nobody else can depend on it yet.
      await this.client.deleteRepository(options.name).then(
        () =>
          options.ctx.logger.info(
            `Removed the half-pushed repository '${options.name}' again`,
          ),
        cleanup =>
          options.ctx.logger.error(
            `Could not remove the half-pushed repository '${options.name}': ${cleanup}`,
          ),
      );
      throw error;
    } finally {
      await fs.rm(gitDir, { recursive: true, force: true });
    }
    return {
      cloneUrl: created.cloneUrl,
      remoteUrl: created.webUrl,
      fileUrl: (file: string) =>
        `${created.cloneUrl}/blob/${options.defaultBranch}/${file.replace(
          /^\/+/,
          '',
        )}`,
    };
  }

  async remove(name: string): Promise<void> {
    await this.client.deleteRepository(name);
  }
}
