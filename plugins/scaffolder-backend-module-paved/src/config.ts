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
  /** The portal's OTLP/HTTP traces URL as new services reach it: their default export target. */
  otlpTracesEndpoint: string;
}

/** Where the traces plugin's OTLP receiver listens, below the portal's base URL. */
const OTLP_TRACES_PATH = '/api/traces/v1/traces';

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
    otlpTracesEndpoint: readOtlpTracesEndpoint(config),
  };
}

/**
 * Services often reach the portal by another address than browsers do (a cluster-internal
 * Service name, say), so `scaffolder.paved.traces.portalBaseUrl` may replace `backend.baseUrl`.
 */
function readOtlpTracesEndpoint(config: RootConfigService): string {
  const override = 'scaffolder.paved.traces.portalBaseUrl';
  const key = config.has(override) ? override : 'backend.baseUrl';
  const base = config.getOptionalString(key);
  if (!base) {
    return '';
  }
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`${key} must be an absolute http(s) URL, not '${base}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${key} must be an absolute http(s) URL, not '${base}'`);
  }
  return `${base.replace(/\/+$/, '')}${OTLP_TRACES_PATH}`;
}
