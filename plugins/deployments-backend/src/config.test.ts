import { ConfigReader } from '@backstage/config';
import { readDeploymentsConfig } from './config';

const read = (deployments: unknown) =>
  readDeploymentsConfig(new ConfigReader({ deployments } as any));

describe('readDeploymentsConfig', () => {
  it('has sane defaults with nothing configured', () => {
    expect(readDeploymentsConfig(new ConfigReader({}))).toEqual({
      clusters: [],
      fieldManager: 'paved',
      rolloutTimeoutMs: 900_000,
      defaultReplicas: 1,
    });
  });

  it('reads the three kinds of credentials', () => {
    const config = read({
      clusters: [
        { name: 'local', kubeconfig: { path: '/k/config', context: 'admin' } },
        {
          name: 'prod',
          title: 'Production',
          url: 'https://10.0.0.1:6443/',
          serviceAccountToken: 't',
          caData: 'x',
        },
        { name: 'here', inCluster: true },
      ],
      rollout: { timeoutSeconds: 60 },
    });
    expect(config.clusters).toEqual([
      {
        name: 'local',
        title: 'local',
        auth: { type: 'kubeconfig', path: '/k/config', context: 'admin' },
      },
      {
        name: 'prod',
        title: 'Production',
        auth: {
          type: 'serviceAccountToken',
          url: 'https://10.0.0.1:6443',
          token: 't',
          caData: 'x',
          caFile: undefined,
          skipTLSVerify: false,
        },
      },
      { name: 'here', title: 'here', auth: { type: 'inCluster' } },
    ]);
    expect(config.rolloutTimeoutMs).toBe(60_000);
  });

  it.each([
    [
      { clusters: [{ name: 'Prod', inCluster: true }] },
      /deployments.clusters\[0\].name "Prod" must be lowercase/,
    ],
    [
      { clusters: [{ name: 'a' }] },
      /needs exactly one of kubeconfig, serviceAccountToken or inCluster/,
    ],
    [
      {
        clusters: [
          {
            name: 'a',
            inCluster: true,
            serviceAccountToken: 't',
            url: 'https://x',
          },
        ],
      },
      /exactly one/,
    ],
    [
      { clusters: [{ name: 'a', serviceAccountToken: 't' }] },
      /deployments.clusters\[0\].url is required/,
    ],
    [
      { clusters: [{ name: 'a', serviceAccountToken: 't', url: 'ftp://x' }] },
      /not an http\(s\) URL/,
    ],
    [
      {
        clusters: [
          { name: 'a', inCluster: true },
          { name: 'a', inCluster: true },
        ],
      },
      /names "a" twice/,
    ],
    [
      { rollout: { timeoutSeconds: 0 } },
      /timeoutSeconds must be a positive number/,
    ],
    [{ defaultReplicas: 1.5 }, /defaultReplicas must be a whole number/],
  ])('rejects %j', (deployments, message) => {
    expect(() => read(deployments)).toThrow(message);
  });
});
