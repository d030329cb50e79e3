/**
 * A container image reference taken apart, following the grammar of the distribution project's
 * reference package (what Docker, containerd and the kubelet accept).
 *
 * @public
 */
export interface ImageReference {
  /** Registry host (and port) when the reference names one, e.g. `ghcr.io` or `localhost:5000`. */
  domain: string | null;
  /** Repository path, e.g. `library/nginx` or `acme/checkout`. */
  path: string;
  tag: string | null;
  digest: string | null;
}

/** @public */
export type ImageReferenceResult =
  | { ok: true; reference: ImageReference }
  | { ok: false; error: string };

const MAX_NAME_LENGTH = 255;
const DOMAIN_COMPONENT =
  /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6_HOST = /^\[[0-9a-fA-F:.]+\]$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST =
  /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

function checkDomain(domain: string): string | undefined {
  let host = domain;
  const portAt = domain.lastIndexOf(':');
  if (portAt > domain.lastIndexOf(']')) {
    const port = domain.slice(portAt + 1);
    host = domain.slice(0, portAt);
    if (!/^[0-9]+$/.test(port) || Number(port) > 65535) {
      return `registry port "${port}" in "${domain}" is not a port number`;
    }
  }
  if (IPV6_HOST.test(host)) return undefined;
  if (!host.split('.').every(c => DOMAIN_COMPONENT.test(c))) {
    return `registry "${domain}" is not a valid host name`;
  }
  return undefined;
}

/**
 * Checks an image reference without pulling it: nothing in a portal can pull images, but a
 * reference the kubelet would reject should be caught before it reaches a cluster.
 *
 * @public
 */
export function parseImageReference(input: string): ImageReferenceResult {
  const fail = (error: string): ImageReferenceResult => ({
    ok: false,
    error: `Invalid image reference "${input}": ${error}`,
  });
  if (typeof input !== 'string' || input.length === 0) {
    return { ok: false, error: 'An image reference is required' };
  }
  if (/\s/.test(input)) return fail('it contains whitespace');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    return fail('leave out the scheme; write e.g. ghcr.io/acme/app:1.0');
  }

  let rest = input;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (digest.startsWith('sha256:') && !/^sha256:[a-f0-9]{64}$/.test(digest)) {
      return fail('a sha256 digest has exactly 64 lowercase hex digits');
    }
    if (!DIGEST.test(digest)) {
      return fail(
        `digest "${digest}" is not of the form <algorithm>:<hex>, e.g. sha256: and 64 hex digits`,
      );
    }
  }

  let tag: string | null = null;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (tag.length === 0) return fail('the tag after ":" is empty');
    if (tag.length > 128) return fail('a tag is at most 128 characters');
    if (!TAG.test(tag)) {
      return fail(
        `tag "${tag}" may only hold letters, digits, "_", "." and "-", and must not start with "." or "-"`,
      );
    }
  }

  if (rest.length === 0) return fail('the repository name is missing');
  if (rest.length > MAX_NAME_LENGTH) {
    return fail(
      `the repository name is longer than ${MAX_NAME_LENGTH} characters`,
    );
  }

  const components = rest.split('/');
  let domain: string | null = null;
  if (
    components.length > 1 &&
    (/[.:]/.test(components[0]) ||
      components[0] === 'localhost' ||
      components[0] !== components[0].toLowerCase())
  ) {
    domain = components.shift()!;
    const problem = checkDomain(domain);
    if (problem) return fail(problem);
  }
  for (const component of components) {
    if (component.length === 0)
      return fail('it has an empty path segment ("//" or a trailing "/")');
    if (component !== component.toLowerCase()) {
      return fail(`repository names must be lowercase ("${component}")`);
    }
    if (!PATH_COMPONENT.test(component)) {
      return fail(
        `"${component}" is not a valid repository path segment (lowercase letters and digits, separated by ".", "_", "__" or "-")`,
      );
    }
  }
  return {
    ok: true,
    reference: { domain, path: components.join('/'), tag, digest },
  };
}
