/** The parts of a URL that points into a repository hosted by the git plugin. */
export interface HostedRepositoryUrl {
  /** `<base>/repos/<name>.git`, which is also the clone URL. */
  repositoryUrl: string;
  name: string;
  /** `tree`, `blob` or `raw`; `tree` when the URL names only the repository. */
  view: string;
  /** `<ref>/<path>` as it appeared in the URL, possibly empty. */
  refAndPath: string;
}

const HOSTED =
  /^(.*\/repos\/([^/]+)\.git)(?:\/(tree|blob|raw)(?:\/(.*))?)?\/?$/;

/**
 * Splits a hosted-repository URL. Ref and path stay joined because a branch name may itself
 * contain slashes; the git plugin resolves them against the refs that exist.
 */
export function parseHostedRepositoryUrl(
  url: string,
): HostedRepositoryUrl | undefined {
  const parsed = new URL(url);
  const match = HOSTED.exec(`${parsed.origin}${parsed.pathname}`);
  if (!match) return undefined;
  const [, repositoryUrl, name, view = 'tree', refAndPath = ''] = match;
  return { repositoryUrl, name, view, refAndPath };
}
