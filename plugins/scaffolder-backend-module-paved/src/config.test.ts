import { mockServices } from '@backstage/backend-test-utils';
import { readPublishConfig } from './config';
import { GithubPublisher } from './publishers/GithubPublisher';

const config = (data: object) => mockServices.rootConfig({ data });

describe('readPublishConfig', () => {
  it('defaults to the local git host, main, a 60 s registration wait and a Paved author', () => {
    expect(readPublishConfig(config({}))).toEqual({
      target: 'local',
      defaultBranch: 'main',
      registrationTimeoutMs: 60_000,
      github: undefined,
      defaultAuthor: { name: 'Paved', email: 'scaffolder@paved.dev' },
      commitMessage: undefined,
      deployCluster: '',
      otlpTracesEndpoint: '',
    });
  });

  it("points new services' traces at the portal's own receiver by default", () => {
    expect(
      readPublishConfig(
        config({ backend: { baseUrl: 'http://portal.example:7007' } }),
      ).otlpTracesEndpoint,
    ).toBe('http://portal.example:7007/api/traces/v1/traces');
  });

  it('lets services reach the portal by another address than backend.baseUrl', () => {
    expect(
      readPublishConfig(
        config({
          backend: { baseUrl: 'https://portal.example.com' },
          scaffolder: {
            paved: {
              traces: { portalBaseUrl: 'http://paved.paved.svc:7007/' },
            },
          },
        }),
      ).otlpTracesEndpoint,
    ).toBe('http://paved.paved.svc:7007/api/traces/v1/traces');
  });

  it('refuses a portal base URL that is not an http(s) URL', () => {
    expect(() =>
      readPublishConfig(
        config({
          scaffolder: { paved: { traces: { portalBaseUrl: 'paved:7007' } } },
        }),
      ),
    ).toThrow(
      /portalBaseUrl must be an absolute http\(s\) URL, not 'paved:7007'/,
    );
  });

  it('offers the first deployment cluster to new services', () => {
    expect(
      readPublishConfig(
        config({
          deployments: {
            clusters: [
              { name: 'staging', kubeconfig: { path: '/k' } },
              { name: 'prod', kubeconfig: { path: '/k' } },
            ],
          },
        }),
      ).deployCluster,
    ).toBe('staging');
  });

  it('reads the GitHub target with its defaults', () => {
    const read = readPublishConfig(
      config({
        scaffolder: {
          paved: { publish: { target: 'github', github: { owner: 'acme' } } },
        },
      }),
    );
    expect(read.github).toEqual({
      host: 'github.com',
      owner: 'acme',
      visibility: 'private',
    });
  });

  it.each([
    [{ target: 'gitlab' }, /target must be 'local' or 'github', not 'gitlab'/],
    [
      { registrationTimeoutSeconds: 0 },
      /registrationTimeoutSeconds must be positive/,
    ],
    [{ target: 'github' }, /github/],
    [
      { target: 'github', github: { owner: 'acme', visibility: 'secret' } },
      /visibility must be private, internal or public, not 'secret'/,
    ],
  ])('refuses %j at startup with the key named', (publish, message) => {
    expect(() =>
      readPublishConfig(config({ scaffolder: { paved: { publish } } })),
    ).toThrow(message);
  });
});

describe('GithubPublisher', () => {
  it('refuses a host that has no integrations.github entry', () => {
    expect(
      () =>
        new GithubPublisher(
          config({ integrations: { github: [{ host: 'github.com' }] } }),
          { host: 'ghe.example.com', owner: 'acme', visibility: 'private' },
          mockServices.logger.mock(),
        ),
    ).toThrow(
      "scaffolder.paved.publish.github.host 'ghe.example.com' has no entry under integrations.github",
    );
  });

  it('names GitHub repositories as people clone them', async () => {
    const publisher = new GithubPublisher(
      config({
        integrations: { github: [{ host: 'github.com', token: 't' }] },
      }),
      { host: 'github.com', owner: 'acme', visibility: 'private' },
      mockServices.logger.mock(),
    );
    expect(await publisher.cloneUrlFor('orders-api')).toBe(
      'https://github.com/acme/orders-api',
    );
  });
});
