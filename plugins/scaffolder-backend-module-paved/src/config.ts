import { RootConfigService } from '@backstage/backend-plugin-api';

export interface PublishConfig {
  target: 'local' | 'github';
  defaultBranch: string;
  registrationTimeoutMs: number;
  github?: {
    host: string;
    owner: string;
    visibility: 'private' | 'internal' | 'public';
  };
  defaultAuthor: { name: string; email: string };
  commitMessage?: string;
  /** The portal's first deployment cluster, which new services opt into; empty when none. */
  deployCluster: string;
}

/** Reads `scaffolder.paved.publish` once at startup and refuses bad values there, not mid-task. */
export function readPublishConfig(config: RootConfigService): PublishConfig {
  const publish = config.getOptionalConfig('scaffolder.paved.publish');
  const target = publish?.getOptionalString('target') ?? 'local';
  if (target !== 'local' && target !== 'github') {
    throw new Error(
      `scaffolder.paved.publish.target must be 'local' or 'github', not '${target}'`,
    );
  }
  const timeoutSeconds =
    publish?.getOptionalNumber('registrationTimeoutSeconds') ?? 60;
  if (!(timeoutSeconds > 0)) {
    throw new Error(
      'scaffolder.paved.publish.registrationTimeoutSeconds must be positive',
    );
  }
  let github: PublishConfig['github'];
  if (target === 'github') {
    const gh = publish!.getConfig('github');
    const visibility = gh.getOptionalString('visibility') ?? 'private';
    if (!['private', 'internal', 'public'].includes(visibility)) {
      throw new Error(
        `scaffolder.paved.publish.github.visibility must be private, internal or public, not '${visibility}'`,
      );
    }
    github = {
      host: gh.getOptionalString('host') ?? 'github.com',
      owner: gh.getString('owner'),
      visibility: visibility as 'private' | 'internal' | 'public',
    };
  }
  return {
    target,
    defaultBranch: publish?.getOptionalString('defaultBranch') ?? 'main',
    registrationTimeoutMs: timeoutSeconds * 1000,
    github,
    defaultAuthor: {
      name:
        config.getOptionalString('scaffolder.defaultAuthor.name') ?? 'Paved',
      email:
        config.getOptionalString('scaffolder.defaultAuthor.email') ??
        'scaffolder@paved.dev',
    },
    commitMessage: config.getOptionalString('scaffolder.defaultCommitMessage'),
    deployCluster:
      config
        .getOptionalConfigArray('deployments.clusters')?.[0]
        ?.getOptionalString('name') ?? '',
  };
}
