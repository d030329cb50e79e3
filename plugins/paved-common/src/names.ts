/**
 * Kinds whose names share one space with a new component: the name becomes a repository, a
 * Kubernetes Deployment and an OpenTelemetry service, so it must not collide with any of them.
 *
 * @public
 */
export const SOFTWARE_ENTITY_KINDS = [
  'Component',
  'API',
  'Resource',
  'System',
  'Domain',
] as const;

/** @public */
export const DNS1123_LABEL_MAX_LENGTH = 63;

/**
 * A valid name close to what someone typed ("My_Service" gives "my-service"), for examples in
 * error messages; "orders-api" when nothing usable is left.
 *
 * @public
 */
export function suggestComponentName(name: string): string {
  const suggestion = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, DNS1123_LABEL_MAX_LENGTH)
    .replace(/-+$/, '');
  return suggestion || 'orders-api';
}

/**
 * Explains what is wrong with a proposed component name, or returns undefined when it is valid:
 * a DNS-1123 label that also starts with a letter (DNS-1035), since the name becomes a
 * Kubernetes Service, whose names may not start with a digit. Lowercase letters, digits and
 * '-', at most 63 characters. The message names the first problem in words a person can act on,
 * with a valid example based on what they typed.
 *
 * @public
 */
export function describeInvalidComponentName(name: string): string | undefined {
  if (name.length === 0) {
    return 'A name is required.';
  }
  const example = `for example "${suggestComponentName(name)}"`;
  if (name.length > DNS1123_LABEL_MAX_LENGTH) {
    return `Use at most ${DNS1123_LABEL_MAX_LENGTH} characters (this one has ${name.length}).`;
  }
  if (name.includes('..') || name.includes('/') || name.includes('\\')) {
    return `Dots and slashes are not allowed; a name is not a path (${example}).`;
  }
  if (/\s/.test(name)) {
    return `Spaces are not allowed; use dashes, ${example}.`;
  }
  if (/[A-Z]/.test(name)) {
    return `Use lowercase letters only, ${example}.`;
  }
  if (/[^a-z0-9-]/.test(name)) {
    const bad = [...new Set(name.replace(/[a-z0-9-]/g, ''))].join(' ');
    return `Only lowercase letters, digits and "-" are allowed (found: ${bad}); ${example}.`;
  }
  if (!/^[a-z]/.test(name)) {
    return `Start with a letter: the name becomes a Kubernetes Service, which cannot start with a digit or "-" (${example}).`;
  }
  if (!/[a-z0-9]$/.test(name)) {
    return `End with a letter or a digit (${example}).`;
  }
  return undefined;
}
