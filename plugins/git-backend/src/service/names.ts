import { InputError } from '@backstage/errors';

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?$/;
const BRANCH = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/;

/**
 * Repository names become directory names, so anything that could climb out of the storage
 * directory or collide with git's own `.git` suffix is refused with the reason.
 */
export function assertRepositoryName(name: string, field = 'name'): void {
  if (!NAME.test(name)) {
    throw new InputError(
      `${field} '${name}' is not a valid repository name: use 1-100 letters, digits, '.', '_' or '-', starting and ending with a letter or digit`,
    );
  }
  if (name.includes('..')) {
    throw new InputError(`${field} '${name}' must not contain '..'`);
  }
  if (name.toLowerCase().endsWith('.git')) {
    throw new InputError(
      `${field} '${name}' must not end in '.git'; the suffix is added to clone URLs`,
    );
  }
}

/** Branch names as git accepts them, minus the forms that could be read as options or ranges. */
export function assertBranchName(
  branch: string,
  field = 'defaultBranch',
): void {
  if (
    !BRANCH.test(branch) ||
    branch === 'HEAD' ||
    branch.includes('@{') ||
    branch.includes('..') ||
    branch.includes('//') ||
    branch.endsWith('/') ||
    branch.endsWith('.lock') ||
    branch.endsWith('.')
  ) {
    throw new InputError(`${field} '${branch}' is not a valid branch name`);
  }
}

/** Entity refs as the catalog writes them: kind:namespace/name, lowercase. */
const ENTITY_REF =
  /^[a-z0-9][a-z0-9_.-]*:[a-z0-9][a-z0-9_.-]*\/[a-z0-9][a-z0-9_.-]*$/;

export function assertEntityRef(value: string, field: string): void {
  if (!ENTITY_REF.test(value)) {
    throw new InputError(
      `${field} '${value}' is not a full entity reference like group:default/payments-team`,
    );
  }
}
