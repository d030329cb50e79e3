import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import {
  createPublishGithubAction,
  getOctokitClient,
  getOctokitOptions,
} from '@backstage/plugin-scaffolder-backend-module-github';
import {
  PublishRequest,
  PublishedRepository,
  RepositoryPublisher,
} from './types';

/**
 * Publishes to GitHub with Backstage's own `publish:github` implementation and the credentials
 * from `integrations.github`, so behaviour matches what Backstage users already know.
 */
export class GithubPublisher implements RepositoryPublisher {
  readonly target = 'github';
  private readonly integrations: ScmIntegrations;
  private readonly credentialsProvider: DefaultGithubCredentialsProvider;
  private readonly publishAction: ReturnType<typeof createPublishGithubAction>;

  constructor(
    config: RootConfigService,
    private readonly settings: {
      host: string;
      owner: string;
      visibility: 'private' | 'internal' | 'public';
    },
    private readonly logger: LoggerService,
  ) {
    this.integrations = ScmIntegrations.fromConfig(config);
    if (!this.integrations.github.byHost(settings.host)) {
      throw new Error(
        `scaffolder.paved.publish.github.host '${settings.host}' has no entry under integrations.github`,
      );
    }
    this.credentialsProvider =
      DefaultGithubCredentialsProvider.fromIntegrations(this.integrations);
    this.publishAction = createPublishGithubAction({
      integrations: this.integrations,
      config,
      githubCredentialsProvider: this.credentialsProvider,
    });
  }

  private repoUrl(name: string) {
    return `${this.settings.host}?owner=${encodeURIComponent(
      this.settings.owner,
    )}&repo=${encodeURIComponent(name)}`;
  }

  async cloneUrlFor(name: string): Promise<string> {
    return `https://${this.settings.host}/${this.settings.owner}/${name}`;
  }

  private async octokit(name: string) {
    const options = await getOctokitOptions({
      integrations: this.integrations,
      credentialsProvider: this.credentialsProvider,
      repoUrl: this.repoUrl(name),
    });
    return getOctokitClient(options, this.logger);
  }

  async exists(name: string): Promise<boolean> {
    const client = await this.octokit(name);
    try {
      await client.rest.repos.get({ owner: this.settings.owner, repo: name });
      return true;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return false;
      throw error;
    }
  }

  async publish(options: PublishRequest): Promise<PublishedRepository> {
    const outputs: Record<string, unknown> = {};
    await this.publishAction.handler({
      ...options.ctx,
      workspacePath: options.sourceDir,
      input: {
        repoUrl: this.repoUrl(options.name),
        description: options.description,
        defaultBranch: options.defaultBranch,
        repoVisibility: this.settings.visibility,
        gitAuthorName: options.author.name,
        gitAuthorEmail: options.author.email,
        gitCommitMessage: options.message,
      },
      output: (key: string, value: unknown) => {
        outputs[key] = value;
      },
    } as any);
    const remoteUrl = String(
      outputs.remoteUrl ?? (await this.cloneUrlFor(options.name)),
    );
    const contents = String(
      outputs.repoContentsUrl ?? `${remoteUrl}/blob/${options.defaultBranch}`,
    );
    return {
      remoteUrl,
      cloneUrl: remoteUrl.replace(/\.git$/, ''),
      fileUrl: (file: string) => `${contents}/${file.replace(/^\/+/, '')}`,
    };
  }

  async remove(name: string): Promise<void> {
    const client = await this.octokit(name);
    await client.rest.repos.delete({ owner: this.settings.owner, repo: name });
  }
}
