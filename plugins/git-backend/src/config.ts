import { RootConfigService } from '@backstage/backend-plugin-api';
import path from 'node:path';

export interface GitHostingConfig {
  directory: string;
  defaultBranch: string;
  maxPushSizeMb: number;
}

function readPositive(value: number, key: string): number {
  if (!(value > 0))
    throw new Error(`${key} must be a positive number, not ${value}`);
  return value;
}

/** Reads and checks the `git` config block once, at startup. */
export function readGitHostingConfig(
  config: RootConfigService,
): GitHostingConfig {
  return {
    directory: path.resolve(
      config.getOptionalString('git.storage.directory') ?? '.data/git',
    ),
    defaultBranch: config.getOptionalString('git.defaultBranch') ?? 'main',
    maxPushSizeMb: readPositive(
      config.getOptionalNumber('git.maxPushSizeMb') ?? 100,
      'git.maxPushSizeMb',
    ),
  };
}
