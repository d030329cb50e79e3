import { parseImageReference } from './image';

describe('parseImageReference', () => {
  it.each([
    ['nginx', { domain: null, path: 'nginx', tag: null, digest: null }],
    ['nginx:1.27', { domain: null, path: 'nginx', tag: '1.27', digest: null }],
    [
      'ghcr.io/acme/checkout:v2.3.1',
      { domain: 'ghcr.io', path: 'acme/checkout', tag: 'v2.3.1', digest: null },
    ],
    [
      'localhost:5000/team/app_x__y-z:latest',
      {
        domain: 'localhost:5000',
        path: 'team/app_x__y-z',
        tag: 'latest',
        digest: null,
      },
    ],
    [
      `registry.example.com:443/a/b/c@sha256:${'a'.repeat(64)}`,
      {
        domain: 'registry.example.com:443',
        path: 'a/b/c',
        tag: null,
        digest: `sha256:${'a'.repeat(64)}`,
      },
    ],
    [
      `app:1.0@sha256:${'0'.repeat(64)}`,
      {
        domain: null,
        path: 'app',
        tag: '1.0',
        digest: `sha256:${'0'.repeat(64)}`,
      },
    ],
    [
      '[::1]:5000/app',
      { domain: '[::1]:5000', path: 'app', tag: null, digest: null },
    ],
  ])('accepts %s', (input, reference) => {
    expect(parseImageReference(input)).toEqual({ ok: true, reference });
  });

  it.each([
    ['', /required/],
    ['nginx latest', /whitespace/],
    ['https://ghcr.io/acme/app:1', /scheme/],
    ['acme/App:1', /lowercase \("App"\)/],
    ['nginx:', /tag after ":" is empty/],
    ['nginx:-bad', /tag "-bad"/],
    [`nginx:${'a'.repeat(129)}`, /at most 128/],
    ['nginx@sha256:abc', /exactly 64 lowercase hex/],
    ['nginx@md5', /not of the form/],
    ['ghcr.io//app', /empty path segment/],
    ['acme/app/', /empty path segment/],
    ['acme/-app', /not a valid repository path segment/],
    ['registry:99999/app', /not a port number/],
    ['bad_host.io/app', /not a valid host name/],
    [`${'a'.repeat(256)}`, /longer than 255/],
  ])('rejects %j with a message naming the problem', (input, message) => {
    const result = parseImageReference(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });
});
