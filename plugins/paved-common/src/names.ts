/**
 * Kinds whose names share one space with a new component: the name becomes a repository, a
 * Kubernetes Deployment and an OpenTelemetry service, so it must not collide with any of them.
 *
 * @public
 */
export const SOFTWARE_ENTITY_KINDS = ['Component', 'API', 'Resource', 'System', 'Domain'] as const;

/** @public */
export const DNS1123_LABEL_MAX_LENGTH = 63;

/**
 * Explains what is wrong with a proposed component name, or returns undefined when it is a valid
 * DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit,
 * at most 63 characters). The message names the first problem in words a person can act on.
 *
 * @public
 */
export function describeInvalidComponentName(name: string): string | undefined {
  if (name.length === 0) {
    return 'A name is required.';
  }
  if (name.length > DNS1123_LABEL_MAX_LENGTH) {
    return `Use at most ${DNS1123_LABEL_MAX_LENGTH} characters (this one has ${name.length}).`;
  }
  if (/\s/.test(name)) {
    return 'Spaces are not allowed; use dashes, for example "orders-api".';
  }
  if (name.includes('..') || name.includes('/') || name.includes('\\')) {
    return 'Dots and slashes are not allowed; a name is not a path.';
  }
  if (/[A-Z]/.test(name)) {
    return `Use lowercase letters only, for example "${name.toLowerCase()}".`;
  }
  if (/[^a-z0-9-]/.test(name)) {
    const bad = [...new Set(name.replace(/[a-z0-9-]/g, ''))].join(' ');
    return `Only lowercase letters, digits and "-" are allowed (found: ${bad}).`;
  }
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
    return 'Start and end with a letter or a digit.';
  }
  return undefined;
}
