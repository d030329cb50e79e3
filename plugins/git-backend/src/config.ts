import { RootConfigService } from '@backstage/backend-plugin-api';
import path from 'node:path';

export interface GitHostingConfig {
  directory: string;
  defaultBranch: string;
}

/** Reads and checks the `git` config block once, at startup. */
export function readGitHostingConfig(config: RootConfigService): GitHostingConfig {
  return {
    directory: path.resolve(
      config.getOptionalString('git.storage.directory') ?? '.data/git',
    ),
    defaultBranch: config.getOptionalString('git.defaultBranch') ?? 'main',
  };
}
