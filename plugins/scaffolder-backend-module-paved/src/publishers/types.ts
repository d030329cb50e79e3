import { ActionContext } from '@backstage/plugin-scaffolder-node';

/** Where a published repository ended up. */
export interface PublishedRepository {
  /** A page about the repository, for people. */
  remoteUrl: string;
  /** What `git clone` accepts without credentials. */
  cloneUrl: string;
  /** URL of a file in the pushed branch, as the catalog's URL readers expect it. */
  fileUrl(path: string): string;
}

/** What to publish: one commit of `sourceDir` on `defaultBranch` of a new repository `name`. */
export interface PublishRequest {
  name: string;
  description: string;
  /** Entity ref of the group that owns the new component (and may push to a local repository). */
  owner?: string;
  defaultBranch: string;
  sourceDir: string;
  author: { name: string; email: string };
  message: string;
  /** The running action, for publishers that delegate to another scaffolder action. */
  ctx: ActionContext<any, any>;
}

/**
 * One place new repositories can go. `paved:validate` asks where a repository would be and
 * whether the name is free; `paved:publish` pushes, and undoes the push when registration fails.
 */
export interface RepositoryPublisher {
  readonly target: string;
  cloneUrlFor(name: string, defaultBranch: string): Promise<string>;
  exists(name: string): Promise<boolean>;
  /**
   * Creates the repository and pushes to it. If the push fails, the repository this call created
   * is removed again before the error propagates; a repository that existed is never touched.
   */
  publish(request: PublishRequest): Promise<PublishedRepository>;
  /** Removes a repository this publisher created; used only to undo a failed publish. */
  remove(name: string): Promise<void>;
}
